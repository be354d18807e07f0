"""The second held-out gold (tests/gold/heldout2) is well-formed.

Written blind (without reading the engine's data or rules) to measure generalisation, so no
quality threshold is asserted and the extraction is not run here: `kg eval` on this folder is
for whoever measures the engine, and its numbers are recorded, not enforced.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.documents import load_file
from kg.evaluate import RELATION_CAMEO
from kg.records import Modality, Mood

HELDOUT2 = Path(__file__).resolve().parent / "gold" / "heldout2"
GOLD_FILES = sorted(HELDOUT2.glob("*.toml"))
BLOG_PREFIX = "blog:"


def as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def test_heldout2_folder_has_three_articles() -> None:
    assert [p.stem for p in GOLD_FILES] == [
        "iran_snapback_2025-08-16",
        "japan_china_korea_2026-05-24",
        "venezuela_guyana_2025-05-03",
    ]
    assert sorted(p.stem for p in HELDOUT2.glob("*.txt")) == [p.stem for p in GOLD_FILES]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_heldout2_gold_is_well_formed(gold_path: Path) -> None:
    """Anchors short and unambiguous, forms present, values from the model's vocabularies."""
    gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
    assert gold["source"] == gold_path.with_suffix(".txt").name
    text = (gold_path.parent / gold["source"]).read_text(encoding="utf-8")
    (article,) = gold["articles"]
    assert text.splitlines()[0].endswith(
        article["published"].replace("-", "年", 1).replace("-", "月", 1).replace("T", "日 ")
    )
    keys = {actor["key"] for actor in article["actors"]}
    for actor in article["actors"]:
        for form in actor["forms"]:
            assert form in text, (actor["key"], form)
    for item in article["relations"] + article["claims"]:
        anchor = item["anchor"]
        assert len(anchor) <= 20 and "。" not in anchor, anchor
        assert text.count(anchor) == 1, anchor
    for relation in article["relations"]:
        assert set(as_list(relation["relation"])) <= set(RELATION_CAMEO), relation
        assert "states" not in as_list(relation["relation"]), relation
        assert set(as_list(relation.get("mood", []))) <= {m.value for m in Mood}, relation
        assert str(relation["cameo"]).isdigit() and 2 <= len(relation["cameo"]) <= 4, relation
        for role in ("agent", "target"):
            assert set(as_list(relation.get(role, []))) <= keys, (role, relation)
    for claim in article["claims"]:
        assert set(as_list(claim["modality"])) <= {m.value for m in Modality}, claim
        for claimant in as_list(claim["claimant"]):
            assert claimant in keys or claimant == article["author"], claim
    assert article["author"].startswith(BLOG_PREFIX)
    assert article["source_author"] in keys


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_heldout2_anchors_name_exactly_one_sentence(gold_path: Path) -> None:
    """Each anchor falls inside exactly one sentence as the document splitter cuts the text."""
    gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
    (document,) = load_file(gold_path.parent / gold["source"])
    (article,) = gold["articles"]
    assert document.published is not None
    assert document.published.strftime("%Y-%m-%dT%H:%M") == article["published"]
    assert f"{BLOG_PREFIX}{document.author}" == article["author"]
    sentences = [s.text for s in document.sentences]
    for item in article["relations"] + article["claims"]:
        hits = sum(item["anchor"] in s for s in sentences)
        assert hits == 1, (item["anchor"], hits)
