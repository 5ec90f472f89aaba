"""Read a question into entities and cue words: link every name to the graph.

- an **agency** by any name the graph has for it (as written, full name, the name in a clause), or by
  place + abbreviation (长寿区市场监管局 → 长寿区市场监督管理局) through the gazetteer's cores;
- a **task** by number (第三项任务, 第3个任务, （三）, 任务三) or by words of its title (司法保护 →
  （三）加强知识产权司法保护);
- a **year**, an **IP type** or **industry** by any label of the vocabularies (著作权 = 版权; sub-types
  and sub-industries by their own labels), an **indicator** by its name or a fragment of it, a
  **document** by identifier, title or a fragment of the title, a **place** (长寿区) that narrows the others.

A name that the graph has for several things stays a mention with several candidates, and a name that
looks like an agency but is not in the graph one with none; `kg.ask.intents` turns those into the
question back to the user (which one?) or the refusal (not in the graph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .examples import fillers
from .segmentation import Marker, QuestionTokenizer, Token, find_markers, normalise
from .vocabulary import Vocabulary
from .words import AGENCY_ENDINGS, DOMAIN_WORDS, FILLER, PUNCTUATION, SCOPE_LEVELS, SCOPES, cue_of

__all__ = ["Entity", "Mention", "Reading", "read_question"]


@dataclass(frozen=True)
class Entity:
    """What a piece of the question was linked to: ``kind``, ``iri`` (None for a year), ``label``."""

    text: str
    kind: str
    iri: str | None
    label: str

    def to_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "kind": self.kind, "iri": self.iri, "label": self.label}


@dataclass
class Mention:
    """A piece of the question that names something: its kind, offsets and candidate entities."""

    text: str
    kind: str  # agency, task, year, ip-type, industry, indicator, document, cited, place, concept
    start: int
    end: int
    candidates: list[Entity] = field(default_factory=list)
    how: str = "name"  # name, number, fragment, core (place + abbreviation)
    value: int | None = None  # a task number or a year


@dataclass
class Reading:
    """A question read: normalised text, tokens, mentions, cue words (cue, word, offset), unknown words."""

    question: str
    text: str
    tokens: list[Token]
    mentions: list[Mention]
    cues: list[tuple[str, str, int]]
    unknown: list[Token]
    examples: dict[str, str] = field(default_factory=dict)  # the graph's names (kg.ask.examples)

    def has(self, *cues: str) -> bool:
        return any(c in cues for c, _, _ in self.cues)

    def cue_positions(self, cue: str) -> list[int]:
        return [at for c, _, at in self.cues if c == cue]

    def of_kind(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds]


def _agency_entity(text: str, vocab: Vocabulary, iri: str) -> Entity:
    info = vocab.agencies[iri]
    return Entity(text, "agency", iri, info.full_name)


def _is_place_prefix(prefix: str, vocab: Vocabulary) -> tuple[bool, str]:
    """Whether ``prefix`` is empty, a relative scope (区), a place (长寿区) or place + scope; the place."""
    rest = prefix
    for scope in SCOPES:
        if rest.endswith(scope) and rest[: -len(scope)] in vocab.places | {""}:
            return True, rest[: -len(scope)]
    if rest in vocab.places or rest == "":
        return True, rest
    return False, ""


def _agencies_by_core(text: str, vocab: Vocabulary) -> tuple[bool, list[str]]:
    """(is a name of a body, IRIs of the graph's bodies it can mean) for place + abbreviation."""
    core = vocab.agency_core(text)
    if core is None:
        return False, []
    prefix, canonical = core
    ok, place = _is_place_prefix(prefix, vocab)
    if not ok:
        return False, []
    found = []
    for iri, info in vocab.agencies.items():
        if info.collective:
            continue
        own = vocab.agency_core(info.full_name)
        if own is None or own[1] != canonical:
            continue
        where = info.jurisdiction or ""
        if place and not (info.full_name.startswith(place) or (where and where in place) or place in where):
            continue
        found.append(iri)
    levels = SCOPE_LEVELS.get(prefix) if not place else None
    if levels:  # 区市场监管局: a district's bureau, not the city's or the province's, when the graph has one
        own_level = [i for i in found if (c := vocab.agency_core(vocab.agencies[i].full_name))
                     and c[0].endswith(levels) and not (prefix in "区县" and c[0].endswith("地区"))]
        found = own_level or found
    return True, sorted(found)


def _concept(text: str, vocab: Vocabulary) -> Entity | None:
    c = vocab.concepts.get(text)
    return None if c is None else Entity(text, c.kind, c.iri, c.label)


def _documents_named(text: str, vocab: Vocabulary) -> list[str]:
    return sorted(d.iri for d in vocab.documents.values() if d.built and text in (d.identifier, d.title))


def _role_of(word: str) -> str:
    if word in FILLER or word in PUNCTUATION or not word.strip():
        return "filler"
    if word in DOMAIN_WORDS:
        return "domain"
    if cue_of(word):
        return "cue"
    if all(c in PUNCTUATION for c in word):
        return "filler"
    return "unknown"


def _exact(text: str, vocab: Vocabulary) -> Mention | None:
    """A mention for a piece of text that is exactly a name of the graph or the vocabularies."""
    if text in vocab.place_documents and vocab.agency_names.get(text, set()) <= {
            a.iri for a in vocab.agencies.values() if a.full_name == text}:
        # 湖北省 is the province (its documents), also where the graph names the province as a body
        return Mention(text, "place", 0, 0, [Entity(text, "place", None, text)])
    if text in vocab.functions:  # 市场监管部门: every body of that function (a scope may narrow them)
        iris = vocab.functions[text]
        return Mention(text, "agency", 0, 0, [_agency_entity(text, vocab, i) for i in iris], how="function")
    if text in vocab.numbers:  # a 文号
        iri = vocab.numbers[text]
        return Mention(text, "document", 0, 0, [Entity(text, "document", iri, vocab.documents[iri].title)])
    if text in vocab.agency_names:
        iris = sorted(vocab.agency_names[text])
        return Mention(text, "agency", 0, 0, [_agency_entity(text, vocab, i) for i in iris])
    concept = _concept(text, vocab)
    if concept is not None:
        return Mention(text, concept.kind, 0, 0, [concept])
    indicators = sorted(i for i, label in vocab.indicators.items() if label == text)
    if indicators:
        return Mention(text, "indicator", 0, 0, [Entity(text, "indicator", i, text) for i in indicators])
    docs = _documents_named(text, vocab)
    if docs:
        return Mention(text, "document", 0, 0,
                       [Entity(text, "document", d, vocab.documents[d].title) for d in docs])
    cited = sorted(d.iri for d in vocab.documents.values() if not d.built and d.title == text)
    if cited:  # a document the corpus only cites (哪些文件引用了《…》)
        return Mention(text, "cited", 0, 0, [Entity(text, "cited", d, text) for d in cited])
    tasks = sorted((t for t in vocab.tasks.values() if t.title == text), key=lambda t: (t.document, t.number))
    if tasks:
        return Mention(text, "task", 0, 0, [Entity(text, "task", t.iri, f"{t.id}{t.title}") for t in tasks])
    if text in vocab.places:
        return Mention(text, "place", 0, 0, [Entity(text, "place", None, text)])
    return None


def _fragment(text: str, vocab: Vocabulary) -> Mention | None:
    """A mention for words of a task title, an indicator or a document title (司法保护, 发明专利拥有量)."""
    cands: list[Entity] = []
    for t in sorted(vocab.tasks.values(), key=lambda t: (t.document, t.number)):
        if text in t.title:
            cands.append(Entity(text, "task", t.iri, f"{t.id}{t.title}"))
    for iri, label in sorted(vocab.indicators.items(), key=lambda kv: kv[1]):
        if text in label:
            cands.append(Entity(text, "indicator", iri, label))
    for d in vocab.built_documents():
        if text in d.title and text != d.title:
            cands.append(Entity(text, "document", d.iri, d.title))
    if not cands:
        return None
    kinds = {c.kind for c in cands}
    return Mention(text, kinds.pop() if len(kinds) == 1 else "mixed", 0, 0, cands, how="fragment")


def _whole_names(text: str, vocab: Vocabulary) -> list[Marker]:
    """Names read whole before the question is segmented: titles, 文号 and agency names holding digits
    or punctuation (《深圳市低空基础设施高质量建设方案（2024—2026年）》, 国发〔2018〕42号,
    各县（市、区）政府),
    which the segmenter and the year and number markers would otherwise cut apart. Longest first."""
    found: list[Marker] = []
    for name in vocab.whole_names():
        at = text.find(name)
        while at != -1:
            end = at + len(name)
            if not any(m.start < end and at < m.end for m in found):
                found.append(Marker("name", 0, at, end, name))
            at = text.find(name, end)
    return found


def _marker_mention(m: Marker, vocab: Vocabulary) -> Mention:
    if m.kind == "name":
        mention = _exact(m.text, vocab)
        assert mention is not None  # whole_names are names _exact knows
        mention.start, mention.end = m.start, m.end
        return mention
    if m.kind == "year":
        entries = vocab.years.get(m.value, []) or vocab.documents_of_year(m.value)  # goals, targets or plans
        cands = [Entity(m.text, "year", None, str(m.value))] if entries else []
        return Mention(m.text, "year", m.start, m.end, cands, how="number", value=m.value)
    tasks = sorted((t for t in vocab.tasks.values() if t.number == m.value), key=lambda t: t.document)
    cands = [Entity(m.text, "task", t.iri, f"{t.id}{t.title}") for t in tasks]
    return Mention(m.text, "task", m.start, m.end, cands, how="number", value=m.value)


def _longest_runs(
    tokens: list[Token],
    used: list[bool],
    widest: Callable[[int], int],
    match: Callable[[int, int], Mention | None],
    skip: Callable[[int], bool] = lambda k: False,
) -> list[Mention]:
    """Greedy left to right: at each free token the longest run ``tokens[i:j]`` (j from ``widest(i)``
    down) that ``match`` accepts becomes a mention and its tokens are marked used."""
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        if used[i] or skip(i):
            i += 1
            continue
        hit = next(((j, m) for j in range(widest(i), i, -1) if (m := match(i, j)) is not None), None)
        if hit is None:
            i += 1
            continue
        j, mention = hit
        mention.start, mention.end = tokens[i].start, tokens[j - 1].end
        out.append(mention)
        for k in range(i, j):
            used[k] = True
        i = j
    return out


def read_question(question: str, vocab: Vocabulary, tokenizer: QuestionTokenizer) -> Reading:
    """Segment a question and link its names; see the module docstring for what is recognised.

    Examples
    --------
    >>> from kg.ask.vocabulary import read_vocabulary
    >>> v = read_vocabulary(lambda name: [])
    >>> r = read_question("涉及著作权的任务有哪些？", v, QuestionTokenizer(v.words()))
    >>> [(m.text, m.kind, m.candidates[0].label) for m in r.mentions], [c for c, _, _ in r.cues]
    ([('著作权', 'ip-type', '版权')], ['join', 'task_noun', 'wh'])
    """
    text = normalise(question)
    names = _whole_names(text, vocab)
    markers = sorted(names + [m for m in find_markers(text)
                              if not any(n.start < m.end and m.start < n.end for n in names)],
                     key=lambda m: m.start)
    mentions = [_marker_mention(m, vocab) for m in markers]
    tokens: list[Token] = []
    at = 0
    for m in markers + [Marker("end", 0, len(text), len(text), "")]:
        if m.start > at:
            piece = text[at:m.start]
            tokens += [Token(t.text, t.start + at, t.end + at) for t in tokenizer.tokenize(piece)]
        at = m.end
    tokens = [t for t in tokens if t.text.strip()]

    # 1. names: the longest run of tokens that is a name (exact, or place + abbreviation of a body)
    used = [False] * len(tokens)

    def name(i: int, j: int) -> Mention | None:
        piece = "".join(t.text for t in tokens[i:j])
        mention = _exact(piece, vocab)
        if mention is None:
            is_body, iris = _agencies_by_core(piece, vocab)
            if is_body and (j - i > 1 or iris or piece in vocab.gazetteer):
                mention = Mention(piece, "agency", 0, 0,
                                  [_agency_entity(piece, vocab, x) for x in iris], how="core")
        return mention

    mentions += _longest_runs(tokens, used, lambda i: min(len(tokens), i + 5), name)

    # 2. fragments of titles and indicators among the words left (at least one word not a cue word)
    mentions += _fragments(tokens, used, vocab)

    # 3. the rest: cue words, fillers, and what is not understood
    cues: list[tuple[str, str, int]] = []
    unknown: list[Token] = []
    for k, tok in enumerate(tokens):
        if used[k]:
            continue
        role = _role_of(tok.text)
        if role == "cue":
            cues.append((cue_of(tok.text) or "", tok.text, tok.start))
        elif role == "unknown":
            unknown.append(tok)
    unknown = _bodies_not_in_graph(unknown, tokens, used, mentions, vocab)
    mentions.sort(key=lambda m: m.start)
    return Reading(question, text, tokens, mentions, cues, unknown, fillers(vocab))


def _fragments(tokens: list[Token], used: list[bool], vocab: Vocabulary) -> list[Mention]:
    """Step 2 of `read_question`: at each free word that is not a filler, the longest run of free,
    non-filler words with at least one unknown word that is a fragment of a task title, an indicator
    or a document title (`_fragment`) becomes a mention; its words are marked used.

    Linear in the question: where a run may end (the next used or filler word) and where its first
    unknown word is are found in one backward pass, and a run grows a word at a time only while it is
    still a substring of the titles (a run that is not cannot become one by growing), so each start
    tries at most as many words as the longest title has, not every end up to the question's end
    (which made 1,000 characters take 45 s: a cubic loop).
    """
    n = len(tokens)
    role = [_role_of(t.text) for t in tokens]
    stop = [n] * (n + 1)  # stop[i]: the first word at or after i that is used or a filler
    unknown_at = [n] * (n + 1)  # the first unknown word at or after i
    for k in range(n - 1, -1, -1):
        stop[k] = k if used[k] or role[k] == "filler" else stop[k + 1]
        unknown_at[k] = k if role[k] == "unknown" else unknown_at[k + 1]
    titles = "\x00".join([t.title for t in vocab.tasks.values()] + list(vocab.indicators.values())
                          + [d.title for d in vocab.built_documents()])
    out: list[Mention] = []
    i = 0
    while i < n:
        if i >= stop[i]:
            i += 1
            continue
        widest, piece = i, ""
        while widest < stop[i]:
            longer = piece + tokens[widest].text
            if "\x00" in longer or longer not in titles:
                break
            piece, widest = longer, widest + 1
        hit = None
        for j in range(widest, i, -1):
            if unknown_at[i] >= j:
                break
            text = "".join(t.text for t in tokens[i:j])
            if len(text) >= 2 and (hit := _fragment(text, vocab)) is not None:
                break
        if hit is None:
            i += 1
            continue
        hit.start, hit.end = tokens[i].start, tokens[j - 1].end
        out.append(hit)
        for k in range(i, j):
            used[k] = True
        i = j
    return out


def _bodies_not_in_graph(unknown: list[Token], tokens: list[Token], used: list[bool], mentions: list[Mention],
                         vocab: Vocabulary) -> list[Token]:
    """Unknown words that name a body (区大数据局, 税务局) become agency mentions without candidates."""
    left = []
    bodies: list[Mention] = []
    index = {id(t): k for k, t in enumerate(tokens)}  # tokens.index in a loop was quadratic
    for tok in unknown:
        if tok.text.endswith(AGENCY_ENDINGS) and len(tok.text) >= 2 or (
                tok.text in AGENCY_ENDINGS):
            k = index[id(tok)]
            start = k
            while start > 0 and tokens[start - 1].end == tokens[start].start and (
                    tokens[start - 1].text in SCOPES or tokens[start - 1].text in vocab.places
                    or tokens[start - 1].text in vocab.concepts):
                start -= 1
            name = "".join(t.text for t in tokens[start:k + 1])
            if len(name) >= 2:
                bodies.append(Mention(name, "agency", tokens[start].start, tok.end, [], how="core"))
                continue
        left.append(tok)
    if bodies:
        mentions[:] = _without_covered(mentions, bodies)
    return left


def _without_covered(mentions: list[Mention], bodies: list[Mention]) -> list[Mention]:
    """``mentions`` and ``bodies`` (in question order), leaving out a mention that a body's span covers
    and a body that a later body's span covers — in one pass over each, not one per body."""
    import bisect

    ends = [b.end for b in bodies]  # increasing, as the bodies are in question order
    least_start = [b.start for b in bodies]  # least start of the bodies from k on
    for k in range(len(bodies) - 2, -1, -1):
        least_start[k] = min(least_start[k], least_start[k + 1])
    kept = []
    for m in mentions:
        k = bisect.bisect_left(ends, m.end)  # the bodies that end at or after m
        if k == len(bodies) or least_start[k] > m.start:
            kept.append(m)
    for k, b in enumerate(bodies):
        later = bisect.bisect_left(ends, b.end, lo=k + 1)
        if later == len(bodies) or least_start[later] > b.start:
            kept.append(b)
    return kept
