"""The register's table keeps each row's cells: painting and scrolling ask the core once
per row, and a change to the register shows at once (pytest-qt, offscreen)."""

from PySide6.QtCore import Qt

from regiegroep.register import Register
from ui import app as app_module
from ui.register_model import DEADLINE_COLUMN, RegisterModel

from .test_ui import example  # noqa: F401 (fixture)

ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
         Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.UserRole + 1]


def cells(model, rows):
    return [[model.data(model.index(r, c), role) for c in range(model.columnCount()) for role in ROLES]
            for r in rows]


def test_each_row_is_read_from_the_core_once_until_the_register_changes(qtbot, example, tmp_path):
    app_module.make_application()
    path = tmp_path / "r.sqlite"
    path.write_bytes(example.read_bytes())
    with Register.open(path) as register:
        asked = []
        real = register.decision_deadline
        register.decision_deadline = lambda app: asked.append(app.sequence) or real(app)
        model = RegisterModel()
        model.set_register(register)
        rows = range(min(30, model.rowCount()))
        first = cells(model, rows)
        for _paint in range(3):  # repainting and scrolling back ask the core nothing
            assert cells(model, rows) == first
        assert len(asked) == len(set(asked)) <= len(rows)
        texts = [row[0] for row in first]
        assert texts == [str(model.application_at(r).sequence) for r in rows]

        shown = model.rowCount()  # paging goes on as the view scrolls down
        assert model.canFetchMore()
        model.fetchMore()
        assert model.rowCount() > shown
        assert model.data(model.index(shown, 0)) == str(model.application_at(shown).sequence)

        app = register.application(model.application_at(0).id)
        app.title = "Een nieuwe titel"
        register.update_application(app)
        asked.clear()
        model.refresh()  # after a change: the cells are read again
        assert model.data(model.index(model.row_of(app.id), 4)) == "Een nieuwe titel"
        cells(model, rows)
        awaiting = [r for r in rows if model.application_at(r).status.awaits_decision]
        assert len(asked) == len(awaiting)
        assert all(model.data(model.index(r, DEADLINE_COLUMN)) for r in awaiting)
