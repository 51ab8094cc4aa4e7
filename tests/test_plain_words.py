"""What a volunteer reads in the app's messages is in their words: the app's own menus, never
a command line (the command line adds its commands where it needs them)."""

from __future__ import annotations

import pytest

from regiegroep.errors import UserError
from regiegroep.kiosk import kiosk_packages
from regiegroep.kiosk.sealing import KeptCopy, unseal


def test_starting_the_kiosk_without_one_names_the_menu_to_add_it(register):
    with pytest.raises(UserError) as refused:
        kiosk_packages.start_kiosk(register)
    said = str(refused.value)
    assert "Bestand › Mensen en pincodes…" in said and "kiosk" in said
    assert "regiegroep" not in said and "--" not in said


def test_a_damaged_package_is_told_in_the_apps_words(register):
    with pytest.raises(KeptCopy) as refused:
        unseal(register, b"not a kiosk package at all")
    said = str(refused.value)
    assert "gewijzigd of beschadigd" in said and "Bestand › Kioskpakket ontvangen…" in said
    assert "regiegroep" not in said and "--" not in said

