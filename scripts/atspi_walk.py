"""Walk the app's screens as a screen reader sees them, through AT-SPI (Linux), and count
per screen the controls and those without a name (issue 25).

Two processes: this script run by the app's Python shows one screen after another (the main
window signed in on a copy of the example, each dialog, the kiosk's screens) and names each
in a file; run by a Python that has pyatspi (``/usr/bin/python3`` after ``apt-get install
at-spi2-core python3-pyatspi``) with ``--walk``, it walks the AT-SPI tree of the app for each
screen named. Under Xvfb with a D-Bus session:

    Xvfb :63 & export DISPLAY=:63
    eval $(dbus-launch --sh-syntax)
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 .venv/bin/python scripts/atspi_walk.py /tmp/walk &
    /usr/bin/python3 scripts/atspi_walk.py --walk /tmp/walk
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# The roles a person works with (AT-SPI role names).
CONTROL_ROLES = {"push button", "toggle button", "check box", "radio button", "combo box",
                 "text", "password text", "spin button", "table", "list", "tree table",
                 "page tab", "slider", "entry", "menu item", "check menu item",
                 "radio menu item", "menu", "tool bar button", "link", "tree"}


def walk(folder: Path) -> None:
    import pyatspi

    seen = set()
    deadline = time.time() + 600
    while time.time() < deadline:
        current = folder / "screen"
        if not current.exists():
            time.sleep(0.3)
            continue
        name = current.read_text().strip()
        if name == "end":
            break
        if name in seen:
            time.sleep(0.2)
            continue
        time.sleep(1.0)  # the screen drawn and told to AT-SPI
        desktop = pyatspi.Registry.getDesktop(0)
        apps = [a for a in desktop if a is not None and a.name in ("Regiegroep", "python",
                                                                     "python3")]
        total, unnamed = 0, []

        def visit(node, depth=0):
            nonlocal total
            if node is None or depth > 40:
                return
            try:
                state = node.getState()
                showing = state.contains(pyatspi.STATE_SHOWING)
                role = node.getRoleName()
            except Exception:
                return
            if not showing and role not in ("application", "frame", "dialog"):
                return
            if role in CONTROL_ROLES and role not in ("menu", "menu item", "check menu item",
                                                     "radio menu item"):
                total += 1
                label = node.name or ""
                if not label.strip():
                    labelled = [r for r in node.getRelationSet()
                                if r.getRelationType() == pyatspi.RELATION_LABELLED_BY]
                    if not labelled:
                        unnamed.append(role)
            for child in node:
                visit(child, depth + 1)
        for app in apps:
            for window in app:
                try:
                    if window.getState().contains(pyatspi.STATE_ACTIVE) or \
                            window.getState().contains(pyatspi.STATE_SHOWING):
                        visit(window)
                except Exception:
                    continue
        print(f"{name:36} {total:4} controls {len(unnamed):3} unnamed  {sorted(unnamed)}",
              flush=True)
        seen.add(name)
        (folder / "walked").write_text(name)


def dialogs() -> dict:
    """The main window's dialogs, made as their actions make them."""
    from ui.application_form import ApplicationForm
    from ui.budgets_dialog import BudgetsDialog
    from ui.consultation_list import ConsultationsDialog
    from ui.people_dialog import PeopleDialog
    from ui.privacy_dialog import PrivacyDialog
    from ui.redeem_dialog import RedeemDialog
    from ui.vouchers_dialog import CheckVoucherDialog

    def redeem(w):
        r = w.register
        app = next(a for a in r.applications() if r.vouchers(a.id))
        return RedeemDialog(r, r.application(app.id), r.vouchers(app.id), w)
    return {"application form": lambda w: ApplicationForm(w.register.wijken(), parent=w),
            "redeem": redeem,
            "budgets": lambda w: BudgetsDialog(w.register, w),
            "consultations": lambda w: ConsultationsDialog(w.register, w),
            "people": lambda w: PeopleDialog(w.register, w),
            "privacy": lambda w: PrivacyDialog(w.register, w),
            "check a voucher": lambda w: CheckVoucherDialog(w.register, w)}


def show(folder: Path) -> None:
    import shutil
    import tempfile

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from regiegroep import demo
    from ui import app as app_module

    folder.mkdir(parents=True, exist_ok=True)
    application = app_module.make_application()
    work = Path(tempfile.mkdtemp())
    demo.write_demo(work / "voorbeeld.sqlite", 60)
    from ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1280, 740)
    window.show()
    window.open_register(work / "voorbeeld.sqlite", first_start_dialog=False)
    screens: list[tuple[str, object]] = [("sign-in", None)]

    def sign_in():
        page = window.session.sign_in_page
        page.who.setCurrentIndex(page.who.findText("Joke van der Meer"))
        page.pin.setText(demo.PINS["Joke van der Meer"])
        page.submit()
    screens.append(("main window", sign_in))
    opened = []

    def dialog(make):
        def open_it():
            while opened:
                opened.pop().done(0)
            window.build_chrome()
            d = make(window)
            d.show()
            opened.append(d)
        return open_it
    for title, make in dialogs().items():
        screens.append((title, dialog(make)))
    steps = iter(screens)

    def next_screen():
        walked = folder / "walked"
        current = folder / "screen"
        if current.exists() and (not walked.exists()
                                 or walked.read_text() != current.read_text()):
            return  # the walker is still at it
        try:
            name, action = next(steps)
        except StopIteration:
            current.write_text("end")
            application.quit()
            return
        if action is not None:
            action()
        current.write_text(name)
    timer = QTimer()
    timer.timeout.connect(next_screen)
    timer.start(500)
    application.exec()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "--walk":
        walk(Path(sys.argv[2]))
    else:
        show(Path(sys.argv[1]))
