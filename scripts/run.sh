#!/bin/sh
# Install Regiegroep into .venv and start it on its default register.
# On a Linux machine without a screen it starts on a virtual screen (Xvfb), installing
# Xvfb and the X libraries Qt needs first when run as root.
set -e
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
# The locked versions only (requirements.lock), then the app itself without further downloads.
log=$(mktemp)
if ! { .venv/bin/pip install -q -r requirements.lock && \
       .venv/bin/pip install -q --no-deps --no-build-isolation . ; } >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; echo "Installing Regiegroep failed (see above)." >&2; exit 1
fi
rm -f "$log"
if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
   && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if ! command -v xvfb-run >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "No screen found: installing a virtual screen (Xvfb)..."
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth libxcb-cursor0 \
        libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
        libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libegl1 libgl1 >/dev/null
    else
      echo "No screen found. Install xvfb (apt-get install xvfb) or run on a desktop." >&2
      exit 1
    fi
  fi
  echo "Starting Regiegroep on a virtual screen (Xvfb, display chosen by xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/regiegroep "$@"
fi
exec .venv/bin/regiegroep "$@"
