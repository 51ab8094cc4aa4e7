"""A process that keeps changing a register until it is killed (see test_crash.py).

Each step is one user action: a new application, a change, a deletion or restoration, or
an import of a batch of 20 applications whose titles name their batch.
"""

import random
import sys

from regiegroep.register import COMMAND_LINE, Register
from tests.conftest import complete_application


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    with Register.open(path) as register:
        wijk = register.wijken()[0].id
        print("ready", flush=True)
        step = 0
        while True:
            step += 1
            choice = rng.random()
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
                    continue
                app = rng.choice(apps)
                if choice < 0.85:
                    app.title = f"edited {seed}-{step}"
                    app.planning = f"week {step}"
                    register.update_application(app)
                elif register.is_deleted(app.id):
                    register.restore_application(app.id)
                else:
                    register.delete_application(app.id, f"reason {step}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
