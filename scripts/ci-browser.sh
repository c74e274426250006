#!/bin/sh
# Dependencies of svodka's browser tests (tests/browser, marked `browser`): Debian's chromium
# and the Python package playwright, which drives it (`executable_path=/usr/bin/chromium`).
#
# Never runs `playwright install`: the tests use the system Chromium, no downloaded browser.
# Installs what is missing (chromium with apt-get as root, playwright with pip); prints a
# note and exits 0 when it cannot (the browser tests then skip, saying why). Idempotent, and
# quiet when everything is already installed.
set -u
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python

have_chromium() {
    [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1
}

have_playwright() {
    "$PYTHON" -c "import playwright.sync_api" >/dev/null 2>&1
}

if ! have_chromium; then
    if [ "$(id -u)" != "0" ]; then
        echo "ci-browser: chromium not found; run as root (or: sudo apt-get install chromium)" \
             "to enable the browser tests" >&2
    elif ! command -v apt-get >/dev/null 2>&1; then
        echo "ci-browser: chromium not found and apt-get is not available; install Chromium" \
             "(set SVODKA_CHROMIUM to its path) to enable the browser tests" >&2
    else
        echo "ci-browser: installing chromium (Debian package)" >&2
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -q chromium >/dev/null 2>&1; then
            apt-get update -q >/dev/null 2>&1 || true
            apt-get install -y -q chromium >/dev/null 2>&1 ||
                echo "ci-browser: apt-get install chromium failed; the browser tests will" \
                     "skip" >&2
        fi
    fi
fi

if ! have_playwright; then
    echo "ci-browser: installing playwright (pip; no browser download)" >&2
    "$PYTHON" -m pip install -q playwright >/dev/null 2>&1 ||
        echo "ci-browser: pip install playwright failed; the browser tests will skip" >&2
fi
exit 0
