"""The kiosk on a bare Linux PC under cage (issue 24): README's set-up, started for real with
cage's headless back end, covers the whole output. Skipped, saying why, where cage, Xwayland,
grim or Qt's Wayland plug-in is missing."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regiegroep import demo


def _why_not() -> str | None:
    for program in ("cage", "Xwayland", "grim"):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install cage xwayland grim)"
    from PySide6 import QtCore

    plugin = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    found = subprocess.run(["ldd", str(plugin / "platforms" / "libqwayland.so")],
                           capture_output=True, text=True).stdout
    if "not found" in found:
        return "Qt's Wayland plug-in lacks a library (apt-get install libwayland-cursor0 " \
               "libwayland-egl1)"
    if os.geteuid() == 0 and subprocess.run(
            ["unshare", "--user", "--map-user=1000", "--map-group=1000", "true"],
            capture_output=True).returncode != 0:
        return "cage refuses to run as root, and no user namespace is available to run it in"
    return None


WHY_NOT = _why_not()


def _as_user(command: list[str]) -> list[str]:
    """Cage refuses root: as root, the command runs as an ordinary user of a user namespace
    (who still reads the test's files)."""
    if os.geteuid() == 0:
        return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]
    return command


PROBE = ("import sys\nfrom PySide6.QtWidgets import QApplication, QWidget\n"
         "app = QApplication(sys.argv)\nw = QWidget()\nw.setStyleSheet('background: white')\n"
         "w.setAutoFillBackground(True)\nw.showFullScreen()\napp.exec()\n")


def _under_cage(tmp_path, program: list[str], seconds: int = 90) -> tuple:
    """Start ``program`` under cage's headless back end; (output size, share of the output
    not cage's black background) from grim screenshots, once it is covered or in time."""
    from PIL import Image, ImageFilter

    runtime = tmp_path / "run"
    shutil.rmtree(runtime, ignore_errors=True)
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), WLR_BACKENDS="headless",
               WLR_LIBINPUT_NO_DEVICES="1", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="wayland",
               # No DRM render node needed: wlroots draws in software.
               WLR_RENDERER="pixman", QT_WAYLAND_DISABLE_WINDOWDECORATION="1")
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("DISPLAY", None)
    # -r turns the output a quarter: cage 0.1.4 then draws the window itself instead of
    # handing the window's own buffer to the output (direct scan-out), which grim's screen
    # copy on wlroots 0.15 does not see (it kept showing the window's first 640x480 frame).
    cage = subprocess.Popen(_as_user(["cage", "-r", "--", *program]), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    shot = tmp_path / "shot.png"
    covered, size, deadline = 0.0, None, time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and cage.poll() is None:
            time.sleep(1)
            sockets = [p.name for p in runtime.iterdir() if p.name.startswith("wayland-")
                       and not p.name.endswith(".lock")]
            if not sockets:
                continue
            grabbed = subprocess.run(_as_user(["grim", "-t", "png", str(shot)]),
                                     env=dict(env, WAYLAND_DISPLAY=sockets[0]),
                                     capture_output=True)
            if grabbed.returncode != 0 or not shot.exists():
                continue
            with Image.open(shot) as image:
                size = image.size
                # Pixels of cage's black, leaving out black text and the focus frame (thin
                # lines vanish under a 9x9 maximum; an uncovered area does not).
                black = image.convert("L").filter(ImageFilter.MaxFilter(9)).histogram()[0]
                covered = 1 - black / (size[0] * size[1])
            if covered > 0.99:
                break
        running = cage.poll() is None
        said = "" if running else cage.stdout.read().decode(errors="replace")[-2000:]
    finally:
        if cage.poll() is None:
            os.killpg(cage.pid, signal.SIGTERM)
            try:
                cage.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(cage.pid, signal.SIGKILL)
                cage.wait()
        cage.stdout.close()
    return size, covered, running, said


@pytest.mark.skipif(WHY_NOT is not None, reason=f"the kiosk under cage: {WHY_NOT}")
def test_the_kiosk_under_cage_covers_the_whole_output(tmp_path):
    # First a plain white full-screen window: where cage's headless back end shows nothing
    # at all, nothing can be seen.
    _size, shown, _running, _said = _under_cage(tmp_path, [sys.executable, "-c", PROBE], 30)
    if shown < 0.5:
        pytest.skip("the kiosk under cage: cage's headless back end shows nothing on this "
                    "machine, not even a plain white window (with wlroots' software renderer)")
    register = tmp_path / "kiosk.sqlite"
    demo.write_demo(register, 40)
    size, covered, running, said = _under_cage(tmp_path, [
        sys.executable, "-c", "import sys; from ui.main import main; sys.exit(main())",
        "--kiosk", "--db", str(register)])
    assert running, said
    # Cage's own background is black: the kiosk's window covers all of the output.
    assert size is not None and covered > 0.99, (size, covered)
