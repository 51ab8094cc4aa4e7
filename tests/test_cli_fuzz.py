"""The command line itself, fuzzed (issue 23.7): thousands of generated invocations of every
command with the inputs that broke it before (bytes that are not UTF-8, huge and special
numbers, devices, FIFOs, sockets, links, the register itself as --out, empty and foreign
SQLite files, deep JSON, forged kiosk packages). Every one must end with exit 0, 1 or 2
and a message, never a traceback or a hang; a command that only reads leaves the register
byte for byte as it was, a failed one adds no audit entry, and nothing is left behind but
the outputs asked for.

Seeded: a failure prints its seed and the invocation, and
``REGIEGROEP_FUZZ_SEED=<seed> REGIEGROEP_FUZZ_RUNS=<n> python -m pytest tests/test_cli_fuzz.py``
replays it (``python tests/test_cli_fuzz.py <seed> <index>`` runs that one invocation).
Most run in-process through ``regiegroep.cli.main``; a few as real processes, for standard
input and argv bytes as the operating system hands them over."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regiegroep import demo
from regiegroep.cli import main

SEED = int(os.environ.get("REGIEGROEP_FUZZ_SEED", "2307"))
RUNS = int(os.environ.get("REGIEGROEP_FUZZ_RUNS", "2000"))
SECONDS_EACH = 20  # an invocation that takes longer hangs

# Commands that only read the register: it must be the same, byte for byte, after them.
READ_ONLY = {("audit", "verify"), ("export",), ("privacy", "export"), ("people", "list"),
             ("budget", "list"), ("consultation", "list"), ("consultation", "show"),
             ("verify",), ("vouchers", "export"), ("key", "export"), ("reconcile",),
             ("report",), ("backup",), ("consultation", "print"), ("print", "notice")}

TEXTS = ["Poelenburg", "Anna de Vries", "", " ", "²", "\t\t\t\t", "x" * 5000, "'; DROP TABLE x;--",
         "\udcff\udcfe", "Zaandam\udce9", "\u202eevil", "é" * 3, "--", "-h"]
NUMBERS = ["0", "1", "2", "-1", "99999999999999999", "9223372036854775808",
           "99999999999999999999", "1e30", "NaN", "Infinity", "-0", "1,5", "\u0661\u0662",
           "0x10", "", "3.0", "2026", "2200", "1999"]
AMOUNTS = ["1000", "1.000,00", "12,50", "NaN", "Infinity", "-5", "1e30", "99999999999999999",
           "€ 12,50", "", "0", "0,001", "\udcff"]
DATES = ["2026-03-02", "2026-02-30", "9999-12-31", "0001-01-01", "x", "", "\udcff"]


def _sqlite_file(path: Path, user_version: int) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path


class World:
    """The files the invocations point at, made once; the register is copied afresh when a
    command may change it."""

    def __init__(self, root: Path, template: Path):
        self.root = root
        self.template = template
        self.register = root / "reg.sqlite"
        shutil.copy(template, self.register)
        f = root / "fixtures"
        f.mkdir()
        self.backup = f / "reg-20260101-000000-0123456789abcdef0123.sqlite"
        shutil.copy(template, self.backup)
        self.foreign = _sqlite_file(f / "other.db", 1)
        self.foreign_tables = f / "tables.db"
        conn = sqlite3.connect(self.foreign_tables)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
        self.empty = f / "empty.sqlite"
        self.empty.touch()
        self.garbage = f / "garbage.bin"
        self.garbage.write_bytes(os.urandom(3000))
        self.latin1 = f / "latin1.csv"
        self.latin1.write_bytes("naam;bedrag\nJosé Müller;12,50\n".encode("latin-1"))
        self.cp1252 = f / "cp1252.csv"
        self.cp1252.write_bytes("serial;amount\nG69EUPJMHJAF;€ 12,50\n".encode("cp1252"))
        self.nan_csv = f / "nan.csv"
        self.nan_csv.write_text("serial;amount\nG69EUPJMHJAF;NaN\nX;1e30\n", encoding="utf-8")
        self.huge_cell = f / "huge.csv"
        self.huge_cell.write_text("serial;amount\n" + "A" * 140_000 + ";1\n", encoding="utf-8")
        self.deep_json = f / "deep.json"
        self.deep_json.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        self.bad_json = f / "bad.json"
        self.bad_json.write_text('{"format": "regiegroep-kiosk-public", "version": "1", '
                                 '"wijken": [[1]], "applications": {"a": NaN}}', encoding="utf-8")
        self.forged = f / "forged.kiosk"
        self.forged.write_bytes(json.dumps({
            "format": "regiegroep-kiosk-sealed", "version": 1, "package_id": "f" * 32,
            "applications": [{"received_at": "2009-01-02T08:00:00", "title": ["a list"],
                              "cost_estimate": 1e30, "vouchers_requested": "many",
                              "signature": "A" * 5_000_000}]}).encode("utf-8"))
        self.toml_nan = f / "nan.toml"
        self.toml_nan.write_text('id = "x"\nbudget_amount = nan\nvoucher_value = "1e30"\n'
                                 'cap = 99999999999999999\n', encoding="utf-8")
        self.toml_latin1 = f / "latin1.toml"
        self.toml_latin1.write_bytes('titel = "Verordening Zaanstad é"\n'.encode("latin-1"))
        self.addresses = f / "addresses.csv"
        self.addresses.write_text("name;address;postcode;town;residents\nA;Straat 1;1500AA;"
                                  "Zaandam;²\nB;Straat 2;1500AB;Zaandam;99999999999999999999\n",
                                  encoding="utf-8")
        self.mutated = self._mutated_public_packages(f)
        self.folder = f / "a-folder"
        self.folder.mkdir()
        self.fifo = f / "fifo"
        os.mkfifo(self.fifo)
        self.socket_path = f / "sock"
        self._socket = socket.socket(socket.AF_UNIX)
        self._socket.bind(str(self.socket_path))
        self.device = f / "null-device"
        try:  # a device of our own: a bug here must never replace the machine's /dev/null
            os.mknod(self.device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except (PermissionError, AttributeError, OSError):
            self.device = Path("/dev/null") if os.geteuid() != 0 else self.fifo
        self.link_to_register = f / "link-to-register.sqlite"
        self.link_to_register.symlink_to(self.register)
        self.dangling = f / "dangling-link.pdf"
        self.dangling.symlink_to(f / "nowhere" / "x.pdf")
        # (an empty file is no database: an output may be written over it)
        self.protected = [self.backup, self.foreign, self.foreign_tables, self.garbage, self.latin1, self.deep_json, self.forged]
        self.sums = {p: _signature(p) for p in self.protected}

    def _mutated_public_packages(self, f: Path) -> list[Path]:
        """A real public package (kiosk prepare) with one field missing or of another kind."""
        copy = f / "for-prepare.sqlite"
        shutil.copy(self.template, copy)
        public = f / "public.json"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["kiosk", "prepare", "--db", str(copy), "--out", str(public)]) == 0
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        package = json.loads(public.read_text(encoding="utf-8"))
        made = [public]
        for number, (key, value) in enumerate([
                ("wijken", None), ("wijken", [{"id": 10**30, "name": "x"}]), ("granted", 1e30),
                ("municipality", {"name": 10**30}), ("recipient", "AAAA"),
                ("consultations", [{"id": "x"}]), ("format", ["a list"]), ("wijken", "x")]):
            mutated = dict(package)
            mutated[key] = value
            path = f / f"public-{number}.json"
            path.write_text(json.dumps(mutated), encoding="utf-8")
            made.append(path)
        return made

    def repair(self):
        """Put back what a failed invocation destroyed, so the next is judged on its own."""
        if self.device != self.fifo and not stat.S_ISCHR(os.stat(self.device).st_mode):
            self.device.unlink()
            os.mknod(self.device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        if not stat.S_ISFIFO(os.stat(self.fifo).st_mode):
            self.fifo.unlink()
            os.mkfifo(self.fifo)
        if not self.link_to_register.is_symlink():
            self.link_to_register.unlink()
            self.link_to_register.symlink_to(self.register)
        self.sums = {p: _signature(p) for p in self.protected}

    def close(self):
        self._socket.close()

    def dbs(self):
        return [self.register] * 6 + [self.foreign, self.foreign_tables, self.empty,
                                      self.garbage, self.fifo, self.socket_path, self.device,
                                      self.folder, self.link_to_register, self.backup,
                                      self.root / "missing.sqlite"]

    def outs(self, r: random.Random):
        new = self.root / "out" / f"file-{r.randrange(10**6)}.{r.choice(['pdf', 'csv', 'json'])}"
        return [new] * 6 + [self.register, Path(str(self.register) + "-wal"), self.backup,
                            self.foreign, self.empty, self.fifo, self.socket_path, self.device,
                            self.folder, self.link_to_register, self.dangling,
                            self.root / "out" / "\udcffnaam.pdf"]

    def inputs(self):
        return self.mutated + [self.latin1, self.cp1252, self.nan_csv, self.huge_cell, self.deep_json,
                self.bad_json, self.forged, self.toml_nan, self.toml_latin1, self.addresses,
                self.fifo, self.device, self.folder, self.garbage, self.empty, self.register,
                self.root / "missing.csv"]


def _signature(path: Path) -> tuple:
    """What changes when a file is written, moved onto or replaced: cheaper than hashing the
    5 MB forged package two thousand times."""
    try:
        st = os.lstat(path)
    except OSError:
        return ("missing",)
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)


def _sum(path: Path) -> str:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "special"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def shown(argv: list[str]) -> str:
    """The invocation as printed in a report: long arguments cut short."""
    return repr([a if len(a) <= 60 else a[:40] + f"...({len(a)} characters)" for a in argv])


def _pick(r, values):
    return str(r.choice(values))


def invocation(r: random.Random, world: World) -> tuple[list[str], bytes, set]:
    """One generated invocation: its arguments, its standard input, the commands' words."""
    db = _pick(r, world.dbs())
    out = _pick(r, world.outs(r))
    text, number, amount, date = (_pick(r, TEXTS), _pick(r, NUMBERS), _pick(r, AMOUNTS),
                                  _pick(r, DATES))
    infile = _pick(r, world.inputs())
    stdin = r.choice([b"1234\n", b"\t\t\t\t\n", b"\x00\x00\x00\x00\n", b"\xff\xfe\xfd\xfc\n",
                      b"12\n", b"", b"[" * 5000, b"98765432\n"])
    choices = [
        ["audit", "verify", "--db", db],
        ["audit", "verify", "--db", db, "--expect", r.choice(["0" * 20, text, "", "ab"])],
        ["export", "--db", db, "--format", r.choice(["json", "csv", "xml"]), "--out", out],
        ["privacy", "export", "--db", db, "--name", text, "--out", out],
        ["privacy", "anonymise", "--db", db, "--months", number, "--dry-run"],
        ["people", "list", "--db", db],
        ["people", "add", "--db", db, "--name", text, "--role",
         r.choice(["chair", "member", "boss"])],
        ["people", "pin", "--db", db, "--name", r.choice([text, "Anna de Vries"])],
        ["budget", "list", "--db", db],
        ["budget", "set", "--db", db, "--wijk", text, "--year", number, "--amount", amount],
        ["application", r.choice(["withdraw", "delete", "restore"]), "--db", db,
         "--application", number, "--reason", text],
        ["print", "letter", "--db", db, "--application", number, "--out", out],
        ["print", "vouchers", "--db", db, "--application", number, "--out", out],
        ["print", "notice", "--db", db, "--kind", r.choice(["budget", "x"]), "--wijk", text,
         "--from", date, "--to", date, "--out", out],
        ["ordinance", "add", "--db", db, infile, "--year", number, "--id", text],
        ["consultation", "list", "--db", db],
        ["consultation", "show", "--db", db, "--consultation", number],
        ["consultation", "codes", "--db", db, "--consultation", number, "--addresses", infile,
         "--out", out],
        ["consultation", "ballots", "--db", db, "--consultation", number, "--count", number,
         "--out", out],
        ["consultation", "print", "--db", db, "--consultation", number,
         r.choice(["announcement", "report", "result"]), "--out", out],
        ["consultation", "close", "--db", db, "--consultation", number],
        ["consultation", "cancel", "--db", db, "--consultation", number, "--reason", text],
        ["kiosk", "prepare", "--db", db, "--out", out],
        ["kiosk", "load", "--db", r.choice([db, str(world.root / "kiosk" / "new.sqlite")]),
         infile] + (["--keeper", text] if r.random() < 0.5 else []),
        ["kiosk", "collect", "--db", db, "--out", out],
        ["kiosk", "receive", "--db", db, infile]
        + (["--kiosk-fingerprint", text] if r.random() < 0.5 else []),
        ["key", "export", "--db", db, "--out", out],
        ["verify", "--db", db, r.choice(["G69EUPJMHJAF", text, "RGV1:" + text])],
        ["verify", "--key", r.choice(["", infile]), r.choice(["RGV1:xyz", text])],
        ["vouchers", "export", "--db", db, "--out", out],
        ["reconcile", "--db", db, infile],
        ["report", "--db", db, "--year", number, "--out",
         r.choice([str(world.root / "report"), out])],
        ["import", "--db", db, infile, "--dry-run"],
        ["backup", "--db", db, "--to", r.choice([str(world.root / "backups"), out])],
        ["restore", "--db", r.choice([db, str(world.root / "restored" / "new.sqlite")]),
         "--from", r.choice([str(world.backup), infile])],
        ["demo", r.choice([str(world.root / "demo" / "d.sqlite"), out, db]), "--size",
         r.choice(["3", number])],
    ]
    argv = list(r.choice(choices))
    roll = r.random()
    if roll < 0.05 and len(argv) > 2:
        del argv[r.randrange(1, len(argv))]  # a required argument left out
    elif roll < 0.08:
        argv.append(r.choice(["--bogus", "extra", "--db"]))
    if r.random() < 0.1:
        argv[:0] = ["--lang", r.choice(["en", "nl", "xx"])]
    words = {tuple(w for w in argv[:2] if not w.startswith("-"))[:2], (argv[0],)}
    return argv, stdin, words


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


def run_in_process(argv: list[str], stdin: bytes, strict: bool) -> tuple[int, str]:
    """Run ``regiegroep ARGV`` through the CLI's main function: (exit status, what it
    printed); an exception other than SystemExit escapes (a traceback in a real run)."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8",
                                 errors="strict" if strict else "surrogateescape")
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(SECONDS_EACH)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sys.stdin = old_stdin
    return code, out.getvalue() + err.getvalue()


def _files(root: Path) -> set[Path]:
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            found.add(Path(dirpath) / name)
    return found


def _events(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM event").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def check_one(world: World, index: int, argv: list[str], stdin: bytes, words: set,
              r: random.Random) -> str | None:
    """Run one invocation and say what went wrong, or None."""
    before_files = _files(world.root)
    before_sum = _sum(world.register)
    before_events = _events(world.register)
    try:
        code, said = run_in_process(argv, stdin, strict=r.random() < 0.5)
    except _Hang:
        return "hung (no answer within %d s)" % SECONDS_EACH
    except BaseException as exc:  # noqa: BLE001 - the very thing looked for
        import traceback

        return "traceback:\n" + "".join(traceback.format_exception(exc))[-3000:]
    problems = []
    if code not in (0, 1, 2):
        problems.append(f"exit {code}")
    if "Traceback" in said:
        problems.append("printed a traceback")
    if code != 0 and not said.strip():
        problems.append("failed without a word")
    if words & READ_ONLY and _sum(world.register) != before_sum:
        problems.append("a command that only reads changed the register")
    if code != 0 and before_events is not None and _events(world.register) != before_events:
        problems.append("a failed command wrote to the audit trail")
    for path, signature in world.sums.items():
        if _signature(path) != signature:
            problems.append(f"{path.name} was changed")
    if not stat.S_ISCHR(os.stat(world.device).st_mode) and world.device != world.fifo:
        problems.append("the device was replaced")
    if not stat.S_ISFIFO(os.stat(world.fifo).st_mode):
        problems.append("the FIFO was replaced")
    if not world.link_to_register.is_symlink():
        problems.append("the link to the register was replaced")
    new = {p for p in _files(world.root) - before_files
           if not p.name.endswith(("-wal", "-shm"))}
    if code != 0:
        new = {p for p in new if "backups" not in p.parts}  # earlier, older backups rotate
        if new:
            problems.append("a failed command left " + ", ".join(sorted(map(str, new))))
    elif any(".partial" in p.name or p.name.endswith(".part") for p in new):
        problems.append("left a half-written file")
    if problems:
        world.repair()  # each problem reported once
        return "; ".join(problems) + "\n" + said[-2000:]
    return None


def _fresh(world: World, words: set) -> None:
    """A command that may change the register works on a fresh copy of it."""
    if not words & READ_ONLY:
        for suffix in ("", "-wal", "-shm"):
            Path(str(world.register) + suffix).unlink(missing_ok=True)
        shutil.copy(world.template, world.register)
    for folder in ("out", "demo", "restored", "kiosk", "report"):
        shutil.rmtree(world.root / folder, ignore_errors=True)


def generated(seed: int, runs: int):
    for index in range(runs):  # each its own generator: one replays alone as it ran
        yield index, random.Random(seed * 1_000_003 + index)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz-template") / "reg.sqlite"
    demo.write_demo(path, 6)
    return path


@pytest.fixture
def fast_folder(tmp_path):
    """A folder in memory where there is one (/dev/shm): two thousand commands each fsync
    their register and outputs, which on a busy shared disk is most of the time taken."""
    import tempfile

    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="regiegroep-fuzz-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_thousands_of_bad_invocations_give_a_message_and_change_nothing(template, fast_folder):
    world = World(fast_folder, template)
    failures, started = [], time.monotonic()
    try:
        for index, r in generated(SEED, RUNS):
            argv, stdin, words = invocation(r, world)
            _fresh(world, words)
            problem = check_one(world, index, argv, stdin, words, r)
            if problem:
                failures.append(f"#{index} {shown(argv)} stdin={stdin[:20]!r}: {problem}")
                if len(failures) >= 5:
                    break
    finally:
        world.close()
    elapsed = time.monotonic() - started
    assert not failures, (f"seed {SEED} (replay: REGIEGROEP_FUZZ_SEED={SEED}):\n"
                          + "\n\n".join(failures))
    print(f"{RUNS} invocations in {elapsed:.0f} s, seed {SEED}, 0 tracebacks")


@pytest.mark.parametrize("stdin", [b"\xff\xfe\xfd\xfc\n", b"\t\t\t\t\n", b"\x00\x00\x00\x00\n"])
def test_standard_input_and_argv_bytes_of_a_real_process(template, tmp_path, stdin):
    """A few real processes: standard input and argv as the operating system hands them."""
    register = tmp_path / "reg.sqlite"
    shutil.copy(template, register)
    env = dict(os.environ, PYTHONIOENCODING="", LC_ALL="C.UTF-8")
    runs = [
        ([sys.executable, "-m", "regiegroep", "people", "pin", "--db", str(register), "--name",
          "Anna de Vries"], stdin),
        ([sys.executable, "-m", "regiegroep", "kiosk", "load", "--db",
          str(tmp_path / "kiosk.sqlite"), "/dev/stdin"], stdin),
        ([os.fsencode(sys.executable), b"-m", b"regiegroep", b"people", b"add", b"--db",
          os.fsencode(register), b"--name", b"Jos\xe9", b"--role", b"member"], b""),
    ]
    for argv, data in runs:
        before = _sum(register)
        done = subprocess.run(argv, input=data, capture_output=True, env=env, timeout=60)
        said = (done.stdout + done.stderr).decode("utf-8", "replace")
        assert done.returncode in (1, 2), said
        assert "Traceback" not in said, said
        assert said.strip()
        assert _sum(register) == before
    assert not (tmp_path / "kiosk.sqlite").exists()


if __name__ == "__main__":  # python tests/test_cli_fuzz.py SEED [INDEX]: replay
    import tempfile

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else SEED
    only = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        template_path = root / "template.sqlite"
        demo.write_demo(template_path, 6)
        (root / "w").mkdir()
        world = World(root / "w", template_path)
        counts: dict[str, int] = {}
        for index, r in generated(seed, RUNS if only is None else only + 1):
            argv, stdin, words = invocation(r, world)
            if only is not None and index != only:
                continue
            _fresh(world, words)
            problem = check_one(world, index, argv, stdin, words, r)
            if problem:
                key = " ".join(argv[:2])
                counts[key] = counts.get(key, 0) + 1
                print(f"#{index} {shown(argv)} stdin={stdin[:20]!r}: {problem}\n")
        world.close()
        print(counts)
