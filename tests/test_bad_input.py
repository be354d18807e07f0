"""Bad input through the real ``kg`` CLI: one clear line, exit status 2, no traceback,
and the store exactly as it was.

Every test runs ``python -m kg`` in a subprocess with a temporary working directory,
as a user would. Stores are compared quad for quad (read-only Oxigraph dumps), so a
half-written import or a stray ontology load shows up as a difference. The same table
(input -> message -> exit status) is in docs/TROUBLESHOOTING.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HAS_QUERY = (REPO / "kg" / "commands" / "query.py").exists()
needs_query = pytest.mark.skipif(
    not HAS_QUERY, reason="kg/commands/query.py (the query command) is not written yet"
)

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"

#: a small dataset with a named graph and a default-graph triple, imported as the base store
BASE_TRIG = """\
@prefix ex: <http://example.org/> .
ex:tokyo ex:label "東京" .
ex:g1 {
    ex:japan ex:capital ex:tokyo ;
        ex:note "首都は東京\\n改行と \\"引用符\\" を含む" .
}
"""

#: an article of our own in the seed layout (title line ending with its timestamp)
ARTICLE = textwrap.dedent("""\
    東南アジア諸国、海洋協力で声明を採択2025年06月14日 09:15

    【概要】
     東南アジア諸国連合の外相は、航行の自由を確認する共同声明を採択した。議長国は対話の継続を呼びかけた。
     中国はこの声明を批判した。

    【詳細】
     1.海洋協力
     各国は沿岸警備隊の合同訓練を来年に実施する予定だ。

    【山風寸評】
     声明の文言は穏やかだが、各国の思惑は一致していないと考えられる。
    """)


def kg_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("KG_DEBUG", "KG_STORE", "KG_UPDATE_URL"):
        env.pop(name, None)
    return env


def run_kg(
    cwd: Path, *args: str | Path, timeout: float = 300, memory_mb: int | None = None
) -> subprocess.CompletedProcess:
    """Run ``python -m kg``; a hang fails the test after ``timeout`` s, and ``memory_mb``
    caps the address space so that reading an endless file fails fast instead of
    exhausting the machine."""

    def cap() -> None:
        import resource

        if memory_mb is not None:
            limit = memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        return subprocess.run(
            [sys.executable, "-m", "kg", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=kg_env(),
            preexec_fn=cap,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"kg {' '.join(map(str, args))} hung for {timeout} s")


def assert_refused(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 2, exactly one stderr line `error: ...` naming ``fragments``, no traceback."""
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{proc.stderr}"
    line = lines[0]
    assert line.startswith("error: "), line
    assert "internal error" not in line, line
    assert proc.returncode == 2, (proc.returncode, line)
    for fragment in fragments:
        assert fragment.lower() in line.lower(), (fragment, line)
    return line


def store_quads(store: Path) -> list[str]:
    """The store's content as sorted N-Quads lines (opened read-only: no lock taken)."""
    import gc
    import io

    import pyoxigraph as ox

    st = ox.Store.read_only(str(store))
    buf = io.BytesIO()
    st.dump(buf, ox.RdfFormat.N_QUADS)
    del st
    gc.collect()
    return sorted(buf.getvalue().decode("utf-8").splitlines())


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` with its bytes (to show a folder was not written into).
    RocksDB's own diagnostic logs (LOG, LOG.old.*) are left out: opening a store rotates them."""
    return {
        str(f.relative_to(path)): f.read_bytes()
        for f in sorted(path.rglob("*"))
        if f.is_file() and not f.name.startswith("LOG")
    }


def workdir_files(cwd: Path) -> dict[str, object]:
    """What the working directory holds besides the store (pipes by name only: reading
    one would block)."""
    out: dict[str, object] = {}
    for p in cwd.iterdir():
        if p.name == "store":
            continue
        out[p.name] = tree(p) if p.is_dir() else p.read_bytes() if p.is_file() else "special"
    return out


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by the real CLI from an RDF file (no GiNZA needed)."""
    work = tmp_path_factory.mktemp("base")
    (work / "base.trig").write_text(BASE_TRIG, encoding="utf-8")
    proc = run_kg(work, "ingest", "base.trig", "--store", "store", "--quiet")
    assert proc.returncode == 0, proc.stderr
    return work / "store"


@pytest.fixture
def work(tmp_path: Path, base_store: Path) -> Path:
    """A working directory holding a private copy of the base store as ./store."""
    shutil.copytree(base_store, tmp_path / "store")
    return tmp_path


# ---------------------------------------------------------------------------
# the table


@dataclass
class Case:
    id: str
    args: list[str]
    says: list[str]
    files: dict[str, bytes | str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    marks: list[pytest.MarkDecorator] = field(default_factory=list)
    timeout: float = 300
    memory_mb: int | None = None


def _folder_with_unreadable_articles(cwd: Path) -> None:
    (cwd / "corpus" / "sub").mkdir(parents=True)
    (cwd / "corpus" / "photo.txt").write_bytes(PNG_HEAD + bytes(range(256)))
    (cwd / "corpus" / "blank.md").write_text("\n \u3000\n", encoding="utf-8")
    (cwd / "corpus" / "sub" / "empty.txt").write_bytes(b"")


def _folder_without_articles(cwd: Path) -> None:
    (cwd / "pictures").mkdir()
    (cwd / "pictures" / "a.png").write_bytes(PNG_HEAD)
    (cwd / "pictures" / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")


def _fifo(cwd: Path) -> None:
    os.mkfifo(cwd / "pipe.txt")


def _damaged_store(cwd: Path) -> None:
    shutil.copytree(cwd / "store", cwd / "damaged")
    (cwd / "damaged" / "CURRENT").write_text("garbage\n")


def _not_a_store(cwd: Path) -> None:
    (cwd / "notes").mkdir()
    (cwd / "notes" / "todo.txt").write_text("買い物\n", encoding="utf-8")


CASES: list[Case] = [
    Case("path-missing", ["ingest", "missing.txt", "--store", "store"], ["missing.txt", "no such"]),
    Case("extract-path-missing", ["extract", "nowhere/a.txt"], ["nowhere/a.txt", "no such"]),
    Case(
        "folder-without-articles",
        ["ingest", "pictures", "--store", "store"],
        ["pictures", "no article"],
        setup=_folder_without_articles,
    ),
    Case(
        "folder-no-readable-articles",
        ["ingest", "corpus", "--store", "store"],
        ["corpus", "no readable article"],
        setup=_folder_with_unreadable_articles,
    ),
    Case(
        "extract-folder-no-readable-articles",
        ["extract", "corpus"],
        ["corpus", "no readable article"],
        setup=_folder_with_unreadable_articles,
    ),
    Case(
        "binary-png-named-txt",
        ["ingest", "photo.txt", "--store", "store"],
        ["photo.txt", "PNG image"],
        files={"photo.txt": PNG_HEAD + bytes(range(256)) * 4},
    ),
    Case(
        "binary-png",
        ["ingest", "photo.png", "--store", "store"],
        ["photo.png", "PNG image"],
        files={"photo.png": PNG_HEAD + bytes(range(256)) * 4},
    ),
    Case(
        "binary-without-magic",
        ["ingest", "blob.txt", "--store", "store"],
        ["blob.txt", "binary"],
        files={"blob.txt": bytes(range(256)) * 8},
    ),
    Case(
        "good-and-binary-together",
        ["ingest", "article.txt", "photo.txt", "--store", "store"],
        ["photo.txt", "PNG image"],
        files={"article.txt": ARTICLE, "photo.txt": PNG_HEAD},
    ),
    Case(
        "empty-file",
        ["ingest", "empty.txt", "--store", "store"],
        ["empty.txt", "empty"],
        files={"empty.txt": b""},
    ),
    Case(
        "whitespace-only",
        ["ingest", "blank.txt", "--store", "store"],
        ["blank.txt", "empty"],
        files={"blank.txt": " \n\t\r\n\u3000\u3000\n\n"},
    ),
    Case(
        "undecodable-text",
        ["ingest", "latin.txt", "--store", "store"],
        ["latin.txt", "UTF-8"],
        files={"latin.txt": "Ça coûte très cher, déjà à Noël — Straße ½ ¾".encode("cp1252") * 3},
    ),
    Case(
        "fifo-named-txt",
        ["ingest", "pipe.txt", "--store", "store"],
        ["pipe.txt", "not a regular file"],
        setup=_fifo,
        timeout=20,
    ),
    Case(
        "extract-fifo",
        ["extract", "pipe.txt"],
        ["pipe.txt", "not a regular file"],
        setup=_fifo,
        timeout=20,
    ),
    Case(
        "endless-device",
        ["ingest", "/dev/zero", "--store", "store"],
        ["/dev/zero", "not a regular file"],
        timeout=60,
        memory_mb=2048,
    ),
    Case(
        "extract-endless-device",
        ["extract", "/dev/zero"],
        ["/dev/zero", "not a regular file"],
        timeout=60,
        memory_mb=2048,
    ),
    Case(
        "malformed-turtle",
        ["ingest", "bad.ttl", "--store", "store"],
        ["bad.ttl", "turtle", "line 3", "column"],
        files={
            "bad.ttl": '@prefix ex: <http://example.org/> .\nex:a ex:p "一" .\n'
            "ex:b ex:q ex:r ex:s .\nex:c ex:p ex:d .\n"
        },
    ),
    Case(
        "malformed-trig",
        ["ingest", "bad.trig", "--store", "store"],
        ["bad.trig", "trig", "line 4", "column"],
        files={
            "bad.trig": '@prefix ex: <http://example.org/> .\nex:g {\n ex:a ex:p "x" .\n'
            ' ex:b ex:p "unterminated .\n}\n'
        },
    ),
    Case(
        "malformed-nquads",
        ["ingest", "bad.nq", "--store", "store"],
        ["bad.nq", "nquads", "line 2"],
        files={
            "bad.nq": "<http://e.org/a> <http://e.org/p> <http://e.org/b> <http://e.org/g> .\n"
            "<http://e.org/a> <http://e.org/p> .\n"
        },
    ),
    Case(
        "unknown-store",
        ["stats", "--store", "no-such-store"],
        ["no store at no-such-store"],
    ),
    Case(
        "export-unknown-store",
        ["export", "--store", "no-such-store", "--out", "x.ttl"],
        ["no store at no-such-store"],
    ),
    Case(
        "folder-is-not-a-store",
        ["ingest", "good.ttl", "--store", "notes"],
        ["notes", "not an Oxigraph store"],
        files={"good.ttl": "<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n"},
        setup=_not_a_store,
    ),
    Case(
        "damaged-store",
        ["stats", "--store", "damaged"],
        ["damaged", "is damaged"],
        setup=_damaged_store,
    ),
    Case(
        "ingest-into-damaged-store",
        ["ingest", "good.ttl", "--store", "damaged"],
        ["damaged", "is damaged"],
        files={"good.ttl": "<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n"},
        setup=_damaged_store,
    ),
    Case(
        "store-is-a-file",
        ["stats", "--store", "notes.txt"],
        ["notes.txt", "is a file"],
        files={"notes.txt": "メモ\n"},
    ),
    Case(
        "export-into-missing-folder",
        ["export", "--store", "store", "--out", "/nonexistent/dir/x.ttl"],
        ["/nonexistent/dir/x.ttl", "does not exist"],
    ),
    Case(
        "export-under-a-file",
        ["export", "--store", "store", "--out", "notes.txt/x.ttl"],
        ["notes.txt/x.ttl", "not a folder"],
        files={"notes.txt": "メモ\n"},
    ),
    Case(
        "export-into-proc",
        ["export", "--store", "store", "--out", "/proc/kg-export.ttl"],
        ["/proc/kg-export.ttl", "cannot write"],
    ),
    Case(
        "export-onto-a-folder",
        ["export", "--store", "store", "--out", "outdir"],
        ["outdir", "folder"],
        setup=lambda cwd: (cwd / "outdir").mkdir(),
    ),
    Case(
        "export-unknown-format",
        ["export", "--store", "store", "--format", "yaml"],
        ["--format", "yaml"],
    ),
    Case(
        "unknown-query-name",
        ["query", "nosuch", "--store", "store"],
        ["nosuch", "available", "actor-relations"],
        marks=[needs_query],
    ),
    Case(
        "bad-iri-parameter",
        ["query", "--store", "store", "--sparql", "SELECT ?v WHERE { }", "--param", "v=<a b>"],
        ["parameter v", "not an IRI"],
        marks=[needs_query],
    ),
    Case(
        "malformed-param-option",
        ["query", "actors", "--store", "store", "--param", "actor"],
        ["--param", "name=value"],
        marks=[needs_query],
    ),
    Case(
        "sparql-syntax-error",
        ["query", "--store", "store", "--sparql", "SELECT ?s WHERE { ?s ?p }"],
        ["syntax error", "line 1", "column"],
        marks=[needs_query],
    ),
    Case(
        "update-refused",
        ["query", "--store", "store", "--sparql", "DELETE WHERE { ?s ?p ?o }"],
        ["--allow-update"],
        marks=[needs_query],
    ),
    Case(
        "update-in-query-file",
        ["query", "wipe.rq", "--store", "store"],
        ["--allow-update"],
        files={"wipe.rq": "# looks harmless\nDROP ALL\n"},
        marks=[needs_query],
    ),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=c.marks) for c in CASES])
def test_bad_input_is_refused_cleanly(case: Case, work: Path) -> None:
    for name, content in case.files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (work / name).write_bytes(data)
    if case.setup is not None:
        case.setup(work)
    store_before = store_quads(work / "store")
    files_before = workdir_files(work)

    proc = run_kg(work, *case.args, timeout=case.timeout, memory_mb=case.memory_mb)

    assert_refused(proc, *case.says)
    assert store_quads(work / "store") == store_before
    files_after = workdir_files(work)
    assert files_after == files_before, "a refused command created or changed files"


def test_refused_ingest_does_not_create_a_store(tmp_path: Path) -> None:
    """Bad paths fail before anything is created: no empty store is left behind."""
    proc = run_kg(tmp_path, "ingest", "missing.txt", "--store", "fresh")
    assert_refused(proc, "missing.txt")
    assert not (tmp_path / "fresh").exists()


def test_locked_store(work: Path) -> None:
    """A store held by another process: the writer is told who holds it, nothing changes."""
    (work / "more.ttl").write_text(
        "<http://e.org/x> <http://e.org/p> <http://e.org/y> .\n", encoding="utf-8"
    )
    before = store_quads(work / "store")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('held', flush=True);"
            " sys.stdin.read()",
            str(work / "store"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        proc = run_kg(work, "ingest", "more.ttl", "--store", "store")
        assert_refused(proc, "store", "locked")
        # readers still work while the writer holds the lock
        reader = run_kg(work, "stats", "--store", "store")
        assert reader.returncode == 0, reader.stderr
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert store_quads(work / "store") == before
    proc = run_kg(work, "ingest", "more.ttl", "--store", "store", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert len(store_quads(work / "store")) == len(before) + 1


@pytest.mark.slow
def test_oversized_article_is_refused_in_bounded_memory(work: Path) -> None:
    """A file over the per-article limit is refused by size, without being read whole."""
    from kg.documents import MAX_FILE_BYTES

    big = work / "huge.txt"
    paragraph = (ARTICLE.split("\n", 1)[1] * 40).encode("utf-8")
    with big.open("wb") as fh:
        while fh.tell() <= MAX_FILE_BYTES:
            fh.write(paragraph)
    assert big.stat().st_size > 50_000_000
    before = store_quads(work / "store")
    started = time.monotonic()
    # A child forked from this (GiNZA-sized) test process starts with the parent's resident
    # pages counted in its peak RSS; a small launcher process starts kg, so that the figure
    # read through wait4 is kg's own.
    rss_file = work / "rss.txt"
    launcher = (
        "import resource, subprocess, sys; p = subprocess.run(sys.argv[2:]); "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "open(sys.argv[1], 'w').write(str(peak)); sys.exit(p.returncode)"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            launcher,
            str(rss_file),
            sys.executable,
            "-m",
            "kg",
            "ingest",
            "huge.txt",
            "--store",
            "store",
            "--quiet",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env=kg_env(),
        timeout=120,
    )
    peak_kib = int(rss_file.read_text())
    rss_file.unlink()
    elapsed = time.monotonic() - started
    assert_refused(result, "huge.txt", "50 MB", "limit")
    assert peak_kib < 300 * 1024, f"peak RSS {peak_kib / 1024:.0f} MiB for refusing a file"
    assert elapsed < 60
    assert store_quads(work / "store") == before


# ---------------------------------------------------------------------------
# awkward but valid input: decoded and ingested, offsets still exact


def _crlf_mixed_with_bom(text: str) -> bytes:
    endings = ["\r\n", "\r", "\n"]
    lines = text.split("\n")
    out = "".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    return b"\xef\xbb\xbf" + out.encode("utf-8")


NO_SECTIONS = textwrap.dedent("""\
    欧州連合、電気自動車の関税を見直し2025年07月02日 18:40

     欧州連合は中国製の電気自動車に課している追加関税を見直すと発表した。
     中国商務省はこの決定を歓迎した。ドイツの自動車業界も対話を支持した。
    """)

NO_DATE = textwrap.dedent("""\
    停戦協議の行方

    【概要】
     エジプトとカタールは停戦協議の仲介を続けている。
     イスラエルは代表団を派遣する予定だと述べた。
    """)


@dataclass
class Accepted:
    id: str
    data: bytes
    title: str
    dated: bool = True


def _retitled(title: str) -> str:
    return ARTICLE.replace("東南アジア諸国、海洋協力で声明を採択", title, 1)


ACCEPTED = [
    Accepted(
        "shift-jis",
        _retitled("海洋協力の声明(シフトJIS)").encode("cp932"),
        "海洋協力の声明(シフトJIS)",
    ),
    Accepted("euc-jp", _retitled("海洋協力の声明(EUC)").encode("euc_jp"), "海洋協力の声明(EUC)"),
    Accepted(
        "bom-mixed-line-endings",
        _crlf_mixed_with_bom(_retitled("海洋協力の声明(改行混在)")),
        "海洋協力の声明(改行混在)",
    ),
    Accepted("no-sections", NO_SECTIONS.encode("utf-8"), "欧州連合、電気自動車の関税を見直し"),
    Accepted("no-date", NO_DATE.encode("utf-8"), "停戦協議の行方", dated=False),
]


def stored_documents(store: Path) -> list[dict[str, object]]:
    """Title, date, source file name and (text, start, end) of every sentence, per document."""
    import gc

    import pyoxigraph as ox

    st = ox.Store.read_only(str(store))
    prefix = "PREFIX gk: <https://w3id.org/geopol-kg/ontology#>\n"
    prefix += "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    sentences: dict[str, list[tuple[str, int, int]]] = {}
    for s in st.query(
        prefix + "SELECT ?d ?text ?start ?end WHERE { ?s a gk:Sentence ; dcterms:isPartOf ?d ; "
        "gk:text ?text ; gk:startOffset ?start ; gk:endOffset ?end } ORDER BY ?start",
        use_default_graph_as_union=True,
    ):
        sentences.setdefault(s["d"].value, []).append(
            (s["text"].value, int(s["start"].value), int(s["end"].value))
        )
    docs = [
        {
            "title": row["title"].value,
            "created": row["created"].value if row["created"] is not None else None,
            "sentences": sentences.get(row["d"].value, []),
            "file": Path(row["path"].value).name,
        }
        for row in st.query(
            prefix + "SELECT ?d ?title ?created ?path WHERE { ?d a gk:Document ; "
            "dcterms:title ?title ; gk:sourcePath ?path "
            "OPTIONAL { ?d dcterms:created ?created } }",
            use_default_graph_as_union=True,
        )
    ]
    del st
    gc.collect()
    return docs


@pytest.fixture(scope="module")
def awkward_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real ingest of every awkward-but-valid file (one GiNZA start for all)."""
    work = tmp_path_factory.mktemp("awkward")
    (work / "awkward").mkdir()
    for case in ACCEPTED:
        (work / "awkward" / f"{case.id}.txt").write_bytes(case.data)
    proc = run_kg(work, "ingest", "awkward", "--store", "store", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "warning" not in proc.stderr
    return work


@pytest.mark.slow
@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_awkward_but_valid_articles_are_ingested(case: Accepted, awkward_store: Path) -> None:
    from kg.documents import load_file

    path = awkward_store / "awkward" / f"{case.id}.txt"
    [doc] = [d for d in stored_documents(awkward_store / "store") if d["file"] == path.name]
    assert doc["title"] == case.title
    assert (doc["created"] is not None) == case.dated
    [parsed] = load_file(path)
    assert "\r" not in parsed.text and "\ufeff" not in parsed.text
    sentences = doc["sentences"]
    assert len(sentences) >= 2
    for text, start, end in sentences:
        assert 0 <= start < end <= len(parsed.text)
        assert parsed.text[start:end] == text
    joined = "".join(t for t, _, _ in sentences)
    assert "声明" in joined or "関税" in joined or "停戦" in joined
