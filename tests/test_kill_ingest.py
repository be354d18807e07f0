"""Nothing lost: ``kg ingest`` and ``kg export`` killed with SIGKILL at random moments.

The reference is one clean ingest of a small corpus (store A). Store B is ingested
again and again by a real ``kg ingest`` process that is killed after a random delay
spread over the whole ingest; after every kill B must open, and every document graph
in it must be either exactly A's graph or absent. Ingest writes one transaction per
batch of files (kg.ingest.DEFAULT_BATCH_FILES), so the corpus is made larger than one
batch: partial states with some documents present are then really reachable. Finally
the ingest runs to completion on the last killed store and B must equal A.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from kg.ingest import DEFAULT_BATCH_FILES
from kg.namespaces import LABELS_GRAPH, ONTOLOGY_GRAPH

REPO = Path(__file__).resolve().parent.parent
HAS_EXTRACT = (REPO / "kg" / "extract.py").exists()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not HAS_EXTRACT, reason="kg/extract.py (the extractor) is not written yet"),
]

SEED = 20261127
KILL_ROUNDS = 12

#: (state or organisation, counterpart, topic) for the generated articles — our own text
PAIRS = [
    ("米国", "ロシア", "停戦"),
    ("中国", "インド", "国境"),
    ("日本", "韓国", "漁業"),
    ("トルコ", "ウクライナ", "穀物輸送"),
    ("ドイツ", "フランス", "防衛費"),
    ("欧州連合", "中国", "関税"),
    ("英国", "イラン", "核合意"),
    ("ブラジル", "アルゼンチン", "貿易"),
]

ACTIONS = [
    "{a}の外相は{b}の外相と会談し、{t}について協議した。",
    "{a}は{b}に対し、{t}をめぐる合意を守るよう要求した。",
    "{a}政府は{b}への追加制裁を検討していると述べた。",
    "{b}はこの方針を強く批判した。",
    "両国は来月にも{t}に関する次の協議を開く予定だ。",
    "専門家は、{t}をめぐる対立は当面続くと見ている。",
]


def article(i: int) -> str:
    """Article ``i`` in the seed layout: title + timestamp, 【概要】, a commentary."""
    a, b, t = PAIRS[i % len(PAIRS)]
    rng = random.Random(i)
    body = [ACTIONS[(i + k) % len(ACTIONS)].format(a=a, b=b, t=t) for k in range(3)]
    month, day, hour = 1 + i % 12, 1 + (i * 7) % 28, (i * 5) % 24
    title = f"{a}と{b}、{t}で第{i + 1}回協議"
    stamp = f"2025年{month:02d}月{day:02d}日 {hour:02d}:{rng.randrange(60):02d}"
    return (
        f"{title}{stamp}\n\n【概要】\n\n {body[0]}{body[1]}\n\n {body[2]}\n\n"
        f"【山風寸評】\n\n {b}が譲歩する可能性は低いと考えられる。\n"
    )


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")


def kg_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("KG_DEBUG", "KG_STORE", "KG_UPDATE_URL"):
        env.pop(name, None)
    return env


def kg(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env=kg_env(),
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def kill_after(cwd: Path, delay: float, *args: str) -> tuple[int | None, str]:
    """Start ``kg *args``; SIGKILL it after ``delay`` s. Returns (None, "") when it was
    killed, else (exit status, stderr) of a run that finished first."""
    with (cwd / "kg.err").open("w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", *args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=kg_env(),
        )
        try:
            status = proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return None, ""
        err.seek(0)
        return status, err.read().decode("utf-8", "replace")


def read_store(path: Path) -> dict[str, set[str]]:
    """Graph name ('' for the default graph) -> its quads as N-Quads text, with the store
    opened read-write as the next kg run would (RocksDB recovers its log here)."""
    import pyoxigraph as ox

    st = ox.Store(str(path))
    graphs: dict[str, set[str]] = defaultdict(set)
    for q in st.quads_for_pattern(None, None, None, None):
        g = q.graph_name
        graphs[g.value if isinstance(g, ox.NamedNode) else ""].add(str(q))
    del st
    gc.collect()
    return dict(graphs)


def same_ontology(a: set[str], b: set[str]) -> bool:
    """The ontology graph holds blank nodes (OWL lists), labelled anew per load: compare
    it up to blank-node renaming."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    def graph(lines: set[str]) -> Graph:
        g = Graph()
        g.parse(data="".join(f"{line} .\n" for line in lines), format="nquads")
        return g

    return len(a) == len(b) and isomorphic(graph(a), graph(b))


def _diff(name: str, got: set[str], want: set[str]) -> str:
    missing, extra = sorted(want - got), sorted(got - want)
    return (
        f"document graph {name} differs from the reference: {len(missing)} quads missing "
        f"(e.g. {missing[:3]}), {len(extra)} extra (e.g. {extra[:3]})"
    )


def document_graphs(graphs: dict[str, set[str]]) -> dict[str, set[str]]:
    return {g: q for g, q in graphs.items() if g not in (str(ONTOLOGY_GRAPH), str(LABELS_GRAPH))}


def labels_cover_documents(graphs: dict[str, set[str]]) -> bool:
    """Every labelled resource of the stored documents has its display label (written in
    the same transaction as the document graphs)."""
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    labelled = {
        q.split(" ", 1)[0]
        for quads in document_graphs(graphs).values()
        for q in quads
        if label in q
    }
    shown = {q.split(" ", 1)[0] for q in graphs.get(str(LABELS_GRAPH), set())}
    return labelled <= shown


def test_killed_ingest_leaves_documents_whole_and_resumes(tmp_path: Path) -> None:
    n_files = 2 * DEFAULT_BATCH_FILES + 8  # three transactions
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n_files)

    started = time.monotonic()
    kg(tmp_path, "ingest", "corpus", "--store", "A", "--quiet")
    duration = time.monotonic() - started
    reference = read_store(tmp_path / "A")
    ref_docs = document_graphs(reference)
    assert len(ref_docs) == n_files
    assert all(quads for quads in ref_docs.values())

    # stratified: one random moment in each of KILL_ROUNDS equal slices of the run, so
    # the start (GiNZA loading), the batches and the final writes are all hit
    rng = random.Random(SEED)
    step = duration * 1.05 / KILL_ROUNDS
    delays = [step * (k + rng.random()) for k in range(KILL_ROUNDS)]
    rng.shuffle(delays)
    outcomes: dict[str, int] = defaultdict(int)
    partial_sizes: list[int] = []
    for delay in delays:
        status, stderr = kill_after(tmp_path, delay, "ingest", "corpus", "--store", "B", "-q")
        if status is not None:
            assert status == 0, stderr
            outcomes["finished"] += 1
        if not (tmp_path / "B").exists():
            outcomes["before store"] += 1
            continue
        state = read_store(tmp_path / "B")
        docs = document_graphs(state)
        for name, quads in docs.items():
            assert name in ref_docs, f"unexpected graph {name}"
            assert quads == ref_docs[name], _diff(name, quads, ref_docs[name])
        if str(ONTOLOGY_GRAPH) in state:
            assert same_ontology(state[str(ONTOLOGY_GRAPH)], reference[str(ONTOLOGY_GRAPH)])
        assert labels_cover_documents(state)
        partial_sizes.append(len(docs))
        if len(docs) == n_files:
            # complete: start the next round from scratch so later kills hit real work
            outcomes["complete"] += 1
            shutil.rmtree(tmp_path / "B")
        elif len(docs) > 0:
            outcomes["partial"] += 1
        else:
            outcomes["empty"] += 1
    print(f"ingest {duration:.1f} s; kill outcomes {dict(outcomes)}; docs seen {partial_sizes}")

    kg(tmp_path, "ingest", "corpus", "--store", "B", "--quiet")
    final = read_store(tmp_path / "B")
    assert document_graphs(final) == ref_docs
    assert same_ontology(final[str(ONTOLOGY_GRAPH)], reference[str(ONTOLOGY_GRAPH)])

    # the same files again: nothing to do, nothing changes
    again = kg(tmp_path, "ingest", "corpus", "--store", "B", "--quiet")
    assert f"{n_files} unchanged" in again.stdout + again.stderr
    assert document_graphs(read_store(tmp_path / "B")) == ref_docs
    # re-extracted from scratch: the same quads under the same IRIs (deterministic)
    forced = kg(tmp_path, "ingest", "corpus", "--store", "B", "--quiet", "--force")
    assert f"{n_files} ingested" in forced.stdout + forced.stderr
    assert document_graphs(read_store(tmp_path / "B")) == ref_docs


def _big_store(path: Path, graphs: int, per_graph: int) -> int:
    """A store with many document-like graphs, written directly (setup, not under test)."""
    import pyoxigraph as ox

    doc = "https://w3id.org/geopol-kg/id/doc/"
    text = ox.NamedNode("https://w3id.org/geopol-kg/ontology#text")
    st = ox.Store(str(path))
    st.bulk_extend(
        ox.Quad(
            ox.NamedNode(f"{doc}{d:05d}/s{i}"),
            text,
            ox.Literal(f"第{d}稿の{i}番目の文。ロシアと中国が「会談」した\n改行"),
            ox.NamedNode(f"{doc}{d:05d}"),
        )
        for d in range(graphs)
        for i in range(per_graph)
    )
    st.flush()
    del st
    gc.collect()
    return graphs * per_graph


def test_killed_export_leaves_no_truncated_file(tmp_path: Path) -> None:
    """`kg export --out f.trig` killed mid-way: f.trig is absent or complete."""
    n_quads = _big_store(tmp_path / "big", graphs=1500, per_graph=40)
    started = time.monotonic()
    kg(tmp_path, "export", "--store", "big", "--out", "ref.trig")
    duration = time.monotonic() - started
    reference = (tmp_path / "ref.trig").read_bytes()
    import pyoxigraph as ox

    assert len(list(ox.parse(reference, ox.RdfFormat.TRIG))) == n_quads

    rng = random.Random(SEED)
    rounds = 8
    step = duration / rounds
    outcomes: dict[str, int] = defaultdict(int)
    target = tmp_path / "f.trig"
    for k in range(rounds):
        delay = step * (k + rng.random())
        status, stderr = kill_after(tmp_path, delay, "export", "--store", "big", "--out", "f.trig")
        if status is not None:
            assert status == 0, stderr
        if target.exists():
            assert target.read_bytes() == reference, "f.trig exists but is not the whole export"
            outcomes["complete"] += 1
            target.unlink()
        else:
            outcomes["absent"] += 1
        leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".f.trig.")]
        for p in leftovers:  # a SIGKILLed writer cannot remove its hidden temporary file
            p.unlink()
        outcomes["temporary file left"] += len(leftovers)
    print(f"export {duration:.1f} s; kill outcomes {dict(outcomes)}")
    assert outcomes["absent"] >= 1

    # Ctrl-C (SIGINT) mid-way: clean exit 130, no file, no temporary file
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "export", "--store", "big", "--out", "f.trig"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=kg_env(),
    )
    time.sleep(duration * 0.6)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode != 0:
        assert proc.returncode == 130, err
        assert err == "error: interrupted\n", err
        assert not target.exists()
    assert "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".f.trig.")]

    # modes: a new export is 0666 less the umask (not mkstemp's 0600); an export over an
    # existing file keeps that file's mode
    assert (tmp_path / "ref.trig").stat().st_mode & 0o777 == 0o666 & ~_umask()
    (tmp_path / "ref.trig").chmod(0o640)
    kg(tmp_path, "export", "--store", "big", "--out", "ref.trig")
    assert (tmp_path / "ref.trig").stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_same_article_in_two_files_is_stored_once_and_stays_put(tmp_path: Path) -> None:
    """A copy of an article under another name (same title and date, same IRI) must not
    make the two files replace each other's graph on every ingest."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1), encoding="utf-8")
    (corpus / "b.txt").write_text(article(1), encoding="utf-8")
    (corpus / "c.txt").write_text(article(2), encoding="utf-8")

    first = kg(tmp_path, "ingest", "corpus", "--store", "S", "--quiet")
    assert "b.txt" in first.stderr and "already stored" in first.stderr
    stored = document_graphs(read_store(tmp_path / "S"))
    assert len(stored) == 2
    for _ in range(2):
        kg(tmp_path, "ingest", "corpus", "--store", "S", "--quiet")
        assert document_graphs(read_store(tmp_path / "S")) == stored

    # the file holding it is renamed away: the copy takes over, and then stays
    (corpus / "a.txt").rename(tmp_path / "moved.txt")
    kg(tmp_path, "ingest", "corpus", "--store", "S", "--quiet")
    after = document_graphs(read_store(tmp_path / "S"))
    assert set(after) == set(stored)
    assert any(str(corpus / "b.txt") in quad for quads in after.values() for quad in quads)
    kg(tmp_path, "ingest", "corpus", "--store", "S", "--quiet")
    assert document_graphs(read_store(tmp_path / "S")) == after
