"""Corpus ingestion: articles and RDF files into a store, incremental and atomic.

Each article file is hashed; a file whose hash is already stored is skipped, a changed
file replaces the named graphs of the articles it held. The graphs of one batch of
files are replaced by a single SPARQL update, which Oxigraph applies in one
transaction: a killed ingest leaves every document fully present or absent.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import InputError, KGError
from kg.store import KGStore, format_for_path

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

#: files per extraction batch: large enough for nlp.pipe, small enough to commit often
DEFAULT_BATCH_FILES = 32


@dataclass
class IngestSummary:
    files_seen: int = 0
    files_skipped: int = 0
    files_ingested: int = 0
    duplicates: int = 0  # articles already stored from another file (same title and date)
    rdf_files: int = 0
    rdf_quads: int | None = None  # how much the store grew by the RDF files (embedded stores)
    documents: int = 0
    events: int = 0
    claims: int = 0
    triples_written: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"files: {self.files_seen} seen, {self.files_ingested} ingested, "
            f"{self.files_skipped} unchanged (skipped), {self.rdf_files} RDF imported"
            + (f" ({self.rdf_quads} quads added)" if self.rdf_quads is not None else "")
            + (f", {self.duplicates} duplicate articles skipped" if self.duplicates else ""),
            f"documents: {self.documents}  events: {self.events}  claims: {self.claims}  "
            f"triples extracted and written: {self.triples_written}",
            f"time: {self.seconds:.1f} s ({rate:.1f} documents/s)",
        ]
        out.extend(f"warning: {w}" for w in self.warnings)
        return out


@dataclass
class InputFile:
    path: Path
    explicit: bool  # named on the command line (errors are fatal) or found in a folder
    kind: str  # "article" or an RDF format name


def collect_inputs(paths: Sequence[Path]) -> list[InputFile]:
    """Expand folders (recursively, sorted, hidden files skipped) into input files."""
    inputs: list[InputFile] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            found = [
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and (f.suffix.lower() in ARTICLE_SUFFIXES or format_for_path(f))
            ]
            if not found:
                raise InputError(f"{p}: folder holds no article (.txt, .md) or RDF files")
            inputs.extend(InputFile(f, False, _kind(f)) for f in found)
        elif not p.is_file():
            # a FIFO or device (/dev/zero) would block or never end when hashed and read
            raise InputError(f"{p}: not a regular file (a pipe or a device?)")
        else:
            inputs.append(InputFile(p, True, _kind(p)))
    return inputs


def _kind(path: Path) -> str:
    return format_for_path(path) or "article"


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def source_key(path: Path) -> str:
    """How a file is identified in the store: its resolved path."""
    return str(path.resolve())


def stored_files(store: KGStore) -> dict[str, set[str]]:
    """source path -> content hashes of the documents stored from it."""
    res = store.query(
        "SELECT DISTINCT ?path ?hash WHERE { ?d a gk:Document ; gk:sourcePath ?path ; "
        "gk:contentHash ?hash }"
    )
    out: dict[str, set[str]] = {}
    for path, digest in res.rows:
        out.setdefault(str(path), set()).add(str(digest))
    return out


def graphs_from_source(store: KGStore, source: str) -> list[URIRef]:
    res = store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a gk:Document ; gk:sourcePath ?path } }",
        {"path": Literal(source)},
    )
    return [row[0] for row in res.rows if isinstance(row[0], URIRef)]


Progress = Callable[[int, int], None]


def ingest_paths(
    store: KGStore,
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    force: bool = False,
    batch_files: int = DEFAULT_BATCH_FILES,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest article and RDF files into ``store``; see the module docstring."""
    started = time.perf_counter()
    summary = IngestSummary()
    inputs = collect_inputs(paths)
    summary.files_seen = len(inputs)
    store.ensure_ontology()
    known = {} if force else stored_files(store)

    pending: list[tuple[InputFile, str]] = []
    before = store.quad_total() if any(i.kind != "article" for i in inputs) else None
    for item in inputs:
        if item.kind != "article":
            store.import_file(item.path, item.kind)
            summary.rdf_files += 1
            continue
        try:
            digest = file_hash(item.path)
        except OSError as exc:
            _fail_or_warn(item, f"{item.path}: cannot read: {exc.strerror}", summary)
            continue
        if digest in known.get(source_key(item.path), set()):
            summary.files_skipped += 1
            continue
        pending.append((item, digest))

    if before is not None:
        after = store.quad_total()
        summary.rdf_quads = after - before if after is not None else None
    done = 0
    if progress:
        progress(0, len(pending))
    for batch in _batches(pending, batch_files):
        _ingest_batch(store, batch, jobs, summary)
        done += len(batch)
        if progress:
            progress(done, len(pending))
    if summary.warnings and not (
        summary.files_ingested or summary.files_skipped or summary.rdf_files or summary.duplicates
    ):
        folders = ", ".join(str(p) for p in paths if p.is_dir()) or "input"
        raise InputError(
            f"{folders}: no readable articles ({len(summary.warnings)} skipped; first: "
            f"{summary.warnings[0]})"
        )
    if hasattr(store, "flush"):
        store.flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), max(1, size)):
        yield items[i : i + size]


def _fail_or_warn(item: InputFile, message: str, summary: IngestSummary) -> None:
    if item.explicit:
        raise InputError(message)
    summary.warnings.append(message)


def _ingest_batch(
    store: KGStore, batch: list[tuple[InputFile, str]], jobs: int, summary: IngestSummary
) -> None:
    from kg.documents import load_file
    from kg.extract import extract_documents
    from kg.rdf import extraction_triples, graph_name

    documents = []
    files = []
    holders: dict[str, str] = {}  # document key -> file it is taken from in this batch
    for item, digest in batch:
        try:
            docs = load_file(item.path)
        except KGError as exc:
            _fail_or_warn(item, str(exc), summary)
            continue
        source = source_key(item.path)
        for doc in docs:
            holder = holders.get(doc.key) or _stored_from_other_file(store, doc.key, source)
            if holder is not None:
                # the same article (title + date) saved in two files: keep the first, or
                # the two files would replace each other's graph on every ingest
                summary.duplicates += 1
                summary.warnings.append(
                    f"{item.path}: article {doc.title!r} is already stored from {holder}; skipped"
                )
                continue
            holders[doc.key] = source
            doc.source_path = source
            doc.content_hash = digest
            documents.append(doc)
        files.append(source)
    if not documents:
        return
    extractions = extract_documents(documents, n_process=jobs)
    graphs = {}
    for ex in extractions:
        triples = list(extraction_triples(ex))
        graphs[graph_name(ex)] = triples
        summary.triples_written += len(triples)
        summary.events += len(ex.events)
        summary.claims += len(ex.claims)
    stale = [g for source in files for g in graphs_from_source(store, source)]
    store.replace_graphs(graphs, drop=stale)
    summary.documents += len(extractions)
    summary.files_ingested += len(files)


def _stored_from_other_file(store: KGStore, key: str, source: str) -> str | None:
    """The other, still existing file the stored document ``key`` came from, if any."""
    from kg.namespaces import document_iri

    res = store.query(
        "SELECT ?path WHERE { GRAPH ?g { ?g a gk:Document ; gk:sourcePath ?path } }",
        {"g": document_iri(key)},
    )
    for (path,) in res.rows:
        if path is not None and str(path) != source and Path(str(path)).is_file():
            return str(path)
    return None
