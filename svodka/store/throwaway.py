"""A throwaway PostgreSQL cluster (initdb + pg_ctl in a temporary directory) for tests and
benchmarks. Needs the server binaries (Debian: ``apt-get install postgresql``, see
``scripts/ci-deps.sh``). PostgreSQL refuses to run as root, so as root the cluster runs as
the ``postgres`` system user (created if missing).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or the cluster could not start; the message says why."""


def find_bin_dir() -> Path | None:
    """Directory with initdb and pg_ctl: $SVODKA_PG_BIN, PATH, or the newest Debian layout."""
    env = os.environ.get("SVODKA_PG_BIN")
    if env and (Path(env) / "initdb").exists():
        return Path(env)
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                  key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0)
    for d in reversed(dirs):
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """Start with ``start()`` (or as a context manager); ``url(db)`` connects as superuser."""

    user = "svodka"

    def __init__(self, *, fast: bool = True) -> None:
        self.fast = fast  # fsync off: fine for data that dies with the cluster
        self.bin_dir = find_bin_dir()
        self.dir: Path | None = None
        self.port = 0
        self._run_as: list[str] = []

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _cmd(self, *args: str) -> list[str]:
        assert self.bin_dir is not None
        return [*self._run_as, str(self.bin_dir / args[0]), *args[1:]]

    def _prepare_user(self) -> None:
        if os.geteuid() != 0:
            return
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                            "/usr/sbin/nologin", "postgres"], check=True, capture_output=True)
        runuser = shutil.which("runuser")
        self._run_as = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres",
                                                                           "-s", "/bin/sh",
                                                                           "-c"]
        if not runuser:  # su -c takes one string
            raise PostgresUnavailable("running as root without runuser: cannot start "
                                      "PostgreSQL as a non-root user")

    def start(self) -> None:
        if self.bin_dir is None:
            raise PostgresUnavailable("PostgreSQL server binaries not found (install the "
                                      "Debian 'postgresql' package: scripts/ci-deps.sh)")
        self._prepare_user()
        self.dir = Path(tempfile.mkdtemp(prefix="svodka-pg-"))
        if self._run_as:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        init = subprocess.run(self._cmd("initdb", "-D", str(data), "-U", self.user,
                                        "--auth=trust", "-E", "UTF8", "--locale=C",
                                        "--no-sync"),
                              capture_output=True, text=True)
        if init.returncode != 0:
            self._cleanup()
            raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-500:]}")
        for _ in range(5):
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                       "-c max_connections=50 -c shared_buffers=256MB")
            if self.fast:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            run = subprocess.run(self._cmd("pg_ctl", "-D", str(data), "-l",
                                           str(self.dir / "server.log"), "-o", options,
                                           "-w", "-t", "60", "start"),
                                 capture_output=True, text=True)
            if run.returncode == 0:
                return
            time.sleep(0.2)
        log = (self.dir / "server.log").read_text(errors="replace")[-800:]
        self._cleanup()
        raise PostgresUnavailable(f"pg_ctl start failed: {log.strip()}")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create database ``name`` (a plain identifier) and return its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))

    def stop(self) -> None:
        if self.dir is None:
            return
        subprocess.run(self._cmd("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate",
                                 "-w", "stop"), capture_output=True)
        self._cleanup()

    def _cleanup(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
