"""The kiosk in the community centre (issue 15): full screen, locked, by touch.

``regiegroep --kiosk [--db PATH]`` runs ``run_kiosk``: ui.kiosk.window draws the screens
(home, the scheme, what was granted and is open now, apply, vote), ui.kiosk.apply and
ui.kiosk.vote the two guided flows, ui.kiosk.touch the keyboard, the signature canvas and
the 9 mm targets. What may be shown and done is the core's (regiegroep.kiosk.kiosk_packages,
regiegroep.trust.access): the kiosk role sees public data only.
"""

from __future__ import annotations


def run_kiosk(db: str | None = None, lang: str | None = None) -> int:
    from pathlib import Path

    from regiegroep import i18n
    from regiegroep.kiosk import kiosk_packages
    from regiegroep.errors import UserError
    from regiegroep.register import Register
    from ui import settings
    from ui.app import make_application
    from ui.language import apply_language

    app = make_application()
    apply_language(app, i18n.requested_language(lang or settings.language()))
    path = Path(db) if db else settings.last_register() or settings.default_register_path()
    try:
        register = Register.open(path, create=False)
        kiosk_packages.start_kiosk(register)
    except UserError as exc:
        import sys

        sys.stderr.write(str(exc) + "\n")
        return 1
    from ui.kiosk.window import KioskWindow

    window = KioskWindow(register)
    window.cover_screen()
    return app.exec()
