"""The predicate lexicon and the modality/mood markers, loaded from TOML under kg/data/.

Knowledge lives in data files a domain expert can extend; this module only validates them
and indexes them for the rules in kg/events.py and kg/claims.py.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.paths import DATA_DIR
from kg.records import Modality

PREDICATES_FILE = DATA_DIR / "predicates.toml"
MARKERS_FILE = DATA_DIR / "markers.toml"

#: relation properties of docs/MODEL.md, with their CAMEO annotation
RELATIONS: dict[str, str] = {
    "states": "01",
    "appealsTo": "02",
    "meets": "04",
    "talksByPhone": "041",
    "hosts": "043",
    "mediates": "045",
    "negotiatesWith": "046",
    "cooperatesWith": "05",
    "supports": "051",
    "signs": "057",
    "agreesWith": "057",
    "tradesWith": "061",
    "providesAidTo": "07",
    "providesEconomicAidTo": "071",
    "providesMilitaryAidTo": "072",
    "yieldsTo": "08",
    "demands": "10",
    "criticizes": "111",
    "accuses": "112",
    "rejects": "12",
    "threatens": "13",
    "protests": "14",
    "mobilizesAgainst": "15",
    "withdrawsFrom": "16",
    "sanctions": "163",
    "coerces": "17",
    "attacks": "19",
}


class LexiconError(KGError):
    """A lexicon or marker file is malformed."""


@dataclass(frozen=True)
class Refinement:
    """A finer CAMEO code (and maybe relation) when the object mentions one of `words`."""

    words: tuple[str, ...]
    cameo: str
    relation: str | None = None


@dataclass(frozen=True)
class PredicateSense:
    """One reading of a trigger lemma."""

    lemma: str
    relation: str
    cameo: str
    symmetric: bool = False
    requires: tuple[str, ...] = ()
    absorbs: tuple[str, ...] = ()
    refinements: tuple[Refinement, ...] = ()
    unary: bool = False
    nominal_only: bool = False
    chained_target: bool = False
    verbal_only: bool = False
    own_object: bool = False
    source_target: bool = False
    compound_target: bool = False
    clause_target: bool = False
    #: actors the trigger itself names as its target (訪中 -> CHN)
    fixed_targets: tuple[str, ...] = ()
    #: the relation the trigger names when negated (受け入れない, 認めない -> rejects): the
    #: event is then that relation, not a negated one
    when_negated: str | None = None
    #: the trigger counts only when negated (認めない: 認める alone is too many things)
    only_negated: bool = False
    #: a place named as the target stands for its state (モスクワを訪れ -> RUS)
    place_target: bool = False
    #: the trigger answers a request: without a target it is aimed at whoever asked just
    #: before (…を求めたが、Bは応じなかった)
    answers_request: bool = False

    def refine(self, context: str) -> tuple[str, str]:
        """(relation, cameo) for an object/complement whose text is `context`."""
        for r in self.refinements:
            if any(w in context for w in r.words):
                return r.relation or self.relation, r.cameo
        return self.relation, self.cameo


@dataclass(frozen=True)
class Markers:
    """Speech-act, modality and mood markers (kg/data/markers.toml)."""

    reported: frozenset[str]
    opinion: dict[str, Modality]
    modality_phrases: tuple[tuple[str, Modality], ...]
    conditional_nouns: frozenset[str]
    conditional_endings: frozenset[str]
    hypothetical_heads: frozenset[str]
    hypothetical_endings: tuple[str, ...]
    planned_nouns: frozenset[str]
    request_heads: frozenset[str]
    negation: frozenset[str]
    negative_predicates: frozenset[str]
    representative_nouns: frozenset[str]
    carrier_verbs: frozenset[str]
    adverbial_verbs: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    circumstance_verbs: frozenset[str] = frozenset()
    modified_heads: frozenset[str] = frozenset()
    declaring_verbs: frozenset[str] = frozenset()
    stance_prefixes: frozenset[str] = frozenset()
    reversal_nouns: frozenset[str] = frozenset()
    measure_endings: tuple[str, ...] = ()
    manner_nouns: frozenset[str] = frozenset()
    stationed_nouns: frozenset[str] = frozenset()
    request_endings: tuple[str, ...] = ()
    source_cases: tuple[str, ...] = ()
    impersonal_speech: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    senses: dict[str, tuple[PredicateSense, ...]] = field(default_factory=dict)
    max_compound: int = 1  # the longest trigger lemma, in characters

    def lookup(self, lemma: str) -> tuple[PredicateSense, ...]:
        return self.senses.get(lemma, ())

    @property
    def symmetric_relations(self) -> frozenset[str]:
        return frozenset(s.relation for ss in self.senses.values() for s in ss if s.symmetric)

    @functools.cached_property
    def unary_relations(self) -> frozenset[str]:
        """Relations some sense lets stand without a target or object (threats, attacks)."""
        return frozenset(s.relation for ss in self.senses.values() for s in ss if s.unary)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise LexiconError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path} is not valid TOML: {exc}") from exc


def _strs(entry: dict, name: str, where: str) -> tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: `{name}` must be a list of strings")
    return tuple(value)


def parse_predicates(data: dict, where: str = "predicates") -> Lexicon:
    senses: dict[str, list[PredicateSense]] = {}
    for n, entry in enumerate(data.get("predicate", [])):
        here = f"{where} entry {n + 1}"
        relation = entry.get("relation")
        if relation not in RELATIONS:
            raise LexiconError(f"{here}: unknown relation {relation!r} (see docs/MODEL.md)")
        cameo = str(entry.get("cameo", RELATIONS[relation]))
        refinements = []
        for r in entry.get("refine", []):
            rel = r.get("relation")
            if rel is not None and rel not in RELATIONS:
                raise LexiconError(f"{here}: unknown refined relation {rel!r}")
            refinements.append(Refinement(_strs(r, "words", here), str(r["cameo"]), rel))
        when_negated = entry.get("when_negated")
        if when_negated is not None and when_negated not in RELATIONS:
            raise LexiconError(f"{here}: unknown relation {when_negated!r} in when_negated")
        if entry.get("only_negated") and when_negated is None:
            raise LexiconError(f"{here}: only_negated needs when_negated")
        lemmas = _strs(entry, "lemmas", here)
        if not lemmas:
            raise LexiconError(f"{here}: `lemmas` is empty")
        for lemma in lemmas:
            senses.setdefault(lemma, []).append(
                PredicateSense(
                    lemma=lemma,
                    relation=relation,
                    cameo=cameo,
                    symmetric=bool(entry.get("symmetric", False)),
                    requires=_strs(entry, "requires", here),
                    absorbs=_strs(entry, "absorbs", here),
                    refinements=tuple(refinements),
                    unary=bool(entry.get("unary", False)),
                    nominal_only=bool(entry.get("nominal_only", False)),
                    chained_target=bool(entry.get("chained_target", False)),
                    verbal_only=bool(entry.get("verbal_only", False)),
                    own_object=bool(entry.get("own_object", False)),
                    source_target=bool(entry.get("source_target", False)),
                    compound_target=bool(entry.get("compound_target", False)),
                    clause_target=bool(entry.get("clause_target", False)),
                    fixed_targets=_strs(entry, "targets", here),
                    when_negated=when_negated,
                    only_negated=bool(entry.get("only_negated", False)),
                    place_target=bool(entry.get("place_target", False)),
                    answers_request=bool(entry.get("answers_request", False)),
                )
            )
    longest = max((len(k) for k in senses), default=1)
    return Lexicon({k: tuple(v) for k, v in senses.items()}, longest)


def parse_markers(data: dict, where: str = "markers") -> Markers:
    speech = data.get("speech", {})
    modality = data.get("modality", {})
    mood = data.get("mood", {})
    opinion: dict[str, Modality] = {}
    for name, value in (
        ("speculation", Modality.SPECULATION),
        ("prediction", Modality.PREDICTION),
        ("evaluation", Modality.EVALUATION),
    ):
        for lemma in _strs(speech, name, f"{where} [speech]"):
            opinion[lemma] = value
    phrases: list[tuple[str, Modality]] = []
    for name, value in (
        ("reported", Modality.REPORTED_SPEECH),
        ("speculation", Modality.SPECULATION),
        ("prediction", Modality.PREDICTION),
        ("prescription", Modality.PRESCRIPTION),
        ("evaluation", Modality.EVALUATION),
    ):
        phrases.extend((p, value) for p in _strs(modality, name, f"{where} [modality]"))
    return Markers(
        reported=frozenset(_strs(speech, "reported", f"{where} [speech]")),
        opinion=opinion,
        modality_phrases=tuple(phrases),
        conditional_nouns=frozenset(_strs(mood, "conditional_nouns", where)),
        conditional_endings=frozenset(_strs(mood, "conditional_endings", where)),
        hypothetical_heads=frozenset(_strs(mood, "hypothetical_heads", where)),
        hypothetical_endings=_strs(mood, "hypothetical_endings", where),
        planned_nouns=frozenset(_strs(mood, "planned_nouns", where)),
        request_heads=frozenset(_strs(mood, "request_heads", where)),
        request_endings=_strs(mood, "request_endings", where),
        negation=frozenset(_strs(mood, "negation", where)),
        negative_predicates=frozenset(_strs(mood, "negative_predicates", where)),
        carrier_verbs=frozenset(_strs(mood, "carrier_verbs", where)),
        representative_nouns=frozenset(
            _strs(data.get("arguments", {}), "representative_nouns", where)
        ),
        adverbial_verbs=frozenset(_strs(data.get("arguments", {}), "adverbial_verbs", where)),
        receiving_verbs=frozenset(_strs(data.get("arguments", {}), "receiving_verbs", where)),
        circumstance_verbs=frozenset(_strs(data.get("arguments", {}), "circumstance_verbs", where)),
        modified_heads=frozenset(_strs(data.get("arguments", {}), "modified_heads", where)),
        stance_prefixes=frozenset(_strs(data.get("arguments", {}), "stance_prefixes", where)),
        reversal_nouns=frozenset(_strs(data.get("arguments", {}), "reversal_nouns", where)),
        measure_endings=_strs(data.get("arguments", {}), "measure_endings", where),
        manner_nouns=frozenset(_strs(data.get("arguments", {}), "manner_nouns", where)),
        stationed_nouns=frozenset(_strs(data.get("arguments", {}), "stationed_nouns", where)),
        declaring_verbs=frozenset(_strs(mood, "declaring_verbs", where)),
        source_cases=_strs(speech, "source_cases", f"{where} [speech]"),
        impersonal_speech=frozenset(_strs(speech, "impersonal", f"{where} [speech]")),
    )


@functools.cache
def load_lexicon(path: Path = PREDICATES_FILE) -> Lexicon:
    """The predicate lexicon (cached per path)."""
    return parse_predicates(_read_toml(path), str(path))


@functools.cache
def load_markers(path: Path = MARKERS_FILE) -> Markers:
    """The speech-act / modality / mood markers (cached per path)."""
    return parse_markers(_read_toml(path), str(path))
