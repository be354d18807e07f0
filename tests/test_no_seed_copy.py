"""The repository does not copy the seed's text.

Examples, fixtures, data and test sentences are written in the project's own words; the seed
(two blog posts in the shared folder) is only read at run time. Every git-tracked text file is
compared line by line with the seed: a line fails when it shares 11 or more consecutive
characters of Japanese text with the seed. Ignored, because sharing them is not copying:
section markers (【概要】, ``A.`` enumerators), timestamps and dates, URLs, a few proper names
(``NAMES``) and a few official concept names in the files that define them (``KNOWN_TERMS``).
The seed's only English is two citation lines and an image credit, and 11 characters of
English (`` of the time``, ``joint statement``) are ordinary words, so a run without Japanese
fails only from ``ENGLISH_RUN`` characters on (a copied title or sentence).

``tests/gold/seed.toml`` quotes the seed on purpose: anchors of at most 20 characters (see
``tests/gold/README.md``). There a line fails only when it quotes more than 20 characters.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

JAPANESE_RUN = 11
ENGLISH_RUN = 25
SEED_GOLD_RUN = 21
SEED_GOLD = "tests/gold/seed.toml"
THIS_FILE = "tests/test_no_seed_copy.py"

#: proper names the project must be able to write out in full; each one, with a particle or a
#: title next to it, already reaches the threshold
NAMES = (
    "アンドリュー・コリブコ",  # the seed's source author: gazetteer entry, author-voice tests
    "Andrew Korybko",  # the same author as bylined in the seed's citation line
    "Global Times",  # the seed's second source (an outlet): gazetteer and byline data
    "ドナルド・トランプ",  # full names as gazetteer labels and test sentences use them
    "ウラジーミル・プーチン",
    "エルドアン",  # トルコのエルドアン大統領と… is how any text introduces him
    "ロシア",  # state names: 「は、ロシアがウクライナ」 is 11 characters of ordinary prose
    "ウクライナ",
)

#: official concept names (a treaty-style label is one fixed string) allowed in the files that
#: hold the concept gazetteer or test it; anywhere else they still count as copied text
KNOWN_TERMS: dict[str, tuple[str, ...]] = {
    "kg/data/concepts.toml": (
        "セカンダリー・サンクション",  # the loanword for secondary sanctions
        "ルールに基づく国際秩序",  # "rules-based international order"
        "三大グローバル・イニシアティブ",  # China's "three global initiatives"
        "包括的戦略的協力パートナーシップ",  # the official name of the China-Russia partnership
        "包括的戦略協力パートナーシップ",  # its common variant
        "グローバル戦略的安定性",  # "global strategic stability", a joint-statement term
    ),
    "tests/test_gazetteer.py": ("セカンダリー・サンクション",),
}

#: stretches that are not prose: dates and timestamps first (2025.05.10 is not an enumerator),
#: section markers, sub-head enumerators (A. / 1.), URLs
IGNORED = re.compile(
    r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:\s?\d{1,2}:\d{2})?"
    r"|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}(?:T\d{1,2}:\d{2})?"
    r"|【[^】\n]{1,20}】"
    r"|(?<![A-Za-z0-9])[A-Z0-9][.．]\s?"
    r"|https?://\S+"
)
SEPARATOR = "\n"  # never inside a line: a masked stretch breaks every run through it


def mask(text: str, terms: tuple[str, ...] = ()) -> str:
    text = IGNORED.sub(SEPARATOR, text)
    for term in (*NAMES, *terms):
        text = text.replace(term, SEPARATOR)
    return text


def has_japanese(run: str) -> bool:
    return any(ord(c) >= 0x3000 for c in run)


def tracked_text_files() -> dict[str, str]:
    """Every git-tracked file that decodes as UTF-8 text (binary files skipped)."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False)
    if listing.returncode != 0:
        pytest.skip("not a git checkout: no list of tracked files")
    names = listing.stdout.split(b"\0")
    files: dict[str, str] = {}
    for raw in names:
        if not raw:
            continue
        name = raw.decode("utf-8")
        path = REPO / name
        if not path.is_file():
            continue  # deleted in the working tree
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            files[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return files


def copied_runs(line: str, seed: str, grams: set[str]) -> list[str]:
    """The longest stretches of ``line`` (already masked) that also occur in ``seed``."""
    runs: list[str] = []
    i, n = 0, JAPANESE_RUN
    while i <= len(line) - n:
        if line[i : i + n] not in grams:
            i += 1
            continue
        j = i + n
        while j < len(line) and line[j] != SEPARATOR and line[i : j + 1] in seed:
            j += 1
        runs.append(line[i:j])
        i = j
    return runs


def violations(seed_text: str, files: dict[str, str]) -> list[str]:
    seed = mask(seed_text)
    grams = {
        seed[i : i + JAPANESE_RUN]
        for i in range(len(seed) - JAPANESE_RUN + 1)
        if SEPARATOR not in seed[i : i + JAPANESE_RUN]
    }
    found: list[str] = []
    for name, text in files.items():
        terms = KNOWN_TERMS.get(name, ())
        if name == THIS_FILE:
            terms = tuple(t for allowed in KNOWN_TERMS.values() for t in allowed)
        for number, line in enumerate(text.splitlines(), 1):
            for run in copied_runs(mask(line, terms), seed, grams):
                if name == SEED_GOLD:
                    too_long = len(run) >= SEED_GOLD_RUN
                else:
                    too_long = has_japanese(run) or len(run) >= ENGLISH_RUN
                if too_long:
                    found.append(f"{name}:{number}: [{len(run)}] {run!r}")
    return found


def test_no_tracked_file_copies_the_seed(seed_path: Path) -> None:
    found = violations(seed_path.read_text(encoding="utf-8"), tracked_text_files())
    assert not found, "lines sharing text with the seed:\n" + "\n".join(found)


def test_the_check_catches_a_copied_sentence(seed_path: Path) -> None:
    """A sentence lifted from the seed fails; the same names and dates in new prose do not;
    the seed's gold may quote 20 characters, not 21."""
    seed_text = seed_path.read_text(encoding="utf-8")
    sentence = next(
        s.strip()
        for s in re.split(r"[。\n]", seed_text)
        if len(s.strip()) > 30 and has_japanese(s) and SEPARATOR not in mask(s.strip())
    )
    files = {
        "copied.txt": f"前置き。{sentence}。",
        "own.txt": "ロシアとウクライナ、2025年05月10日 21:32【概要】アンドリュー・コリブコ",
        SEED_GOLD: f'anchor = "{sentence[:20]}"\n',
    }
    assert [v.split(":")[0] for v in violations(seed_text, files)] == ["copied.txt"]
    too_long = {SEED_GOLD: f'anchor = "{sentence[:21]}"\n'}
    assert [v.split(":")[0] for v in violations(seed_text, too_long)] == [SEED_GOLD]
