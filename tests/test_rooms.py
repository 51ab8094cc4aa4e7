"""Register is the one way in; each part of the ordinance is carried out in its own room."""

import subprocess
import sys

from regiegroep.register import Register


def test_every_method_of_the_register_is_found_in_its_room():
    # In a process of its own: a room's methods become plain ones on their first use.
    code = (
        "import sys\n"
        "from regiegroep.register import Register\n"
        "rooms = {n: v.room for n, v in vars(Register).items() if type(v).__name__ == '_Room'}\n"
        "assert len(rooms) > 60, rooms\n"
        "for name, room in rooms.items():\n"
        "    found = getattr(Register, name)\n"
        "    assert getattr(sys.modules['regiegroep.' + room], name) is found, name\n"
        "    assert vars(Register)[name] is found, name\n"
        "print(len(rooms))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 60


def test_showing_the_first_rows_loads_no_room_it_does_not_need(tmp_path):
    path = tmp_path / "register.sqlite"
    Register.open(path).close()
    code = (
        "import sys\n"
        "from regiegroep.register import Register\n"
        f"register = Register.open({str(path)!r}, check=False)\n"
        "register.requires_sign_in(); register.wijken(); register.count()\n"
        "register.applications(limit=50)\n"
        "print(sorted(m for m in ('json', 'sqlite_utils', 'regiegroep.rules', "
        "'regiegroep.deciding.decision', 'regiegroep.deciding', 'regiegroep.vouchers.payments', "
        "'regiegroep.applications.completion', 'regiegroep.trust.privacy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
