"""Installs reproduce: every dependency is pinned to one version in the lock files."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-r "):
            found.update(pins(line[3:]))
        elif line and not line.startswith("#"):
            package, _sep, version = line.partition("==")
            assert version, f"{name}: {line!r} is not pinned to one version"
            found[package.lower().replace("_", "-")] = version
    return found


def test_every_dependency_is_locked_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for lock, wanted in (("requirements.lock", project["dependencies"]),
                         ("requirements-test.lock",
                          project["dependencies"] + project["optional-dependencies"]["test"])):
        locked = pins(lock)
        for text in wanted:
            requirement = Requirement(text)
            name = requirement.name.lower().replace("_", "-")
            assert name in locked, f"{name} is not in {lock}: run python scripts/lock.py"
            assert requirement.specifier.contains(locked[name]), \
                f"{lock} pins {name} {locked[name]}, outside {requirement.specifier}"


def test_the_readme_and_ci_install_from_the_lock():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line)
    assert command in readme
    assert "-r requirements-test.lock" in command and "--no-deps" in command
    assert "-r requirements.lock" in (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
