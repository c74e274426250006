"""Shared fixtures: the analysed reference article, paths to golden data and ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set SVODKA_SHARED)")
    return path


@pytest.fixture(scope="session")
def shared():
    """``shared("data", "nerel", "dev")``: a path under ../shared, or skip."""
    return shared_path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (GOLDEN / "seed_kz_2022.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(seed_text: str):
    import svodka

    return svodka.analyze(seed_text)
