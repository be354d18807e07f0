"""The extraction pipeline: Documents -> GiNZA -> mentions -> events -> claims -> Extraction.

GiNZA parses each sentence of Document.sentences on its own (the documents module owns
sentence splitting), plus the text between sentences, and the pieces are joined back
into one spaCy Doc whose text is exactly ``Document.text``; so every token maps to one
sentence by offsets and no dependency arc crosses a sentence boundary.

Everything on top of GiNZA is plain Python over the parse; the cost is dominated by
``nlp.pipe``. GiNZA components this pipeline reads: tok2vec + parser (dependencies),
morphologizer (POS), bunsetu_recognizer (it also turns the parser's ``*_bunsetu`` labels
into plain UD labels, so it cannot go) and ``ner`` only for one rule of kg.actors (new
katakana person names). ``compound_splitter`` is a no-op in GiNZA's default split mode and
is disabled (`DEFAULT_DISABLE`). ``disable=FAST_DISABLE`` drops ``ner`` too: about 2.5x
faster on the seed, losing only that one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.records import Actor, ActorType, Claim, Document, Event, Extraction, make_key

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: GiNZA components no rule reads
DEFAULT_DISABLE: tuple[str, ...] = ("compound_splitter",)
#: also drop NER (kg.actors then finds new people by titles/honorifics only)
FAST_DISABLE: tuple[str, ...] = ("ner", *DEFAULT_DISABLE)
DEFAULT_BATCH_SIZE = 64


def _pieces(document: Document) -> list[str]:
    """Sentences and the text between them, tiling Document.text exactly."""
    pieces: list[str] = []
    pos = 0
    for s in sorted(document.sentences, key=lambda s: s.start):
        if s.start < pos:
            continue
        if s.start > pos:
            pieces.append(document.text[pos : s.start])
        pieces.append(document.text[s.start : s.end])
        pos = s.end
    if pos < len(document.text):
        pieces.append(document.text[pos:])
    return pieces


def _is_gap(piece: str) -> bool:
    return not piece.strip()


def parse_documents(
    docs: Sequence[Document],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    disable: Iterable[str] = DEFAULT_DISABLE,
) -> Iterator[tuple[Document, Doc]]:
    """(Document, GiNZA Doc of exactly document.text), in order, parsing in batches."""
    from spacy.tokens import Doc

    skip = [name for name in disable if name in nlp.pipe_names]
    plans = [_pieces(d) for d in docs]
    texts = [p for plan in plans for p in plan if not _is_gap(p)]
    with nlp.select_pipes(disable=skip):
        parsed_iter = iter(
            nlp.pipe(texts, n_process=n_process, batch_size=batch_size) if texts else []
        )
        for document, plan in zip(docs, plans, strict=True):
            parts: list[Doc] = []
            for piece in plan:
                if _is_gap(piece):
                    parts.append(Doc(nlp.vocab, words=[piece], spaces=[False]))
                else:
                    parts.append(next(parsed_iter))
            if not parts:
                yield document, nlp.make_doc(document.text)
                continue
            joined = (
                Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
                if len(parts) > 1
                else parts[0]
            )
            yield document, joined


def _actor_types(actors: Iterable[Any]) -> dict[str, str]:
    return {a.key: a.type.value for a in actors}


def extract_parsed(document: Document, parsed: Doc, gazetteer: Any) -> Extraction:
    """Mentions, events and claims of one parsed document."""
    from kg.actors import find_mentions
    from kg.claims import extract_claims
    from kg.events import extract_events
    from kg.timex import find_dates

    mentions, actors, concepts, places = find_mentions(document, parsed, gazetteer)
    types = _actor_types(actors)
    affiliations = {a.key: a.affiliation for a in actors if a.affiliation}
    events = extract_events(
        document,
        parsed,
        mentions,
        actor_types=types,
        affiliations=affiliations,
        find_dates=find_dates,
    )

    def resolve_author(name: str) -> str | None:
        return gazetteer.resolve(name, "actor")

    claims = extract_claims(
        document,
        parsed,
        mentions,
        events,
        actor_types=types,
        resolve_author=resolve_author,
    )
    _set_event_modality(events, claims)
    document = _with_source_author(document, resolve_author)
    return Extraction(
        document=document,
        actors=_complete_actors(actors, document, events, claims, gazetteer),
        concepts=concepts,
        places=places,
        mentions=mentions,
        events=events,
        claims=claims,
    )


def _complete_actors(
    actors: list[Actor],
    document: Document,
    events: list[Event],
    claims: list[Claim],
    gazetteer: Any,
) -> list[Actor]:
    """Every actor key the records use (claimants, agents, targets) gets an Actor record:
    the gazetteer's entry, else a MediaOutlet for a voice (the blog, an outlet)."""
    known = {a.key: a for a in actors}
    wanted = [c.claimant for c in claims]
    for e in events:
        wanted.extend([*e.agents, *e.targets])
    labels = {
        make_key(name): name
        for name in (
            document.author,
            document.based_on.author if document.based_on else None,
            document.based_on.outlet if document.based_on else None,
        )
        if name
    }
    for key in wanted:
        if key in known:
            continue
        entry = gazetteer.actors.get(key) if gazetteer is not None else None
        if entry is None:
            label = labels.get(key) or (document.author if key == document.author_actor else None)
            entry = Actor(
                key=key,
                type=ActorType.MEDIA,
                label_ja=label if label and not label.isascii() else None,
                label_en=label if label and label.isascii() else None,
                in_gazetteer=False,
            )
        known[key] = entry
        affiliation = entry.affiliation
        while affiliation and affiliation not in known and gazetteer is not None:
            parent = gazetteer.actors.get(affiliation)
            if parent is None:
                break
            known[affiliation] = parent
            affiliation = parent.affiliation
    return [known[k] for k in sorted(known)]


def _with_source_author(document: Document, resolve_author: Any) -> Document:
    """Fill SourceArticle.author_actor when the gazetteer knows the author or outlet."""
    src = document.based_on
    if src is None or src.author_actor:
        return document
    from kg.claims import section_voice

    key = section_voice(document, resolve_author)
    return document.model_copy(update={"based_on": src.model_copy(update={"author_actor": key})})


def _set_event_modality(events: list[Any], claims: list[Any]) -> None:
    """An event carries the modality of the claim made in its sentence."""
    by_sentence = {c.sentence: c for c in claims}
    for e in events:
        claim = by_sentence.get(e.sentence)
        if claim is not None:
            e.modality = claim.modality


def extract_documents(
    docs: list[Document],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    gazetteer: Any = None,
    disable: Iterable[str] = DEFAULT_DISABLE,
    nlp: Language | None = None,
) -> list[Extraction]:
    """Run the whole pipeline on documents (GiNZA `nlp.pipe`, n_process>1 forks workers)."""
    from kg.gazetteer import load_gazetteer
    from kg.nlp import load_nlp

    if not docs:
        return []
    nlp = nlp or load_nlp()
    gazetteer = gazetteer or load_gazetteer()
    if n_process > 1 and len(docs) > 1:
        return _extract_in_workers(docs, nlp, gazetteer, n_process, batch_size, tuple(disable))
    return _extract_here(docs, nlp, gazetteer, batch_size, tuple(disable))


def _extract_here(
    docs: Sequence[Document],
    nlp: Language,
    gazetteer: Any,
    batch_size: int,
    disable: tuple[str, ...],
) -> list[Extraction]:
    """Parse and extract in this process (the serial path, and each worker's task)."""
    return [
        extract_parsed(document, parsed, gazetteer)
        for document, parsed in parse_documents(docs, nlp, batch_size=batch_size, disable=disable)
    ]


#: what forked workers inherit: (nlp, gazetteer, batch_size, disable)
_WORKER_STATE: tuple[Any, Any, int, tuple[str, ...]] | None = None


def _worker_init() -> None:
    """Ctrl-C is the parent's to handle (it stops the pool); workers would print tracebacks."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_chunk(task: tuple[int, list[Document]]) -> tuple[int, list[Extraction]]:
    assert _WORKER_STATE is not None
    index, chunk = task
    return index, _extract_here(chunk, *_WORKER_STATE)


def _extract_in_workers(
    docs: list[Document],
    nlp: Language,
    gazetteer: Any,
    n_process: int,
    batch_size: int,
    disable: tuple[str, ...],
) -> list[Extraction]:
    """Parse AND extract in forked worker processes, documents in order.

    spaCy's own ``n_process`` parses in workers but sends every Doc back to this process,
    which then runs all the rules alone: with 2 workers on 2 cores the rules and the Doc
    transfer competed with the parsers (1.59x instead of GiNZA's 1.8x). Workers forked
    after the model is loaded share it and return only the small Extraction records.
    """
    import multiprocessing

    global _WORKER_STATE
    # small tasks, the longest first, keep every worker busy to the end (the last task is
    # what the others wait for); results are put back in document order
    size = max(1, min(8, len(docs) // (n_process * 8)))
    chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
    tasks = sorted(enumerate(chunks), key=lambda t: -sum(len(d.text) for d in t[1]))
    _WORKER_STATE = (nlp, gazetteer, batch_size, disable)
    try:
        with multiprocessing.get_context("fork").Pool(
            min(n_process, len(chunks)), initializer=_worker_init
        ) as pool:
            done = dict(pool.imap_unordered(_extract_chunk, tasks))
    finally:
        _WORKER_STATE = None
    return [ex for index in range(len(chunks)) for ex in done[index]]


def extract_paths(paths: Sequence[Path | str], **kwargs: Any) -> list[Extraction]:
    """Read article files/folders (kg.documents.load_paths) and extract them."""
    from kg.documents import load_paths

    return extract_documents(load_paths([Path(p) for p in paths]), **kwargs)
