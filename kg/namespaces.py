"""RDF namespaces and the IRI scheme. IRIs are deterministic: same input, same IRIs."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

GK = Namespace("https://w3id.org/geopol-kg/ontology#")
ID = Namespace("https://w3id.org/geopol-kg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_GRAPH = URIRef("https://w3id.org/geopol-kg/ontology")
#: one display label (skos:prefLabel) per labelled resource, kept by the store layer so that
#: queries can join a label per row (labels repeat in every document graph otherwise)
LABELS_GRAPH = URIRef("https://w3id.org/geopol-kg/id/labels")

PREFIXES: dict[str, Namespace] = {
    "gk": GK,
    "id": ID,
    "wd": WD,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "schema": SCHEMA,
}


#: prefixes for written Turtle/TriG: one per kind of resource, so that local names need no
#: escaped slashes (``actor:donald-trump`` rather than ``id:actor\\/donald-trump``)
EXPORT_PREFIXES: dict[str, str] = {
    "gk": str(GK),
    "actor": str(ID) + "actor/",
    "concept": str(ID) + "concept/",
    "place": str(ID) + "place/",
    "cameo": str(ID) + "cameo/",
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "schema": str(SCHEMA),
    "wd": str(WD),
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def document_iri(doc_key: str) -> URIRef:
    """A document's IRI; also the name of the named graph holding its triples."""
    return ID[f"doc/{doc_key}"]


def section_iri(doc_key: str, index: int) -> URIRef:
    return ID[f"doc/{doc_key}/sec{index}"]


def sentence_iri(doc_key: str, index: int) -> URIRef:
    return ID[f"doc/{doc_key}/s{index}"]


def event_iri(doc_key: str, index: int) -> URIRef:
    return ID[f"doc/{doc_key}/e{index}"]


def claim_iri(doc_key: str, index: int) -> URIRef:
    return ID[f"doc/{doc_key}/c{index}"]


def source_iri(doc_key: str) -> URIRef:
    """The original article a blog post is based on (from 【引用・参照・底本】)."""
    return ID[f"doc/{doc_key}/source"]


def actor_iri(actor_key: str) -> URIRef:
    return ID[f"actor/{actor_key}"]


def concept_iri(concept_key: str) -> URIRef:
    return ID[f"concept/{concept_key}"]


def place_iri(place_key: str) -> URIRef:
    return ID[f"place/{place_key}"]


def cameo_iri(code: str) -> URIRef:
    return ID[f"cameo/{code}"]
