"""`svodka serve` and ``serve_demo``: options, the printed URL, a real server process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from svodka import cli_serve
from svodka.cli import app
from svodka.errors import SvodkaError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_is_registered() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--token"):
        assert option in result.output


@pytest.fixture
def fake_uvicorn(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}

    def run(app: Any, **kwargs: Any) -> None:
        seen["app"], seen["kwargs"] = app, kwargs

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.delenv("SVODKA_TOKEN", raising=False)
    return seen


def test_serve_demo_prints_the_url(tmp_path: Path, fake_uvicorn: dict[str, Any],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    cli_serve.serve_demo(str(tmp_path / "demo.sqlite"), port=port)
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}/" in out
    assert fake_uvicorn["kwargs"]["host"] == "127.0.0.1"
    assert fake_uvicorn["kwargs"]["port"] == port
    state = fake_uvicorn["app"].state.svodka
    assert state.writes and state.token is None


def test_serve_command_options(tmp_path: Path, fake_uvicorn: dict[str, Any]) -> None:
    port = free_port()
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "a.sqlite"), "--host",
                                      "0.0.0.0", "--port", str(port), "--token", "tok"])
    assert result.exit_code == 0, result.output
    state = fake_uvicorn["app"].state.svodka
    assert state.token == "tok" and state.writes and state.host == "0.0.0.0"
    assert "writes need the token" in result.output
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "a.sqlite"), "--host",
                                      "0.0.0.0", "--port", str(port)])
    assert "writes are disabled" in result.output
    assert not fake_uvicorn["app"].state.svodka.writes


def test_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(SvodkaError, match="--port"):
            cli_serve.run_server(str(tmp_path / "a.sqlite"), "127.0.0.1", port)


def test_url_of() -> None:
    assert cli_serve.url_of("0.0.0.0", 80) == "http://127.0.0.1:80/"
    assert cli_serve.url_of("::1", 8000) == "http://[::1]:8000/"


def test_real_server(tmp_path: Path) -> None:
    """`svodka serve` as a process: answers, refuses foreign Host names, stops on SIGINT."""
    port = free_port()
    env = {**os.environ, "SVODKA_DB": str(tmp_path / "served.sqlite")}
    env.pop("SVODKA_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "svodka.cli", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                r = httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
                time.sleep(0.1)
        else:
            pytest.fail("server did not start")
        assert r.json() == {"status": "ok", "version": r.json()["version"], "documents": 0}
        assert httpx.get(base + "/", timeout=5).status_code == 200
        assert httpx.get(base + "/", headers={"host": "evil.example"}).status_code == 400
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _err = proc.communicate()
    assert f"http://127.0.0.1:{port}/" in out
    assert proc.returncode == 0
