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
