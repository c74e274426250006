"""Quality gate: svodka's accuracy may not drop below the pinned minimums."""

import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PINS = json.loads((HERE / "quality_pins.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold_results():
    from svodka.eval.gold import evaluate

    return {"gold_all": evaluate([HERE / "golden", HERE / "eval" / "gold"]),
            "gold_tests_golden": evaluate([HERE / "golden"])}


def test_ner_factrueval_gate(shared):
    from svodka.eval.ner import evaluate

    result = evaluate(shared("data", "factrueval", "devset"))
    for typ, pin in PINS["ner_factrueval_devset_f1"].items():
        got = result["svodka"][typ]["f1"]
        assert got >= pin, f"factRuEval {typ} F1 {got:.3f} fell below its pin {pin}"
        assert got > result["natasha"][typ]["f1"], f"{typ}: svodka no longer beats Natasha"


@pytest.mark.parametrize("suite, kind", [(s, k) for s in ("gold_all", "gold_tests_golden")
                                         for k in sorted(PINS[s])])
def test_gold_gate(gold_results, suite, kind):
    scores = gold_results[suite]["kinds"][kind]
    for metric, pin in PINS[suite][kind].items():
        got = scores[metric]
        assert got is not None and got >= pin, f"{suite} {kind} {metric} {got} fell below {pin}"


def test_dates_normalisation_gate():
    from svodka.eval.dates import eval_dates_norm

    result = eval_dates_norm(HERE / "eval" / "dates_norm.jsonl")
    assert result["accuracy"] >= PINS["dates_norm_accuracy"], result.get("errors")


def test_stories_gate(shared):
    from svodka.eval.stories import analyse_devset, evaluate, load_devset

    dev = load_devset(HERE / "eval" / "stories", shared("data", "nerel"))
    result = evaluate(dev, analyse_devset(dev))
    pins = PINS["stories"]
    got = result["stories_bcubed"]["f1"]
    assert got >= pins["bcubed_f1"], f"story clustering B-cubed F1 {got} fell below its pin"
    got = result["events"]["pairwise"]["f1"]
    assert got >= pins["event_merge_f1"], f"event merging F1 {got} fell below its pin"
