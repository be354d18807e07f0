"""Pydantic records: the contracts between pipeline stages.

text -> Document (sections, sentences) -> mentions/actors -> Event/Claim -> RDF.
Every stage reads and writes these records only; only ``kg.rdf`` turns them into
triples. Offsets are character offsets into ``Document.text`` (Python ``str``
indices), so ``doc.text[s.start:s.end] == s.text`` always holds for a sentence.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

#: Keys become the last segment of an IRI, so they are restricted to IRI-safe characters.
Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=120)]

KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class ActorType(StrEnum):
    PERSON = "Person"
    STATE = "State"
    ORGANIZATION = "Organization"
    #: a bloc or loose group of states/people (EU member states, the Global South, 欧州諸国)
    GROUP = "Group"
    #: a news outlet or blog speaking in its own voice (Global Times, a blogger)
    MEDIA = "MediaOutlet"


class Modality(StrEnum):
    """How sure the claimant is, or what kind of speech act the claim is."""

    ASSERTION = "assertion"
    SPECULATION = "speculation"
    PREDICTION = "prediction"
    EVALUATION = "evaluation"
    REPORTED_SPEECH = "reported_speech"
    PRESCRIPTION = "prescription"


class Mood(StrEnum):
    """Whether an event happened or is only threatened, requested, supposed..."""

    ACTUAL = "actual"
    PLANNED = "planned"
    CONDITIONAL = "conditional"
    HYPOTHETICAL = "hypothetical"
    REQUESTED = "requested"


class SectionKind(StrEnum):
    OVERVIEW = "overview"  # 【概要】
    DETAIL = "detail"  # 【詳細】
    KEY_POINTS = "key_points"  # 【要点】
    COMMENTARY = "commentary"  # 【…寸評】 the blog's own voice
    REFERENCES = "references"  # 【引用・参照・底本】
    BODY = "body"  # text outside any known section (preamble, unknown heading)


class TimeExpression(Record):
    """A date as written and as normalised to an XSD value."""

    text: str
    value: str  # lexical form of the XSD value, e.g. "2025-05-08", "2025-03", "2025"
    datatype: Literal["date", "gYearMonth", "gYear", "dateTime"]
    qualifier: Literal["early", "mid", "late", "end", "since", "until", "about"] | None = None
    earliest: date | None = None
    latest: date | None = None


class SourceArticle(Record):
    """The original article a post is built on, from 【引用・参照・底本】."""

    title: str
    author: str | None = None  # a person (Andrew Korybko) or an editorial voice
    outlet: str | None = None  # Andrew Korybko's Newsletter, Global Times
    published: date | None = None
    url: str | None = None  # kept as text; never turned into a link unless http(s)
    author_actor: str | None = None  # actor key of the author, when resolved


class Section(Record):
    index: int = Field(ge=0)
    heading: str
    kind: SectionKind
    level: int = Field(default=1, ge=1)  # 1 for 【…】, 2 for numbered sub-heads
    parent: int | None = None  # index of the enclosing level-1 section
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Sentence(Record):
    index: int = Field(ge=0)
    section: int | None = None  # index of the innermost section holding it
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Document(Record):
    """One article (a blog post). A file may hold several."""

    key: Key  # deterministic, e.g. a hash of title + published date
    title: str
    published: datetime | date | None = None
    author: str | None = None  # the blog / writer whose voice 【寸評】 is in
    author_actor: str | None = None
    source_path: str | None = None
    content_hash: str | None = None  # sha256 of the file the article came from
    language: str = "ja"
    text: str
    based_on: SourceArticle | None = None
    sections: list[Section] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _offsets_inside_text(self) -> Document:
        n = len(self.text)
        for s in self.sentences:
            if not (0 <= s.start <= s.end <= n):
                raise ValueError(f"sentence {s.index} offsets {s.start}-{s.end} outside text")
        for sec in self.sections:
            if not (0 <= sec.start <= sec.end <= n):
                raise ValueError(f"section {sec.index} offsets outside text")
        return self

    def sentence(self, index: int) -> Sentence:
        return self.sentences[index]

    def section_of(self, sentence: Sentence) -> Section | None:
        if sentence.section is None:
            return None
        return self.sections[sentence.section]


class Actor(Record):
    key: Key
    type: ActorType
    label_ja: str | None = None
    label_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = Field(default=None, pattern=r"^Q[0-9]+$")
    affiliation: Key | None = None  # actor key, e.g. donald-trump -> USA
    in_gazetteer: bool = True


class Concept(Record):
    """A non-actor object of a relation: secondary sanctions, a ceasefire, a treaty."""

    key: Key
    label_ja: str | None = None
    label_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = Field(default=None, pattern=r"^Q[0-9]+$")


class Place(Record):
    key: Key
    label_ja: str | None = None
    label_en: str | None = None
    country: Key | None = None  # actor key of the state it lies in
    wikidata: str | None = Field(default=None, pattern=r"^Q[0-9]+$")


class Mention(Record):
    """A stretch of text that refers to an actor, concept or place."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: int
    kind: Literal["actor", "concept", "place"] = "actor"
    key: Key
    role: str | None = None  # title or role as written: 大統領, 外相 ...


class Event(Record):
    """A CAMEO-coded relation as stated in one sentence (the statement node)."""

    index: int = Field(ge=0)
    relation: str  # local name of a gk: relation property, e.g. "threatens"
    cameo: str = Field(pattern=r"^[0-9]{2,4}$")
    agents: list[Key] = Field(default_factory=list)  # actor keys
    targets: list[Key] = Field(default_factory=list)  # actor keys the act is aimed at
    objects: list[Key] = Field(default_factory=list)  # concept keys (what is threatened...)
    date: TimeExpression | None = None
    place: Key | None = None  # place key
    negated: bool = False
    mood: Mood = Mood.ACTUAL
    modality: Modality = Modality.ASSERTION
    trigger: str  # the predicate as written (警告した, 会談)
    trigger_start: int | None = None
    trigger_end: int | None = None
    sentence: int  # index into Document.sentences: the evidence


class Claim(Record):
    """An attributed proposition: who claims what, and how sure they are."""

    index: int = Field(ge=0)
    sentence: int
    text: str  # the proposition (the quoted clause for reported speech, else the sentence)
    claimant: Key  # actor key
    modality: Modality
    attribution: Literal["explicit", "section_voice", "author_voice"]
    speech_act: str | None = None  # the verb that introduces it: 述べる, 警告, 推測 ...
    about_events: list[int] = Field(default_factory=list)  # Event.index values
    about_actors: list[Key] = Field(default_factory=list)


class Extraction(Record):
    """Everything extracted from one document: the input of the RDF layer."""

    document: Document
    actors: list[Actor] = Field(default_factory=list)
    concepts: list[Concept] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


def make_key(text: str) -> str:
    """An IRI-safe key from free text (ASCII slug, else a short stable hash)."""
    import hashlib

    slug = KEY_UNSAFE.sub("-", text.strip().lower()).strip("-.")
    if slug and slug.isascii() and len(slug) <= 80:
        return slug
    return "x" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]
