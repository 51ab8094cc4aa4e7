"""File › Receive a kiosk package…: what a kiosk PC of its own collected, taken into the
group's register (regiegroep.kiosk.kiosk_packages.receive), from that kiosk only.

The core says which kiosk signed the package and whether this register knows it
(``package_signer``). A kiosk it does not know yet is taken only after the person compares
the fingerprint shown here with the one the kiosk PC showed at ``kiosk load`` and confirms;
Cancel takes nothing. A package not signed by a kiosk, or damaged, is refused by the core in
words. The window decides nothing of it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout,
                               QWidget)

from regiegroep.errors import UserError
from regiegroep.i18n import _, ngettext
from ui.file_dialogs import open_file_name


class KioskFingerprintDialog(QDialog):
    """The fingerprint of the kiosk that signed a package, to compare with the one the kiosk
    PC showed at load; "The same: receive" accepts, Cancel (the default) takes nothing."""

    def __init__(self, fingerprint: str, kiosk: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Kiosk package"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 46)
        layout = QVBoxLayout(self)
        intro = QLabel(_("This package was signed by a kiosk this register does not know yet "
                         "({kiosk}). Compare this fingerprint with the one the kiosk PC showed "
                         "when it was loaded:").format(kiosk=kiosk or "?"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.fingerprint = QLabel(fingerprint)
        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.fingerprint.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.fingerprint.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
            | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.fingerprint.setAccessibleName(_("Fingerprint"))
        self.fingerprint.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.fingerprint)
        after = QLabel(_("Receive it only if the two are the same. This register then knows "
                         "the kiosk and takes its next packages without asking."))
        after.setWordWrap(True)
        layout.addWidget(after)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(_("The same: receive"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter alone takes nothing: the person confirms what they compared.
        self.confirm.setAutoDefault(False)
        self.cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel.setFocus()


def receive_kiosk_package(window, path: str = "") -> None:
    """Ask for the sealed package, show an unknown kiosk's fingerprint to confirm, receive."""
    from regiegroep.files import read_input
    from regiegroep.kiosk import kiosk_packages
    from ui.tasks import opener_as_signed_in, run_in_background

    if window.register is None or window.read_only:
        return
    path = path or open_file_name(window, _("Receive a kiosk package"))
    if not path:
        return
    title = _("Kiosk package")
    try:
        data = read_input(path)
        signer = kiosk_packages.package_signer(window.register, data)
    except UserError as exc:
        QMessageBox.warning(window, title, str(exc))
        return
    trust = None
    if not signer.known:
        dialog = KioskFingerprintDialog(signer.fingerprint, signer.kiosk, window)
        confirmed = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not confirmed:
            return
        trust = signer.fingerprint
    opened = opener_as_signed_in(window.register)

    def receive(_progress):
        with opened() as register:
            return kiosk_packages.receive(register, data, actor="desktop", trust=trust)

    run_in_background(window, _("Receive a kiosk package"), receive,
                      lambda received: _received(window, title, path, received),
                      running=window.workers)


def _received(window, title: str, path: str, received) -> None:
    from regiegroep.kiosk.kiosk_votes import not_counted

    window.reread(None)
    if received.already:
        lines = [_("This package was received before; nothing was changed.")]
    else:
        lines = [ngettext("Received {count} application from the kiosk.",
                          "Received {count} applications from the kiosk.",
                          received.applications).format(count=received.applications)]
        if received.votes or received.not_counted:
            lines.append(ngettext("{count} vote from the kiosk was counted.",
                                  "{count} votes from the kiosk were counted.",
                                  received.votes).format(count=received.votes))
            lines += [not_counted(reason, count)
                      for reason, count in sorted(received.not_counted.items())]
            lines.append(_("Delete {path} now that it is received: with the group's key it "
                           "still ties each vote to its code.").format(path=Path(path).name))
    QMessageBox.information(window, title, "\n\n".join(lines))
