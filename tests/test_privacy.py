"""Personal data (AVG/GDPR): not in the audit trail, exportable per person, anonymised
after the retention period, published only with consent."""

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from regiegroep.trust import audit
from regiegroep.exchange.export import person_export
from regiegroep.exchange.importer import import_csv
from regiegroep.model import ApplicantKind, Status
from regiegroep.applications.search import Filter

from .conftest import complete_application

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


def _wijk(register):
    return register.wijken()[0].id


def test_the_trail_records_that_personal_data_changed_not_its_values(register):
    app = register.register_application(complete_application(_wijk(register)))
    app.applicant.phone = "06-99999999"
    app.applicant.name = "Fatma Demir"
    app.title = "Nieuwe titel"
    register.update_application(app)
    details = register.events(app.id)[-1].details
    assert details["applicant_phone"] == ["(personal data)", "(personal data)"]
    assert details["title"] == ["Straatfeest Reigerstraat", "Nieuwe titel"]
    trail = json.dumps([e.details for e in register.events()])
    assert "Demir" not in trail and "99999999" not in trail


def _age(register, app_id, days):
    moment = (dt.datetime.now() - dt.timedelta(days=days)).replace(microsecond=0).isoformat()
    with register.db.atomic():
        register.conn.execute("UPDATE application SET updated_at = ? WHERE id = ?", [moment, app_id])


def test_closed_applications_are_anonymised_after_the_retention_period(register, tmp_path):
    w = _wijk(register)
    old_refused = register.register_application(complete_application(w, status=Status.REFUSED))
    new_refused = register.register_application(complete_application(w, status=Status.REFUSED))
    old_open = register.register_application(complete_application(w))
    scan = tmp_path / "form.pdf"
    scan.write_bytes(b"%PDF signed")
    register.add_attachment(old_refused.id, scan, "signed_form")
    for app in (old_refused, old_open):
        _age(register, app.id, 800)
    assert register.retention_months() == 24
    due = register.due_for_anonymising()
    assert due == [old_refused.id]
    register.anonymise(due)
    gone = register.application(old_refused.id)
    assert (gone.applicant.name, gone.applicant.address, gone.applicant.phone) == ("", "", "")
    assert gone.cost_estimate == old_refused.cost_estimate and gone.status is Status.REFUSED
    assert register.attachments(old_refused.id) == []
    assert register.application(new_refused.id).applicant.name == "Fatma Yılmaz"
    assert register.application(old_open.id).applicant.name == "Fatma Yılmaz"
    assert register.count(Filter(text="fatma")) == 2
    assert register.events(old_refused.id)[-1].action == "anonymised"
    assert audit.verify(register.conn).intact
    assert register.due_for_anonymising() == []


def test_everything_about_one_person(register, tmp_path):
    w = _wijk(register)
    register.register_application(complete_application(w, title="Eigen aanvraag"))
    group = complete_application(w, title="Voor de groep")
    group.applicant.kind = ApplicantKind.GROUP
    group.applicant.name = "Straatgroep Reiger"
    group.applicant.contact_person = "FATMA YILMAZ"
    register.register_application(group)
    register.register_application(complete_application(w, title="Van een ander"))
    other = register.applications()[-1]
    other.applicant.name = "Kees de Vries"
    register.update_application(other)
    out = tmp_path / "fatma.json"
    assert person_export(register, "fatma  yilmaz", out) == 2
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["applications"]] == ["Eigen aanvraag", "Voor de groep"]
    assert doc["applications"][0]["history"][0]["action"] == "registered"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_consent_to_publish_the_name_goes_in_and_out(register, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("ontvangen_op;wijk;naam_aanvrager;naam_publiceren\n"
                    "2-3-2026;Poelenburg;Fatma;ja\n3-3-2026;Poelenburg;Kees;\n", encoding="utf-8")
    assert import_csv(register, path).imported
    assert [a.applicant.publish_name for a in register.applications()] == [True, False]


def test_privacy_commands(register, tmp_path):
    register.register_application(complete_application(_wijk(register)))
    path = register.path
    register.close()
    out = tmp_path / "p.json"
    made = subprocess.run([str(SCRIPT), "privacy", "export", "--db", str(path), "--name",
                           "Fatma Yılmaz", "--out", str(out)], capture_output=True, text=True)
    assert made.returncode == 0 and "1 aanvraag" in made.stdout
    dry = subprocess.run([str(SCRIPT), "privacy", "anonymise", "--db", str(path), "--dry-run"],
                         capture_output=True, text=True)
    assert dry.returncode == 0 and "0 aanvragen" in dry.stdout


def test_anonymising_removes_the_town_too(register):
    w = _wijk(register)
    app = register.register_application(complete_application(w, status=Status.REFUSED))
    app.applicant.town = "Assendelft"
    register.update_application(app)
    assert "Assendelft" not in json.dumps([e.details for e in register.events()])  # personal data
    register.anonymise([app.id])
    assert register.application(app.id).applicant.town == ""


def _two_youssefs(register):
    w = _wijk(register)
    made = []
    for title, address, postcode in (("Buurtmoestuin", "Pieter Lieftinckweg 3", "1505 HX"),
                                     ("Voetbalclinic", "Lorentzweg 40", "1506 MZ"),
                                     ("Kookavond", "Pieter Lieftinckweg 3", "1505 HX")):
        app = complete_application(w, title=title)
        app.applicant.name, app.applicant.address = "Youssef Ait Taleb", address
        app.applicant.postcode, app.applicant.phone = postcode, "06-1111" + postcode[:4]
        made.append(register.register_application(app))
    return made


def test_a_name_of_two_people_is_listed_and_the_export_holds_one_person(register, tmp_path):
    first, second, third = _two_youssefs(register)
    path = register.path
    register.close()
    out = tmp_path / "youssef.json"
    asked = subprocess.run([str(SCRIPT), "privacy", "export", "--db", str(path), "--name",
                            "youssef ait taleb", "--out", str(out)], capture_output=True,
                           text=True)
    assert asked.returncode == 1 and not out.exists()
    assert "2 mensen" in asked.stderr and "Traceback" not in asked.stderr
    assert f"aanvragen {first.sequence}, {third.sequence}" in asked.stderr
    assert "1505 HX" in asked.stderr and "1506 MZ" in asked.stderr
    chosen = subprocess.run([str(SCRIPT), "privacy", "export", "--db", str(path), "--name",
                             "Youssef Ait Taleb", "--application", str(first.sequence),
                             "--application", str(third.sequence), "--out", str(out)],
                            capture_output=True, text=True)
    assert chosen.returncode == 0, chosen.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["applications"]] == ["Buurtmoestuin", "Kookavond"]
    assert "Lorentzweg" not in out.read_text(encoding="utf-8")
    stray = subprocess.run([str(SCRIPT), "privacy", "export", "--db", str(path), "--name",
                            "Youssef Ait Taleb", "--application", "999", "--out", str(out)],
                           capture_output=True, text=True)
    assert stray.returncode == 1 and "999" in stray.stderr
