"""Quality gate: svodka's accuracy may not drop below the pinned minimums."""

import json
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("SVODKA_SHARED", HERE.parent.parent / "shared"))


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set SVODKA_SHARED)")
    return path

PINS = json.loads((HERE / "quality_pins.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold_result():
    from svodka.eval.gold import evaluate

    return evaluate([HERE / "golden"])


def test_ner_factrueval_gate():
    from svodka.eval.ner import evaluate

    result = evaluate(shared_path("data", "factrueval", "devset"))
    for typ, pin in PINS["ner_factrueval_devset_f1"].items():
        got = result["svodka"][typ]["f1"]
        assert got >= pin, f"factRuEval {typ} F1 {got:.3f} fell below its pin {pin}"


@pytest.mark.parametrize("kind", sorted(PINS["gold_tests_golden"]))
def test_gold_gate(gold_result, kind):
    scores = gold_result["kinds"][kind]
    for metric, pin in PINS["gold_tests_golden"][kind].items():
        got = scores[metric]
        assert got is not None and got >= pin, f"{kind} {metric} {got} fell below its pin {pin}"
