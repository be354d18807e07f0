"""Deterministic synthetic corpora shaped like ours, for the benchmark.

Graphs are generated as ``kg.records.Extraction`` objects and mapped by ``kg.rdf``, so
they have exactly the shape of real extractions (documents, sections, sentences,
actors, events with provenance, claims), only more of them. ``python -m bench.synth
--triples 1000000 --out synth.nq`` writes N-Quads.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from kg import rdf
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
    TimeExpression,
)

RELATIONS = [
    ("threatens", "1312"),
    ("meets", "04"),
    ("demands", "10"),
    ("sanctions", "163"),
    ("signs", "057"),
    ("criticizes", "111"),
    ("rejects", "12"),
    ("supports", "051"),
    ("providesMilitaryAidTo", "072"),
    ("appealsTo", "02"),
    ("mediates", "045"),
    ("states", "01"),
    ("talksByPhone", "041"),
    ("tradesWith", "061"),
]
ACTOR_TYPES = [ActorType.PERSON, ActorType.STATE, ActorType.ORGANIZATION, ActorType.GROUP]
SYLLABLES = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
KANJI = "国政府首相外相大統領会談制裁停戦協定署名批判要求支援軍事経済交渉合意声明"


def _name(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


#: real actors first, so the query library's default parameters (Putin, Trump...) match
KNOWN_ACTORS = [
    Actor(
        key="vladimir-putin",
        type=ActorType.PERSON,
        label_ja="プーチン",
        label_en="Vladimir Putin",
        aliases=["Putin"],
        wikidata="Q7747",
        affiliation="RUS",
    ),
    Actor(
        key="donald-trump",
        type=ActorType.PERSON,
        label_ja="トランプ",
        label_en="Donald Trump",
        aliases=["Trump"],
        wikidata="Q22686",
        affiliation="USA",
    ),
    Actor(
        key="xi-jinping",
        type=ActorType.PERSON,
        label_ja="習近平",
        label_en="Xi Jinping",
        wikidata="Q15031",
        affiliation="CHN",
    ),
    Actor(key="RUS", type=ActorType.STATE, label_ja="ロシア", label_en="Russia", wikidata="Q159"),
    Actor(
        key="USA", type=ActorType.STATE, label_ja="米国", label_en="United States", wikidata="Q30"
    ),
    Actor(key="CHN", type=ActorType.STATE, label_ja="中国", label_en="China", wikidata="Q148"),
]
TRIGGERS = {"threatens": "警告した", "meets": "会談した", "demands": "要求した"}


def make_actors(rng: random.Random, count: int) -> list[Actor]:
    actors = list(KNOWN_ACTORS)
    for i in range(len(actors), count):
        label = _name(rng, rng.randint(3, 5))
        actors.append(
            Actor(
                key=f"synth-actor-{i}",
                type=ACTOR_TYPES[i % len(ACTOR_TYPES)],
                label_ja=label,
                label_en=f"Actor {i}",
                aliases=[label[:2] + "氏"] if i % 3 == 0 else [],
                wikidata=f"Q{100000 + i}" if i % 5 == 0 else None,
            )
        )
    return actors


def make_concepts(count: int) -> list[Concept]:
    known = Concept(key="secondary-sanctions", label_ja="二次制裁", label_en="secondary sanctions")
    return [known] + [
        Concept(key=f"synth-concept-{i}", label_ja=f"概念{i}", label_en=f"concept {i}")
        for i in range(1, count)
    ]


def make_document(
    rng: random.Random, index: int, actors: list[Actor], concepts: list[Concept]
) -> Extraction:
    """One article: 4 sections, 12 sentences, ~10 events, ~10 claims."""
    sentences: list[Sentence] = []
    sections: list[Section] = []
    text_parts: list[str] = []
    offset = 0
    kinds = [
        SectionKind.OVERVIEW,
        SectionKind.DETAIL,
        SectionKind.KEY_POINTS,
        SectionKind.COMMENTARY,
    ]
    for s_index, kind in enumerate(kinds):
        sec_start = offset
        for _ in range(3):
            body = "".join(rng.choice(KANJI) for _ in range(rng.randint(20, 50))) + "。"
            sentences.append(
                Sentence(
                    index=len(sentences),
                    section=s_index,
                    text=body,
                    start=offset,
                    end=offset + len(body),
                )
            )
            text_parts.append(body)
            offset += len(body)
        sections.append(
            Section(index=s_index, heading=kind.value, kind=kind, start=sec_start, end=offset)
        )
    year, month, day = 2020 + index % 6, 1 + index % 12, 1 + index % 28
    doc = Document(
        key=f"synth-{index:07d}",
        title=f"合成記事 {index}",
        published=f"{year}-{month:02d}-{day:02d}T09:00:00",
        author="合成ブログ",
        author_actor=actors[0].key,
        text="".join(text_parts),
        sections=sections,
        sentences=sentences,
    )
    used_actors = rng.sample(actors, k=min(6, len(actors)))
    used_concepts = rng.sample(concepts, k=min(3, len(concepts)))
    mentions = [
        Mention(
            text=a.label_ja or a.key, start=s.start, end=s.start + 1, sentence=s.index, key=a.key
        )
        for s in sentences
        for a in rng.sample(used_actors, k=2)
    ]
    events = []
    for e_index in range(10):
        relation, cameo = RELATIONS[rng.randrange(len(RELATIONS))]
        agent, target = rng.sample(used_actors, k=2)
        events.append(
            Event(
                index=e_index,
                relation=relation,
                cameo=cameo,
                agents=[agent.key],
                targets=[target.key] if e_index % 3 else [],
                objects=[rng.choice(used_concepts).key] if e_index % 3 == 0 else [],
                date=TimeExpression(
                    text=f"{year}年{month}月{day}日",
                    value=f"{year}-{month:02d}-{day:02d}",
                    datatype="date",
                    earliest=date(year, month, day),
                    latest=date(year, month, day),
                )
                if e_index % 2 == 0
                else None,
                negated=e_index == 7,
                mood=Mood.CONDITIONAL if e_index == 5 else Mood.ACTUAL,
                trigger=TRIGGERS.get(relation, "表明した"),
                sentence=rng.randrange(len(sentences)),
            )
        )
    modalities = list(Modality)
    claims = [
        Claim(
            index=c_index,
            sentence=c_index,
            text=sentences[c_index].text,
            claimant=rng.choice(used_actors).key,
            modality=modalities[c_index % len(modalities)],
            attribution="section_voice",
            about_events=[c_index % 10],
        )
        for c_index in range(10)
    ]
    return Extraction(
        document=doc,
        actors=used_actors,
        concepts=used_concepts,
        mentions=mentions,
        events=events,
        claims=claims,
    )


def generate(target_triples: int, seed: int = 7) -> Iterator[Extraction]:
    """Extractions until about ``target_triples`` triples have been produced."""
    rng = random.Random(seed)
    n_actors = max(20, min(5000, target_triples // 200))
    actors = make_actors(rng, n_actors)
    concepts = make_concepts(max(10, n_actors // 4))
    produced = 0
    index = 0
    while produced < target_triples:
        ex = make_document(rng, index, actors, concepts)
        produced += sum(1 for _ in rdf.extraction_triples(ex))
        index += 1
        yield ex


def write_nquads(target_triples: int, path: Path, seed: int = 7) -> int:
    """Write the corpus as N-Quads; returns the number of quads written."""
    from kg.namespaces import document_iri

    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for ex in generate(target_triples, seed):
            g = document_iri(ex.document.key).n3()
            lines = [
                f"{s.n3()} {p.n3()} {o.n3()} {g} .\n" for s, p, o in rdf.extraction_triples(ex)
            ]
            fh.writelines(lines)
            count += len(lines)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    n = write_nquads(args.triples, args.out, args.seed)
    print(f"wrote {n} quads to {args.out}")


if __name__ == "__main__":
    main()
