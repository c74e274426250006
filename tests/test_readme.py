"""README's two commands are real: the test command is exactly what .ci/run runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^    ((?:sh scripts/\S+ && )*pip install .+)$", text, flags=re.M)


def test_readme_starts_with_two_commands():
    commands = readme_commands()
    assert len(commands) >= 2
    assert commands[0].startswith("pip install -e '.[all]'") and commands[0].endswith("svodka demo")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()
    assert "set -euo pipefail" in ci and '"$rc" -eq 5' in ci
