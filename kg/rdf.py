"""The RDF layer: the only module that turns records into triples.

Wikidata's pattern: a direct ("truthy") triple such as ``<Trump> gk:threatens
<SecondarySanctions>`` for simple queries and network views, plus a statement node
(``gk:Event``) with agent, target/object, relation, date, negation and modality that
carries ``prov:wasDerivedFrom`` its exact ``gk:Sentence``. All triples of one
document go into the named graph named by the document IRI.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import namespaces as ns
from kg.namespaces import GK, SCHEMA, WD
from kg.records import (
    Actor,
    Claim,
    Concept,
    Document,
    Event,
    Extraction,
    Modality,
    Mood,
    Place,
    SectionKind,
    TimeExpression,
)

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

#: moods whose events also get a direct (truthy) triple
TRUTHY_MOODS = frozenset({Mood.ACTUAL, Mood.PLANNED})
#: CAMEO QuadClasses of verbal acts (1 verbal cooperation, 3 verbal conflict)
VERBAL_QUAD_CLASSES = frozenset({1, 3})


def is_truthy(event: Event) -> bool:
    """Whether an event also gets the direct triple ``agent relation target``.

    Negated, hypothetical and merely requested events do not. A conditional event does
    only when it is a verbal act (threaten, demand, criticise...): "X threatened sanctions
    if the talks fail" is a threat that was made, whereas "X will send weapons if the talks
    fail" is no delivery.
    """
    if event.negated:
        return False
    if event.mood in TRUTHY_MOODS:
        return True
    if event.mood is Mood.CONDITIONAL:
        from kg.cameo import quad_class

        try:
            return quad_class(event.cameo) in VERBAL_QUAD_CLASSES
        except (KeyError, ValueError):
            return False
    return False


_SECTION_KIND = {
    SectionKind.OVERVIEW: GK.Overview,
    SectionKind.DETAIL: GK.Detail,
    SectionKind.KEY_POINTS: GK.KeyPoints,
    SectionKind.COMMENTARY: GK.Commentary,
    SectionKind.REFERENCES: GK.References,
    SectionKind.BODY: GK.Body,
}

_MODALITY = {
    Modality.ASSERTION: GK.Assertion,
    Modality.SPECULATION: GK.Speculation,
    Modality.PREDICTION: GK.Prediction,
    Modality.EVALUATION: GK.Evaluation,
    Modality.REPORTED_SPEECH: GK.ReportedSpeech,
    Modality.PRESCRIPTION: GK.Prescription,
}

_MOOD = {
    Mood.ACTUAL: GK.Actual,
    Mood.PLANNED: GK.Planned,
    Mood.CONDITIONAL: GK.Conditional,
    Mood.HYPOTHETICAL: GK.Hypothetical,
    Mood.REQUESTED: GK.Requested,
}

_SAFE_URL_SCHEMES = ("http://", "https://")


def modality_iri(modality: Modality) -> URIRef:
    return _MODALITY[modality]


def mood_iri(mood: Mood) -> URIRef:
    return _MOOD[mood]


def relation_iri(relation: str) -> URIRef:
    return GK[relation]


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _published(value: datetime | date) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def time_literal(t: TimeExpression) -> Literal:
    return Literal(t.value, datatype=XSD[t.datatype])


def _labels(
    subject: URIRef, label_ja: str | None, label_en: str | None, aliases: Iterable[str]
) -> Iterator[Triple]:
    if label_ja:
        yield subject, RDFS.label, Literal(label_ja, lang="ja")
    if label_en:
        yield subject, RDFS.label, Literal(label_en, lang="en")
    seen = {label_ja, label_en}
    for alias in aliases:
        if alias in seen:
            continue
        seen.add(alias)
        lang = "en" if alias.isascii() else "ja"
        yield subject, SKOS.altLabel, Literal(alias, lang=lang)


def actor_triples(actor: Actor) -> Iterator[Triple]:
    a = ns.actor_iri(actor.key)
    yield a, RDF.type, GK.Actor
    yield a, RDF.type, GK[actor.type.value]
    if actor.type.value == "MediaOutlet":
        yield a, RDF.type, GK.Organization
    label_ja = actor.label_ja or (None if actor.label_en else actor.key)
    yield from _labels(a, label_ja, actor.label_en, actor.aliases)
    if actor.wikidata:
        yield a, OWL.sameAs, WD[actor.wikidata]
    if actor.affiliation:
        yield a, GK.affiliation, ns.actor_iri(actor.affiliation)


def concept_triples(concept: Concept) -> Iterator[Triple]:
    c = ns.concept_iri(concept.key)
    yield c, RDF.type, GK.Concept
    label_ja = concept.label_ja or (None if concept.label_en else concept.key)
    yield from _labels(c, label_ja, concept.label_en, concept.aliases)
    if concept.wikidata:
        yield c, OWL.sameAs, WD[concept.wikidata]


def place_triples(place: Place) -> Iterator[Triple]:
    p = ns.place_iri(place.key)
    yield p, RDF.type, GK.Place
    label_ja = place.label_ja or (None if place.label_en else place.key)
    yield from _labels(p, label_ja, place.label_en, [])
    if place.country:
        yield p, GK.country, ns.actor_iri(place.country)
    if place.wikidata:
        yield p, OWL.sameAs, WD[place.wikidata]


def document_triples(doc: Document) -> Iterator[Triple]:
    d = ns.document_iri(doc.key)
    yield d, RDF.type, GK.Document
    yield d, DCTERMS.title, Literal(doc.title)
    yield d, DCTERMS.language, Literal(doc.language)
    if doc.published is not None:
        yield d, DCTERMS.created, _published(doc.published)
    if doc.author_actor:
        yield d, GK.author, ns.actor_iri(doc.author_actor)
    if doc.source_path:
        yield d, GK.sourcePath, Literal(doc.source_path)
    if doc.content_hash:
        yield d, GK.contentHash, Literal(doc.content_hash)
    src = doc.based_on
    if src is not None:
        s = ns.source_iri(doc.key)
        yield d, GK.basedOn, s
        yield s, RDF.type, GK.SourceArticle
        yield s, RDF.type, GK.Document
        yield s, DCTERMS.title, Literal(src.title)
        if src.author:
            yield s, GK.authorName, Literal(src.author)
        if src.author_actor:
            yield s, GK.author, ns.actor_iri(src.author_actor)
        if src.outlet:
            yield s, GK.outlet, Literal(src.outlet)
        if src.published:
            yield s, DCTERMS.date, Literal(src.published.isoformat(), datatype=XSD.date)
        if src.url and src.url.lower().startswith(_SAFE_URL_SCHEMES):
            yield s, SCHEMA.url, Literal(src.url, datatype=XSD.anyURI)
    for sec in doc.sections:
        si = ns.section_iri(doc.key, sec.index)
        yield si, RDF.type, GK.Section
        yield si, GK.heading, Literal(sec.heading)
        yield si, GK.sectionKind, _SECTION_KIND[sec.kind]
        yield si, GK["index"], _int(sec.index)
        yield si, GK.level, _int(sec.level)
        yield si, GK.startOffset, _int(sec.start)
        yield si, GK.endOffset, _int(sec.end)
        parent = ns.section_iri(doc.key, sec.parent) if sec.parent is not None else d
        yield si, DCTERMS.isPartOf, parent
    for sent in doc.sentences:
        s = ns.sentence_iri(doc.key, sent.index)
        yield s, RDF.type, GK.Sentence
        yield s, GK.text, Literal(sent.text)
        yield s, GK["index"], _int(sent.index)
        yield s, GK.startOffset, _int(sent.start)
        yield s, GK.endOffset, _int(sent.end)
        yield s, DCTERMS.isPartOf, d
        if sent.section is not None:
            yield s, GK.inSection, ns.section_iri(doc.key, sent.section)


def event_triples(doc: Document, event: Event) -> Iterator[Triple]:
    e = ns.event_iri(doc.key, event.index)
    rel = relation_iri(event.relation)
    yield e, RDF.type, GK.Event
    yield e, GK.relation, rel
    yield e, GK.cameoCode, Literal(event.cameo)
    yield e, GK.eventType, ns.cameo_iri(event.cameo)
    for a in event.agents:
        yield e, GK.agent, ns.actor_iri(a)
    for t in event.targets:
        yield e, GK.target, ns.actor_iri(t)
    for o in event.objects:
        yield e, GK.object, ns.concept_iri(o)
    if event.date is not None:
        yield e, GK.date, time_literal(event.date)
        yield e, GK.dateText, Literal(event.date.text)
        if event.date.earliest:
            yield e, GK.earliest, Literal(event.date.earliest.isoformat(), datatype=XSD.date)
        if event.date.latest:
            yield e, GK.latest, Literal(event.date.latest.isoformat(), datatype=XSD.date)
    if event.place:
        yield e, GK.place, ns.place_iri(event.place)
    yield e, GK.negated, Literal(event.negated)
    yield e, GK.mood, mood_iri(event.mood)
    yield e, GK.modality, modality_iri(event.modality)
    yield e, GK.trigger, Literal(event.trigger)
    yield e, PROV.wasDerivedFrom, ns.sentence_iri(doc.key, event.sentence)
    yield e, GK.inDocument, ns.document_iri(doc.key)
    if is_truthy(event):
        for a in event.agents:
            agent = ns.actor_iri(a)
            for t in event.targets:
                if t != a:
                    yield agent, rel, ns.actor_iri(t)
            for o in event.objects:
                yield agent, rel, ns.concept_iri(o)


def claim_triples(doc: Document, claim: Claim) -> Iterator[Triple]:
    c = ns.claim_iri(doc.key, claim.index)
    yield c, RDF.type, GK.Claim
    yield c, GK.claimant, ns.actor_iri(claim.claimant)
    yield c, GK.modality, modality_iri(claim.modality)
    yield c, GK.text, Literal(claim.text)
    yield c, GK.attribution, Literal(claim.attribution)
    if claim.speech_act:
        yield c, GK.speechAct, Literal(claim.speech_act)
    for i in claim.about_events:
        yield c, GK.about, ns.event_iri(doc.key, i)
    for a in claim.about_actors:
        yield c, GK.about, ns.actor_iri(a)
    yield c, PROV.wasDerivedFrom, ns.sentence_iri(doc.key, claim.sentence)
    yield c, GK.inDocument, ns.document_iri(doc.key)


def extraction_triples(ex: Extraction) -> Iterator[Triple]:
    """Every triple of one document's named graph, deterministic order, no duplicates."""
    doc = ex.document
    seen: set[Triple] = set()

    def emit(triples: Iterable[Triple]) -> Iterator[Triple]:
        for t in triples:
            if t not in seen:
                seen.add(t)
                yield t

    yield from emit(document_triples(doc))
    for actor in sorted(ex.actors, key=lambda a: a.key):
        yield from emit(actor_triples(actor))
    for concept in sorted(ex.concepts, key=lambda c: c.key):
        yield from emit(concept_triples(concept))
    for place in sorted(ex.places, key=lambda p: p.key):
        yield from emit(place_triples(place))
    kind_iri = {"actor": ns.actor_iri, "concept": ns.concept_iri, "place": ns.place_iri}
    for m in ex.mentions:
        yield from emit(
            [(ns.sentence_iri(doc.key, m.sentence), GK.mentions, kind_iri[m.kind](m.key))]
        )
    for event in ex.events:
        yield from emit(event_triples(doc, event))
    for claim in ex.claims:
        yield from emit(claim_triples(doc, claim))


def graph_name(ex: Extraction) -> URIRef:
    return ns.document_iri(ex.document.key)


def bind_prefixes(g: Graph | Dataset) -> None:
    for prefix, namespace in ns.PREFIXES.items():
        g.bind(prefix, namespace, override=True)


def extraction_graph(ex: Extraction) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for t in extraction_triples(ex):
        g.add(t)
    return g


def extractions_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """An in-memory rdflib Dataset with one named graph per document (for printing)."""
    ds = Dataset()
    bind_prefixes(ds)
    for ex in extractions:
        g = ds.graph(graph_name(ex))
        for t in extraction_triples(ex):
            g.add(t)
    return ds
