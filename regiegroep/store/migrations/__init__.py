"""The schema of the register, step by step: sqlite-utils migrations.

Each step runs in its own transaction with its bookkeeping row. A released step is never
changed; a change to the schema is a new step at the end, with its name added to
``store.MIGRATIONS`` (a test keeps the two lists equal) and a sample register of the
previous schema kept under tests/registers.

The steps stand in two modules, in order: ``register_steps`` (1-10: the register as the
first releases made it) and ``wing_steps`` (11 on: the ordinance's own figures, letters
that can be posted, vouchers, consultations, seals, the kiosk). This package is imported
only when a register needs creating or upgrading, so opening an up-to-date register does
not pay for importing sqlite-utils' machinery.
"""

from __future__ import annotations

from .steps import migrations  # noqa: F401  (store.open_connection applies it)

# The steps, in order: each module adds its own to ``migrations`` as it is imported.
from . import register_steps, wing_steps, letter_steps  # noqa: E402, F401
