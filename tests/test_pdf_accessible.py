"""Letters, notices and vouchers tell a screen reader their language and title (issue 25):
a Dutch letter read aloud in Dutch, an English voucher in English, its title in the viewer."""

from datetime import date as D

from pypdf import PdfReader

from regiegroep.documents.notices import write_notice
from regiegroep.documents.voucher_certificate import write_certificates
from regiegroep.documents.letters import write_letter
from regiegroep.register import Register
from regiegroep.rules import model_ordinance

from .test_letters import example  # noqa: F401 (fixture)
from .test_voucher_certificate import ISSUER, vouchers


def said(path):
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    shows_title = catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")
    return catalog.get("/Lang"), reader.metadata.title, shows_title


def test_a_letter_says_its_language_and_title(example, tmp_path):  # noqa: F811
    path, first_of_kind = example
    with Register.open(path) as reg:
        pdf = write_letter(reg, first_of_kind["granted"]["sequence"], tmp_path / "l.pdf")
    lang, title, shows_title = said(pdf)
    assert lang == "nl" and title.startswith("Besluit op aanvraag") and shows_title


def test_a_notice_and_a_voucher_say_their_language(register, tmp_path):
    out = write_notice(register, "scheme", tmp_path / "scheme.pdf",
                       wijk="Poelenburg", start=D(2026, 1, 1), language="en")
    lang, title, _shown = said(out)
    assert lang == "en" and title
    out = write_certificates(vouchers(1), tmp_path / "v.pdf", issuer=ISSUER,
                             ordinance=model_ordinance(), language="en")
    assert said(out)[:2] == ("en", "Vouchers")
