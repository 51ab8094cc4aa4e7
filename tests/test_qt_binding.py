"""The Qt binding keeps Python's reference counts: a volunteer clicks all evening.

PySide6 6.12.0 on Python 3.11 lost a reference to None (or True/False) on every call of a
Python slot and on every None read from a QVariant; after some thousands the app aborted
("deallocating None"). pyproject.toml keeps such a release out; this test notices if one
comes back.
"""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QPushButton


class _Emitter(QObject):
    fired = Signal(bool)


def test_slots_and_item_data_keep_reference_counts(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    calls = []
    button.clicked.connect(lambda checked=False: calls.append(checked))
    emitter = _Emitter()
    emitter.fired.connect(lambda value: None)
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("all", None)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _i in range(2000):
        button.click()
        emitter.fired.emit(True)
        combo.currentData()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert len(calls) == 2000
    assert all(a - b > -50 for a, b in zip(after, before)), (before, after)


def test_the_import_hook_table_start_up_relies_on_is_there():
    """ui.app enters the modules loaded before Qt in PySide6's table of modules (its
    ``__feature__`` bookkeeping), which spares start-up some 9 ms of reading sources. If a
    PySide6 release moves that table, the app still works but starts slower: this says so."""
    import ui.app  # noqa: F401

    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    assert isinstance(table, dict), "PySide6 moved its feature table: see ui.app"
    assert table.get("regiegroep.register") == -1  # "ignore this module"
    assert table.get("ui.session") == 0  # a module of the window: "no feature"
