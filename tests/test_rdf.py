"""The record -> RDF mapping: truthy triples, statement nodes, determinism."""

from __future__ import annotations

import pytest
from test_store import sample_extraction

from kg import rdf
from kg.namespaces import GK, actor_iri, concept_iri
from kg.records import Event, Mood


def event(relation: str, cameo: str, mood: Mood, negated: bool = False) -> Event:
    return Event(
        index=0,
        relation=relation,
        cameo=cameo,
        agents=["a"],
        targets=["b"],
        trigger="x",
        sentence=0,
        mood=mood,
        negated=negated,
    )


@pytest.mark.parametrize(
    ("relation", "cameo", "mood", "negated", "truthy"),
    [
        ("threatens", "1312", Mood.ACTUAL, False, True),
        ("threatens", "1312", Mood.CONDITIONAL, False, True),  # a conditional threat was made
        ("demands", "10", Mood.CONDITIONAL, False, True),
        ("sanctions", "163", Mood.CONDITIONAL, False, False),  # conditional sanctions: not imposed
        ("providesMilitaryAidTo", "072", Mood.CONDITIONAL, False, False),
        ("providesMilitaryAidTo", "072", Mood.PLANNED, False, True),
        ("meets", "04", Mood.HYPOTHETICAL, False, False),
        ("mediates", "045", Mood.REQUESTED, False, False),
        ("sanctions", "163", Mood.ACTUAL, True, False),
        ("criticizes", "111", Mood.ACTUAL, True, False),
    ],
)
def test_truthy_policy(relation, cameo, mood, negated, truthy):
    assert rdf.is_truthy(event(relation, cameo, mood, negated)) is truthy


def test_mapping_is_deterministic_and_duplicate_free():
    first = list(rdf.extraction_triples(sample_extraction()))
    second = list(rdf.extraction_triples(sample_extraction()))
    assert first == second
    assert len(first) == len(set(first))


def test_statement_node_and_truthy_triple():
    triples = set(rdf.extraction_triples(sample_extraction()))
    assert (actor_iri("mirza"), GK.threatens, concept_iri("tariffs")) in triples
    assert (actor_iri("nord"), GK.meets, actor_iri("mirza")) in triples
    assert not any(p == GK.sanctions for _s, p, _o in triples)  # the negated event
