"""The gazetteer: every actor, concept and place the extractor knows by name.

Knowledge lives in TOML files under ``kg/data/`` (states.toml, actors.toml,
leaders.toml, organizations.toml, concepts.toml, places.toml, mention_rules.toml;
each documents its schema at the top). States are generated from pycountry
(ISO 3166-1 alpha-3 keys, English and Japanese names) and refined by states.toml.
Users add or override entries with files of the same schema, passed as ``extra``
or listed in the environment variable ``GEOPOL_KG_GAZETTEER`` (paths separated by
``os.pathsep``).

Merging: files are applied in order (shipped data, then ``GEOPOL_KG_GAZETTEER``,
then ``extra``). An entry whose key already exists adds its list fields (aliases,
title_aliases, context_aliases, abbreviations) to the old ones and replaces the
scalar fields it sets; a new key creates an entry. A list in mention_rules tables
is extended the same way.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import ValidationError

from kg.errors import KGError
from kg.paths import DATA_DIR
from kg.records import Actor, ActorType, Concept, Place

ENV_VAR = "GEOPOL_KG_GAZETTEER"
SHIPPED_FILES = (
    "states.toml",
    "actors.toml",
    "leaders.toml",
    "organizations.toml",
    "concepts.toml",
    "places.toml",
)
RULES_FILE = "mention_rules.toml"

Kind = Literal["actor", "concept", "place"]
#: how a name may be used: a plain name; only before a title (習 in 習主席); only when
#: a context actor is near (議会); a body standing for the actor, kept as role (国務省)
Form = Literal["name", "title_only", "context", "metonym"]

LIST_FIELDS = (
    "aliases",
    "title_aliases",
    "context_aliases",
    "abbreviations",
    "metonyms",
    "document_aliases",
)
ENTRY_FIELDS = {
    "state": {"key", "label_ja", "label_en", "wikidata", "historic", *LIST_FIELDS},
    "actor": {"key", "type", "label_ja", "label_en", "wikidata", "affiliation", "context"}
    | set(LIST_FIELDS),
    "concept": {"key", "label_ja", "label_en", "aliases", "wikidata"},
    "place": {"key", "label_ja", "label_en", "aliases", "country", "wikidata", "metonym_of"},
}
#: TOML array-of-tables name -> the kind of entry it holds
TABLE_KIND: dict[str, Kind] = {
    "state": "actor",
    "actor": "actor",
    "concept": "concept",
    "place": "place",
}
#: a parenthesised short form in a pycountry name: 大韓民国 (韓国)
PAREN = re.compile(r"\s*[(（]([^)）]+)[)）]\s*")


#: name separators folded to the middle dot: ジャン＝ノエル・バロ matches ジャン・ノエル・バロ
NAME_SEPARATORS = {"＝": "・", "゠": "・"}


def fold(text: str) -> str:
    """NFKC per character where it keeps one character (ＮＡＴＯ -> NATO, ｶﾀｶﾅ -> カタカナ);
    the full-width equals sign that joins names becomes a middle dot.

    Offsets stay valid: the folded text has the length of the original.
    """
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        if ch in NAME_SEPARATORS:
            out.append(NAME_SEPARATORS[ch])
            continue
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm if len(norm) == 1 else ch)
    return "".join(out)


class GazetteerError(KGError):
    """A gazetteer file cannot be read or does not follow the documented schema."""


@dataclass(frozen=True)
class Name:
    """One way an entry is written in text."""

    surface: str
    kind: Kind
    key: str
    form: Form = "name"
    context: str | None = None  # actor key that must be near, for form "context"


@dataclass
class MentionRules:
    """The word lists of mention_rules.toml (titles, metonyms, abbreviation cues)."""

    titles: list[str] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)
    honorifics: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    administration: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    abbreviation_suffixes: list[str] = field(default_factory=list)
    compound_heads: list[str] = field(default_factory=list)
    needs_context: list[str] = field(default_factory=list)
    context_particles: list[str] = field(default_factory=list)
    context_after: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    not_initial: list[str] = field(default_factory=list)
    acting_after: list[str] = field(default_factory=list)
    state_not_before: list[str] = field(default_factory=list)
    state_still_before: list[str] = field(default_factory=list)
    person_ner_labels: list[str] = field(default_factory=list)
    org_suffixes: list[str] = field(default_factory=list)
    media_suffixes: list[str] = field(default_factory=list)
    person_stopwords: list[str] = field(default_factory=list)
    title_heads: list[str] = field(default_factory=list)
    open_titles: list[str] = field(default_factory=list)
    same_state: list[str] = field(default_factory=list)
    both_states: list[str] = field(default_factory=list)
    organs: list[str] = field(default_factory=list)
    organ_suffixes: list[str] = field(default_factory=list)
    body_heads: list[str] = field(default_factory=list)
    same_person: list[str] = field(default_factory=list)
    both_people: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    region_not_acting: list[str] = field(default_factory=list)
    addressee_relations: list[str] = field(default_factory=list)
    definite_heads: list[str] = field(default_factory=list)
    both_sides: list[str] = field(default_factory=list)
    same_organization: list[str] = field(default_factory=list)
    locating_after: list[str] = field(default_factory=list)
    #: group name -> words for a group of one state's people (opposition: 野党, 反体制派)
    groups: dict[str, list[str]] = field(default_factory=dict)

    #: (toml table, toml key) -> attribute
    LAYOUT: ClassVar[dict[tuple[str, str], str]] = {
        ("titles", "person"): "titles",
        ("titles", "modifiers"): "modifiers",
        ("titles", "honorifics"): "honorifics",
        ("government", "bodies"): "bodies",
        ("government", "administration"): "administration",
        ("abbreviations", "prefixes"): "prefixes",
        ("abbreviations", "suffixes"): "abbreviation_suffixes",
        ("abbreviations", "compound_heads"): "compound_heads",
        ("abbreviations", "needs_context"): "needs_context",
        ("abbreviations", "context_particles"): "context_particles",
        ("abbreviations", "context_after"): "context_after",
        ("abbreviations", "exclude"): "exclude",
        ("abbreviations", "not_initial"): "not_initial",
        ("metonyms", "acting_after"): "acting_after",
        ("states", "not_before"): "state_not_before",
        ("states", "still_before"): "state_still_before",
        ("unknown", "person_ner_labels"): "person_ner_labels",
        ("unknown", "org_suffixes"): "org_suffixes",
        ("unknown", "media_suffixes"): "media_suffixes",
        ("unknown", "person_stopwords"): "person_stopwords",
        ("titles", "heads"): "title_heads",
        ("titles", "open"): "open_titles",
        ("anaphora", "same_state"): "same_state",
        ("anaphora", "both_states"): "both_states",
        ("government", "organs"): "organs",
        ("government", "organ_suffixes"): "organ_suffixes",
        ("government", "heads"): "body_heads",
        ("anaphora", "same_person"): "same_person",
        ("anaphora", "both_people"): "both_people",
        ("anaphora", "leaders"): "leaders",
        ("anaphora", "definite_heads"): "definite_heads",
        ("anaphora", "both_sides"): "both_sides",
        ("anaphora", "same_organization"): "same_organization",
        ("anaphora", "locating_after"): "locating_after",
        ("metonyms", "region_not_acting"): "region_not_acting",
        ("metonyms", "addressee_relations"): "addressee_relations",
    }

    def extend(self, data: dict[str, Any], source: Path) -> None:
        for (table, name), attr in self.LAYOUT.items():
            words = data.get(table, {}).get(name)
            if words is None:
                continue
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise GazetteerError(f"{source}: [{table}] {name} must be a list of strings")
            current: list[str] = getattr(self, attr)
            current.extend(w for w in words if w not in current)
        groups = data.get("groups", {})
        if not isinstance(groups, dict):
            raise GazetteerError(f"{source}: [groups] must be a table")
        for name, words in groups.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise GazetteerError(f"{source}: [groups] {name} must be a list of strings")
            current_group = self.groups.setdefault(name, [])
            current_group.extend(w for w in words if w not in current_group)

    @staticmethod
    def longest_prefix(text: str, pos: int, words: Iterable[str]) -> str | None:
        """The longest word of ``words`` that ``text`` has at ``pos``."""
        best: str | None = None
        for w in words:
            if text.startswith(w, pos) and (best is None or len(w) > len(best)):
                best = w
        return best


class Trie:
    """Character trie for longest-match scanning of the text."""

    END = ""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}

    def add(self, surface: str, name: Name) -> None:
        node = self.root
        for ch in surface:
            node = node.setdefault(ch, {})
        node.setdefault(self.END, []).append(name)

    def matches(self, text: str, pos: int) -> Iterator[tuple[int, list[Name]]]:
        """Every (end, names) of a surface starting at ``pos``, shortest first."""
        node = self.root
        for i in range(pos, len(text)):
            nxt = node.get(text[i])
            if nxt is None:
                return
            node = nxt
            if self.END in node:
                yield i + 1, node[self.END]


@dataclass
class Gazetteer:
    """Actors, concepts and places with every name they go by."""

    actors: dict[str, Actor] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    place_aliases: dict[str, list[str]] = field(default_factory=dict)
    metonyms: dict[str, str] = field(default_factory=dict)  # place key -> actor key
    context_of: dict[str, str] = field(default_factory=dict)  # actor key -> context key
    title_aliases: dict[str, list[str]] = field(default_factory=dict)
    context_aliases: dict[str, list[str]] = field(default_factory=dict)
    body_metonyms: dict[str, list[str]] = field(default_factory=dict)  # USA: [国務省]
    #: names that mean the actor in a document that names it otherwise (e3: [欧州])
    document_aliases: dict[str, list[str]] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)  # one char -> actor key
    rules: MentionRules = field(default_factory=MentionRules)
    sources: list[Path] = field(default_factory=list)
    trie: Trie = field(default_factory=Trie)
    names: dict[str, list[Name]] = field(default_factory=dict)
    #: surname -> the people whose Japanese name it ends (katakana) or starts (kanji)
    #: with: アリ -> [irfaan-ali], 趙 -> [cho-hyun]; see :func:`surnames_of`
    surnames: dict[str, list[str]] = field(default_factory=dict)
    #: the same, keyed by :func:`loose_kana` of the surname (katakana surnames only)
    loose_surnames: dict[str, list[str]] = field(default_factory=dict)
    #: people by :func:`loose_kana` of a full katakana name (ウォロディミル・ゼレンスキー)
    loose_names: dict[str, list[str]] = field(default_factory=dict)

    def lookup(self, surface: str) -> list[Name]:
        """Every entry written as ``surface`` (up to full-width/half-width forms)."""
        return list(self.names.get(fold(surface.strip()), []))

    def resolve(self, surface: str, kind: Kind = "actor") -> str | None:
        """The key of the entry of ``kind`` named exactly ``surface`` (whole names only)."""
        surface = fold(surface.strip())
        for name in self.names.get(surface, []):
            if name.kind == kind and name.form == "name":
                return name.key
        key = self.abbreviations.get(surface)
        return key if kind == "actor" else None

    def record(self, kind: Kind, key: str) -> Actor | Concept | Place:
        table: dict[str, Any] = {
            "actor": self.actors,
            "concept": self.concepts,
            "place": self.places,
        }[kind]
        return table[key]

    def is_state(self, key: str) -> bool:
        actor = self.actors.get(key)
        return actor is not None and actor.type == ActorType.STATE

    def _index(self) -> None:
        self.trie = Trie()
        self.names = {}
        self.surnames = {}
        self.loose_surnames = {}
        self.loose_names = {}
        for a in self.actors.values():
            if a.type != ActorType.PERSON:
                continue
            for s in dict.fromkeys(
                n for written in (a.label_ja, *a.aliases) if written for n in surnames_of(written)
            ):
                self.surnames.setdefault(s, []).append(a.key)
                if not is_kanji_name(s):
                    bucket = self.loose_surnames.setdefault(loose_kana(s), [])
                    if a.key not in bucket:
                        bucket.append(a.key)
            for written in (a.label_ja, *a.aliases):
                if written and "・" in written and not written.isascii():
                    bucket = self.loose_names.setdefault(loose_kana(written), [])
                    if a.key not in bucket:
                        bucket.append(a.key)

        def add(surface: str, name: Name) -> None:
            surface = fold(surface.strip())
            if not surface:
                return
            bucket = self.names.setdefault(surface, [])
            if name not in bucket:
                bucket.append(name)
                self.trie.add(surface, name)

        for a in self.actors.values():
            for s in (a.label_ja, a.label_en, *a.aliases):
                if s:
                    add(s, Name(s, "actor", a.key))
            for s in self.title_aliases.get(a.key, []):
                add(s, Name(s, "actor", a.key, "title_only"))
            for s in self.context_aliases.get(a.key, []):
                add(s, Name(s, "actor", a.key, "context", self.context_of.get(a.key)))
            for s in self.body_metonyms.get(a.key, []):
                add(s, Name(s, "actor", a.key, "metonym"))
        for c in self.concepts.values():
            for s in (c.label_ja, c.label_en, *c.aliases):
                if s:
                    add(s, Name(s, "concept", c.key))
        for p in self.places.values():
            for s in (p.label_ja, p.label_en, *self.place_aliases.get(p.key, [])):
                if s:
                    add(s, Name(s, "place", p.key))


#: small kana written for the large ones in other transliterations (ティ / テイ)
SMALL_KANA = str.maketrans("ァィゥェォャュョヮッ", "アイウエオヤユヨワツ")


def loose_kana(name: str) -> str:
    """A katakana name without voicing marks, long vowels or small kana, so that two
    transliterations of one name meet (ラザロ / ラサロ, ゼレンスキ / ゼレンスキー)."""
    decomposed = unicodedata.normalize("NFD", fold(name))
    bare = "".join(ch for ch in decomposed if ch not in "\u3099\u309aー・")
    return unicodedata.normalize("NFC", bare).translate(SMALL_KANA)


def is_kanji_name(name: str) -> bool:
    return len(name) >= 2 and all("\u4e00" <= ch <= "\u9fff" or ch in "々" for ch in name)


def surnames_of(name: str) -> list[str]:
    """The forms a person's name is shortened to before a title (アリ大統領, 趙外相): the
    last part of a name written with a middle dot (イルファーン・アリ -> アリ), or the
    first one or two characters of a kanji name (趙顕 -> 趙, 茂木敏充 -> 茂木, 茂). A wrong
    split (茂 of 茂木敏充) matches nothing that the tokenizer tags as a name."""
    name = fold(name.strip())
    if "・" in name:
        last = name.rsplit("・", 1)[1]
        return [last] if len(last) >= 2 else []
    if is_kanji_name(name):
        return [name[:n] for n in (2, 1) if n < len(name)]
    return []


# ----------------------------------------------------------------------------- loading


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise GazetteerError(f"gazetteer file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read: {exc.strerror}") from exc


def _pycountry_states() -> dict[str, dict[str, Any]]:
    """One raw State entry per ISO 3166-1 country, with its Japanese name."""
    import pycountry

    try:
        ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
        translate = ja.gettext
    except OSError:  # no Japanese catalogue: English names only

        def translate(message: str) -> str:
            return message

    states: dict[str, dict[str, Any]] = {}
    for c in pycountry.countries:
        en = getattr(c, "common_name", None) or c.name
        aliases = [n for n in (c.name, getattr(c, "official_name", None)) if n and n != en]
        label_ja = None
        translated = translate(c.name)
        if translated != c.name:
            short = PAREN.findall(translated)
            label_ja = PAREN.sub("", translated).strip() or None
            aliases.extend(short)
        states[c.alpha_3] = {
            "key": c.alpha_3,
            "type": "State",
            "label_en": en,
            "label_ja": label_ja,
            "aliases": aliases,
        }
    return states


def _merge(raw: dict[str, dict[str, Any]], entry: dict[str, Any]) -> None:
    old = raw.get(entry["key"])
    if old is None:
        raw[entry["key"]] = {k: (list(v) if isinstance(v, list) else v) for k, v in entry.items()}
        return
    for k, v in entry.items():
        if k in LIST_FIELDS:
            old.setdefault(k, [])
            old[k].extend(x for x in v if x not in old[k])
        elif k in ("label_ja", "label_en") and old.get(k) and old[k] != v:
            old.setdefault("aliases", [])
            if old[k] not in old["aliases"]:
                old["aliases"].append(old[k])
            old[k] = v
        else:
            old[k] = v


def _entries(data: dict[str, Any], table: str, source: Path) -> list[dict[str, Any]]:
    items = data.get(table, [])
    if not isinstance(items, list):
        raise GazetteerError(f"{source}: [[{table}]] must be an array of tables")
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise GazetteerError(f"{source}: [[{table}]] entry {n} has no string key")
        unknown = set(item) - ENTRY_FIELDS[table]
        if unknown:
            raise GazetteerError(
                f"{source}: [[{table}]] {item['key']}: "
                f"unknown field(s) {', '.join(sorted(unknown))}"
            )
        for k in LIST_FIELDS:
            v = item.get(k)
            if v is not None and (
                not isinstance(v, list) or not all(isinstance(x, str) for x in v)
            ):
                raise GazetteerError(
                    f"{source}: [[{table}]] {item['key']}: {k} must be a list of strings"
                )
        entry = dict(item)
        if table == "state":
            entry["type"] = "State"
            entry.pop("historic", None)
        out.append(entry)
    return out


def _env_files() -> list[Path]:
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_gazetteer(extra: list[Path] | None = None) -> Gazetteer:
    """Load the shipped gazetteer, then the files in $GEOPOL_KG_GAZETTEER, then ``extra``.

    The result for a given list of files is cached: it is built once per process.
    """
    files = tuple(DATA_DIR / f for f in SHIPPED_FILES) + tuple(_env_files())
    files += tuple(Path(p) for p in extra or [])
    return _load(files)


@functools.cache
def _load(files: tuple[Path, ...]) -> Gazetteer:
    raw: dict[Kind, dict[str, dict[str, Any]]] = {
        "actor": _pycountry_states(),
        "concept": {},
        "place": {},
    }
    rules = MentionRules()
    rules_path = DATA_DIR / RULES_FILE
    rules.extend(_read_toml(rules_path), rules_path)
    for path in files:
        data = _read_toml(path)
        for table in ("state", "actor", "concept", "place"):
            for entry in _entries(data, table, path):
                _merge(raw[TABLE_KIND[table]], entry)
        rules.extend(data, path)
    gaz = Gazetteer(rules=rules, sources=[rules_path, *files])
    _build(gaz, raw)
    return gaz


def _build(gaz: Gazetteer, raw: dict[Kind, dict[str, dict[str, Any]]]) -> None:
    def fail(source: str, exc: ValidationError) -> GazetteerError:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return GazetteerError(f"gazetteer entry {source}: {where}: {first['msg']}")

    for key, e in raw["actor"].items():
        gaz.title_aliases[key] = e.get("title_aliases", [])
        gaz.context_aliases[key] = e.get("context_aliases", [])
        gaz.body_metonyms[key] = e.get("metonyms", [])
        if e.get("document_aliases"):
            gaz.document_aliases[key] = e["document_aliases"]
        if e.get("context"):
            gaz.context_of[key] = e["context"]
        for ch in e.get("abbreviations", []):
            if len(ch) != 1:
                raise GazetteerError(
                    f"gazetteer entry {key}: abbreviation {ch!r} is not one character"
                )
            gaz.abbreviations[ch] = key
        fields = {k: v for k, v in e.items() if k in Actor.model_fields}
        labels = {e.get("label_ja"), e.get("label_en")}
        fields["aliases"] = list(dict.fromkeys(a for a in e.get("aliases", []) if a not in labels))
        if "type" not in fields:
            raise GazetteerError(f"gazetteer entry {key}: actor has no type")
        try:
            gaz.actors[key] = Actor(**fields)
        except ValidationError as exc:
            raise fail(key, exc) from exc
    for key, e in raw["concept"].items():
        try:
            gaz.concepts[key] = Concept(**{k: v for k, v in e.items() if k in Concept.model_fields})
        except ValidationError as exc:
            raise fail(key, exc) from exc
    for key, e in raw["place"].items():
        gaz.place_aliases[key] = e.get("aliases", [])
        if e.get("metonym_of"):
            gaz.metonyms[key] = e["metonym_of"]
        try:
            gaz.places[key] = Place(**{k: v for k, v in e.items() if k in Place.model_fields})
        except ValidationError as exc:
            raise fail(key, exc) from exc
    for key, a in gaz.actors.items():
        if a.affiliation and a.affiliation not in gaz.actors:
            raise GazetteerError(f"gazetteer entry {key}: unknown affiliation {a.affiliation!r}")
    for key, target in [*gaz.context_of.items(), *gaz.metonyms.items()]:
        if target not in gaz.actors:
            raise GazetteerError(f"gazetteer entry {key}: unknown actor {target!r}")
    gaz._index()
