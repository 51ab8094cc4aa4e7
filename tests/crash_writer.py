"""A process that keeps changing a register until it is killed (see test_crash.py).

Each step is one user action: a new application, a change, a deletion or restoration, or
an import of a batch of 20 applications whose titles name their batch; with ``--trust``
also a backup, a restore of an earlier backup, and anonymising an application, and after
each step it says ``done <newest hash of the trail>`` (before a restore ``restoring``), so
the test knows what the register must hold when the kill comes.
"""

import random
import sys
from pathlib import Path

from regiegroep.trust import backup
from regiegroep.errors import UserError
from regiegroep.store import COMMAND_LINE
from regiegroep.register import Register
from tests.conftest import complete_application


def main(path: str, seed: int, trust: bool = False) -> None:
    rng = random.Random(seed)
    folder = Path(path).parent / "backups"
    with Register.open(path) as register:
        wijk = register.wijken()[0].id
        print("ready", flush=True)
        step = 0
        while True:
            step += 1
            choice = rng.random()
            if trust and step == 1:  # each kind of action first in turn: all are tried
                choice = (0.01, 0.06, 0.10, 0.5)[seed % 4]
            try:
                if trust and choice < 0.12:
                    _trust_step(register, path, folder, rng, choice)
                else:
                    _step(register, wijk, rng, seed, step, choice * (0.88 if trust else 1))
            except UserError:
                if not trust:  # two writers at once: none may be refused (busy)
                    raise
                # An anonymised applicant has no name left to save: refused, nothing changed.
            if trust:
                head = register.conn.execute("SELECT hash FROM audit_head").fetchone()[0]
                print("done", head, flush=True)


def _trust_step(register, path, folder, rng, choice) -> None:
    if choice < 0.05:
        backup.make_backup(path, folder)
    elif choice < 0.08:
        made = backup.backups(folder, Path(path).stem)
        if made:
            print("restoring", flush=True)
            backup.restore(rng.choice(made)[1], path, force=True)
    else:
        apps = register.applications(limit=20, offset=rng.randrange(0, 50))
        if apps:
            register.anonymise([rng.choice(apps).id], COMMAND_LINE)


def _step(register, wijk, rng, seed, step, choice) -> None:
    if choice < 0.3:
        batch = f"batch {seed}-{step}"
        register.register_applications(
            [complete_application(wijk, title=f"{batch} #{i}") for i in range(20)],
            actor=COMMAND_LINE, source=batch)
    elif choice < 0.55:
        register.register_application(complete_application(wijk, title=f"single {seed}-{step}"))
    else:
        apps = register.applications(limit=50, offset=rng.randrange(0, 50))
        if not apps:
            return
        app = rng.choice(apps)
        if choice < 0.85:
            app.title = f"edited {seed}-{step}"
            app.planning = f"week {step}"
            register.update_application(app)
        else:
            # Looked at, then changed: the other writer may delete or restore it in between,
            # and the register then refuses with a message, changing nothing (not "busy").
            try:
                if register.is_deleted(app.id):
                    register.restore_application(app.id)
                else:
                    register.delete_application(app.id, f"reason {step}")
            except UserError as refused:
                if "al " not in str(refused) and "already" not in str(refused) \
                        and "niet verwijderd" not in str(refused) and "not deleted" not in str(refused):
                    raise


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), "--trust" in sys.argv[3:])
