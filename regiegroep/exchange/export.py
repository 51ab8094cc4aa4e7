"""Export the register as JSON or CSV, applications in order of receipt (Art. 4.4).

Field names are stable: other tools and later versions rely on them. Amounts are strings
with two decimals ("12500.00") so no reader turns them into floats. Deleted applications
are left out; their record stays in the register.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import os
from decimal import Decimal

from .. import __version__
from ..errors import UserError
from ..files import write_whole
from ..i18n import _
from ..model import Application, missing_items
from ..money import as_text
from ..rules.deadlines import decision_deadline, objection_deadline
from ..deciding import paid_per_application
from ..register import Register
from ..rules import Ordinance, model_ordinance, route
from ..store import reads, requires
from ..trust.access import Permission, Read

FORMATS = ("json", "csv")

# CSV columns: the import's column names, so an export can be read back, plus the register's own.
CSV_COLUMNS = [
    "sequence", "received_at", "wijk", "applicant_kind", "applicant_name", "contact_person",
    "address", "postcode", "town", "phone", "email", "publish_name", "language", "signed", "title", "description", "execution",
    "planning", "liveability", "cost_estimate", "vouchers_requested", "other_subsidy",
    "other_subsidy_details", "theme", "status", "missing", "route", "decision_deadline",
    "decision", "amount_granted", "refusal_grounds", "decided_on", "objection_deadline",
    "referred_on", "amount_paid",
]


def application_record(app: Application, ordinance: Ordinance | None = None,
                       decision=None, suspensions=(), paid: Decimal | None = None,
                       vouchers: list | None = None, sent: dt.date | None = None) -> dict:
    """The application as exported; ``ordinance``: the one of its budget (default: model);
    ``decision``: the latest decision on it, if any; ``paid``: what was paid from the
    vouchers of all its decisions; ``vouchers``: its vouchers on record (regiegroep.vouchers);
    ``sent``: the day the decision's letter was sent, if recorded (regiegroep.sending)."""
    ordinance = ordinance or model_ordinance()
    a = app.applicant
    return {
        "sequence": app.sequence,
        "received_at": app.received_at.isoformat(),
        "wijk": app.wijk,
        "title": app.title,
        "applicant_kind": a.kind.value,
        "applicant_name": a.name,
        "contact_person": a.contact_person,
        "address": a.address,
        "postcode": a.postcode,
        "town": a.town,
        "phone": a.phone,
        "email": a.email,
        "publish_name": a.publish_name,
        "language": a.language,
        "signed": app.signed,
        "description": app.description,
        "execution": app.execution,
        "planning": app.planning,
        "liveability": app.liveability,
        "cost_estimate": as_text(app.cost_estimate) if app.cost_estimate is not None else None,
        "cost_lines": [{"description": l.description, "amount": as_text(l.amount)}
                       for l in app.cost_lines],
        "vouchers_requested": app.vouchers_requested,
        "other_subsidy": app.other_subsidy,
        "other_subsidy_details": app.other_subsidy_details,
        "theme": app.theme.value if app.theme else None,
        "status": app.status.value,
        "missing": missing_items(app),
        "route": route(app.cost_estimate, ordinance),
        "decision_deadline": decision_deadline(app.received_at, ordinance,
                                               suspensions).date.isoformat(),
        **_decision_fields(decision, paid or Decimal(0), vouchers or [], sent),
    }


def voucher_record(voucher) -> dict:
    """One voucher as exported: its serial, value, holder, status (issued, partly_redeemed,
    redeemed, voided, expired), what was redeemed and its valid-until date."""
    return {"serial": voucher.serial, "value": as_text(voucher.value), "holder": voucher.holder,
            "status": voucher.state, "redeemed": as_text(voucher.paid),
            "valid_until": voucher.valid_until.isoformat()}


def _by_application(register: Register) -> dict[int, list]:
    found: dict[int, list] = {}
    for voucher in register.all_vouchers():
        found.setdefault(voucher.application_id, []).append(voucher)
    return found


def _decision_fields(decision, paid: Decimal, vouchers: list, sent: dt.date | None = None) -> dict:
    """Once decided: the decision ("granted", "partially_granted", "refused" or
    "left_undealt"), amount, grounds, date and the last day to object. A referral to a
    consultation is no decision on the vouchers yet (Art. 5.5): only ``referred_on``."""
    if decision is None:
        return {}
    if decision.kind.value == "referred":
        return {"referred_on": decision.decided_on.isoformat()}
    return {
        "decision": decision.kind.value,
        "amount_granted": as_text(decision.amount_granted) if decision.amount_granted is not None
        else None,
        "vouchers": [voucher_record(v) for v in vouchers],
        "refusal_grounds": sorted(decision.refusal_grounds),
        "decided_on": decision.decided_on.isoformat(),
        # From the day its letter was sent (Awb 6:8); until that is recorded, from the day
        # of the decision, on which an unrecorded letter is dated.
        "objection_deadline": objection_deadline(sent or decision.decided_on).date.isoformat(),
        # Redeemed so far (Art. 9), under every decision on it: a payment made stays made,
        # whatever was decided later; null when nothing was paid and no voucher is given.
        "amount_paid": as_text(paid) if paid or decision.amount_granted else None,
    }


@reads(Read.BUDGETS, Read.VOUCHERS)
def budget_records(register: Register) -> list[dict]:
    """Each budget, with what its vouchers stand for: ``issued`` (voided vouchers only for
    what was paid from them), ``redeemed`` and ``returned`` (left on expired vouchers)."""
    totals = register.voucher_totals()
    none = {"issued": Decimal(0), "redeemed": Decimal(0), "returned": Decimal(0)}
    return [
        {"wijk": b.wijk, "year": b.year, "amount": as_text(b.amount),
         "cost_reservation": as_text(b.cost_reservation), "ceiling": as_text(b.ceiling),
         "ordinance": b.ordinance_id or model_ordinance().id,
         **{k: as_text(totals.get((b.wijk_id, b.year), none)[k])
            for k in ("issued", "redeemed", "returned")}}
        for b in register.budgets()
    ]


@reads(Read.DECISIONS)
def consultation_records(register: Register) -> list[dict]:
    """The neighbourhood consultations (Art. 5.3-5.5) with the latest count per initiative."""
    from ..consultations.consultation_results import latest_result

    records = []
    for c in register.consultations():
        result = latest_result(register, c.id)
        counted = {it["application_id"]: it for it in result.figures["items"]} if result else {}
        items = []
        for item in c.items:
            it = counted.get(item.application_id)
            items.append({"sequence": item.sequence,
                          "votes": it["votes"] if it else None,
                          "turnout": it["turnout_percent"] if it else None,
                          "outcome": it["outcome"] if it else None})
        records.append({"id": c.id, "form": c.form,
                        "dates": {"start": c.starts_on.isoformat(), "end": c.ends_on.isoformat()},
                        "rule": {"kind": c.rule, "tie": c.tie,
                                 "minimum_turnout_percent": c.minimum_turnout_percent,
                                 "budget": as_text(c.budget) if c.budget is not None else None},
                        "status": c.status, "items": items})
    return records


def _write_json(register: Register, fp) -> int:
    """One JSON object; each application on a line of its own.

    Written record by record with the C encoder (an indented dump of 100,000 applications
    takes the pure-Python encoder half a minute).
    """
    municipality = register.municipality()
    head = {
        "format": "regiegroep-register",
        "app_version": __version__,
        "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "municipality": municipality.name if municipality else None,
    }
    fp.write("{\n")
    for key, value in head.items():
        fp.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    fp.write('  "applications": [')
    count = 0
    decisions = register.latest_decisions()
    suspended = register.all_suspensions()
    paid = paid_per_application(register)
    vouchers = _by_application(register)
    from ..deciding.sending import sent_days

    sent = sent_days(register)
    for app in register.iter_applications():
        fp.write(",\n    " if count else "\n    ")
        decision = decisions.get(app.id)
        record = application_record(app, register.ordinance_for(app.wijk_id, app.year),
                                    decision, suspended.get(app.id, ()),
                                    paid.get(app.id), vouchers.get(app.id),
                                    sent.get(decision.id) if decision else None)
        fp.write(json.dumps(record, ensure_ascii=False))
        count += 1
    fp.write("\n  ],\n" if count else "],\n")
    fp.write('  "budgets": ' + json.dumps(budget_records(register), ensure_ascii=False, indent=2)
             .replace("\n", "\n  ") + ",\n")
    fp.write('  "consultations": ' + json.dumps(consultation_records(register),
                                                ensure_ascii=False) + "\n}\n")
    return count


# A cell starting like a formula gets a single quote in front, which the import takes off
# again (OWASP): one rule for every CSV and workbook, in regiegroep.spreadsheet.
from .spreadsheet import FORMULA_START, safe_text as neutralise  # noqa: E402, F401


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "".join(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    return neutralise(str(value))


@requires(Permission.PERSONAL_DATA)
def export(register: Register, fmt: str, out: str | os.PathLike) -> int:
    """Write the register to ``out``; returns the number of applications written.

    The file is written next to its destination and moved into place, so a failure never
    leaves a half-written export where a whole one was.
    """
    if fmt not in FORMATS:
        raise UserError(_("Unknown format {format}; choose json or csv.").format(format=fmt))
    count = 0
    with write_whole(out) as fp:
        if fmt == "json":
            count = _write_json(register, fp)
        else:
            writer = csv.DictWriter(fp, CSV_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            decisions = register.latest_decisions()
            suspended = register.all_suspensions()
            paid = paid_per_application(register)
            for app in register.iter_applications():
                record = application_record(
                    app, register.ordinance_for(app.wijk_id, app.year),
                    decisions.get(app.id), suspended.get(app.id, ()), paid.get(app.id))
                writer.writerow({k: _csv_value(record.get(k)) for k in CSV_COLUMNS})
                count += 1
    return count


def _objection_record(objection, person: str) -> dict:
    """An objection (Awb 6, 7) as the export of ``person`` gives it: someone else's name as
    objector is theirs, not this person's, and is left out."""
    from ..store import fold

    own = fold(" ".join(objection.objector.split())) == fold(" ".join(person.split()))
    return {"application": objection.sequence, "received_on": objection.received_on.isoformat(),
            "objector": objection.objector if own else None, "about": objection.about,
            "forwarded_on": objection.forwarded_on and objection.forwarded_on.isoformat(),
            "outcome": objection.outcome and objection.outcome.value,
            "outcome_on": objection.outcome_on and objection.outcome_on.isoformat(),
            "outcome_note": objection.outcome_note}


@requires(Permission.PERSONAL_DATA)
def person_export(register: Register, name: str, out: str | os.PathLike,
                  sequences=None) -> int:
    """Everything stored about one person, as JSON readable by its owner only (AVG/GDPR
    art. 15), each attachment's content in it as base64; returns how many applications it
    covers. A name that fits more than one person needs ``sequences`` (their applications'
    numbers) to choose the person (regiegroep.privacy.person_data)."""
    data = register.person_data(name, sequences)
    document = {
        "format": "regiegroep-person",
        "app_version": __version__,
        "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "name": name,
        "applications": [
            {**application_record(r["application"], register.ordinance_for(
                r["application"].wijk_id, r["application"].year),
                vouchers=register.issued_vouchers(r["application"].id)),
             "deleted": r["deleted"],
             "attachments": [{"filename": a.filename, "kind": a.kind, "size": a.size,
                              "sha256": a.sha256, "added_at": a.added_at,
                              "content_base64": base64.b64encode(
                                  register.attachment_data(a.id)).decode("ascii")}
                             for a in r["attachments"]],
             "objections": [_objection_record(o, name) for o in r["objections"]],
             "history": [{"at": e.at, "by": e.actor, "action": e.action, "details": e.details}
                         for e in r["events"]]}
            for r in data["applications"]
        ],
        "objections_made": [_objection_record(o, name) for o in data["objections_made"]],
    }
    with write_whole(out) as fp:  # readable by its owner only, whole or not at all
        fp.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return len(document["applications"])
