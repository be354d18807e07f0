"""The SHACL shapes, driven by the W3C-style manifest tests/shapes/manifest.ttl, plus
``kg validate`` end to end (files, store, exit status, error messages)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.namespaces import GK, ID
from kg.validate import (
    format_report,
    read_rdf_file,
    read_rdf_files,
    shorten,
    summary_line,
    validate_graph,
)

SHAPES_DIR = Path(__file__).parent / "shapes"
MANIFEST = SHAPES_DIR / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
GKT = Namespace("https://w3id.org/geopol-kg/tests#")


@dataclass
class Case:
    name: str
    data: list[Path]
    conforms: bool
    violations: int
    warnings: int
    focus: set[URIRef] | None
    components: set[URIRef] | None


def _path(iri: URIRef) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def load_manifest() -> list[Case]:
    g = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.resolve().as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action, result = g.value(entry, MF.action), g.value(entry, MF.result)
        focus = set(g.objects(result, GKT.focusNode))
        components = set(g.objects(result, GKT.component))
        warnings = g.value(result, GKT.warnings)
        cases.append(
            Case(
                name=str(g.value(entry, MF.name)),
                data=sorted(_path(o) for o in g.objects(action, SHT.dataGraph)),
                conforms=g.value(result, SH.conforms).toPython(),
                violations=int(g.value(result, GKT.violations)),
                warnings=int(warnings) if warnings is not None else 0,
                focus=focus or None,
                components=components or None,
            )
        )
    return cases


CASES = load_manifest()


def test_manifest_covers_every_shape_and_data_file() -> None:
    assert len(CASES) >= 12
    listed = {p.name for c in CASES for p in c.data}
    on_disk = {p.name for p in SHAPES_DIR.iterdir() if p.name != "manifest.ttl"}
    assert on_disk <= listed, f"data files not in the manifest: {on_disk - listed}"
    assert any(c.conforms for c in CASES) and any(not c.conforms for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_manifest_case(case: Case) -> None:
    for path in case.data:
        assert path.exists(), path
    report = validate_graph(read_rdf_files(case.data))
    shown = format_report(report)
    assert report.conforms is case.conforms, shown
    assert len(report.errors) == case.violations, shown
    assert len(report.warnings) == case.warnings, shown
    if case.focus is not None:
        assert report.focus_nodes == case.focus, shown
    if case.components is not None:
        fired = {URIRef(SH + v.component) for v in report.errors}
        assert fired == case.components, shown
    # every result is one readable line with a message
    assert len(shown.splitlines()) == len(report.violations)
    assert all(v.message for v in report.violations)


def test_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    """Actor typed in one named graph, used as an agent in another: conforms as a union."""
    ds = Dataset(store="Oxigraph")
    ds.parse(SHAPES_DIR / "valid-document.trig", format="trig")
    assert len(list(ds.graphs())) >= 2
    report = validate_graph(ds)
    assert report.conforms, format_report(report)
    assert report.triples == 110


def _extraction():
    from kg.records import (
        Actor,
        ActorType,
        Claim,
        Concept,
        Document,
        Event,
        Extraction,
        Mention,
        Modality,
        Mood,
        Section,
        SectionKind,
        Sentence,
        SourceArticle,
        TimeExpression,
    )

    text = "甲国は乙国に対し制裁の発動を警告した。乙国はこれに反発するだろう。"
    first = text.index("。") + 1
    doc = Document(
        key="shape-test",
        title="架空の論評",
        text=text,
        published=date(2025, 5, 8),
        based_on=SourceArticle(title="Invented", url="https://example.org/a"),
        sections=[
            Section(index=0, heading="【概要】", kind=SectionKind.OVERVIEW, start=0, end=len(text))
        ],
        sentences=[
            Sentence(index=0, section=0, text=text[:first], start=0, end=first),
            Sentence(index=1, section=0, text=text[first:], start=first, end=len(text)),
        ],
    )
    return Extraction(
        document=doc,
        actors=[
            Actor(key="USA", type=ActorType.STATE, label_ja="米国", wikidata="Q30"),
            Actor(key="CHN", type=ActorType.STATE, label_ja="中国"),
            Actor(key="example-blog", type=ActorType.MEDIA, label_ja="架空ブログ"),
        ],
        concepts=[Concept(key="sanctions", label_ja="制裁")],
        mentions=[Mention(text="甲国", start=0, end=2, sentence=0, key="USA")],
        events=[
            Event(
                index=0,
                relation="threatens",
                cameo="1312",
                agents=["USA"],
                targets=["CHN"],
                objects=["sanctions"],
                trigger="警告した",
                sentence=0,
                mood=Mood.ACTUAL,
                date=TimeExpression(text="5月", value="2025-05", datatype="gYearMonth"),
            )
        ],
        claims=[
            Claim(
                index=0,
                sentence=1,
                text="乙国はこれに反発する",
                claimant="example-blog",
                modality=Modality.PREDICTION,
                attribution="author_voice",
                about_events=[0],
                about_actors=["CHN"],
            )
        ],
    )


def test_rdf_layer_output_conforms() -> None:
    """What kg.rdf writes for a complete extraction passes the shapes."""
    from kg.rdf import extractions_dataset

    report = validate_graph(extractions_dataset([_extraction()]))
    assert report.conforms, format_report(report)


def test_rdf_layer_output_with_a_dangling_agent_does_not_conform() -> None:
    from kg.rdf import extraction_graph

    ex = _extraction()
    ex.events[0].agents.append("RUS")  # no Actor record for it, so no rdf:type gk:Actor
    report = validate_graph(extraction_graph(ex))
    assert not report.conforms
    assert {(v.focus, v.path) for v in report.errors} == {
        (ID["doc/shape-test/e0"], "gk:agent"),
        (ID["actor/RUS"], None),  # subject of the truthy triple RUS gk:threatens CHN
    }


@pytest.mark.parametrize(
    ("node", "text"),
    [
        (GK.agent, "gk:agent"),
        (ID["doc/k/e1"], "id:doc/k/e1"),
        (URIRef("http://example.org/x"), "<http://example.org/x>"),
        (
            Literal("2025-05", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
            '"2025-05"^^xsd:gYearMonth',
        ),
        (Literal("米国", lang="ja"), '"米国"@ja'),
        (Literal('say "hi"'), '"say \\"hi\\""'),
    ],
)
def test_shorten(node, text: str) -> None:
    assert shorten(node) == text


def test_report_line_names_focus_path_message_value_and_constraint() -> None:
    report = validate_graph(read_rdf_files([SHAPES_DIR / "event-code.ttl"]))
    lines = format_report(report).splitlines()
    assert (
        "Violation id:doc/t2/e1 gk:eventType: gk:eventType is not the CAMEO code IRI of "
        'gk:cameoCode "131" (value: id:cameo/13) [SPARQL]'
    ) in lines
    assert summary_line(report) == "5 violations, 0 warnings (36 triples checked)"


# ---------------------------------------------------------------------------------------------
# Reading files


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.ttl", '@prefix : <http://a/> .\n:a :b :c ;\n  :d "open .\n', "line 3"),
        (
            "bad.nt",
            "<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> .\n",
            "line 2",
        ),
        ("bad.trig", "<http://a/g> { <http://a/s> <http://a/p> }\n", "line 1"),
        ("bad.jsonld", '{"@id": "http://a/s",\n "http://a/p": [1,\n', "line 3"),
        ("bad.nq", "<http://a/s> <http://a/p> <http://a/o> <http://a/g> <x> .\n", "line 1"),
    ],
)
def test_malformed_rdf_names_line_and_column(
    tmp_path: Path, name: str, content: str, expected: str
):
    from kg.errors import InputError

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_rdf_file(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "malformed" in message
    assert expected in message and "column" in message
    assert "\n" not in message


def test_every_format_reads_the_same_triples(tmp_path: Path) -> None:
    source = Graph().parse(SHAPES_DIR / "claim.ttl", format="turtle")
    expected = len(source)
    for fmt, ext in [("nt", "nt"), ("json-ld", "jsonld"), ("xml", "rdf"), ("turtle", "ttl")]:
        path = tmp_path / f"claim.{ext}"
        source.serialize(path, format=fmt)
        assert len(read_rdf_file(path)) == expected, fmt


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    from kg.errors import InputError

    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        read_rdf_files([tmp_path / "notes.txt"])
    with pytest.raises(InputError, match="no such file"):
        read_rdf_files([tmp_path / "missing.ttl"])
    with pytest.raises(InputError, match="no RDF files"):
        read_rdf_files([tmp_path])


def test_blank_nodes_of_different_files_stay_apart(tmp_path: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text('_:x <http://a/p> "v" .\n', encoding="utf-8")
    assert len(read_rdf_files([tmp_path])) == 2


# ---------------------------------------------------------------------------------------------
# The command


def _kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "validate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_cli_exit_status_and_output(tmp_path: Path) -> None:
    ok = _kg(str(SHAPES_DIR / "valid-document.trig"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("conforms, 0 warnings (110 triples checked)")

    bad = _kg(str(SHAPES_DIR / "event-relation.ttl"))
    assert bad.returncode == 1, bad.stderr
    lines = bad.stdout.splitlines()
    assert lines[0].startswith("3 violations")
    assert len(lines) == 4 and all(line.startswith("Violation id:doc/t2/e") for line in lines[1:])

    as_json = _kg("--format", "json", str(SHAPES_DIR / "event-relation.ttl"))
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["conforms"] is False and data["violations"] == 3

    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix : <http://a/> .\n:a :b "x .\n', encoding="utf-8")
    err = _kg(str(broken))
    assert err.returncode == 2
    assert err.stderr.startswith("error: ") and "line 2" in err.stderr
    assert "Traceback" not in err.stderr


def test_cli_validates_the_store(tmp_path: Path) -> None:
    from kg.store import open_store

    store_dir = tmp_path / "store"
    with open_store(store_dir, create=True, read_only=False) as store:
        store.import_file(SHAPES_DIR / "valid-document.trig", "trig")
        store.ensure_ontology()
    ok = _kg("--store", str(store_dir))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("conforms")

    # files and the store are checked together: the store's actors type the file's agents
    event = tmp_path / "event.ttl"
    event.write_text(
        "@prefix gk: <https://w3id.org/geopol-kg/ontology#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "<https://w3id.org/geopol-kg/id/doc/t1/e9> a gk:Event ; gk:relation gk:meets ;\n"
        '  gk:cameoCode "04" ; gk:agent <https://w3id.org/geopol-kg/id/actor/CHN> ;\n'
        "  prov:wasDerivedFrom <https://w3id.org/geopol-kg/id/doc/t1/s0> .\n",
        encoding="utf-8",
    )
    alone = _kg(str(event))
    assert alone.returncode == 1
    together = _kg(str(event), "--store", str(store_dir))
    assert together.returncode == 0, together.stdout

    missing = _kg("--store", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: no store")
