"""Shared fixtures. GiNZA is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GEOPOL_KG_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seeds" / "000_b790a10d624dd4e2.txt"
CAMEO_TSV = SHARED / "reference" / "cameo.tsv"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed text not found at {SEED}")
    return SEED
