"""Scoring extraction against a hand-made gold annotation (``kg eval``).

A gold file (TOML, see ``tests/gold/seed.toml``) lists, per article, the actors mentioned with
their surface forms, the relations a careful analyst would code and a sample of attributed
claims, each tied to its sentence by a short ``anchor`` (a substring of at most 20 characters,
so the gold never copies the text).

What is measured, per article and summed over articles (micro average):

- ``actors``: precision/recall/F1 of the set of actor keys mentioned.
- ``resolution``: for each gold (surface form, key), the actor mentions the extraction put on
  the form's occurrences must carry exactly the gold key(s) (a shared form such as 中露
  carries all of its actors). Occurrences inside a longer gold form (アメリカ in
  ラテンアメリカ) are skipped.
- ``relations``: precision/recall/F1 of (agent, relation, target-or-object) tuples. Several
  agents/targets/objects expand to pairs; symmetric relations compare unordered pairs (agents
  with each other and with each target); a negated relation is ``not-<relation>``; a gold
  relation may list acceptable alternatives. ``relations_cameo`` also requires the exact CAMEO
  code. ``states`` (CAMEO 01, a public statement) is left out: statements are scored as claims.
- ``relations_sentence``: recall of gold relations found in their own evidence sentence, with
  ``mood`` accuracy over the found ones, and ``place`` / ``date`` accuracy over the found ones
  whose gold gives a place / a date (the event's date must start with the gold's: 2025-04).
- ``claim_detection``: recall of gold claims (a predicted claim whose sentence holds the anchor);
  ``claimant`` and ``modality``: accuracy over the detected claims.

NIL actors. A person or organisation the gazetteer lacks gets a key the engine makes (often a
hash of its Japanese name), which can never equal the annotator's romanised key; without help, a
correctly found and correctly clustered unknown actor would count as a miss in every metric.
Before an article is scored, :func:`align_nil_actors` therefore maps each predicted actor key
that is neither a gold key of the article nor a gazetteer key to the gold actor whose surface
forms its mentions cover best (occurrences of the gold forms overlapped by the cluster's
mention spans), one-to-one and greedily by that overlap. Only gold actors outside the gazetteer
that the extraction did not already produce under their own key can be aligned, so a gazetteer
actor is never a target and a second cluster for the same person stays a false positive. The
mapping is applied to every predicted record of the article (mentions, event participants,
claimants) and listed under ``nil_alignment`` in ``--details``.

Gold keys spelt differently. The annotator of a blind set cannot look keys up, so a gold actor
may have a key of its own (``the-west``) for an actor the gazetteer has (``western-countries``):
:func:`gold_key_aliases` renames a gold key that is not a gazetteer key when the gazetteer lists
the actor's forms under exactly one key no other actor of the article uses (``gold_keys`` in
``--details``). Only names change, never the facts annotated.

The scoring functions take plain values (tuples, strings) so they can be tested without GiNZA;
only :func:`run_extraction` imports the extraction pipeline.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.gazetteer import fold
from kg.lexicon import RELATIONS
from kg.records import Modality, Mood, make_key

if TYPE_CHECKING:
    from kg.records import Extraction

#: relations whose participants are compared as an unordered set (A meets B == B meets A)
SYMMETRIC = frozenset(
    {"meets", "talksByPhone", "negotiatesWith", "agreesWith", "cooperatesWith", "signs"}
)

#: the CAMEO code each relation property is annotated with (one table, in kg.lexicon); used
#: for the CAMEO-exact score of an alternative relation the gold accepts
RELATION_CAMEO = RELATIONS

#: claimant written as ``blog:NAME``: the actor the extraction uses for the blog author
BLOG_PREFIX = "blog:"

MAX_ANCHOR = 20

#: relations left out of the relation scores: a public statement (CAMEO 01) is what a claim
#: records, and claims are scored on their own; the gold does not annotate them as relations
UNSCORED_RELATIONS = frozenset({"states"})

RelTuple = tuple[str, str, str]


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class PRF:
    """Counts of a set comparison; precision/recall/F1 derive from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "correct": self.correct, "total": self.total}


#: metric name -> kind; the order is the order of the report
METRICS: dict[str, str] = {
    "actors": "prf",
    "resolution": "acc",
    "relations": "prf",
    "relations_cameo": "prf",
    "relations_sentence": "acc",
    "mood": "acc",
    "place": "acc",
    "date": "acc",
    "claim_detection": "acc",
    "claimant": "acc",
    "modality": "acc",
}

METRIC_LABELS: dict[str, str] = {
    "actors": "actors (keys)",
    "resolution": "actor resolution",
    "relations": "relations",
    "relations_cameo": "relations (CAMEO exact)",
    "relations_sentence": "relations in sentence",
    "mood": "mood (found relations)",
    "place": "place (found, with place)",
    "date": "date (found, with date)",
    "claim_detection": "claim detection",
    "claimant": "claimant (detected)",
    "modality": "modality (detected)",
}


def metric_value(metric: PRF | Accuracy) -> float:
    """The single number a threshold is compared with: F1, or the accuracy/recall."""
    return metric.f1 if isinstance(metric, PRF) else metric.value


# --------------------------------------------------------------------------- gold model


@dataclass(frozen=True)
class GoldActor:
    key: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class GoldRelation:
    agents: tuple[str, ...]
    relations: tuple[str, ...]  # the first is the annotated one, the rest acceptable
    targets: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    cameo: str = ""
    negated: bool = False
    moods: tuple[str, ...] = ("actual",)
    anchor: str = ""
    places: tuple[str, ...] = ()  # acceptable place keys
    date: str | None = None


@dataclass(frozen=True)
class GoldClaim:
    anchor: str
    claimants: tuple[str, ...]  # acceptable claimants (``blog:NAME`` = the blog author)
    modalities: tuple[str, ...]


@dataclass(frozen=True)
class GoldArticle:
    published: str
    title: str = ""
    actors: tuple[GoldActor, ...] = ()
    relations: tuple[GoldRelation, ...] = ()
    claims: tuple[GoldClaim, ...] = ()


@dataclass(frozen=True)
class Gold:
    path: Path
    source: str | None
    articles: tuple[GoldArticle, ...]


def _strs(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"{where}: {name!r} must be a string or a list of strings")


def _check_anchor(anchor: Any, where: str) -> str:
    if not isinstance(anchor, str) or not anchor:
        raise InputError(f"{where}: missing 'anchor'")
    if len(anchor) > MAX_ANCHOR:
        raise InputError(f"{where}: anchor {anchor!r} is longer than {MAX_ANCHOR} characters")
    return anchor


_MOODS = {m.value for m in Mood}
_MODALITIES = {m.value for m in Modality}


def parse_gold(data: dict[str, Any], path: Path) -> Gold:
    """Validate the TOML structure and turn it into frozen records."""
    articles = data.get("articles")
    if not isinstance(articles, list) or not articles:
        raise InputError(f"{path}: no [[articles]] in the gold file")
    out: list[GoldArticle] = []
    for i, art in enumerate(articles, 1):
        published = str(art.get("published", "")).strip()
        where = f"{path.name} article {i} ({published or 'no published'})"
        actors = []
        for a in art.get("actors", []):
            if not isinstance(a, dict) or not isinstance(a.get("key"), str):
                raise InputError(f"{where}: an actor needs a 'key'")
            actors.append(GoldActor(a["key"], _strs(a.get("forms"), where, "forms")))
        relations = []
        for j, r in enumerate(art.get("relations", []), 1):
            rwhere = f"{where} relation {j}"
            rels = _strs(r.get("relation"), rwhere, "relation")
            agents = _strs(r.get("agent"), rwhere, "agent")
            if not rels or not agents:
                raise InputError(f"{rwhere}: needs 'agent' and 'relation'")
            unknown = [x for x in rels if x not in RELATION_CAMEO]
            if unknown:
                raise InputError(f"{rwhere}: unknown relation {unknown[0]!r}")
            moods = _strs(r.get("mood", "actual"), rwhere, "mood")
            if set(moods) - _MOODS:
                raise InputError(f"{rwhere}: unknown mood in {list(moods)}")
            relations.append(
                GoldRelation(
                    agents=agents,
                    relations=rels,
                    targets=_strs(r.get("target"), rwhere, "target"),
                    objects=_strs(r.get("object"), rwhere, "object"),
                    cameo=str(r.get("cameo", RELATION_CAMEO[rels[0]])),
                    negated=bool(r.get("negated", False)),
                    moods=moods,
                    anchor=_check_anchor(r.get("anchor"), rwhere),
                    places=_strs(r.get("place"), rwhere, "place"),
                    date=None if r.get("date") is None else str(r.get("date")),
                )
            )
        claims = []
        for j, c in enumerate(art.get("claims", []), 1):
            cwhere = f"{where} claim {j}"
            claimants = _strs(c.get("claimant"), cwhere, "claimant")
            modalities = _strs(c.get("modality"), cwhere, "modality")
            if not claimants or not modalities:
                raise InputError(f"{cwhere}: needs 'claimant' and 'modality'")
            if set(modalities) - _MODALITIES:
                raise InputError(f"{cwhere}: unknown modality in {list(modalities)}")
            claims.append(GoldClaim(_check_anchor(c.get("anchor"), cwhere), claimants, modalities))
        out.append(
            GoldArticle(
                published=published,
                title=str(art.get("title", "")),
                actors=tuple(actors),
                relations=tuple(relations),
                claims=tuple(claims),
            )
        )
    source = data.get("source")
    return Gold(path=path, source=str(source) if source else None, articles=tuple(out))


def load_gold(path: Path) -> Gold:
    """Read a gold TOML file; every problem is a one-line InputError."""
    if not path.is_file():
        raise InputError(f"gold file not found: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid TOML gold file ({exc})") from exc
    return parse_gold(data, path)


def gold_files(path: Path) -> list[Path]:
    """A gold file, or every ``*.toml`` in a folder (sorted)."""
    if path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            raise InputError(f"no *.toml gold files in {path}")
        return files
    if not path.exists():
        raise InputError(f"gold file not found: {path}")
    return [path]


def shared_dir() -> Path:
    """The shared folder holding the seed: $GEOPOL_KG_SHARED, else <repo>/../shared."""
    env = os.environ.get("GEOPOL_KG_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared"


def resolve_source(gold: Gold, text: Path | None = None) -> Path:
    """The article text the gold describes: --text, else ``source`` next to the gold file,
    else in the shared folder."""
    if text is not None:
        if not text.is_file():
            raise InputError(f"text file not found: {text}")
        return text
    if not gold.source:
        raise InputError(f"{gold.path}: no 'source' in the gold file; pass --text PATH")
    src = Path(gold.source)
    candidates = [src] if src.is_absolute() else [gold.path.parent / src, shared_dir() / src]
    for cand in candidates:
        if cand.is_file():
            return cand
    raise InputError(
        f"source text {gold.source!r} of {gold.path.name} not found "
        f"(looked in {', '.join(str(c.parent) for c in candidates)}); pass --text PATH"
    )


# --------------------------------------------------------------------------- pure scoring


def score_sets(predicted: Iterable[Any], gold: Iterable[Any]) -> PRF:
    p, g = set(predicted), set(gold)
    return PRF(tp=len(p & g), fp=len(p - g), fn=len(g - p))


def relation_tuples(
    relation: str,
    agents: Sequence[str],
    targets: Sequence[str] = (),
    objects: Sequence[str] = (),
    negated: bool = False,
) -> set[RelTuple]:
    """The (agent, relation, other) pairs one event or gold relation stands for."""
    label = f"not-{relation}" if negated else relation
    out: set[RelTuple] = set()
    if relation in SYMMETRIC:
        # agents with each other and with each target; targets are not paired among
        # themselves (Cuba cooperating with China and Russia says nothing of China-Russia)
        heads = list(dict.fromkeys([*agents, *targets]))
        pairs = [
            *combinations(dict.fromkeys(agents), 2),
            *((a, t) for a in agents for t in targets),
        ]
        out.update((min(a, b), label, max(a, b)) for a, b in pairs if a != b)
    else:
        heads = list(dict.fromkeys(agents))
        out.update((a, label, t) for a in heads for t in targets if a != t)
    out.update((a, label, o) for a in heads for o in objects)
    if not out:
        out.update((a, label, "") for a in heads)
    return out


def gold_relation_items(rel: GoldRelation) -> list[frozenset[RelTuple]]:
    """One item per pair of the annotated relation, each with the tuples that would match it
    (the same pair under an alternative relation)."""
    items: list[frozenset[RelTuple]] = []
    primary = relation_tuples(rel.relations[0], rel.agents, rel.targets, rel.objects, rel.negated)
    alternatives = [
        relation_tuples(r, rel.agents, rel.targets, rel.objects, rel.negated)
        for r in rel.relations[1:]
    ]
    for tup in sorted(primary):
        accepted = {tup}
        for alt in alternatives:
            accepted.update(t for t in alt if _same_slot(t, tup))
        items.append(frozenset(accepted))
    return items


def _same_slot(a: RelTuple, b: RelTuple) -> bool:
    return {a[0], a[2]} == {b[0], b[2]}


def merge_items(items: Iterable[frozenset[Any]]) -> list[frozenset[Any]]:
    """Gold items that accept a common tuple are one fact annotated twice: merge them."""
    merged: list[set[Any]] = []
    for item in items:
        hits = [m for m in merged if m & item]
        new = set(item)
        for m in hits:
            new |= m
            merged.remove(m)
        merged.append(new)
    return [frozenset(m) for m in merged]


@dataclass
class RelationScore:
    prf: PRF
    false_positives: list[Any] = field(default_factory=list)
    false_negatives: list[Any] = field(default_factory=list)


def score_relations(
    predicted: Iterable[Any], gold_items: Iterable[frozenset[Any]]
) -> RelationScore:
    """Predicted tuples vs gold items (each a set of acceptable tuples).

    A gold item is found when any of its tuples is predicted; a predicted tuple is a false
    positive when no gold item accepts it.
    """
    pred = set(predicted)
    items = merge_items(gold_items)
    accepted: set[Any] = set().union(*items) if items else set()
    found = [it for it in items if it & pred]
    missed = [it for it in items if not it & pred]
    fps = sorted(pred - accepted, key=str)
    prf = PRF(tp=len(found), fp=len(fps), fn=len(missed))
    return RelationScore(prf, fps, sorted(missed, key=lambda it: sorted(map(str, it))))


@dataclass(frozen=True)
class PredEvent:
    """What the scoring needs of a predicted Event."""

    relation: str
    agents: tuple[str, ...]
    targets: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    cameo: str = ""
    negated: bool = False
    mood: str = "actual"
    sentence: str = ""  # text of the evidence sentence
    place: str | None = None
    date: str | None = None  # lexical XSD value: 2025-05-08, 2025-04, 2018


def event_tuples(ev: PredEvent) -> set[RelTuple]:
    return relation_tuples(ev.relation, ev.agents, ev.targets, ev.objects, ev.negated)


def _with_cameo(tuples: Iterable[RelTuple], code: str) -> set[tuple[str, str, str, str]]:
    return {(*t, code) for t in tuples}


def gold_cameo_items(rel: GoldRelation) -> list[frozenset[tuple[str, str, str, str]]]:
    """Like :func:`gold_relation_items`, with the CAMEO code: the annotated code for the
    annotated relation, the property's own code for an alternative."""
    out = []
    for item in gold_relation_items(rel):
        accepted = set()
        for t in item:
            name = t[1].removeprefix("not-")
            code = rel.cameo if name == rel.relations[0] else RELATION_CAMEO[name]
            accepted.add((*t, code))
        out.append(frozenset(accepted))
    return out


@dataclass
class SentenceRelationScore:
    found: Accuracy
    mood: Accuracy
    missed: list[GoldRelation] = field(default_factory=list)
    wrong_mood: list[tuple[GoldRelation, list[str]]] = field(default_factory=list)
    #: over found relations whose gold has a place / a date
    place: Accuracy = Accuracy()
    date: Accuracy = Accuracy()
    wrong_place: list[tuple[GoldRelation, list[str]]] = field(default_factory=list)
    wrong_date: list[tuple[GoldRelation, list[str]]] = field(default_factory=list)


def score_relations_in_sentences(
    events: Sequence[PredEvent], gold: Sequence[GoldRelation]
) -> SentenceRelationScore:
    """Is each gold relation extracted from its own sentence, with an acceptable mood, and
    (where the gold has them) the right place and a date starting with the gold's?"""
    score = SentenceRelationScore(Accuracy(), Accuracy())
    found = mood_ok = place_n = place_ok = date_n = date_ok = 0
    for rel in gold:
        accepted = set().union(*gold_relation_items(rel))
        hits = [ev for ev in events if rel.anchor in ev.sentence and event_tuples(ev) & accepted]
        if not hits:
            score.missed.append(rel)
            continue
        found += 1
        if any(ev.mood in rel.moods for ev in hits):
            mood_ok += 1
        else:
            score.wrong_mood.append((rel, sorted({ev.mood for ev in hits})))
        if rel.places:
            place_n += 1
            if any(ev.place in rel.places for ev in hits):
                place_ok += 1
            else:
                score.wrong_place.append((rel, sorted({ev.place or "-" for ev in hits})))
        if rel.date:
            date_n += 1
            if any(ev.date and ev.date.startswith(rel.date) for ev in hits):
                date_ok += 1
            else:
                score.wrong_date.append((rel, sorted({ev.date or "-" for ev in hits})))
    score.found = Accuracy(found, len(gold))
    score.mood = Accuracy(mood_ok, found)
    score.place = Accuracy(place_ok, place_n)
    score.date = Accuracy(date_ok, date_n)
    return score


@dataclass(frozen=True)
class PredClaim:
    sentence: str  # text of the evidence sentence
    text: str  # the proposition
    claimant: str
    modality: str


@dataclass
class ClaimScore:
    detection: Accuracy
    claimant: Accuracy
    modality: Accuracy
    undetected: list[GoldClaim] = field(default_factory=list)
    wrong_claimant: list[tuple[GoldClaim, list[str]]] = field(default_factory=list)
    wrong_modality: list[tuple[GoldClaim, list[str]]] = field(default_factory=list)


def resolve_claimants(claimants: Iterable[str], author_keys: Iterable[str]) -> set[str]:
    """Replace ``blog:NAME`` by the keys the extraction may use for the blog author."""
    out: set[str] = set()
    for c in claimants:
        if c.startswith(BLOG_PREFIX):
            out.add(make_key(c[len(BLOG_PREFIX) :]))
            out.update(author_keys)
        else:
            out.add(c)
    return out


def score_claims(
    predicted: Sequence[PredClaim], gold: Sequence[GoldClaim], author_keys: Iterable[str] = ()
) -> ClaimScore:
    """For each gold claim, the predicted claims whose sentence holds the anchor (those whose
    proposition holds it too, when there are some) decide detection, claimant and modality."""
    authors = set(author_keys)
    detected = claimant_ok = modality_ok = 0
    score = ClaimScore(Accuracy(), Accuracy(), Accuracy())
    for gc in gold:
        cands = [pc for pc in predicted if gc.anchor in pc.sentence]
        narrow = [pc for pc in cands if gc.anchor in pc.text]
        cands = narrow or cands
        if not cands:
            score.undetected.append(gc)
            continue
        detected += 1
        if {pc.claimant for pc in cands} & resolve_claimants(gc.claimants, authors):
            claimant_ok += 1
        else:
            score.wrong_claimant.append((gc, sorted({pc.claimant for pc in cands})))
        if {pc.modality for pc in cands} & set(gc.modalities):
            modality_ok += 1
        else:
            score.wrong_modality.append((gc, sorted({pc.modality for pc in cands})))
    score.detection = Accuracy(detected, len(gold))
    score.claimant = Accuracy(claimant_ok, detected)
    score.modality = Accuracy(modality_ok, detected)
    return score


@dataclass
class ResolutionScore:
    accuracy: Accuracy
    #: form -> (gold keys, predicted keys) for every form not resolved exactly
    errors: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


def form_occurrences(text: str, form: str, longer: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of ``form`` in ``text`` that do not lie inside an occurrence of a longer form."""
    blocked: list[tuple[int, int]] = []
    for lf in longer:
        if len(lf) > len(form) and form in lf:
            blocked += [(m.start(), m.end()) for m in re.finditer(re.escape(lf), text)]
    spans = []
    for m in re.finditer(re.escape(form), text):
        if not any(b0 <= m.start() and m.end() <= b1 for b0, b1 in blocked):
            spans.append((m.start(), m.end()))
    return spans


def score_resolution(
    text: str, mentions: Sequence[tuple[int, int, str]], actors: Sequence[GoldActor]
) -> ResolutionScore:
    """Surface form -> key accuracy: every form must be covered by actor mentions carrying
    exactly its gold key(s). ``mentions`` are (start, end, key) of actor mentions."""
    keys_of: dict[str, set[str]] = {}
    for actor in actors:
        for form in actor.forms:
            keys_of.setdefault(form, set()).add(actor.key)
    all_forms = list(keys_of)
    result = ResolutionScore(Accuracy())
    correct = 0
    for form, gold_keys in keys_of.items():
        spans = form_occurrences(text, form, all_forms)
        predicted = {k for s, e, k in mentions for s0, e0 in spans if s < e0 and s0 < e}
        if predicted == gold_keys:
            correct += 1
        else:
            result.errors[form] = (sorted(gold_keys), sorted(predicted))
    result.accuracy = Accuracy(correct, len(keys_of))
    return result


@dataclass(frozen=True)
class NilAlignment:
    """A predicted key of an actor outside the gazetteer, read as a gold actor's key."""

    predicted: str
    gold: str
    overlap: int  # occurrences of the gold actor's forms the predicted mentions cover
    forms: tuple[str, ...] = ()  # the gold forms covered


def align_nil_actors(
    text: str,
    mentions: Sequence[tuple[int, int, str]],
    actors: Sequence[GoldActor],
    known_keys: Collection[str],
) -> list[NilAlignment]:
    """NIL clustering alignment: pair predicted keys unknown to the gazetteer and to the gold
    with gold actors unknown to the gazetteer, by how many occurrences of the gold actor's forms
    the predicted cluster's mentions overlap; one-to-one, greedy by overlap (ties: the cluster
    with fewer mentions elsewhere, then by key). ``mentions`` are (start, end, key) of actor
    mentions; ``known_keys`` the gazetteer's keys."""
    gold_keys = {a.key for a in actors}
    predicted = {k for _, _, k in mentions}
    candidates = sorted(predicted - gold_keys - set(known_keys))
    all_forms = [f for a in actors for f in a.forms]
    scored: list[tuple[int, int, str, str, tuple[str, ...]]] = []
    for actor in actors:
        if actor.key in known_keys or actor.key in predicted:
            continue
        spans = {
            (s0, e0, form)
            for form in actor.forms
            for s0, e0 in form_occurrences(text, form, all_forms)
        }
        for key in candidates:
            own = [(s, e) for s, e, k in mentions if k == key]
            covered = [(s0, e0, f) for s0, e0, f in spans if any(s < e0 and s0 < e for s, e in own)]
            if not covered:
                continue
            outside = sum(1 for s, e in own if not any(s < e0 and s0 < e for s0, e0, _ in spans))
            forms = tuple(sorted({f for _, _, f in covered}))
            scored.append((-len(covered), outside, key, actor.key, forms))
    out: list[NilAlignment] = []
    used_pred: set[str] = set()
    used_gold: set[str] = set()
    for neg_overlap, _, key, gold_key, forms in sorted(scored):
        if key in used_pred or gold_key in used_gold:
            continue
        used_pred.add(key)
        used_gold.add(gold_key)
        out.append(NilAlignment(key, gold_key, -neg_overlap, forms))
    return out


def _remap(keys: Iterable[str], mapping: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(mapping.get(k, k) for k in keys)


def remap_events(events: Sequence[PredEvent], mapping: Mapping[str, str]) -> list[PredEvent]:
    """The events with aligned keys in every participant slot."""
    if not mapping:
        return list(events)
    return [
        replace(
            e,
            agents=_remap(e.agents, mapping),
            targets=_remap(e.targets, mapping),
            objects=_remap(e.objects, mapping),
        )
        for e in events
    ]


def remap_claims(claims: Sequence[PredClaim], mapping: Mapping[str, str]) -> list[PredClaim]:
    return [replace(c, claimant=mapping.get(c.claimant, c.claimant)) for c in claims]


def gold_key_aliases(
    actors: Sequence[GoldActor],
    names: Mapping[str, Collection[str]],
    known_keys: Collection[str],
) -> dict[str, str]:
    """Gold keys the gazetteer spells differently: a gold actor whose key is not a gazetteer
    key, but whose surface forms the gazetteer lists under exactly one key that no other actor
    of the article uses (the annotator of a blind set cannot look the key up: ``the-west`` for
    the gazetteer's ``western-countries``). ``names`` maps a folded surface form to the
    gazetteer keys it names. Naming only: the facts annotated stay as they are."""
    taken = {a.key for a in actors}
    out: dict[str, str] = {}
    for actor in actors:
        if actor.key in known_keys:
            continue
        found = {k for form in actor.forms for k in names.get(fold(form), ())}
        if len(found) == 1 and (key := found.pop()) not in taken and key not in out.values():
            out[actor.key] = key
    return out


def rename_gold(art: GoldArticle, mapping: Mapping[str, str]) -> GoldArticle:
    """The article with gold keys renamed in every slot (actors, relations, claimants)."""
    if not mapping:
        return art
    return replace(
        art,
        actors=tuple(replace(a, key=mapping.get(a.key, a.key)) for a in art.actors),
        relations=tuple(
            replace(
                r,
                agents=_remap(r.agents, mapping),
                targets=_remap(r.targets, mapping),
                objects=_remap(r.objects, mapping),
            )
            for r in art.relations
        ),
        claims=tuple(replace(c, claimants=_remap(c.claimants, mapping)) for c in art.claims),
    )


# --------------------------------------------------------------------------- articles


@dataclass
class ArticleReport:
    published: str
    title: str
    doc_key: str | None
    metrics: dict[str, PRF | Accuracy]
    details: dict[str, list[str]]


@dataclass
class Report:
    gold: list[str]
    texts: list[str]
    articles: list[ArticleReport]
    unmatched_docs: list[str] = field(default_factory=list)

    @property
    def total(self) -> dict[str, PRF | Accuracy]:
        out: dict[str, PRF | Accuracy] = {}
        for name, kind in METRICS.items():
            acc: PRF | Accuracy = PRF() if kind == "prf" else Accuracy()
            for art in self.articles:
                acc = acc + art.metrics[name]  # type: ignore[operator]
            out[name] = acc
        return out

    def as_dict(self, details: bool = False) -> dict[str, Any]:
        arts = []
        for a in self.articles:
            entry: dict[str, Any] = {
                "published": a.published,
                "title": a.title,
                "document": a.doc_key,
                "metrics": {k: v.as_dict() for k, v in a.metrics.items()},
            }
            if details:
                entry["details"] = a.details
            arts.append(entry)
        return {
            "gold": self.gold,
            "text": self.texts,
            "total": {k: v.as_dict() for k, v in self.total.items()},
            "articles": arts,
            "unmatched_documents": self.unmatched_docs,
        }


def _timestamp(value: datetime | date | None) -> str | None:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return None


def align(
    articles: Sequence[GoldArticle], extractions: Sequence[Extraction]
) -> tuple[list[tuple[GoldArticle, Extraction | None]], list[Extraction]]:
    """Pair gold articles with extracted documents by published timestamp, else by order."""
    free = list(extractions)
    pairs: list[tuple[GoldArticle, Extraction | None]] = []
    for art in articles:
        match = None
        for ex in free:
            stamp = _timestamp(ex.document.published)
            if stamp and (stamp == art.published or art.published.startswith(stamp)):
                match = ex
                break
        if match is not None:
            free.remove(match)
        pairs.append((art, match))
    out = []
    for art, ex in pairs:
        if ex is None and free:
            ex = free.pop(0)
        out.append((art, ex))
    return out, free


def _fmt_tuple(t: Sequence[str]) -> str:
    return " ".join(x or "-" for x in t)


def _fmt_item(item: Iterable[Sequence[str]]) -> str:
    """A gold item as "agent rel1|rel2 other" (pairs joined by " / " after a merge)."""
    by_pair: dict[tuple[str, ...], set[str]] = {}
    for t in item:
        by_pair.setdefault((t[0], *t[2:]), set()).add(t[1])
    return " / ".join(
        _fmt_tuple([pair[0], "|".join(sorted(rels)), *pair[1:]])
        for pair, rels in sorted(by_pair.items())
    )


def evaluate_article(
    art: GoldArticle,
    ex: Extraction | None,
    known_keys: Collection[str] | None = None,
    known_names: Mapping[str, Collection[str]] | None = None,
) -> ArticleReport:
    """Every metric for one gold article against its extraction (None: nothing extracted).

    With ``known_keys`` (the gazetteer's keys), predicted actors outside the gazetteer are first
    aligned with the gold's (:func:`align_nil_actors`); with ``known_names`` too, gold keys the
    gazetteer spells differently are renamed first (:func:`gold_key_aliases`); without, keys
    are compared as they are.
    """
    details: dict[str, list[str]] = {}
    if known_keys is not None and known_names is not None:
        renamed = gold_key_aliases(art.actors, known_names, known_keys)
        art = rename_gold(art, renamed)
        details["gold_keys"] = [f"{old} -> {new}" for old, new in sorted(renamed.items())]
    gold_actor_keys = {a.key for a in art.actors}
    if ex is None:
        text, sentences, mentions, events, claims, authors = "", [], [], [], [], set()
        pred_actor_keys: set[str] = set()
        doc_key = None
        details["warnings"] = ["no extracted document for this article"]
    else:
        doc = ex.document
        doc_key = doc.key
        text = doc.text
        sentences = [s.text for s in doc.sentences]
        mentions = [(m.start, m.end, m.key) for m in ex.mentions if m.kind == "actor"]
        events = [
            PredEvent(
                relation=e.relation,
                agents=tuple(e.agents),
                targets=tuple(e.targets),
                objects=tuple(e.objects),
                cameo=e.cameo,
                negated=e.negated,
                mood=e.mood.value,
                sentence=_sentence_text(sentences, e.sentence),
                place=e.place,
                date=e.date.value if e.date else None,
            )
            for e in ex.events
            if e.relation not in UNSCORED_RELATIONS
        ]
        claims = [
            PredClaim(
                sentence=_sentence_text(sentences, c.sentence),
                text=c.text,
                claimant=c.claimant,
                modality=c.modality.value,
            )
            for c in ex.claims
        ]
        authors = {k for k in (doc.author_actor, doc.author and make_key(doc.author)) if k}
        pred_actor_keys = {k for _, _, k in mentions}
        for e in ex.events:
            pred_actor_keys.update(e.agents, e.targets)
        if doc.based_on and doc.based_on.author_actor:
            pred_actor_keys.add(doc.based_on.author_actor)
        anchors = [r.anchor for r in art.relations] + [c.anchor for c in art.claims]
        lost = sorted({a for a in anchors if a not in text})
        if lost:
            details["warnings"] = [f"anchor not in the document text: {a}" for a in lost]
        if known_keys is not None:
            known = {*known_keys, *(a.key for a in ex.actors if a.in_gazetteer)}
            aligned = align_nil_actors(text, mentions, art.actors, known)
            mapping = {a.predicted: a.gold for a in aligned}
            mentions = [(s, e, mapping.get(k, k)) for s, e, k in mentions]
            events = remap_events(events, mapping)
            claims = remap_claims(claims, mapping)
            pred_actor_keys = set(_remap(pred_actor_keys, mapping))
            details["nil_alignment"] = [
                f"{a.predicted} -> {a.gold} ({a.overlap} occurrence(s) of {', '.join(a.forms)})"
                for a in aligned
            ]

    gold_relations = [_scored(r) for r in art.relations if _scored(r) is not None]
    actors = score_sets(pred_actor_keys, gold_actor_keys)
    details["actors_fp"] = sorted(pred_actor_keys - gold_actor_keys)
    details["actors_fn"] = sorted(gold_actor_keys - pred_actor_keys)

    resolution = score_resolution(text, mentions, art.actors)
    details["resolution_errors"] = [
        f"{form}: gold {','.join(g)} got {','.join(p) or '-'}"
        for form, (g, p) in resolution.errors.items()
    ]

    pred_tuples = set().union(*(event_tuples(e) for e in events)) if events else set()
    rel = score_relations(pred_tuples, [i for r in gold_relations for i in gold_relation_items(r)])
    details["relations_fp"] = [_fmt_tuple(t) for t in rel.false_positives]
    details["relations_fn"] = [_fmt_item(it) for it in rel.false_negatives]

    pred_cameo = set()
    for e in events:
        pred_cameo |= _with_cameo(event_tuples(e), e.cameo)
    rel_cameo = score_relations(
        pred_cameo, [i for r in gold_relations for i in gold_cameo_items(r)]
    )

    sent = score_relations_in_sentences(events, gold_relations)
    details["relations_missed_in_sentence"] = [
        f"[{r.anchor}] {' + '.join(_fmt_item(it) for it in gold_relation_items(r))}"
        for r in sent.missed
    ]
    details["wrong_mood"] = [
        f"[{r.anchor}] gold {'/'.join(r.moods)} got {'/'.join(got)}" for r, got in sent.wrong_mood
    ]

    details["wrong_place"] = [
        f"[{r.anchor}] gold {'/'.join(r.places)} got {'/'.join(got)}" for r, got in sent.wrong_place
    ]
    details["wrong_date"] = [
        f"[{r.anchor}] gold {r.date} got {'/'.join(got)}" for r, got in sent.wrong_date
    ]
    cl = score_claims(claims, art.claims, authors)
    details["claims_undetected"] = [f"[{c.anchor}]" for c in cl.undetected]
    details["wrong_claimant"] = [
        f"[{c.anchor}] gold {'/'.join(c.claimants)} got {'/'.join(got)}"
        for c, got in cl.wrong_claimant
    ]
    details["wrong_modality"] = [
        f"[{c.anchor}] gold {'/'.join(c.modalities)} got {'/'.join(got)}"
        for c, got in cl.wrong_modality
    ]

    metrics: dict[str, PRF | Accuracy] = {
        "actors": actors,
        "resolution": resolution.accuracy,
        "relations": rel.prf,
        "relations_cameo": rel_cameo.prf,
        "relations_sentence": sent.found,
        "mood": sent.mood,
        "place": sent.place,
        "date": sent.date,
        "claim_detection": cl.detection,
        "claimant": cl.claimant,
        "modality": cl.modality,
    }
    return ArticleReport(art.published, art.title, doc_key, metrics, details)


def _scored(rel: GoldRelation) -> GoldRelation | None:
    """The gold relation without unscored alternatives (None when nothing is left)."""
    kept = tuple(x for x in rel.relations if x not in UNSCORED_RELATIONS)
    if not kept:
        return None
    if kept == rel.relations:
        return rel
    cameo = rel.cameo if kept[0] == rel.relations[0] else RELATION_CAMEO[kept[0]]
    return replace(rel, relations=kept, cameo=cameo)


def _sentence_text(sentences: Sequence[str], index: int) -> str:
    return sentences[index] if 0 <= index < len(sentences) else ""


def evaluate(
    gold: Gold,
    extractions: Sequence[Extraction],
    text_path: Path,
    known_keys: Collection[str] | None = None,
    known_names: Mapping[str, Collection[str]] | None = None,
) -> Report:
    """Score every gold article; ``known_keys`` (the gazetteer's keys) turns on the alignment
    of actors outside the gazetteer, ``known_names`` the renaming of gold keys the gazetteer
    spells differently (see the module docstring)."""
    pairs, unmatched = align(gold.articles, extractions)
    return Report(
        gold=[str(gold.path)],
        texts=[str(text_path)],
        articles=[evaluate_article(art, ex, known_keys, known_names) for art, ex in pairs],
        unmatched_docs=[ex.document.key for ex in unmatched],
    )


def merge_reports(reports: Sequence[Report]) -> Report:
    return Report(
        gold=[g for r in reports for g in r.gold],
        texts=[t for r in reports for t in r.texts],
        articles=[a for r in reports for a in r.articles],
        unmatched_docs=[d for r in reports for d in r.unmatched_docs],
    )


# --------------------------------------------------------------------------- I/O


def run_extraction(text_path: Path) -> list[Extraction]:
    """The real pipeline on one file (imports spaCy/GiNZA only here)."""
    from kg.documents import load_file
    from kg.extract import extract_documents

    return list(extract_documents(load_file(text_path)))


def gazetteer_keys() -> frozenset[str]:
    """Every key of the gazetteer the extraction uses (actors, concepts, places)."""
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    return frozenset({*gaz.actors, *gaz.concepts, *gaz.places})


def gazetteer_names() -> dict[str, frozenset[str]]:
    """Folded surface form -> the gazetteer actor keys it names (labels and aliases), read
    from the gazetteer's own name index."""
    from kg.gazetteer import load_gazetteer

    names: dict[str, frozenset[str]] = {}
    for surface, entries in load_gazetteer().names.items():
        keys = frozenset(n.key for n in entries if n.kind == "actor" and n.form == "name")
        if keys:
            names[surface] = keys
    return names


def evaluate_file(gold_path: Path, text: Path | None = None) -> Report:
    gold = load_gold(gold_path)
    text_path = resolve_source(gold, text)
    return evaluate(gold, run_extraction(text_path), text_path, gazetteer_keys(), gazetteer_names())


def parse_thresholds(specs: Iterable[str]) -> dict[str, float]:
    """``relations=0.85`` -> {"relations": 0.85}; names as in :data:`METRICS` (- or _)."""
    out: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in METRICS:
            raise InputError(
                f"bad threshold {spec!r}: use NAME=VALUE with NAME one of {', '.join(METRICS)}"
            )
        try:
            out[name] = float(value)
        except ValueError as exc:
            raise InputError(f"bad threshold {spec!r}: {value!r} is not a number") from exc
    return out


def unmet_thresholds(report: Report, thresholds: dict[str, float]) -> list[str]:
    total = report.total
    return [
        f"{name} {metric_value(total[name]):.3f} < {minimum:.3f}"
        for name, minimum in thresholds.items()
        if metric_value(total[name]) < minimum
    ]


def format_table(report: Report, details: bool = False) -> str:
    """The human-readable report: totals, one line per article, then optional details."""
    lines = [f"gold: {', '.join(report.gold)}", f"text: {', '.join(report.texts)}", ""]
    width = max(len(v) for v in METRIC_LABELS.values())
    lines.append(f"{'metric':<{width}}  {'P':>6} {'R':>6} {'F1':>6}   counts")
    for name, m in report.total.items():
        label = METRIC_LABELS[name]
        if isinstance(m, PRF):
            lines.append(
                f"{label:<{width}}  {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}"
                f"   tp={m.tp} fp={m.fp} fn={m.fn}"
            )
        else:
            lines.append(
                f"{label:<{width}}  {'':>6} {'':>6} {m.value:6.3f}   {m.correct}/{m.total}"
            )
    lines.append("(accuracy rows show the accuracy, or the recall for detection, in the F1 column)")
    lines.append("")
    lines.append("per article:")
    for art in report.articles:
        vals = "  ".join(f"{name}={metric_value(m):.3f}" for name, m in art.metrics.items())
        lines.append(f"  {art.published} {art.title[:24]} [{art.doc_key or 'not extracted'}]")
        lines.append(f"    {vals}")
        if details:
            for key, items in art.details.items():
                if items:
                    lines.append(f"    {key} ({len(items)}):")
                    lines.extend(f"      {it}" for it in items)
    if report.unmatched_docs:
        lines.append(f"documents without gold: {', '.join(report.unmatched_docs)}")
    return "\n".join(lines)
