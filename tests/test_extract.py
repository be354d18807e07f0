"""The whole pipeline on the seed (read from ../shared at run time): graph-level facts.

`seed_extractions` (tests/conftest.py) extracts the seed once per session."""

from __future__ import annotations

from kg.records import Document, Extraction, Mood, SectionKind, Sentence


def _events(extractions: list[Extraction], relation: str):
    return [e for ex in extractions for e in ex.events if e.relation == relation]


def _parties(event) -> set[str]:
    return {*event.agents, *event.targets}


def test_two_articles(seed_extractions) -> None:
    assert len(seed_extractions) == 2
    for ex in seed_extractions:
        assert ex.events and ex.claims and ex.mentions


def test_trump_threatens_secondary_sanctions(seed_extractions) -> None:
    threats = [
        e
        for e in _events(seed_extractions, "threatens")
        if "donald-trump" in e.agents and "secondary-sanctions" in e.objects
    ]
    assert threats, "no threat of secondary sanctions by donald-trump"
    assert all(e.cameo == "1312" for e in threats)
    assert all(e.mood in (Mood.CONDITIONAL, Mood.PLANNED) for e in threats)


def test_threat_is_not_recorded_as_sanctions_done(seed_extractions) -> None:
    done = [
        e
        for e in _events(seed_extractions, "sanctions")
        if "donald-trump" in e.agents
        and "secondary-sanctions" in e.objects
        and e.mood is Mood.ACTUAL
        and not e.negated
    ]
    assert done == []


def test_putin_meets_xi(seed_extractions) -> None:
    meets = [
        e
        for e in _events(seed_extractions, "meets")
        if _parties(e) == {"vladimir-putin", "xi-jinping"}
    ]
    assert meets
    assert any(e.place == "moscow" for e in meets)


def test_xi_and_putin_sign_joint_statements(seed_extractions) -> None:
    signs = [
        e
        for e in _events(seed_extractions, "signs")
        if {"xi-jinping", "vladimir-putin"} <= _parties(e) and "joint-statement" in e.objects
    ]
    assert signs
    assert any(e.date is not None and e.date.value == "2025-05-08" for e in signs)


def test_trump_demands_ceasefire(seed_extractions) -> None:
    demands = [
        e
        for e in _events(seed_extractions, "demands")
        if "donald-trump" in e.agents and "ceasefire" in e.objects
    ]
    assert demands


def test_claims_by_korybko_global_times_and_the_blog(seed_extractions) -> None:
    korybko_post, gt_post = seed_extractions
    k_claims = korybko_post.claims
    assert any(
        c.claimant == "andrew-korybko" and c.attribution == "section_voice" for c in k_claims
    )
    assert any(
        c.claimant == "andrew-korybko" and c.attribution == "explicit" and c.speech_act == "推測"
        for c in k_claims
    )
    assert any(c.claimant == "donald-trump" and c.attribution == "explicit" for c in k_claims)
    blog = korybko_post.document.author_actor or korybko_post.document.author
    assert blog
    commentary = [c for c in k_claims if c.attribution == "author_voice"]
    assert len(commentary) > 20
    assert all(c.claimant == commentary[0].claimant for c in commentary)
    assert any(c.claimant == "global-times" for c in gt_post.claims)
    assert gt_post.document.based_on is not None
    assert gt_post.document.based_on.author_actor == "global-times"


def test_every_key_used_has_an_actor_record(seed_extractions) -> None:
    for ex in seed_extractions:
        actors = {a.key for a in ex.actors}
        used = {c.claimant for c in ex.claims}
        for e in ex.events:
            used.update(e.agents, e.targets)
        assert used <= actors, sorted(used - actors)


def test_seed_graph_conforms_to_shapes(seed_extractions) -> None:
    from kg.rdf import extraction_graph
    from kg.validate import validate_graph

    for ex in seed_extractions:
        report = validate_graph(extraction_graph(ex))
        assert report.conforms, str(report)[:2000]


def test_no_claims_or_events_from_references(seed_extractions) -> None:
    for ex in seed_extractions:
        doc = ex.document
        refs = {
            s.index
            for s in doc.sentences
            if s.section is not None and doc.sections[s.section].kind is SectionKind.REFERENCES
        }
        assert refs, "the seed articles end with a references section"
        assert not [c for c in ex.claims if c.sentence in refs]
        assert not [e for e in ex.events if e.sentence in refs]


def test_event_evidence_offsets(seed_extractions) -> None:
    for ex in seed_extractions:
        text = ex.document.text
        for e in ex.events:
            s = ex.document.sentences[e.sentence]
            assert s.start <= e.trigger_start < e.trigger_end <= s.end
            assert text[e.trigger_start : e.trigger_end] == e.trigger


def test_parse_covers_text_exactly(nlp) -> None:
    from kg.extract import parse_documents

    text = "【概要】\n\n 米国は停戦を求めた。 ロシアは拒否した。\n"
    first, second = text.index("米国"), text.index("ロシア")
    doc = Document(
        key="t",
        title="t",
        text=text,
        sentences=[
            Sentence(index=0, text="米国は停戦を求めた。", start=first, end=first + 10),
            Sentence(index=1, text="ロシアは拒否した。", start=second, end=second + 9),
        ],
    )
    ((_, parsed),) = list(parse_documents([doc], nlp))
    assert parsed.text == text
    span = parsed.char_span(second, second + 9)
    assert span is not None and span.text == "ロシアは拒否した。"
    assert all(t.head.i >= span.start and t.head.i < span.end for t in span)


def test_empty_input() -> None:
    from kg.extract import extract_documents

    assert extract_documents([]) == []


def test_worker_processes_give_the_same_records(nlp) -> None:
    """`--jobs 2` forks workers that parse and extract: the records are those of one process,
    in the same order."""
    from pathlib import Path

    from kg.documents import load_paths
    from kg.extract import extract_documents

    root = Path(__file__).resolve().parent
    docs = load_paths(sorted((root / "gold" / "own").glob("*.txt")))
    docs += load_paths(sorted((root.parent / "examples").glob("*.txt")))
    docs += load_paths(sorted((root.parent / "examples").glob("*.md")))
    assert len(docs) >= 4
    serial = extract_documents(docs, nlp=nlp)
    parallel = extract_documents(docs, nlp=nlp, n_process=2)
    assert [ex.document.key for ex in parallel] == [d.key for d in docs]
    assert [ex.model_dump() for ex in parallel] == [ex.model_dump() for ex in serial]
