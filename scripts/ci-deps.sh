#!/bin/sh
# System dependencies of svodka's test suites: the PostgreSQL server binaries (initdb,
# pg_ctl) that the store tests start a throwaway cluster with.
#
# Installs Debian's `postgresql` package when the binaries are missing and apt is usable as
# root; otherwise prints a note and exits 0 (the PostgreSQL tests then skip, saying why).
# Idempotent, and quiet when everything is already installed.
set -u

have_postgres() {
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && return 0
    done
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

if have_postgres; then
    exit 0
fi

if [ "$(id -u)" != "0" ]; then
    echo "ci-deps: PostgreSQL server binaries not found; run as root (or: sudo apt-get install" \
         "postgresql) to enable the PostgreSQL store tests" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ci-deps: PostgreSQL server binaries not found and apt-get is not available;" \
         "install PostgreSQL (initdb, pg_ctl) to enable the PostgreSQL store tests" >&2
    exit 0
fi

echo "ci-deps: installing postgresql (Debian package)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q postgresql >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    if ! apt-get install -y -q postgresql >/dev/null 2>&1; then
        echo "ci-deps: apt-get install postgresql failed; the PostgreSQL store tests will" \
             "skip" >&2
        exit 0
    fi
fi
if have_postgres; then
    echo "ci-deps: postgresql installed" >&2
else
    echo "ci-deps: postgresql installed but initdb/pg_ctl not found" >&2
fi
exit 0
