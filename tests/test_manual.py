"""The manual behind F1: every page in every shipped language, the ordinance's own figures."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from regiegroep import i18n, manual, rules

SHIPPED = sorted(i18n.LANGUAGES)
JOURNEYS = Path(__file__).resolve().parents[2] / "shared" / "domain" / "JOURNEYS.md"


def test_every_language_has_the_same_pages_each_with_its_article():
    names = manual.page_names("nl")
    assert len(names) >= 6  # at least one per scene of the group's year
    for language in SHIPPED:
        assert manual.page_names(language) == names, language
        for page in manual.pages(language=language):
            assert page.title and page.text
            assert page.articles, f"{language}/{page.name} says what it rests on"


def test_a_language_without_pages_of_its_own_shows_the_dutch_pages(monkeypatch):
    monkeypatch.setitem(manual.LANGUAGES, "cs", "Čeština")  # a catalog added, no pages yet
    assert manual.page_names("cs") == []
    shown = manual.pages(language="cs")
    assert [p.name for p in shown] == manual.page_names("nl")
    assert shown[0].title == manual.pages(language="nl")[0].title


@pytest.mark.parametrize("language", SHIPPED)
def test_every_figure_a_page_asks_for_is_one_the_ordinance_has(language):
    known = set(rules.figures(rules.model_ordinance(), language))
    assert manual.placeholders(language) <= known
    for page in manual.pages(language=language):
        assert "{" not in page.text, page.name


def test_the_pages_say_the_figures_of_the_ordinance_in_force():
    text = rules.adopt(rules.model_text(), id="elders-2027", title="Elders 2027",
                       max_voucher_value=Decimal("2500"), consultation_threshold=Decimal("7500"),
                       cash_limit_per_redemption=Decimal("250"), decision_term_weeks=6,
                       completion_term_days=21, last_issue_date=dt.date(2027, 11, 30),
                       last_completion_date=dt.date(2028, 6, 30))
    own = rules.load_ordinance(Path("elders-2027.toml"), text)
    pages = {p.name: p.text for p in manual.pages(own, "nl")}
    everything = "\n".join(pages.values())
    for figure in ("€\u00a02.500,00", "€\u00a07.500,00", "€\u00a0250,00", "6 weken", "21 dagen",
                   "30 november 2027", "30 juni 2028"):
        assert figure in everything
    for model in ("€\u00a05.000,00", "€\u00a010.000,00", "€\u00a0500,00", "4 weken", "14 dagen"):
        assert model not in everything
    english = "\n".join(p.text for p in manual.pages(own, "en"))
    assert "6 weeks" in english and "€2,500.00" in english


def test_help_window_shows_a_page_and_follows_the_list(qtbot):
    from ui.help import HelpWindow

    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.index.count() == len(manual.page_names())
    assert "Het register inrichten" in window.text.toPlainText()
    window.index.setCurrentRow(3)
    assert "Toetsen en besluiten" in window.text.toPlainText()
    assert "artikel 6 (weigeringsgronden" in window.text.toPlainText()
