"""The role is checked where the data is (issue 20): every public function of every room, and
every method of Register, refuses whoever the table in regiegroep.trust.access does not
grant it, however it is called: through the register, or the room's function directly."""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from regiegroep.errors import AccessDenied
from regiegroep.register import Register, _Room
from regiegroep.trust.access import GRANTS, READS, ROLES, Session

CORE = Path(__file__).resolve().parent.parent / "regiegroep"
NOT_ROOMS = {"cli", "store"}  # the command line asks the register; the store is the way in


def _room_modules():
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        if parts[1:2] and parts[1] in NOT_ROOMS or path.name == "__main__.py":
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def room_functions():
    """Every public function of a room that takes the register first."""
    found = []
    for name, path in _room_modules():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") \
                    and node.args.args and node.args.args[0].arg == "register":
                found.append((name, node.name))
    return found


def _function(module: str, name: str):
    return getattr(importlib.import_module(module), name)


def _dummies(function) -> list:
    signature = inspect.signature(inspect.unwrap(function))
    required = [p for p in list(signature.parameters.values())[1:]
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return [None] * len(required)


def _allowed(access, role: str) -> bool:
    does = not access.does or any(p in GRANTS.get(role, ()) for p in access.does)
    reads = all(r in READS.get(role, ()) for r in access.reads)
    return does and reads


ALL_ROLES = (*ROLES, "nobody")


def _signed_in(register: Register, role: str) -> None:
    register.session = Session(f"a {role}", role, None)


@pytest.fixture(scope="module")
def register():
    return Register.open(None)


def test_every_room_function_says_who_may_call_it():
    undeclared = [f"{m}.{n}" for m, n in room_functions() if getattr(_function(m, n), "access", None) is None]
    assert undeclared == []
    assert len(room_functions()) > 150


def test_every_register_method_is_a_declared_room_function():
    undeclared = []
    for name, value in vars(Register).items():
        if isinstance(value, _Room):
            target = getattr(importlib.import_module(f"regiegroep.{value.room}"), name)
            if callable(target) and getattr(target, "access", None) is None:
                undeclared.append(name)
    assert undeclared == []


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_is_refused_by_every_room_function_the_table_does_not_grant(register, role):
    _signed_in(register, role)
    answered, refused = [], 0
    for module, name in room_functions():
        function = _function(module, name)
        access = function.access
        if access.open_because or _allowed(access, role):
            continue  # allowed: not called here (dummy arguments could act)
        try:
            function(register, *_dummies(function))
        except AccessDenied:
            refused += 1
            continue
        except Exception:  # noqa: BLE001 - the dummy arguments: it got past the check
            pass
        answered.append(f"{module}.{name}")
    assert answered == []
    assert refused > (0 if role in ("chair", "secretary") else 20)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_is_refused_by_every_register_method_the_table_does_not_grant(register, role):
    _signed_in(register, role)
    answered = []
    for name, value in vars(Register).items():
        if not isinstance(value, _Room):
            continue
        target = getattr(importlib.import_module(f"regiegroep.{value.room}"), name)
        if not callable(target) or target.access.open_because or _allowed(target.access, role):
            continue
        try:
            getattr(register, name)(*_dummies(target))
        except AccessDenied:
            continue
        except Exception:  # noqa: BLE001
            pass
        answered.append(name)
    assert answered == []


def test_what_the_kiosk_and_the_cash_manager_were_given_before_is_refused(register):
    from regiegroep.applications import attachments
    from regiegroep.consultations import ballots, consultation_channels
    from regiegroep.deciding import decisions_in_force
    from regiegroep.kiosk import sealing
    from regiegroep.vouchers import issuing

    # The private keys are used inside the core and handed to no caller.
    assert not hasattr(issuing, "signing_key") and not hasattr(attachments, "store_attachment")
    _signed_in(register, "kiosk")
    for call in (lambda: sealing.unseal(register, b"x"), lambda: ballots(register, 1),
                 lambda: consultation_channels.tallies(register, 1),
                 lambda: decisions_in_force(register, [1]),
                 lambda: attachments.add_attachment(register, 1, "/etc/passwd")):
        with pytest.raises(AccessDenied):
            call()
    for name in ("all_vouchers", "voucher_by_serial", "check_voucher", "voucher_totals",
                 "due_to_expire", "refusals", "cash_warning", "all_suspensions",
                 "due_for_anonymising", "count", "count_at_most", "issued_vouchers"):
        with pytest.raises(AccessDenied):
            getattr(register, name)(*_dummies(getattr(Register, name)))
    _signed_in(register, "cash_manager")
    for name in ("due_for_anonymising", "completion_requests", "check_answers", "decide",
                 "issue_vouchers", "members"):
        with pytest.raises(AccessDenied):
            getattr(register, name)(*_dummies(getattr(Register, name)))
    with pytest.raises(AccessDenied):
        attachments.add_attachment(register, 1, "/etc/passwd")
