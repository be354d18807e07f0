"""Claims: who asserts each proposition of an article, and how sure they are.

Which sentences are claims: every sentence outside 【引用・参照・底本】 whose dependency root
is a predicate — a verb or adjective, a noun with a copula (…である), a noun with a subject
(…は…の完了。), or a verbal noun closing the sentence (…を主張。). Headings and bare noun
lists are not claims.

Who claims it, in this order:

1. explicit: the sentence's main predicate (or a clause it coordinates) is a speech verb
   (kg/data/markers.toml [speech] reported: 述べる, 警告, 主張, 指摘…) or an opinion verb
   ([speech] speculation/prediction: 推測, 考える, 予想…) with a named speaker (its subject,
   or the subject inherited as in kg.events) -> that speaker, attribution "explicit",
   modality REPORTED_SPEECH (speech verbs) or the opinion verb's own modality;
   the claim text is the quoted complement clause.
2. section voice: 【概要】【詳細】【要点】 speak for the original article's author
   (Document.based_on: its author_actor, else the author resolved by `resolve_author`,
   else the outlet for an editorial) -> attribution "section_voice".
3. author voice: 【…寸評】 and text outside known sections speak for the blog
   (Document.author_actor, else make_key(Document.author)) -> attribution "author_voice".

Modality for 2 and 3: the marker phrase of [modality] that ends nearest to the end of the
sentence (the outermost one in Japanese) decides; a speech verb in the passive with no
speaker (…と指摘されている) makes it REPORTED_SPEECH; an adjectival root makes it EVALUATION;
otherwise ASSERTION.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from kg.events import (
    CLAUSE_DEPS,
    MentionIndex,
    _Context,
    _root,
    _sentence_span,
    _unique,
    actors_of,
    case_of,
    ending_of,
    enter_sentence,
    is_passive,
    quotative,
    subject_actors,
    subject_of,
)
from kg.lexicon import Markers, load_markers
from kg.records import (
    Claim,
    Document,
    Event,
    Mention,
    Modality,
    SectionKind,
    Sentence,
    make_key,
)

AuthorResolver = Callable[[str], str | None]

SECTION_VOICE = frozenset({SectionKind.OVERVIEW, SectionKind.DETAIL, SectionKind.KEY_POINTS})
EDITORIAL_WORDS = ("editorial", "社説", "editors", "staff", "編集部", "社論")
QUOTES = '「」『』"“”'
#: conjunctive particles of a reason clause (…と見ているからだ): the verb before them is the
#: writer's explanation, not a speech act of its subject
REASON_MARKS = frozenset({"から", "ので", "ため"})
#: nouns whose modifying clause is the content of what is stated (…する考えを示した)
STANCE_CONTENT_NOUNS = frozenset(
    {"考え", "立場", "方針", "意向", "見解", "認識", "可能性", "用意", "構え", "意志", "意思",
     "見方", "見通し", "決意", "覚悟"}
)  # fmt: skip
#: verbs of hearsay closing a sentence (…と述べたという): the speech verb inside speaks
HEARSAY_VERBS = frozenset({"言う", "いう"})
#: …としている: する with a quoted clause reports what its subject maintains
REPORTING_SURU = "とする"
#: verbs that limit a speech act to itself (…と述べるにとどめた): the speech verb still reports
LIMITING_VERBS = frozenset({"とどめる", "とどまる", "留める", "留まる"})
#: nouns of a statement issued (…と批判する声明を出した): the clause on them is the speech
STATEMENT_NOUNS = frozenset({"声明", "談話", "コメント", "書簡", "声明文", "見解"})


def is_propositional(span: Span) -> bool:
    """A sentence with a predicate (see the module docstring); headings are not."""
    root = _root(span)
    if root is None:
        return False
    if root.pos_ in ("VERB", "ADJ", "AUX"):
        return True
    if root.tag_.startswith("形状詞"):
        return True
    children = list(root.children)
    if any(c.dep_ in ("cop", "aux") for c in children):
        return True
    if any(c.dep_ in ("nsubj", "csubj") and case_of(c) in ("は", "が", "も") for c in children):
        return True
    # …を主張。 …していると批判。: a verbal noun closing the sentence with its object or quote
    return root.tag_.endswith("サ変可能") and any(
        c.dep_ == "obj" or (c.dep_ in ("advcl", "ccomp", "acl") and quotative(c)) for c in children
    )


def _complement(pred: Token) -> Token | None:
    """The quoted clause of a speech verb: …と述べた, 「…」を主張, and the content of a stance
    stated (…を続ける考えを示した, …は解決しないとの立場を示した)."""
    for c in sorted(pred.children, key=lambda t: -t.i):
        if c.i > pred.i:
            continue
        if c.dep_ in ("advcl", "ccomp", "csubj", "acl") and quotative(c):
            return c
        quoted = any(t.text in QUOTES for t in c.subtree)
        if c.dep_ in ("obj", "obl", "nsubj") and quoted:
            return c
        if c.dep_ == "nmod" and quoted and quotative(c):  # 「…は非現実的」と発言。
            return c
        if c.dep_ in ("obj", "nsubj") and c.lemma_ in STANCE_CONTENT_NOUNS:
            # …する考えを示した, …に傾く可能性が指摘されている
            for g in c.children:
                if g.i < c.i and (g.dep_ == "acl" or case_of(g) == "との"):
                    return g
        if c.dep_ in ("advcl", "ccomp", "obj") and "よう" in ending_of(c):
            return c  # …を解放するよう呼びかけた: the content of the appeal
        if c.dep_ == "advcl" and _clause(c) and ending_of(c).endswith(("として", "とし")):
            return c  # …を危うくしかねないとして、…を呼びかけた: the reason the speaker gives
    if pred.dep_ == "advcl" and pred.head.lemma_ in LIMITING_VERBS:
        # …と述べるにとどめた: the parser hangs the quoted clause on とどめる
        for c in sorted(pred.head.children, key=lambda t: -t.i):
            if c.i < pred.i and c.dep_ in ("advcl", "ccomp") and quotative(c):
                return c
    return None


def _clause(tok: Token) -> bool:
    """A predicate (verb, adjective, or a noun with a copula), not a bare noun phrase."""
    return tok.pos_ in ("VERB", "ADJ", "AUX") or any(c.dep_ == "cop" for c in tok.children)


def _volitional(tok: Token) -> bool:
    """使おう, しよう: the volitional form (…ようとする is an attempt)."""
    return any("意志推量形" in str(t.morph) for t in (tok, *tok.children) if t.i >= tok.i)


def _speech_lemma(pred: Token, markers: Markers) -> str:
    """The speech verb a predicate stands for: its lemma; for …を明らかにした (parsed as する
    with 明らか hung on it) the adjective's; for …としている (する with a quoted clause) the
    reporting verb とする."""
    if pred.lemma_ != "する":
        return pred.lemma_
    for c in pred.children:
        if (
            c.dep_ in ("advcl", "obl")
            and 0 < pred.i - c.i <= 2
            and (c.lemma_ in markers.reported or c.lemma_ in markers.opinion)
        ):
            return c.lemma_
    ending = ending_of(pred)
    if pred.dep_ != "ROOT" and "いる" not in ending and "た" not in ending:
        return pred.lemma_  # …として、…を拒んだ: a reason given in passing, not a report
    if any(
        c.dep_ in ("advcl", "ccomp")
        and c.i < pred.i
        and _clause(c)
        and quotative(c)
        # …を使おうとしている: an attempt, not a report; …ものとする: a frame
        and not _volitional(c)
        and c.lemma_ not in ("もの", "こと")
        for c in pred.children
    ):
        return REPORTING_SURU
    return pred.lemma_


def _speech_candidates(root: Token) -> list[Token]:
    """The root, the clauses coordinated with it (…と明かしており、…に言及している), and the
    speech verb describing a statement the root issues (…と批判する声明を出した)."""
    out = [root]
    for c in sorted(root.children, key=lambda t: -t.i):
        if c.dep_ in ("advcl", "conj") and c.i < root.i and not quotative(c):
            out.append(c)
        if c.dep_ == "obj" and c.lemma_ in STATEMENT_NOUNS:
            out.extend(g for g in c.children if g.dep_ == "acl" and g.i < c.i)
    return out


def modality_from_markers(text: str, markers: Markers) -> Modality | None:
    """The modality marker that ends nearest to the end of `text`."""
    best: tuple[int, int, Modality] | None = None
    for phrase, modality in markers.modality_phrases:
        pos = _last_unquoted(text, phrase)
        if pos < 0:
            continue
        key = (pos + len(phrase), len(phrase))
        if best is None or key > best[:2]:
            best = (key[0], key[1], modality)
    return best[2] if best else None


QUOTATIVE_AFTER = ("と", "だと", "とし", "として", "との", "」と")


def _last_unquoted(text: str, phrase: str) -> int:
    """Last position of `phrase` not followed by a quotative (…べきだとして: quoted)."""
    pos = text.rfind(phrase)
    while pos >= 0:
        after = text[pos + len(phrase) : pos + len(phrase) + 3]
        if not after.startswith(QUOTATIVE_AFTER):
            return pos
        pos = text.rfind(phrase, 0, pos)
    return -1


def section_voice(document: Document, resolve_author: AuthorResolver | None = None) -> str:
    """The actor whose analysis 【概要】【詳細】【要点】 summarise."""
    src = document.based_on
    if src is not None:
        if src.author_actor:
            return src.author_actor
        for name in (src.author, src.outlet):
            if name and resolve_author is not None:
                key = resolve_author(name)
                if key:
                    return key
        editorial = src.author is None or any(w in src.author.lower() for w in EDITORIAL_WORDS)
        if editorial and src.outlet:
            return make_key(src.outlet)
        if src.author:
            return make_key(src.author)
    return author_voice(document)


def author_voice(document: Document) -> str:
    """The blog's own voice (【…寸評】)."""
    if document.author_actor:
        return document.author_actor
    if document.author:
        return make_key(document.author)
    return make_key(document.title or document.key)


def _explicit(
    span: Span, ctx: _Context, markers: Markers
) -> tuple[str | None, Token, Token | None, Modality] | None:
    """(speaker, verb, complement, modality) when a speech/opinion verb heads the sentence."""
    root = _root(span)
    if root is None:
        return None
    candidates = _speech_candidates(root)
    # a speech verb with a quoted clause first (…と述べ、…を呼びかけた -> 述べる)
    candidates.sort(key=lambda p: _complement(p) is None)
    root_lemma = _speech_lemma(root, markers)
    speaking_root = root_lemma in markers.reported or root_lemma in markers.opinion
    root_subject = [] if speaking_root else _overt_subject(root, ctx)
    for pred in candidates:
        lemma = _speech_lemma(pred, markers)
        if pred is not root and ending_of(pred).endswith(tuple(markers.conditional_endings)):
            continue  # Aが…と考えているなら、…: a supposition of the writer's, not A's words
        if pred is not root and root_subject and pred.dep_ in ("advcl", "conj"):
            own = _overt_subject(pred, ctx)
            if own and own != root_subject:
                # Aは…と非難し、Bも…声明を出した: B's act (not a speech verb) closes the
                # sentence; the writer narrates both
                continue
        if lemma in markers.reported or lemma == REPORTING_SURU:
            modality = Modality.REPORTED_SPEECH
        elif lemma in markers.opinion:
            modality = markers.opinion[lemma]
        else:
            continue
        if any(c.dep_ == "mark" and c.text in REASON_MARKS and c.i > pred.i for c in pred.children):
            continue  # …のは、双方が…と見ているからである: the writer explains, A does not speak
        complement = _complement(pred)
        if complement is None:
            # 日本は北朝鮮に抗議した, …の辞任を要求した: an act the writer narrates, not words
            # it quotes
            continue
        speaker = None if is_passive(pred) else _speaker(pred, ctx, markers)
        if speaker is None and complement is not None and lemma in HEARSAY_VERBS:
            # 金総書記は…と述べたという: the writer passes on what the inner speaker said
            inner = _explicit_at(complement, ctx, markers)
            if inner is not None:
                return inner
        return speaker, pred, complement, modality
    return None


def _overt_subject(pred: Token, ctx: _Context) -> list[str]:
    """Actors of the が/は/も-subject hung on the predicate itself, if any."""
    for c in pred.children:
        if c.dep_ == "nsubj" and c.i < pred.i and case_of(c) in ("が", "は", "も"):
            return actors_of(c, ctx)
    return []


def _explicit_at(
    pred: Token, ctx: _Context, markers: Markers
) -> tuple[str | None, Token, Token | None, Modality] | None:
    """A speech verb heading a quoted clause (…と述べた|という), with its own speaker."""
    if pred.lemma_ not in markers.reported:
        return None
    speaker = None if is_passive(pred) else _speaker(pred, ctx, markers)
    if speaker is None:
        return None
    return speaker, pred, _complement(pred), Modality.REPORTED_SPEECH


def _speaker(pred: Token, ctx: _Context, markers: Markers) -> str | None:
    agents = subject_of(pred, ctx, markers)
    return agents[0] if agents else None


def extract_claims(
    document: Document,
    parsed: Doc,
    mentions: Sequence[Mention],
    events: Sequence[Event] = (),
    *,
    actor_types: dict[str, str] | None = None,
    resolve_author: AuthorResolver | None = None,
    markers: Markers | None = None,
) -> list[Claim]:
    """Claims of one document; `events` (from kg.events) fill Claim.about_events."""
    markers = markers or load_markers()
    index = MentionIndex(mentions, document.text)
    ctx = _Context(document, index, actor_types or {})
    by_sentence: dict[int, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence, []).append(e)
    voice_section = section_voice(document, resolve_author)
    voice_author = author_voice(document)
    claims: list[Claim] = []
    for sentence in document.sentences:
        section = document.section_of(sentence)
        kind = section.kind if section is not None else SectionKind.BODY
        span = None if kind is SectionKind.REFERENCES else _sentence_span(parsed, sentence)
        if span is not None and len(span):
            enter_sentence(ctx, sentence, span)
        if span is not None and len(span) and is_propositional(span):
            claims.append(
                _claim(
                    len(claims), sentence, span, kind, ctx, markers, voice_section, voice_author,
                    by_sentence.get(sentence.index, []),
                )
            )  # fmt: skip
        _remember(ctx, by_sentence.get(sentence.index, []))
    return claims


def _remember(ctx: _Context, events: Sequence[Event]) -> None:
    """Keep the anaphora state in step with kg.events (両者, 彼)."""
    for e in events:
        parties = _unique([*e.agents, *e.targets])
        if len(parties) >= 2:
            ctx.last_pair = parties[:2]
        for a in e.agents:
            if ctx.actor_types.get(a) == "Person":
                ctx.last_person = a


def _claim(
    index: int,
    sentence: Sentence,
    span: Span,
    kind: SectionKind,
    ctx: _Context,
    markers: Markers,
    voice_section: str,
    voice_author: str,
    events: Sequence[Event],
) -> Claim:
    text = sentence.text
    about_actors = ctx.index.keys(sentence.start, sentence.end, "actor")
    about_events = [e.index for e in events]
    explicit = _explicit(span, ctx, markers)
    voice = voice_section if kind in SECTION_VOICE else voice_author
    attribution = "section_voice" if kind in SECTION_VOICE else "author_voice"
    if explicit is not None and explicit[0] is not None:
        speaker, verb, complement, modality = explicit
        claim_text = _complement_text(complement) if complement is not None else text
        return Claim(
            index=index,
            sentence=sentence.index,
            text=claim_text or text,
            claimant=speaker,
            modality=modality,
            attribution="explicit",
            speech_act=_speech_lemma(verb, markers),
            about_events=about_events,
            about_actors=about_actors,
        )
    speech_act = None
    modality = modality_from_markers(text, markers)
    source = _source(span, ctx, markers) if explicit is None else None
    if source is not None:
        # Xによると、…: X passes it on; a source that is no actor (報告書によれば) is hearsay
        source_tok, sources = source
        if sources:
            return Claim(
                index=index,
                sentence=sentence.index,
                text=text,
                claimant=sources[0],
                modality=Modality.REPORTED_SPEECH,
                attribution="explicit",
                speech_act=case_of(source_tok),
                about_events=about_events,
                about_actors=about_actors,
            )
        modality = Modality.REPORTED_SPEECH
    if explicit is not None:
        _, verb, _, verb_modality = explicit
        speech_act = _speech_lemma(verb, markers)
        if verb_modality is Modality.REPORTED_SPEECH and (
            is_passive(verb)
            or not _has_subject(verb)
            or speech_act not in markers.impersonal_speech
        ):
            # …と指摘されている / (声明は)…と批判している / (担当顧問は)…と警告した: what
            # someone we cannot key says; 情勢は…を示唆している: the writer's reading
            modality = Modality.REPORTED_SPEECH
        elif verb_modality is not Modality.REPORTED_SPEECH and modality is None:
            modality = verb_modality
    if modality is None:
        root = _root(span)
        evaluative = root is not None and (root.pos_ == "ADJ" or root.tag_.startswith("形状詞"))
        modality = Modality.EVALUATION if evaluative else Modality.ASSERTION
    return Claim(
        index=index,
        sentence=sentence.index,
        text=text,
        claimant=voice,
        modality=modality,
        attribution=attribution,
        speech_act=speech_act,
        about_events=about_events,
        about_actors=about_actors,
    )


def _source(span: Span, ctx: _Context, markers: Markers) -> tuple[Token, list[str]] | None:
    """The phrase naming the sentence's source before its main predicate (Xによると、…) and
    the actors it names."""
    root = _root(span)
    if root is None:
        return None
    for tok in span:
        if tok.i >= root.i:
            break
        if tok.dep_ == "obl" and tok.head == root and case_of(tok) in markers.source_cases:
            return tok, subject_actors(tok, ctx)
    return None


def _has_subject(pred: Token) -> bool:
    """An overt subject, actor or not (情勢は…を示唆している has one; a zero subject not)."""
    return any(
        c.dep_ in ("nsubj", "dislocated") and case_of(c) in ("は", "が", "も") and c.i < pred.i
        for c in pred.children
    ) or any(
        t.dep_ in ("nsubj", "dislocated") and case_of(t) in ("は", "も") and t.head == pred.head
        for t in pred.sent
        if t.i < pred.i and pred.dep_ != "ROOT"
    )


def _complement_text(tok: Token) -> str:
    words = [t for t in tok.subtree if t.i <= tok.i or t.dep_ in ("aux", "cop")]
    while words and words[-1].dep_ == "case" and words[-1].text == "と":
        words.pop()
    text = "".join(t.text_with_ws for t in words).strip()
    return text.strip("「」『』 ")


__all__ = [
    "CLAUSE_DEPS",
    "author_voice",
    "extract_claims",
    "is_propositional",
    "modality_from_markers",
    "section_voice",
]
