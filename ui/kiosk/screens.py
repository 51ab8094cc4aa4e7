"""The kiosk's public screens: home, the scheme (Art. 7.1), initiatives granted and
consultations open now (Art. 7.2), and leaving kiosk mode with a member's PIN."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from regiegroep import i18n
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_date, format_money
from regiegroep.rules import CONSULTATION
from ui.error_line import ErrorLine
from ui.kiosk.touch import big_button, clear_screen, Keyboard, touch_scrolling


def isolated(text: str) -> str:
    """A title, a name or a neighbourhood in its own direction inside a right-to-left line
    (Unicode's first-strong isolate): a Latin title stays whole among Arabic words."""
    return f"\u2068{text}\u2069" if text and i18n.is_right_to_left() else text


def directed(html: str) -> str:
    """In a right-to-left language every block reads from the right: a block that starts
    with a Latin title (what was granted) was laid out from the left."""
    if not i18n.is_right_to_left():
        return html
    return re.sub(r"<(h1|h2|p|ul|li)(?=[ >])", r"<\1 dir='rtl'", html)


class Screen(QWidget):
    """A screen drawn afresh each time it is shown, in the language chosen then."""

    def __init__(self, kiosk):
        super().__init__()
        self.kiosk = kiosk
        self.setLayout(QVBoxLayout())

    def clear(self) -> None:
        clear_screen(self)

    def enter(self) -> None:
        self.clear()
        self.draw()

    def wipe(self) -> None:
        self.enter()

    def draw(self) -> None:
        raise NotImplementedError

    def scrolling(self, html: str) -> None:
        text = QLabel(directed(html))
        text.setWordWrap(True)
        area = QScrollArea()
        area.setWidget(text)
        area.setWidgetResizable(True)
        touch_scrolling(area)
        self.layout().addWidget(area, 1)


class HomeScreen(Screen):
    def draw(self) -> None:
        title = QLabel(_("Welcome! What would you like to do?"))
        title.setObjectName("question")
        title.setWordWrap(True)
        self.layout().addWidget(title)
        for text, screen in ((_("What is the voucher scheme?"), "scheme"),
                             (_("What was granted, what is open now"), "public"),
                             (_("Apply for vouchers for your idea"), "apply"),
                             (_("Vote with the code from your letter"), "vote")):
            button = big_button(text)
            button.setMinimumHeight(button.minimumHeight() * 2)
            button.clicked.connect(lambda _c=False, s=screen: self.kiosk.show_screen(s))
            self.layout().addWidget(button)
        self.layout().addStretch(1)


def blocks_as_html(blocks: list) -> str:
    """A notice's blocks (regiegroep.documents.notices) as simple rich text."""
    parts = []
    for kind, *rest in blocks:
        if kind == "title":
            parts.append(f"<h1>{escape(rest[0])}</h1>")
        elif kind == "lead":
            parts.append(f"<p><b>{escape(rest[0])}</b></p>")
        elif kind == "h":
            parts.append(f"<h2>{escape(rest[0])}</h2>")
        elif kind == "p":
            parts.append(f"<p>{escape(rest[0])}</p>")
        elif kind == "small":
            parts.append(f"<p><small>{escape(rest[0])}</small></p>")
        elif kind == "list":
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in rest[0]) + "</ul>")
    return "".join(parts)


class SchemeScreen(Screen):
    def draw(self) -> None:
        from regiegroep import i18n

        scheme = self.kiosk.public.get("scheme", {})
        blocks = scheme.get(i18n.current_language()) or next(iter(scheme.values()), [])
        self.scrolling(blocks_as_html(blocks))


class PublicScreen(Screen):
    def draw(self) -> None:
        public = self.kiosk.public
        heading = _("Consultations open now")
        parts = ["<h1>{}</h1>".format(escape(heading))]
        consultations = public.get("consultations") or []
        if not consultations:
            none_open = _("No consultation is open now.")
            parts.append("<p>{}</p>".format(escape(none_open)))
        for c in consultations:
            parts.append(f"<h2>{escape(isolated(c['title']))}</h2><ul>" + "".join(
                f"<li>{escape(isolated(i['title']))}</li>" for i in c.get("initiatives", []))
                + "</ul>")
        heading = _("Initiatives that received vouchers")
        parts.append("<h1>{}</h1>".format(escape(heading)))
        granted = public.get("granted") or []
        if not granted:
            none_granted = _("No initiative received vouchers yet.")
            parts.append("<p>{}</p>".format(escape(none_granted)))
        for g in granted:
            route = _("neighbourhood consultation") if g["route"] == CONSULTATION \
                else _("steering group")
            name = f" ({escape(isolated(g['name']))})" if g.get("name") else ""
            parts.append("<p><b>{title}</b>{name}<br>{line}</p>".format(
                title=escape(isolated(g["title"])), name=name, line=escape(_(
                    "{amount} on {date}, decided by the {route}, {wijk}").format(
                    amount=format_money(Decimal(g["amount"])),
                    date=format_date(dt.date.fromisoformat(g["date"])), route=route,
                    wijk=isolated(g["wijk"])))))
        self.scrolling("".join(parts))


class ExitScreen(Screen):
    """Leaving kiosk mode: a steering-group member's name and PIN, through the core's
    sign-in with its lock-out; nothing else happens here."""

    left = Signal()

    def draw(self) -> None:
        title = QLabel(_("Leave the kiosk (steering group only)"))
        title.setObjectName("question")
        self.layout().addWidget(title)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Your name"))
        self.pin = QLineEdit()
        self.pin.setPlaceholderText(_("PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.name.setAccessibleName(_("Your name"))
        self.pin.setAccessibleName(_("PIN"))
        self.message = ErrorLine()  # said aloud to a screen reader
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000; font-weight: bold;")
        # The fields and the keys scroll on a low screen; the two buttons stay in sight.
        content = QWidget()
        fields = QVBoxLayout(content)
        fields.setContentsMargins(0, 0, 0, 0)
        for widget in (self.name, self.pin, self.message, Keyboard(target=self.name)):
            fields.addWidget(widget)
        fields.addStretch(1)
        area = QScrollArea()
        area.setWidget(content)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.layout().addWidget(area, 1)
        self.name.returnPressed.connect(self.pin.setFocus)  # Enter goes on to the PIN
        self.pin.returnPressed.connect(self.leave)  # and from the PIN leaves
        self.name.setFocus()
        buttons = QHBoxLayout()
        leave = big_button(_("Leave the kiosk"))
        leave.clicked.connect(self.leave)
        back = big_button(_("Back to the kiosk"))
        back.clicked.connect(self.kiosk.reset)
        buttons.addWidget(back)
        buttons.addWidget(leave)
        self.layout().addLayout(buttons)

    def leave(self) -> None:
        from regiegroep.kiosk.kiosk_packages import leave_kiosk

        name, pin = self.name.text(), self.pin.text()
        self.pin.clear()
        try:
            leave_kiosk(self.kiosk.register, name, pin)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.left.emit()
