"""The ordinance's own words in the reader's language: the refusal grounds of Art. 6 and
the ordinance's name, as letters and the check quote them.

The rule file holds the municipality's text in Dutch (it is the law as adopted). In Dutch
that text is quoted as it stands. In another language the model's ground is quoted from
the catalogs (the English msgids below; their Dutch translation is the model's very text,
which a test keeps equal); a municipality's own wording, which the catalogs cannot know, is
named by its letter only, never quoted in Dutch inside a sentence of another language.
"""

from __future__ import annotations

import functools

from ..i18n import N_, _, current_language
from . import Ordinance

# The model's grounds of Art. 6, in English; in the Dutch catalog they read as the model.
MODEL_GROUNDS = {
    "a": N_("the initiative is not feasible or cannot be carried out within the planning "
            "stated in the application"),
    "b": N_("the applicant pursues aims or will carry out activities that are against the law"),
    "c": N_("the initiative mainly concerns private interests of the applicant"),
    "d": N_("the management and upkeep of the proposed physical improvements of the living "
            "environment cannot be guaranteed"),
    "e": N_("the grant would exceed the subsidy ceiling"),
}


def ordinance_name() -> str:
    """The ordinance's name in the current language."""
    return _("Subsidy ordinance on vouchers for residents' initiatives")


@functools.cache
def _model_texts() -> dict[str, str]:
    from . import model_ordinance

    return {g.letter: g.text for g in model_ordinance().refusal_grounds}


def ground_text(ordinance: Ordinance, letter: str) -> str:
    """Ground ``letter`` of Art. 6 in the current language ("" when the municipality's own
    wording has no translation)."""
    own = next((g.text for g in ordinance.refusal_grounds if g.letter == letter), "")
    if current_language() == "nl":
        return own
    if letter in MODEL_GROUNDS and own == _model_texts().get(letter):
        return _(MODEL_GROUNDS[letter])
    return ""
