"""A whole neighbourhood consultation run as a person would, every code typed on a keyboard.

    python scripts/consultation_by_keyboard.py [--work DIR] [--quick]

On a fresh example register (``regiegroep demo``) it does the set-up work on the command
line, or through the core where no command does it (referring, planning, opening the
voting): two initiatives above the threshold referred, a consultation planned over them
(combination, a vote per household, minimum turnout 10%, voting from today for a week), the
code letters and ballot papers printed with ``regiegroep consultation codes|ballots``, the
codes read back from the letters with ``pdftotext``, and a kiosk PC's register made with
``regiegroep kiosk prepare|load``.

Then it starts the REAL app processes on X servers and drives them only with real X key
events (``xdotool type|key``), as a person at a keyboard:

- the kiosk on its own kiosk register, full screen on a bare Xvfb (no window manager):
  residents type their codes and choose, then ``kiosk collect`` and ``kiosk receive
  --kiosk-fingerprint`` on the group's register;
- the laptop app under Xvfb at 1366x768, signed in by typing PINs: digital votes, paper
  ballots typed in twice by two people, codes at the door, the meeting's tallies confirmed
  by a second person, closing, sign-off by two, and the decision.

Screenshots of each step go to DIR/shots. At the end it prints, per initiative, what the
register counted against the hand count this script kept of what it typed, and the codes
used per channel, and exits 1 when they differ (2 when a step could not be done).

Needs Xvfb, xdotool, pdftotext and ImageMagick's ``import`` (apt-get install xvfb xdotool
poppler-utils imagemagick). It takes about five minutes (``--quick``: under three); it is
not part of the test suite (tests/test_consultation_by_keyboard.py runs ``--quick`` when
REGIEGROEP_BY_KEYBOARD=1).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == HERE / "scripts":
    del sys.path[0]  # scripts/translations.py would stand in for the app's own module
BIN = Path(sys.executable).parent
REGIEGROEP = [str(BIN / "regiegroep"), "--lang", "en"]
APP = [sys.executable, "-c", "import sys; from ui.main import main; sys.exit(main())"]
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}\b")

INITIATIVES = (("Buurttuin Zonnebloem", "14500"), ("Speelplein Rosmolenstraat", "18000"))


class Failed(Exception):
    """A step a person could not do: the script stops with exit 2."""


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def cli(*args: str, check: bool = True) -> str:
    done = subprocess.run([*REGIEGROEP, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise Failed(f"regiegroep {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


# ---------------------------------------------------------------------------- set-up

def set_up(work: Path, letters: int, ballots: int) -> dict:
    """The example register with a consultation over two referred initiatives, its letters
    and ballots printed and the codes read back from the letters."""
    from regiegroep import consultations as cons
    from regiegroep.consultations import Consultation
    from regiegroep.deciding.decision import Decision, Kind
    from regiegroep.model import Applicant, ApplicantKind, Application
    from regiegroep.register import Register

    group = work / "group.sqlite"
    cli("demo", str(group))
    today = dt.date.today()
    register = Register.open(group)
    try:
        wijk = next(w for w in register.wijken() if w.name == "Poelenburg")
        members = tuple(m.id for m in register.members() if m.role in ("chair", "member",
                                                                       "secretary"))[:3]
        ids = []
        for n, (title, cost) in enumerate(INITIATIVES):
            app = register.register_application(Application(
                received_at=dt.datetime.combine(today - dt.timedelta(days=20 - n), dt.time(19)),
                wijk_id=wijk.id,
                applicant=Applicant(kind=ApplicantKind.RESIDENT, name=f"Bewoner {n + 1}",
                                    address=f"Rosmolenstraat {n + 10}", postcode="1502 AB",
                                    phone="06-12345678"),
                signed=True, title=title, description="Voor de hele buurt.",
                execution="Bewoners doen het samen.", planning="In het voorjaar.",
                liveability="Buren leren elkaar kennen.", cost_estimate=Decimal(cost),
                vouchers_requested=int(Decimal(cost) // 500), other_subsidy=False))
            register.decide(app.id, Decision(Kind.REFERRED, today - dt.timedelta(days=7),
                                             members))
            ids.append(app.id)
        planned = cons.plan(register, Consultation(
            wijk_id=wijk.id, title="Wijkraadpleging december", form="combination",
            starts_on=today, ends_on=today + dt.timedelta(days=7), application_ids=tuple(ids),
            place="Buurthuis De Kolk", voters="household", minimum_turnout_percent=10))
        sequences = {register.application(i).sequence: t for i, (t, _c) in zip(ids, INITIATIVES)}
    finally:
        register.close()
    cid = str(planned.id)
    cli("consultation", "meeting", "--db", str(group), "--consultation", cid,
        "--at", f"{today.isoformat()} 20:00")
    addresses = work / "addresses.csv"
    with addresses.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["address", "postcode", "town"])
        for n in range(letters):
            writer.writerow([f"Rosmolenstraat {n + 1}", "1502 AB", "Zaandam"])
    cli("consultation", "codes", "--db", str(group), "--consultation", cid,
        "--addresses", str(addresses), "--out", str(work / "letters.pdf"))
    addresses.unlink()  # the address list is not kept
    # Opening the voting has no command: the group's own script does it, as the
    # consultations window's "Open voting" would.
    register = Register.open(group)
    try:
        cons.open_voting(register, planned.id)
    finally:
        register.close()
    cli("consultation", "ballots", "--db", str(group), "--consultation", cid,
        "--count", str(ballots), "--out", str(work / "ballots.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(work / "letters.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    codes = list(dict.fromkeys(CODE.findall(text)))
    if len(codes) != letters:
        raise Failed(f"read {len(codes)} codes back from the letters, printed {letters}")
    pages = subprocess.run(["pdfinfo", str(work / "ballots.pdf")], capture_output=True,
                           text=True).stdout
    page_count = re.search(r"Pages:\s+(\d+)", pages).group(1)
    say(f"consultation {cid} planned over {sorted(sequences)}; {len(codes)} codes read back "
        f"from {work / 'letters.pdf'}; ballots: {ballots} "
        f"({page_count} pages)")
    return {"group": group, "consultation": cid, "codes": codes, "sequences": sequences,
            "ids": ids}


# ---------------------------------------------------------------------------- X servers

class Screen:
    """One Xvfb with no window manager; key events with xdotool; screenshots."""

    def __init__(self, number: int, size: str, shots: Path, name: str):
        self.display, self.shots, self.name, self.count = f":{number}", shots, name, 0
        self.server = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{size}x24",
                                        "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.1)
        self.app: subprocess.Popen | None = None

    def env(self) -> dict:
        env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb", LANG="en_US.UTF-8")
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def start(self, args: list[str], log: Path) -> None:
        self.app = subprocess.Popen([*APP, *args], env=self.env(), cwd=HERE,
                                    stdout=log.open("w"), stderr=subprocess.STDOUT)

    def xdo(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True,
                              text=True)
        return done.stdout.strip()

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", "40", text)
        time.sleep(0.3)

    def key(self, *keys: str, wait: float = 0.4) -> None:
        for k in keys:
            self.xdo("key", "--delay", "60", k)
            time.sleep(0.12)
        time.sleep(wait)

    def window(self, name: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.xdo("search", "--onlyvisible", "--name", name)
            if found:
                return found.split()[-1]
            time.sleep(0.5)
        raise Failed(f"no window called {name!r} on {self.name}")

    def focused_name(self) -> str:
        return self.xdo("getwindowfocus", "getwindowname")

    def shot(self, what: str) -> Path:
        self.count += 1
        path = self.shots / f"{self.name}-{self.count:02d}-{what}.png"
        subprocess.run(["import", "-display", self.display, "-window", "root", str(path)],
                       capture_output=True)
        return path

    def stop(self) -> None:
        for process in (self.app, self.server):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


# ---------------------------------------------------------------------------- the kiosk

WORDS = {"for": 0, "against": 1, "abstain": 2}  # the kiosk's buttons in a row, left to right


def kiosk_evening(work: Path, setup: dict, votes: list[tuple[str, tuple[str, ...]]],
                  shots: Path) -> str:
    """The kiosk PC: loaded, residents vote by keyboard, collected; the sealed package."""
    kiosk = work / "kiosk.sqlite"
    cli("kiosk", "prepare", "--db", str(setup["group"]), "--out", str(work / "public.json"))
    loaded = subprocess.run([*REGIEGROEP, "kiosk", "load", "--db", str(kiosk),
                             str(work / "public.json"), "--keeper", "Joke van der Meer"],
                            input="1111\n", capture_output=True, text=True)
    if loaded.returncode != 0:
        raise Failed(f"kiosk load: {loaded.stderr.strip()}")
    fingerprint = re.search(r"signs its packages with the key ([0-9A-F ]+?)\.",
                            loaded.stdout).group(1)
    screen = Screen(71, "1280x800", shots, "kiosk")
    try:
        screen.start(["--kiosk", "--db", str(kiosk), "--lang", "en"], work / "kiosk.log")
        screen.window("Regiegroep")
        time.sleep(3)
        screen.shot("start")
        for n, (code, choices) in enumerate(votes, 1):
            # Each screen starts the keyboard on its first control: on the first screen
            # "What is the voucher scheme?"; the fourth is "Vote with the code".
            screen.key("Tab", "Tab", "Tab", "space", wait=0.8)
            screen.type(code)
            if n == 1:
                screen.shot("code-typed")
            screen.key("Return", wait=0.8)
            # Each initiative's three buttons are one group: arrows move in it, Space
            # chooses, Tab goes to the next initiative and then to Next.
            for row, choice in enumerate(choices):
                if row:
                    screen.key("Tab")
                screen.key(*["Right"] * WORDS[choice], "space")
            if n == 1:
                screen.shot("chosen")
            screen.key("Tab", "space", wait=0.8)  # Next
            if n == 1:
                screen.shot("is-this-your-vote")
            screen.key("space", wait=1.0)  # Confirm my vote
            if n == 1:
                screen.shot("thank-you")
            screen.key("space", wait=0.8)  # Done: back to the first screen
        screen.shot("after-the-evening")
    finally:
        screen.stop()
    sealed = work / "sealed.rgk"
    said = cli("kiosk", "collect", "--db", str(kiosk), "--out", str(sealed))
    say("kiosk collect: " + said.strip().replace("\n", " "))
    said = cli("kiosk", "receive", "--db", str(setup["group"]), str(sealed),
               "--kiosk-fingerprint", fingerprint)
    say("kiosk receive: " + said.strip().replace("\n", " "))
    return fingerprint


# ---------------------------------------------------------------------------- the laptop

PAPER = {"abstain": 0, "for": 1, "against": 2}  # the order of the laptop's choice lists
PINS = {"Joke van der Meer": "1111", "Marieke Bakker": "2222"}
# The consultations window's buttons, counted with Tab from the list: only those enabled
# are reached (regiegroep.consultations' status decides which).
BUTTONS = {"running": ("plan", "codes", "ballots", "poster", "meeting", "paper", "vote",
                       "close"),
           "closed": ("plan", "ballots", "poster", "meeting", "paper", "count"),
           "counted": ("plan", "ballots", "poster", "meeting", "paper", "count", "sign",
                       "report"),
           "locked": ("plan", "ballots", "poster", "meeting", "paper", "count", "decide",
                      "report", "result")}


class Laptop:
    def __init__(self, screen: Screen, title: str):
        self.screen, self.title = screen, title

    def focus(self, name: str) -> None:
        """Without a window manager nobody gives a new or uncovered window the keyboard:
        xdotool does what a window manager would (the window found by its name)."""
        window = self.screen.window(name)
        self.screen.xdo("windowfocus", "--sync", window)
        time.sleep(0.3)

    def sign_in(self, pin: str = "1111") -> None:
        """The sign-in page: the name chosen is the chair's, the PIN field has the focus."""
        self.focus("group.sqlite")
        self.screen.type(pin)
        self.screen.key("Return", wait=2.0)

    def consultations(self, state: str, button: str) -> None:
        """Edit › Neighbourhood consultations… (Alt+E, B), the newest consultation (End in
        the list), and the button, reached with Tab and pressed with Space."""
        self.focus("group.sqlite")
        self.screen.key("alt+e", wait=0.5)
        self.screen.key("b", wait=1.5)
        self.focus("Neighbourhood consultations")
        self.screen.key("Tab", "Tab", "End")
        self.screen.key(*["Tab"] * (BUTTONS[state].index(button) + 1))

    def close_consultations(self) -> None:
        self.focus("Neighbourhood consultations")
        self.screen.key("Escape", wait=0.8)


def laptop_evening(work: Path, setup: dict, plan: dict, shots: Path) -> None:
    screen = Screen(72, "1366x768", shots, "laptop")
    laptop = Laptop(screen, "group.sqlite")
    (work / "data").mkdir(exist_ok=True)
    os.environ["REGIEGROEP_DATA_DIR"] = str(work / "data")  # not the user's own settings
    try:
        screen.start(["--db", str(setup["group"]), "--lang", "en"], work / "laptop.log")
        screen.window("group.sqlite", 60)
        time.sleep(3)
        screen.shot("sign-in")
        laptop.sign_in(PINS["Joke van der Meer"])
        screen.shot("signed-in")

        # Residents vote on the laptop: the register goes out of sight first.
        laptop.consultations("running", "vote")
        screen.key("space", wait=1.5)
        laptop.focus("Vote:")
        for n, (code, choices) in enumerate(plan["laptop"]):
            screen.type(code)
            for choice in choices:
                screen.key("Tab", *["Down"] * PAPER[choice])
            screen.key("Tab", "space", wait=0.6)  # Cast my vote: read back
            if n == 0:
                screen.shot("vote-read-back")
            screen.key("space", wait=0.8)  # Yes, this is my vote
        refused = plan["kiosk"][0][0]  # a code used at the kiosk: refused here
        screen.type(refused)
        screen.key("Tab", "Tab", "Tab", "space", wait=0.6)
        screen.key("space", wait=0.8)
        screen.shot("vote-code-used-at-the-kiosk-refused")
        screen.key("Escape", wait=1.5)  # the vote screen closes: a member signs in again
        screen.shot("locked-after-voting")
        laptop.sign_in(PINS["Joke van der Meer"])

        # The meeting: codes at the door, the tallies, confirmed by Marieke with her PIN.
        laptop.consultations("running", "meeting")
        screen.key("space", wait=1.5)
        laptop.focus("Meeting:")
        for code in plan["door"]:
            screen.type(code)
            screen.key("Return", wait=0.5)
        screen.type(plan["door"][0])  # the first attendee's code again: refused
        screen.key("Return", wait=0.5)
        screen.shot("door-code-twice-refused")
        screen.key("Tab", "Tab")  # Let in, then the first tally
        for n, value in enumerate(v for tally in plan["tallies"] for v in tally):
            if n:
                screen.key("Tab")
            screen.type(str(value))
        screen.key("Tab", "Tab", "Tab")  # entered by (the chair), confirmed by, their PIN
        screen.type(PINS["Marieke Bakker"])
        screen.key("Tab", "space", wait=0.8)  # Save the tallies
        screen.key("Tab", "space", wait=0.8)  # Confirm the tallies
        screen.shot("tallies-confirmed")
        screen.key("Escape", wait=0.8)
        laptop.close_consultations()

        # Paper ballots, typed in by Joke and then by Marieke (her own PIN).
        laptop.consultations("running", "paper")
        screen.key("space", wait=1.5)
        laptop.focus("Paper ballots:")
        screen.key("Tab")  # from "typed in by" to the ballot's number (the PIN: not hers)
        for person in ("Joke van der Meer", "Marieke Bakker"):
            if person != "Joke van der Meer":
                screen.key("shift+Tab")
                screen.type(person.split()[0])  # the list finds the name as it is typed
                screen.key("Tab")
                screen.type(PINS[person])
                screen.key("Tab")
            for sheet, (code, choices) in enumerate(plan["paper"], 1):
                screen.type(str(sheet))
                screen.key("Tab")
                screen.type(code)
                for choice in choices:
                    screen.key("Tab", *["Down"] * PAPER[choice])
                screen.key("Tab", "space", wait=0.8)  # Enter this ballot
            screen.shot(f"paper-entered-by-{person.split()[0].lower()}")
        screen.key("Escape", wait=0.8)
        laptop.close_consultations()

        # Close, count, sign off by two, decide.
        for state, button in (("running", "close"), ("closed", "count")):
            laptop.consultations(state, button)
            screen.key("space", wait=1.5)
            screen.shot(button)
            laptop.close_consultations()
        laptop.consultations("counted", "sign")
        screen.key("space", wait=1.0)  # Joke, who is signed in
        screen.key("Tab", "Tab")  # past the report, to "sign off as"
        screen.type("Marieke")
        screen.key("Tab")
        screen.type(PINS["Marieke Bakker"])
        screen.key("shift+Tab", "shift+Tab", "shift+Tab", "space", wait=1.0)
        screen.shot("signed-off-by-two")
        laptop.close_consultations()
        laptop.consultations("locked", "decide")
        screen.key("space", wait=1.5)  # what will be recorded, asked first; Cancel is default
        laptop.focus("Decide")
        screen.shot("decide-question")
        screen.key("Tab", "space", wait=2.0)  # "Record the decisions"
        screen.shot("decided")
        laptop.close_consultations()
        screen.shot("the-register-after")
    finally:
        screen.stop()


# ---------------------------------------------------------------------------- the count

def voting_plan(codes: list[str], kiosk: int, laptop: int, paper: int, door: int) -> dict:
    """Who votes where and how: the hand count is kept from this, as it is typed."""
    pattern = [("for", "against"), ("for", "for"), ("against", "abstain"), ("for", "against"),
               ("abstain", "for"), ("for", "against"), ("against", "against")]
    at = iter(codes)
    plan = {way: [(next(at), pattern[n % len(pattern)]) for n in range(count)]
            for way, count in (("kiosk", kiosk), ("laptop", laptop), ("paper", paper))}
    plan["door"] = [next(at) for _ in range(door)]
    # The meeting's show of hands, per initiative for/against/abstain: every attendee once.
    first = (door // 2 + 1, door - door // 2 - 2, 1) if door >= 3 else (door, 0, 0)
    second = (door // 3, door - door // 3, 0)
    plan["tallies"] = [first, second]
    plan["unused"] = list(at)
    return plan


def hand_count(plan: dict) -> dict:
    counts = {n: {"for": 0, "against": 0, "abstain": 0} for n in range(2)}
    for way in ("kiosk", "laptop", "paper"):
        for _code, choices in plan[way]:
            for n, choice in enumerate(choices):
                counts[n][choice] += 1
    for n, tally in enumerate(plan["tallies"]):
        for word, value in zip(("for", "against", "abstain"), tally):
            counts[n][word] += value
    return counts


def compare(setup: dict, plan: dict) -> bool:
    from regiegroep import consultations as cons
    from regiegroep.consultations import consultation_results as results
    from regiegroep.register import Register

    register = Register.open(setup["group"])
    try:
        cid = int(setup["consultation"])
        c = cons.consultation(register, cid)
        counted = results.count(register, cid)
        result = results.latest_result(register, cid)
        decisions = {app_id: register.application(app_id).status for app_id in setup["ids"]}
    finally:
        register.close()
    hand = hand_count(plan)
    used_by_hand = {"digital": len(plan["kiosk"]) + len(plan["laptop"]),
                    "paper": len(plan["paper"]), "meeting": len(plan["door"])}
    same = True
    print()
    print(f"Codes printed: {c.codes_issued}; status: {c.status}; "
          f"signed off by {len(result.signed_by) if result else 0}")
    print(f"Codes used per channel, register: {dict(sorted(c.codes_used.items()))}")
    print(f"Codes used per channel, by hand:  {dict(sorted(used_by_hand.items()))} "
          f"(digital: {len(plan['kiosk'])} at the kiosk, {len(plan['laptop'])} on the "
          f"laptop; unused {len(plan['unused'])})")
    same &= c.codes_used == used_by_hand
    for n, item in enumerate(counted["items"]):
        got = {word: sum(v[word] for v in item["votes"].values())
               for word in ("for", "against", "abstain")}
        mark = "same" if got == hand[n] else "DIFFERENT"
        same &= got == hand[n]
        print(f"{item['sequence']}. {item['title']}: register {got['for']}/{got['against']}/"
              f"{got['abstain']}, by hand {hand[n]['for']}/{hand[n]['against']}/"
              f"{hand[n]['abstain']} (for/against/abstain): {mark}; per channel "
              + ", ".join(f"{ch} {v['for']}/{v['against']}/{v['abstain']}"
                          for ch, v in item["votes"].items())
              + f"; outcome {item['outcome']}; application now {decisions[item['application_id']]}")
    return bool(same)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default="consultation-by-keyboard",
                        help="the folder for the registers, papers and screenshots")
    parser.add_argument("--quick", action="store_true",
                        help="a few voters per channel instead of an evening's worth")
    args = parser.parse_args(argv)
    for program in ("Xvfb", "xdotool", "pdftotext", "import"):
        if shutil.which(program) is None:
            print(f"{program} is not installed (apt-get install xvfb xdotool poppler-utils "
                  "imagemagick)", file=sys.stderr)
            return 2
    work = Path(args.work).resolve()
    marker = work / ".consultation-by-keyboard"
    if work.exists() and any(work.iterdir()) and not marker.exists():
        print(f"{work} holds other files: give an empty or new folder with --work",
              file=sys.stderr)
        return 2
    shutil.rmtree(work, ignore_errors=True)  # an earlier run's folder only
    shots = work / "shots"
    shots.mkdir(parents=True)
    marker.touch()
    started = time.monotonic()
    try:
        letters, ballots = (12, 6) if args.quick else (40, 20)
        setup = set_up(work, letters, ballots)
        sizes = (2, 2, 2, 3) if args.quick else (10, 6, 6, 8)
        plan = voting_plan(setup["codes"], *sizes)
        kiosk_evening(work, setup, plan["kiosk"], shots)
        laptop_evening(work, setup, plan, shots)
    except Failed as exc:
        print(f"Could not be done: {exc}", file=sys.stderr)
        return 2
    same = compare(setup, plan)
    say(f"done in {time.monotonic() - started:.0f} s; screenshots in {shots}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
