"""The proces-verbaal of a consultation (issue 22, point 5): totals per initiative with the
abstentions, the ballots not counted and why, the closing moment and how it closed; the
result names each initiative by its number."""

from pypdf import PdfReader

from regiegroep.consultations import consultation_results as results
from regiegroep import consultations as cons
from regiegroep.kiosk import kiosk_packages
from regiegroep.documents.consultation_notices import write

from .kiosk_keys import kiosk_fingerprint
from .test_kiosk_votes import collect, laptop, load, vote_on_kiosk  # noqa: F401  (the fixture)


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_report_adds_up_per_initiative_and_says_what_was_not_counted(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    cons.open_voting(laptop, c.id) if cons.consultation(laptop, c.id).status == "planned" else None
    cons.cast_vote(laptop, c.id, codes[0], {ids[0]: "for", ids[1]: "against"})
    cons.cast_vote(laptop, c.id, codes[1], {ids[0]: "for"})  # abstains on the second
    kiosk_path = load(laptop, tmp_path)
    vote_on_kiosk(kiosk_path, c.id, codes[2], {ids[0]: "against"})
    vote_on_kiosk(kiosk_path, c.id, codes[3], {ids[0]: "for"})
    cons.close_voting(laptop, c.id, anyway=True)  # the kiosk's votes are out
    late = kiosk_packages.receive(laptop, collect(kiosk_path, tmp_path).read_bytes(),
                                  trust=kiosk_fingerprint(kiosk_path))
    assert late.votes == 0 and late.not_counted == {"closed": 2}
    results.record_result(laptop, c.id)
    text = _text(write(laptop, "report", c.id, tmp_path / "pv.pdf"))
    first, second, third = (laptop.application(i) for i in ids[:3])
    assert "Totalen per initiatief" in text
    assert f"nummer {first.sequence}: {first.title} 2 0 0" in text  # for, against, abstained
    assert f"nummer {second.sequence}: {second.title} 0 1 1" in text
    assert f"nummer {third.sequence}: {third.title} 0 0 2" in text
    assert "toch gesloten" in text and "De stemming is op" in text
    assert "2 stemmen van de kiosk: binnengekomen nadat de stemming was gesloten" in text


def test_a_closing_with_every_vote_back_says_so(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    if cons.consultation(laptop, c.id).status == "planned":
        cons.open_voting(laptop, c.id)
    cons.cast_vote(laptop, c.id, codes[0], {ids[0]: "for"})
    cons.close_voting(laptop, c.id)
    results.record_result(laptop, c.id)
    text = _text(write(laptop, "report", c.id, tmp_path / "pv.pdf"))
    assert "de stemmen van elke kiosk waren terug" in text
    assert "Elk ontvangen stembiljet is geteld" in text
