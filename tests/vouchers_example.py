"""A register's ordinance for 2026 whose last issuing and completion dates fall in 2026-2027,
so vouchers can be issued in tests (the model's own dates are in 2009)."""

from __future__ import annotations

from regiegroep.rules import adopt, resources_dir


def adopt_2026(register, **changes) -> None:
    """Every 2026 budget of ``register`` under a municipality's copy of the model."""
    text = (resources_dir() / "ordinances" / "model-2008.toml").read_text(encoding="utf-8")
    fields = {"id": "test-2026", "last_issue_date": "2026-12-31",
              "last_completion_date": "2027-06-30", **changes}
    import datetime as dt

    values = {k: dt.date.fromisoformat(v) if k.startswith("last_") else v
              for k, v in fields.items()}
    register.add_ordinance(f"{fields['id']}.toml", 2026, text=adopt(text, **values))
