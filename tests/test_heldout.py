"""The held-out gold (tests/gold/heldout): well-formed, and `kg eval` runs on it.

The held-out articles measure generalisation honestly, so no quality threshold is asserted
here: the numbers are recorded in tests/gold/heldout/RESULTS.md, not enforced.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kg.evaluate import RELATION_CAMEO
from kg.records import Modality, Mood

HELDOUT = Path(__file__).resolve().parent / "gold" / "heldout"
GOLD_FILES = sorted(HELDOUT.glob("*.toml"))
METRIC_ROWS = (
    "actors (keys)",
    "actor resolution",
    "relations",
    "relations (CAMEO exact)",
    "relations in sentence",
    "mood (found relations)",
    "claim detection",
    "claimant (detected)",
    "modality (detected)",
)


def as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def test_heldout_folder_has_three_articles() -> None:
    assert [p.stem for p in GOLD_FILES] == [
        "arctic_nato_2026-03-10",
        "au_sudan_2025-09-14",
        "india_pakistan_2025-11-03",
    ]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_heldout_gold_is_well_formed(gold_path: Path) -> None:
    """Anchors short and unambiguous, forms present, values from the model's vocabularies."""
    gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
    text = (gold_path.parent / gold["source"]).read_text(encoding="utf-8")
    (article,) = gold["articles"]
    assert text.splitlines()[0].endswith(
        article["published"].replace("-", "年", 1).replace("-", "月", 1).replace("T", "日 ")
    )
    for actor in article["actors"]:
        for form in actor["forms"]:
            assert form in text, (actor["key"], form)
    for item in article["relations"] + article["claims"]:
        anchor = item["anchor"]
        assert len(anchor) <= 20 and "。" not in anchor, anchor
        assert text.count(anchor) == 1, anchor
    for relation in article["relations"]:
        assert set(as_list(relation["relation"])) <= set(RELATION_CAMEO), relation
        assert set(as_list(relation.get("mood", []))) <= {m.value for m in Mood}, relation
    for claim in article["claims"]:
        assert set(as_list(claim["modality"])) <= {m.value for m in Modality}, claim


def test_kg_eval_runs_on_heldout() -> None:
    """`kg eval` on the folder completes and prints every metric row and every article."""
    result = subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", "eval", str(HELDOUT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for row in METRIC_ROWS:
        assert any(line.startswith(row + " ") for line in lines), row
    for gold_path in GOLD_FILES:
        published = tomllib.loads(gold_path.read_text(encoding="utf-8"))["articles"][0]["published"]
        assert published in result.stdout, published
