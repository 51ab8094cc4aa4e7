"""Undoable actions. Each step is one transaction in the core and leaves a record there:
undoing a new application deletes it (recorded), undoing a deletion restores it.

The main window carries out an action itself first, so it can show an error before
anything is pushed; the command's first ``redo`` (which QUndoStack.push calls) then does
nothing. Later undo and redo steps report failures through ``failed``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from regiegroep.errors import UserError
from regiegroep.i18n import _
from regiegroep.model import Application
from regiegroep.register import Register


class _Command(QUndoCommand):
    def __init__(self, register: Register, text: str, changed: Callable[[int | None], None],
                 failed: Callable[[str], None]):
        super().__init__(text)
        self.register = register
        self.changed = changed
        self.failed = failed
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guard(self.forward)

    def undo(self) -> None:
        self._guard(self.backward)

    def _guard(self, step: Callable[[], int | None]) -> None:
        try:
            self.changed(step())
        except UserError as exc:
            self.failed(str(exc))

    def forward(self) -> int | None:
        raise NotImplementedError

    def backward(self) -> int | None:
        raise NotImplementedError


class AddApplication(_Command):
    """Undo of a new application: it is deleted with a recorded reason; redo restores it."""

    def __init__(self, register: Register, app: Application, changed, failed):
        super().__init__(register, _("new application {sequence}").format(sequence=app.sequence),
                         changed, failed)
        self.app_id = app.id

    def forward(self) -> int | None:
        self.register.restore_application(self.app_id)
        return self.app_id

    def backward(self) -> int | None:
        self.register.delete_application(self.app_id, _("Undone right after it was typed in."))
        return None


class EditApplication(_Command):
    def __init__(self, register: Register, before: Application, after: Application, changed, failed):
        super().__init__(register, _("change to application {sequence}").format(
            sequence=before.sequence), changed, failed)
        self.before = copy.deepcopy(before)
        self.after = copy.deepcopy(after)

    def forward(self) -> int | None:
        self.register.update_application(copy.deepcopy(self.after))
        return self.after.id

    def backward(self) -> int | None:
        self.register.update_application(copy.deepcopy(self.before))
        return self.before.id


class DeleteApplication(_Command):
    def __init__(self, register: Register, app: Application, reason: str, changed, failed):
        super().__init__(register, _("deletion of application {sequence}").format(
            sequence=app.sequence), changed, failed)
        self.app_id = app.id
        self.reason = reason

    def forward(self) -> int | None:
        self.register.delete_application(self.app_id, self.reason)
        return None

    def backward(self) -> int | None:
        self.register.restore_application(self.app_id)
        return self.app_id
