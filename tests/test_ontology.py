"""The ontology, the CAMEO codebook and their agreement with docs/MODEL.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from conftest import CAMEO_TSV, REPO
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg import cameo, paths
from kg.errors import InputError
from kg.namespaces import GK, ID

MODEL_MD = REPO / "docs" / "MODEL.md"
PLOVER = Namespace("https://w3id.org/geopol-kg/plover#")
PLOVER_SCHEME = URIRef("https://w3id.org/geopol-kg/plover")
ONTOLOGY_FILES = [paths.ONTOLOGY_FILE, paths.SHAPES_FILE, paths.CAMEO_FILE]

CLASSES = {
    "Actor", "Person", "State", "Organization", "MediaOutlet", "Group", "Concept", "Place",
    "Event", "Claim", "Document", "SourceArticle", "Section", "Sentence", "CameoCode",
    "Modality", "Mood", "SectionKind",
}  # fmt: skip
INDIVIDUALS = {
    "Modality": {
        "Assertion", "Speculation", "Prediction", "Evaluation", "ReportedSpeech", "Prescription"
    },
    "Mood": {"Actual", "Planned", "Conditional", "Hypothetical", "Requested"},
    "SectionKind": {"Overview", "Detail", "KeyPoints", "Commentary", "References", "Body"},
}  # fmt: skip
SYMMETRIC = {"meets", "talksByPhone", "negotiatesWith", "agreesWith", "cooperatesWith"}
ANALYSIS = {"degreeCentrality", "pageRank", "betweenness", "community", "goldsteinScore"}
#: terms the ontology adds beyond MODEL.md (required by the ontology's own design)
EXTRA_TERMS = {"relatesTo"}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(paths.ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def model_md() -> str:
    return MODEL_MD.read_text(encoding="utf-8")


def relation_table(text: str) -> list[tuple[str, str, str, str | None]]:
    """(property, CAMEO code, ja label, PLOVER category or None) rows of MODEL.md's table."""
    rows = []
    for line in text.splitlines():
        m = re.match(r"^\|\s*gk:(\w+)\s*\|\s*(\d{2,4})\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$", line)
        if m:
            plover = None if m.group(4) in ("—", "-") else m.group(4)
            rows.append((m.group(1), m.group(2), m.group(3), plover))
    return rows


def gk_terms(g: Graph) -> set[URIRef]:
    kinds = [
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
    ]
    return {s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(GK))}


def local(term: URIRef) -> str:
    return str(term)[len(str(GK)) :]


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_files_parse_with_rdflib_and_oxigraph(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(g) == len(triples) > 100


def test_header(onto: Graph) -> None:
    header = URIRef("https://w3id.org/geopol-kg/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None
    assert {lbl.language for lbl in onto.objects(header, RDFS.label)} == {"en", "ja"}
    assert onto.value(header, RDFS.comment) is not None
    assert onto.value(header, URIRef("http://purl.org/dc/terms/license")) is not None


def test_every_term_has_english_and_japanese_labels_and_a_comment(onto: Graph) -> None:
    terms = gk_terms(onto)
    assert len(terms) > 90
    problems = []
    for term in sorted(terms):
        labels = [o for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)]
        langs = sorted(str(lbl.language) for lbl in labels)
        comments = [c for c in onto.objects(term, RDFS.comment) if c.language == "en"]
        if langs != ["en", "ja"] or len(comments) != 1 or not str(comments[0]).strip():
            problems.append(f"{local(term)}: labels {langs}, {len(comments)} comments")
    assert not problems, problems


def test_classes_and_individuals_are_exactly_those_of_the_model(onto: Graph) -> None:
    classes = {local(c) for c in onto.subjects(RDF.type, OWL.Class) if c.startswith(str(GK))}
    assert classes == CLASSES
    for cls, members in INDIVIDUALS.items():
        typed = {local(i) for i in onto.subjects(RDF.type, GK[cls])}
        assert typed == members, cls
        assert {local(i) for i in Collection(onto, onto.value(GK[cls], OWL.oneOf))} == members
        for i in members:
            assert (GK[i], RDF.type, OWL.NamedIndividual) in onto
    assert (GK.MediaOutlet, RDFS.subClassOf, GK.Organization) in onto
    assert (GK.SourceArticle, RDFS.subClassOf, GK.Document) in onto
    for sub in ("Person", "State", "Organization", "Group"):
        assert (GK[sub], RDFS.subClassOf, GK.Actor) in onto


def test_terms_match_the_gk_names_used_in_model_md(onto: Graph, model_md: str) -> None:
    in_model = set(re.findall(r"\bgk:([A-Za-z]\w*)", model_md))
    declared = {local(t) for t in gk_terms(onto)}
    assert in_model - declared == set(), "named in MODEL.md but not declared"
    assert declared - in_model == EXTRA_TERMS, "declared but not in MODEL.md"


def test_relation_properties_follow_the_model_table(onto: Graph, model_md: str) -> None:
    table = relation_table(model_md)
    assert len(table) == 27
    book = cameo.load_codebook()
    for prop, code, label_ja, plover in table:
        p = GK[prop]
        assert (p, RDF.type, OWL.ObjectProperty) in onto, prop
        assert (p, RDFS.domain, GK.Actor) in onto, prop
        assert str(onto.value(p, GK.cameo)) == code, prop
        assert code in book, f"{prop}: CAMEO {code} not in cameo.ttl"
        assert Literal(label_ja, lang="ja") in set(onto.objects(p, RDFS.label)), prop
        matches = set(onto.objects(p, SKOS.closeMatch))
        comment = str(onto.value(p, RDFS.comment))
        if plover is None:
            assert matches == set(), prop
            assert "PLOVER has no" in comment
        else:
            assert matches == {PLOVER[plover]}, prop
            assert f"PLOVER: {plover}" in comment, prop
            assert (PLOVER[plover], RDF.type, SKOS.Concept) in onto
            assert (PLOVER[plover], SKOS.inScheme, PLOVER_SCHEME) in onto
            langs = {lbl.language for lbl in onto.objects(PLOVER[plover], SKOS.prefLabel)}
            assert langs == {"en", "ja"}, plover
        assert GK.relatesTo in set(onto.transitive_objects(p, RDFS.subPropertyOf)), prop
    symmetric = {local(p) for p in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == SYMMETRIC
    assert (GK.cameo, RDF.type, OWL.AnnotationProperty) in onto
    with_code = {local(p) for p in onto.subjects(GK.cameo, None)}
    assert with_code == {row[0] for row in table}


def test_analysis_properties(onto: Graph) -> None:
    for name in ANALYSIS:
        assert (GK[name], RDF.type, OWL.DatatypeProperty) in onto
        assert (GK[name], RDFS.domain, GK.Actor) in onto


def test_shapes_allow_exactly_the_relation_properties(onto: Graph, model_md: str) -> None:
    shapes = Graph().parse(paths.SHAPES_FILE, format="turtle")
    relation_shape = next(
        s for s in shapes.subjects(SH.path, GK.relation) if shapes.value(s, SH["in"]) is not None
    )
    allowed = {local(p) for p in Collection(shapes, shapes.value(relation_shape, SH["in"]))}
    assert allowed == {row[0] for row in relation_table(model_md)}
    targets = {
        local(p)
        for shape in shapes.subjects(SH.targetSubjectsOf, None)
        for p in shapes.objects(shape, SH.targetSubjectsOf)
    }
    assert targets == allowed | {"relatesTo"}


# ---------------------------------------------------------------------------------------------
# CAMEO codebook


def test_cameo_ttl_is_generated_from_the_tsv() -> None:
    if not CAMEO_TSV.exists():
        pytest.skip(f"CAMEO codebook TSV not found at {CAMEO_TSV}")
    generated = cameo.to_turtle(cameo.read_tsv(CAMEO_TSV))
    assert generated == paths.CAMEO_FILE.read_text(encoding="utf-8")


def test_generation_command_is_deterministic() -> None:
    if not CAMEO_TSV.exists():
        pytest.skip(f"CAMEO codebook TSV not found at {CAMEO_TSV}")
    runs = [
        subprocess.run(
            [sys.executable, "-m", "kg.cameo", str(CAMEO_TSV)], capture_output=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] == paths.CAMEO_FILE.read_bytes()


def test_cameo_graph_structure() -> None:
    g = Graph().parse(paths.CAMEO_FILE, format="turtle")
    codes = set(g.subjects(RDF.type, GK.CameoCode))
    assert len(codes) == 311
    scheme = ID["cameo"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    roots = set(g.objects(scheme, SKOS.hasTopConcept))
    assert len(roots) == 20
    for c in codes:
        notation = str(g.value(c, SKOS.notation))
        assert c == ID[f"cameo/{notation}"]
        assert (c, RDF.type, SKOS.Concept) in g and (c, SKOS.inScheme, scheme) in g
        assert g.value(c, GK.goldstein).datatype == URIRef(
            "http://www.w3.org/2001/XMLSchema#decimal"
        )
        assert g.value(c, GK.quadClass).toPython() in (1, 2, 3, 4)
        assert g.value(c, RDFS.label).language == "en"
        broader = g.value(c, SKOS.broader)
        if len(notation) == 2:
            assert broader is None and c in roots
        else:
            expected = notation[:2] if len(notation) == 3 else notation[:3]
            assert broader == ID[f"cameo/{expected}"] and broader in codes


def test_load_codebook_regex_agrees_with_a_full_rdf_parse() -> None:
    book = cameo.load_codebook()
    assert len(book) == 311
    assert book == cameo._parse_rdf(paths.CAMEO_FILE)
    assert list(book) == sorted(book)


def test_load_codebook_reads_a_hand_written_rendering(tmp_path: Path) -> None:
    """A file not in the generated layout falls back to a real RDF parse."""
    path = tmp_path / "cameo.ttl"
    path.write_text(
        "@prefix gk: <https://w3id.org/geopol-kg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/geopol-kg/id/cameo/13> a gk:CameoCode ;\n"
        '  rdfs:label "威嚇"@ja , "THREATEN"@en ; skos:notation "13" ;\n'
        '  gk:quadClass 3 ; gk:goldstein "-6.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    book = cameo.load_codebook(path)
    assert book == {"13": cameo.CameoEntry("13", "THREATEN", -6.0, 3, "13")}


def test_loading_the_codebook_does_not_import_rdflib() -> None:
    code = (
        "import sys, kg.cameo; b = kg.cameo.load_codebook(); "
        "print(len(b), 'rdflib' in sys.modules, 'pyoxigraph' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["311", "False", "False"]


@pytest.mark.parametrize(
    ("code", "label", "goldstein", "quadclass", "root"),
    [
        ("01", "MAKE PUBLIC STATEMENT", 0.0, 1, "01"),
        ("044", 'Meet at a "third" location', 2.5, 1, "04"),
        ("0211", "Appeal for economic cooperation", 3.4, 1, "02"),
        ("1312", "Threaten to boycott, embargo, or sanction", -5.8, 3, "13"),
        ("163", None, None, 4, "16"),
        ("19", None, -10.0, 4, "19"),
    ],
)
def test_codebook_entries(code, label, goldstein, quadclass, root) -> None:
    entry = cameo.load_codebook()[code]
    assert entry.code == code and entry.root == root
    if label is not None:
        assert entry.label == label
    if goldstein is not None:
        assert entry.goldstein == cameo.goldstein(code) == goldstein
    assert entry.quadclass == cameo.quad_class(code) == quadclass
    assert cameo.root(code) == root


def test_lookup_falls_back_to_the_nearest_listed_ancestor() -> None:
    assert "1319" not in cameo.load_codebook()
    assert cameo.lookup("1319").code == "131"
    assert cameo.quad_class("1319") == 3
    assert cameo.CameoEntry("1312", "x", 0.0, 3, "13").parent == "131"
    with pytest.raises(KeyError):
        cameo.quad_class("99")
    with pytest.raises(ValueError):
        cameo.goldstein("13a")
    with pytest.raises(ValueError):
        cameo.root("1")


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("13\tTHREATEN\t-6.0\n", "expected 4 tab-separated fields", 3),
        ("13\tTHREATEN\t-6.0\t3\n13\tTHREATEN\t-6.0\t3\n", "appears twice", 4),
        ("13\tTHREATEN\t-6.0\t5\n", "out of range", 3),
        ("13\tTHREATEN\tsix\t3\n", "bad Goldstein", 3),
        ("1a\tTHREATEN\t-6.0\t3\n", "not 2 to 4 digits", 3),
        ("131\tThreaten non-force\t-5.8\t3\n", "parent code 13 of 131 is missing", None),
    ],
)
def test_bad_codebook_rows(tmp_path: Path, content: str, message: str, line: int | None) -> None:
    path = tmp_path / "cameo.tsv"
    path.write_text("# comment\ncode\tdescription\tgoldstein\tquadclass\n" + content)
    with pytest.raises(InputError, match=message) as err:
        cameo.read_tsv(path)
    if line is not None:
        assert str(err.value).startswith(f"{path}:{line}: ")
