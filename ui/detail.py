"""The detail view of one application: everything registered about it, in plain words."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

from regiegroep import i18n
from regiegroep.i18n import _, format_date, format_datetime, format_money
from regiegroep.model import ARTICLE_4_2, Application, gaps
from regiegroep.applications import changed_fields
from regiegroep.applications.attachments import Attachment
from regiegroep.store import Event
from ui.file_dialogs import save_file_name

# Links of the attachments in the detail: open one, or save it (followed by attachment_link).
OPEN_ATTACHMENT, SAVE_ATTACHMENT = "attachment-open:", "attachment-save:"


def attachment_kind_label(kind: str) -> str:
    return {
        "signed_form": _("Signed form (scan)"),
        "quote": _("Quote"),
        "photo": _("Photo"),
        "other": _("Other document"),
    }[kind]


ACTIONS = {
    "registered": lambda: _("registered"),
    "received_from_kiosk": lambda: _("received from the kiosk"),
    "changed": lambda: _("changed"),
    "deleted": lambda: _("deleted"),
    "restored": lambda: _("restored"),
    "attachment_added": lambda: _("attachment added"),
    "anonymised": lambda: _("personal data removed (retention period over)"),
    "decided": lambda: _("decided"),
    "completion_requested": lambda: _("asked to complete"),
    "voucher_redeemed": lambda: _("voucher redeemed"),
    "completed": lambda: _("marked completed"),
    "withdrawn": lambda: _("withdrawn"),
    "vouchers_issued": lambda: _("vouchers issued"),
    "voucher_voided": lambda: _("voucher voided"),
    "vouchers_printed": lambda: _("vouchers printed"),
    "payment_refused": lambda: _("payment refused"),
    "letter_sent": lambda: _("letter posted"),
    "objection_received": lambda: _("objection received"),
    "objection_forwarded": lambda: _("objection forwarded to the college"),
    "objection_decided": lambda: _("objection decided"),
}


def actor_label(actor: str) -> str:
    """Who did it, as the record keeps it; the two sources without a signed-in person named."""
    return {
        "command line": _("command line"),
        "desktop": _("this computer"),
    }.get(actor, actor)


# Unicode's first-strong isolate: a name, an address, a serial or an amount keeps its own
# direction inside a line that reads right to left (Latin "Kadir Meijer (Groep)" stays
# readable among Arabic words, its brackets and full stop with it).
_FSI, _PDI = "\u2068", "\u2069"


def _isolated(text: str) -> str:
    return f"{_FSI}{text}{_PDI}" if text and i18n.is_right_to_left() else text


def _serial(serial: str) -> str:
    """A voucher's serial, one word: in a right-to-left line it was broken at its hyphens
    (non-breaking hyphens read back as the same serial, regiegroep.vouchers.serials)."""
    return _isolated(serial.replace("-", "\u2011")) if i18n.is_right_to_left() else serial


def _e(text) -> str:
    return html.escape(_isolated(str(text))) if text not in (None, "") else "<i>—</i>"


def _tr(*cells: str) -> str:
    """A table row; in a right-to-left language its cells from the right (Qt's rich text
    lays a table's columns out from the left whatever the direction)."""
    return "<tr>" + "".join(reversed(cells) if i18n.is_right_to_left() else cells) + "</tr>"


def _end() -> str:
    """The side amounts line up on: the right, mirrored to the left in Arabic."""
    return "left" if i18n.is_right_to_left() else "right"


def _directed(text: str) -> str:
    """In a right-to-left language every block reads from the right (a block that starts
    with a Latin name would otherwise be laid out from the left) and tables hang from the
    right edge."""
    if not i18n.is_right_to_left():
        return text
    text = re.sub(r"<(h2|h3|p|ul|li|div|td)(?=[ >])", r"<\1 dir='rtl'", text)
    text = re.sub(r"padding-(left|right):", lambda m: "padding-{}:".format(
        "right" if m.group(1) == "left" else "left"), text)  # the indent mirrored too
    return text.replace("<table>", "<table dir='rtl' align='right'>")


def _block(text: str) -> str:
    return _e(text).replace("\n", "<br>")


def detail_html(app: Application, attachments: list[Attachment], events: list[Event],
                deleted: bool = False, vouchers: list = (), payments: list = (),
                proposed: tuple = ()) -> str:
    """Everything about one application; ``vouchers``: those of the decision in force, with
    their payments (Register.vouchers, Art. 9); ``payments``: every payment on it
    (Register.payments): those from the vouchers of an earlier decision stay on record;
    ``proposed``: before issue, the vouchers issuing will make (regiegroep.vouchers.proposal)."""
    a = app.applicant
    rows = []

    def row(label: str, value: str) -> None:
        rows.append(_tr(f"<td style='color:#555;padding-right:12px;vertical-align:top'>"
                        f"{html.escape(label)}</td>", f"<td>{value}</td>"))

    title = app.title or _("(no title yet)")
    parts = [f"<h2 style='margin-bottom:2px'>{_e(title)}</h2>",
             "<p style='color:#555;margin-top:0'>{}</p>".format(html.escape(
                 _("No. {sequence} · received {received} · {wijk} · {status}").format(
                     sequence=app.sequence, received=format_datetime(app.received_at),
                     wijk=_isolated(app.wijk), status=app.status.label)))]
    if deleted:
        parts.append("<p style='background:#fde7e9;padding:4px'><b>{}</b></p>".format(
            html.escape(_("This application has been deleted. Its record is kept."))))
    found = gaps(app)
    if found:
        items = "".join("<li>{}</li>".format(html.escape(g.message)) for g in found)
        parts.append("<div style='background:#fff4e5;padding:6px'><b>{}</b><ul>{}</ul></div>".format(
            html.escape(_("Still missing (Art. 4.2):")), items))
    else:
        parts.append("<p style='background:#e7f4ea;padding:4px'>{}</p>".format(
            html.escape(_("Complete: everything Art. 4.2 asks is there."))))

    row(_("Applicant"), _e(a.name) + f" <span style='color:#555'>({html.escape(a.kind.label)})</span>")
    if a.contact_person:
        row(_("Contact person"), _e(a.contact_person))
    place = " ".join(x for x in (a.postcode, a.town) if x)  # Reigerstraat 12, 1503 GK Zaandam
    row(_("Contact address"), _e(", ".join(x for x in (a.address, place) if x)))
    row(_("Phone"), _e(a.phone))
    if a.email:
        row(_("E-mail"), _e(a.email))
    row(_("Signature"), html.escape(_("received") if app.signed else _("not received")))
    row(_("Vouchers in the name of"), _e(a.voucher_holder))
    row(_("Name may be published"), html.escape(_("yes") if a.publish_name else _("no")))
    row(_("Content"), _block(app.description))
    row(_("Execution"), _block(app.execution))
    row(_("Planning"), _block(app.planning))
    row(_("Liveability"), _block(app.liveability))
    row(_("Theme"), _e(app.theme.label if app.theme else ""))
    row(_("Cost estimate"), _e(format_money(app.cost_estimate) if app.cost_estimate is not None else ""))
    if app.cost_lines:
        lines = "".join(_tr(f"<td>{_e(l.description)}</td>", f"<td align='{_end()}'>"
                            f"{_e(format_money(l.amount))}</td>") for l in app.cost_lines)
        row(_("Lines"), f"<table>{lines}</table>")
    row(_("Vouchers wanted"), _e(app.vouchers_requested or ""))
    other = {None: _("not stated"), False: _("no"), True: _("yes")}[app.other_subsidy]
    row(_("Subsidy requested elsewhere"),
        html.escape(other) + (f": {_e(app.other_subsidy_details)}" if app.other_subsidy else ""))
    parts.append("<table>" + "".join(rows) + "</table>")

    if attachments:
        parts.append("<h3>{}</h3><ul>".format(html.escape(_("Attachments"))))
        for att in attachments:
            parts.append("<li>{}: {} <span style='color:#555'>({}, SHA-256 {}…)</span> "
                         "<a href='{}{}'>{}</a> · <a href='{}{}'>{}</a></li>".format(
                html.escape(attachment_kind_label(att.kind)), html.escape(_isolated(att.filename)),
                html.escape(_("{size} bytes").format(size=att.size)), att.sha256[:12],
                OPEN_ATTACHMENT, att.id, html.escape(_("open")),
                SAVE_ATTACHMENT, att.id, html.escape(_("save…"))))
        parts.append("</ul>")
    if vouchers:
        parts.append(_vouchers_html(vouchers))
    elif proposed:  # the one proposal issuing will carry out, not a copy kept elsewhere
        rows = "".join(_tr("<td>{}</td>".format(
            html.escape(_("Voucher {number}").format(number=number))),
            "<td align='{}'>{}</td>".format(_end(), _e(format_money(value))))
            for number, value in enumerate(proposed, 1))
        parts.append("<h3>{}</h3><p>{}</p><table>{}</table>".format(
            html.escape(_("Vouchers to issue")),
            html.escape(_("Not issued yet: these are the vouchers issuing will make.")), rows))
    in_force = {p.id for v in vouchers for p in v.payments}
    earlier = [p for p in payments if p.id not in in_force]
    if earlier:
        parts.append(_earlier_payments_html(earlier))
    if events:
        parts.append("<h3>{}</h3><ul>".format(html.escape(_("History"))))
        for event in events:
            # An action without words of its own still reads as words, not as a key.
            what = ACTIONS.get(event.action, lambda: event.action.replace("_", " "))()
            extra = ""
            if event.action == "changed":
                extra = ": " + html.escape(i18n.list_comma().join(
                    changed_fields(event.details)))
            elif event.action in ("deleted", "completed", "withdrawn") \
                    and event.details.get("reason"):
                extra = ": " + _isolated(str(event.details.get("reason", "")))
            elif event.action == "decided":
                extra = ": " + decision_kind_label(event.details.get("kind", ""))
            elif event.action == "received_from_kiosk":
                extra = ": " + _("{kiosk}, its reference {reference}").format(
                    kiosk=_isolated(event.details.get("kiosk", "")),
                    reference=_isolated(event.details.get("reference", "")))
            elif event.action == "voucher_redeemed":
                extra = " {} ({})".format(_isolated(event.details.get("voucher", "")),
                                          _isolated(format_money(
                                              Decimal(event.details.get("amount", "0")))))
                if event.details.get("on_behalf_of"):
                    extra += ", " + _("for {name}").format(
                        name=_isolated(event.details["on_behalf_of"]))
            parts.append("<li>{} · {} · {}{}</li>".format(
                html.escape(format_datetime(dt.datetime.fromisoformat(event.at))),
                html.escape(_isolated(actor_label(event.actor))), html.escape(what),
                html.escape(extra)))
        parts.append("</ul>")
    parts.append("<p style='color:#555;font-size:small'>{}</p>".format(html.escape(
        _("Art. 4.2 asks for: a. {a}; b. {b}; c. {c}; d. {d}.").format(
            **{k: _(v) for k, v in ARTICLE_4_2.items()}))))
    return _directed("".join(parts))


def decision_kind_label(kind: str) -> str:
    from regiegroep.deciding.decision import Kind

    try:
        return Kind(kind).label
    except ValueError:
        return kind


def _payment_line(p) -> tuple[str, str]:
    """What a payment says: date · to whom · by whom, and its amount."""
    way = _("paid to {payee}").format(payee=_isolated(p.payee)) if p.way == "supplier" \
        else _("in cash")
    by = _isolated(actor_label(p.paid_by)) if not p.on_behalf_of else _(
        "{name} for {manager}").format(name=_isolated(actor_label(p.paid_by)),
                                       manager=_isolated(p.on_behalf_of))
    return " · ".join((format_date(p.paid_on), way, by)), _isolated(format_money(p.amount))


def _earlier_payments_html(payments: list) -> str:
    """Payments from the vouchers of a decision since corrected: a payment made stays made."""
    rows = "".join(_tr("<td>{}</td>".format(html.escape(line)),
                       "<td align='{}'>{}</td>".format(_end(), html.escape(amount)))
                   for line, amount in map(_payment_line, payments))
    return "<h3>{}</h3><p style='color:#555'>{}</p><table>{}</table>".format(
        html.escape(_("Paid under an earlier decision (Art. 9)")),
        html.escape(_("These payments were made from the vouchers of a decision that was "
                      "corrected later. They stay on record.")), rows)


def _vouchers_html(vouchers: list) -> str:
    """Each voucher with its serial and status, what was paid from it, what was refused
    and what is left (Art. 5, 9)."""
    from regiegroep.vouchers.serials import format_serial
    from regiegroep.vouchers.issuing import state_text

    rows = []
    for voucher in vouchers:
        name = _("Voucher {number}").format(number=voucher.number)
        if voucher.serial:
            name = html.escape(name) + " · {} · {}".format(
                html.escape(_serial(format_serial(voucher.serial))),
                html.escape(state_text(voucher.state)))
        else:
            name = html.escape(name)
        rows.append(_tr("<td>{}</td>".format(name),
                        "<td align='{}'>{}</td>".format(_end(), _e(format_money(voucher.value))),
                        "<td align='{}'>{}</td>".format(_end(), html.escape(_("{left} left").format(
                            left=_isolated(format_money(voucher.left)))))))
        if voucher.void_reason:
            from regiegroep.vouchers.issuing import void_reason_text

            note = void_reason_text(voucher.void_reason) + ("; " + _("replaced by {serial}").format(
                serial=_serial(format_serial(voucher.replaced_by))) if voucher.replaced_by else "")
            rows.append("<tr><td style='color:#a00;padding-left:12px' colspan='3'>{}</td>"
                        "</tr>".format(html.escape(note)))
        for p in voucher.payments:
            line, amount = _payment_line(p)
            rows.append(_tr("<td style='color:#555;padding-left:12px' colspan='2'>{}</td>".format(
                html.escape(line)), "<td align='{}'>{}</td>".format(_end(), html.escape(amount))))
        for r in voucher.refusals:
            rows.append(_tr("<td style='color:#a00;padding-left:12px' colspan='2'>{} · {}</td>"
                            .format(html.escape(format_date(r.refused_on)), html.escape(
                                _("refused (Art. 9.2): {reason}").format(
                                    reason=_isolated(r.reason)))),
                            "<td align='{}'>{}</td>".format(
                                _end(), _e(format_money(r.amount)))))
    return "<h3>{}</h3><table>{}</table>".format(html.escape(_("Vouchers (Art. 9)")), "".join(rows))


def attachment_link(parent, register, app_id: int, link: str) -> bool:
    """Open or save the attachment of application ``app_id`` a detail's link names; False
    for any other link. Opening
    writes it to a private temporary folder (readable by this user only) and hands it to
    the system's viewer; saving asks where (ui.file_dialogs)."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from regiegroep.errors import UserError
    from regiegroep.files import write_problem, write_whole

    kind = next((k for k in (OPEN_ATTACHMENT, SAVE_ATTACHMENT) if link.startswith(k)), None)
    if kind is None or not link[len(kind):].isdigit():
        return False
    wanted = int(link[len(kind):])
    try:
        found = next((a for a in register.attachments(app_id) if a.id == wanted), None)
        if found is None:
            raise UserError(_("There is no attachment {id}.").format(id=wanted))
        name = Path(found.filename).name or "attachment"
        if kind == OPEN_ATTACHMENT:
            data = register.attachment_data(found.id)
            path = Path(tempfile.mkdtemp(prefix="regiegroep-attachment-")) / name
            with write_whole(path, "wb") as fp:
                fp.write(data)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            return True
        out, _filter = save_file_name(parent, _("Save {name}").format(name=name),
                                      str(Path.home() / name))
        if out:
            data = register.attachment_data(found.id)
            with write_whole(out, "wb") as fp:
                fp.write(data)
    except UserError as exc:
        QMessageBox.warning(parent, _("Regiegroep"), str(exc))
    except OSError as exc:
        QMessageBox.warning(parent, _("Regiegroep"), str(write_problem(exc.filename or "", exc)))
    return True
