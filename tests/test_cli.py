import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svodka.cli import app
from svodka.doc import Document

GOLDEN = Path(__file__).resolve().parent / "golden"

runner = CliRunner(env={"COLUMNS": "200"})
SEED = GOLDEN / "seed_kz_2022.txt"


def run_cli(*args, input_bytes=None):
    """Run the real console entry point in a subprocess (exit codes, stderr, no tracebacks)."""
    return subprocess.run([sys.executable, "-m", "svodka.cli", *args], input=input_bytes,
                          capture_output=True, timeout=120)


def test_analyze_json_is_valid_svodka(tmp_path):
    result = runner.invoke(app, ["analyze", str(SEED)])
    assert result.exit_code == 0, result.output
    doc = Document.from_json(result.stdout)
    assert doc.schema == "svodka/1" and doc.validate() == []
    assert any(e.name == "Касым-Жомарт Токаев" for e in doc.entities)


def test_analyze_table_and_jsonl(tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("Владимир Путин провел переговоры в Минске.", encoding="utf-8")
    result = runner.invoke(app, ["analyze", "-f", "jsonl", str(SEED), str(other)])
    lines = result.stdout.strip().splitlines()
    assert result.exit_code == 0 and len(lines) == 2
    assert json.loads(lines[1])["entities"][0]["name"] == "Владимир Путин"
    table = runner.invoke(app, ["analyze", "-f", "table", str(SEED)])
    assert "Касым-Жомарт Токаев" in table.stdout and "Entities" in table.stdout


def test_analyze_stdin_and_published():
    result = runner.invoke(app, ["analyze", "--published", "2022-01-05", "-"],
                           input="Токаев выступил с обращением в Алматы.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["published"] == "2022-01-05"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_single_byte_encodings_are_detected(tmp_path, encoding):
    text = "Президент Казахстана Касым-Жомарт Токаев обратился к ОДКБ за помощью."
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    proc = run_cli("analyze", str(path))
    assert proc.returncode == 0
    assert f"decoded as {encoding}" in proc.stderr.decode()
    assert json.loads(proc.stdout)["text"] == text


@pytest.mark.parametrize("content, message", [
    (b"", "empty input"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"This is an English sentence about nothing.", "not Russian"),
])
def test_bad_input_one_line_exit_1(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = run_cli("analyze", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_file_and_usage_errors():
    proc = run_cli("analyze", "/nonexistent/file.txt")
    assert proc.returncode == 1 and "no such file" in proc.stderr.decode()
    proc = run_cli("analyze", "--format", "xml", str(SEED))
    assert proc.returncode == 2 and "unknown format" in proc.stderr.decode()
    proc = run_cli("analyze", "--published", "yesterday", str(SEED))
    assert proc.returncode == 2
    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr.decode()


def test_one_bad_file_does_not_lose_the_others(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    proc = run_cli("analyze", "-f", "jsonl", str(bad), str(SEED))
    assert proc.returncode == 1
    assert len(proc.stdout.decode().strip().splitlines()) == 1


def test_demo_runs(tmp_path):
    result = runner.invoke(app, ["demo", "--no-serve", "--db", str(tmp_path / "demo.sqlite")])
    assert result.exit_code == 0, result.output
    assert "Касым-Жомарт Токаев" in result.stdout and "Владимир Путин" in result.stdout
