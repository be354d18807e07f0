"""`kg query` and `kg analyze` as a user runs them: real subprocesses, exit codes, formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "graph.trig"
MEM = ["--memory", str(FIXTURE)]


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
    )


def test_list_shows_every_library_query() -> None:
    from kg.queries import load_library

    out = kg("query", "--list", "--format", "json")
    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    assert {q["name"] for q in listed} == set(load_library())
    relations = next(q for q in listed if q["name"] == "actor-relations")
    assert relations["params"][0] == {
        "name": "actor",
        "default": "Putin",
        "type": "actor",
        "description": relations["params"][0]["description"],
    }
    table = kg("query", "--list")
    assert table.returncode == 0 and "sanctions" in table.stdout and "title" in table.stdout


def test_table_output_with_a_japanese_actor_name() -> None:
    out = kg("query", "actor-relations", "--param", "actor=プーチン", *MEM)
    assert out.returncode == 0, out.stderr
    assert "gk:meets" in out.stdout and "習近平" in out.stdout
    assert "2 rows" in out.stdout


def test_csv_tsv_json_records() -> None:
    out = kg("query", "sanctions", "--format", "csv", *MEM)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["status"] for r in rows} == {"imposed", "conditional", "threatened"}
    assert rows[0]["agent"].startswith("https://w3id.org/geopol-kg/id/actor/")

    out = kg("query", "sanctions", "--format", "tsv", *MEM)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("?status\t?event")
    assert '"imposed"' in out.stdout and "<https://w3id.org/geopol-kg/id/actor/USA>" in out.stdout
    assert all(line.count("\t") == lines[0].count("\t") for line in lines)

    out = kg("query", "sanctions", "--format", "json", *MEM)
    data = json.loads(out.stdout)
    assert data["head"]["vars"][0] == "status"
    first = data["results"]["bindings"][0]
    assert first["agent"]["type"] == "uri"
    assert first["negated"]["datatype"].endswith("#boolean")

    out = kg("query", "sanctions", "--format", "records", *MEM)
    records = json.loads(out.stdout)
    assert records[0]["negated"] is False and records[0]["date"] is None


def test_sparql_text_file_ask_and_construct(tmp_path: Path) -> None:
    out = kg("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?e a gk:Event }", *MEM)
    assert out.returncode == 0 and " 15 " in out.stdout
    out = kg("query", "--sparql", "ASK { ?e gk:negated true }", *MEM)
    assert out.stdout.strip() == "true"
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "# title: Mine\n# param: who = Trump (actor) — someone\n"
        "CONSTRUCT { ?who gk:threatens ?x } WHERE { ?who gk:threatens ?x }\n",
        encoding="utf-8",
    )
    out = kg("query", str(rq), *MEM)
    assert out.returncode == 0, out.stderr
    assert "gk:threatens" in out.stdout and "@prefix" in out.stdout
    from rdflib import Graph

    assert len(Graph().parse(data=out.stdout, format="turtle")) == 2


def test_unknown_query_name_is_one_line() -> None:
    out = kg("query", "no-such-query", *MEM)
    assert out.returncode == 2
    err = out.stderr.strip()
    assert err.startswith("error: unknown query 'no-such-query'") and "actor-relations" in err
    assert "\n" not in err and "Traceback" not in out.stderr


def test_syntax_error_shows_line_and_column() -> None:
    out = kg("query", "--sparql", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR(?s)\n}", *MEM)
    assert out.returncode == 2
    assert "line 3, column" in out.stderr and "FILTR" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_actor_lists_close_matches() -> None:
    out = kg("query", "actor-relations", "-p", "actor=Putn", *MEM)
    assert out.returncode == 2
    assert "no actor matches 'Putn'" in out.stderr and "Putin" in out.stderr


def test_updates_need_allow_update(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert kg("query", "--sparql", "ASK {}", "--store", str(store)).returncode == 2  # no store
    from kg.store import open_store

    s = open_store(store, create=True)
    s.import_file(FIXTURE, "trig")
    s.close()
    for text in ("DROP ALL", 'INSERT DATA { <urn:a> <urn:b> "c" }', "CLEAR DEFAULT"):
        out = kg("query", "--sparql", text, "--store", str(store))
        assert out.returncode == 2 and "--allow-update" in out.stderr
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = kg("query", "--sparql", count, "--store", str(store), "-f", "csv").stdout
    out = kg(
        "query",
        "--sparql",
        "DROP GRAPH <https://w3id.org/geopol-kg/id/doc/fx-c>",
        "--store",
        str(store),
        "--allow-update",
    )
    assert out.returncode == 0, out.stderr
    after = kg("query", "--sparql", count, "--store", str(store), "-f", "csv").stdout
    assert int(after.split()[1]) < int(before.split()[1])


def test_injection_through_the_command_line() -> None:
    out = kg("query", "events-by-trigger", "-p", 'trigger=x" } DROP ALL #', "-f", "csv", *MEM)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines() == [
        "event,relation,cameo,agent,agentLabel,target,targetLabel,mood,negated,text"
    ]


def test_bad_param_syntax() -> None:
    out = kg("query", "timeline", "-p", "from", *MEM)
    assert out.returncode == 2 and "name=value" in out.stderr
    out = kg("query", "timeline", "-p", "from=May", *MEM)
    assert out.returncode == 2 and "not a date" in out.stderr


def test_query_command_does_not_import_nlp_or_graph_libraries() -> None:
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n"
        f"    main(['query', 'threats', '--memory', {str(FIXTURE)!r}, '-f', 'csv'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = sorted(m for m in ('spacy', 'ginza', 'networkx', 'pyvis', 'sudachipy', 'torch')\n"
        "               if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stderr
    assert "ドナルド・トランプ" in out.stdout


def test_analyze_command(tmp_path: Path) -> None:
    graphml, gexf, edges = tmp_path / "a.graphml", tmp_path / "a.gexf", tmp_path / "e.csv"
    out = kg(
        "analyze",
        *MEM,
        "--top",
        "3",
        "--focus",
        "プーチン",
        "--format",
        "json",
        "--export-graphml",
        str(graphml),
        "--export-gexf",
        str(gexf),
        "--export-csv",
        str(edges),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["actors"][0]["label"] == "ロシア"
    assert len(data["actors"]) == 3
    assert {r["other_label"] for r in data["focus"]["relations"]} == {
        "習近平",
        "ドナルド・トランプ",
    }
    import networkx as nx

    assert nx.read_graphml(graphml).number_of_nodes() == 14
    assert nx.read_gexf(gexf).number_of_nodes() == 14
    assert edges.read_text(encoding="utf-8").startswith("source,target,")
    table = kg("analyze", *MEM)
    assert table.returncode == 0 and "PageRank" in table.stdout and "Communities" in table.stdout


def test_analyze_write_then_query(tmp_path: Path) -> None:
    store = tmp_path / "store"
    from kg.store import open_store

    s = open_store(store, create=True)
    s.import_file(FIXTURE, "trig")
    s.ensure_ontology()
    s.close()
    out = kg("analyze", "--store", str(store), "--write")
    assert out.returncode == 0, out.stderr
    assert "id:analysis" in out.stderr
    out = kg("query", "analysis-scores", "--store", str(store), "-f", "records")
    records = json.loads(out.stdout)
    assert len(records) == 14 and records[0]["actorLabel"] == "ロシア"
    assert isinstance(records[0]["pageRank"], float)


@pytest.mark.parametrize("bad", ["--focus=Nobody"])
def test_analyze_unknown_focus(bad: str) -> None:
    out = kg("analyze", *MEM, bad)
    assert out.returncode == 2 and "no actor matches" in out.stderr


def test_limit_caps_rows_and_says_so() -> None:
    full = json.loads(kg("query", "claims-by-claimant", "-f", "records", *MEM).stdout)
    assert len(full) > 2
    out = kg("query", "claims-by-claimant", "-f", "records", "--limit", "2", *MEM)
    assert out.returncode == 0 and len(json.loads(out.stdout)) == 2
    assert "first 2 rows (--limit); --limit 0 shows all" in out.stderr
    out = kg("query", "claims-by-claimant", "-f", "records", "--limit", "0", *MEM)
    assert len(json.loads(out.stdout)) == len(full) and out.stderr == ""
    out = kg("query", "claims-by-claimant", "--limit", "-1", *MEM)
    assert out.returncode == 2 and out.stderr.startswith("error: --limit must be 0")
    own = "SELECT ?e WHERE { ?e a gk:Event } LIMIT 3"
    assert kg("query", "--sparql", own, "-f", "csv", *MEM).stdout.count("\n") == 4
    out = kg("query", "--sparql", own, "--limit", "1", *MEM)
    assert out.returncode == 2 and "already ends in a LIMIT" in out.stderr


def test_library_lists_default_limits() -> None:
    listed = json.loads(kg("query", "--list", "-f", "json").stdout)
    limits = {q["name"]: q["limit"] for q in listed}
    assert limits["claims-by-claimant"] == 1000 and limits["actor-relations"] is None


def test_bare_kg_prints_help() -> None:
    out = kg()
    assert out.returncode == 0 and out.stdout.startswith("Usage: kg") and out.stderr == ""
    assert "query" in out.stdout and "ingest" in out.stdout
