"""What a question asks: the intents `kg.ask` knows, each a library query with its parameters bound from
the linked entities, and the rules that pick one from the question's words and structure.

The rules are deliberately strict. A question is answered only when every word is placed
(`kg.ask.entities`), every name is linked to exactly one thing in the graph, and one intent uses all
of them; otherwise `AskError` says what is missing: a word not understood, a name not in the graph, a
name with several meanings, or names with no question form that joins them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ..graph.namespaces import PKG
from .entities import Entity, Mention, Reading
from .examples import fill
from .refusal import AskError
from .vocabulary import Vocabulary

__all__ = ["Intent", "Plan", "INTENTS", "classify", "question_forms", "forms_markdown"]


@dataclass(frozen=True)
class Intent:
    """A kind of question: its name, the library query that answers it, a title and example forms."""

    name: str
    query: str
    title: str
    forms: tuple[str, ...]
    signature: frozenset[str] = frozenset()  # cue words and entity kinds, to suggest it


def _intent(name: str, query: str, title: str, forms: tuple[str, ...], signature: str) -> Intent:
    return Intent(name, query, title, forms, frozenset(signature.split()))


INTENTS: dict[str, Intent] = {i.name: i for i in (
    _intent("tasks-led", "tasks-led-by-agency",
            "某机构牵头的任务 / Tasks an agency leads",
            ("区市场监管局牵头哪些任务？", "哪些任务由区法院负责？", "区人社局主抓什么工作"),
            "agency lead task_noun wh"),
    _intent("tasks-cooperating", "tasks-of-agency",
            "某机构配合的任务 / Tasks an agency cooperates on",
            ("区法院配合哪些任务？", "区科技局协助了什么工作"),
            "agency coop task_noun wh"),
    _intent("tasks-joined", "tasks-of-agency",
            "某机构参与的任务 / Tasks an agency takes part in",
            ("区法院参与了哪些任务？", "区检察院承担哪些工作"),
            "agency join task_noun wh"),
    _intent("task-count", "agency-task-counts",
            "某机构的任务数 / How many tasks an agency leads or joins",
            ("区市场监管局牵头几项任务？", "区文旅委配合多少项任务", "区法院一共参与了几项任务？"),
            "agency count lead coop join"),
    _intent("task-leads", "task-assignments",
            "某项任务的牵头单位 / Who leads a task",
            ("第三项任务由谁牵头？", "谁负责知识产权司法保护？", "（十一）的牵头单位是哪个部门"),
            "task lead who agency_noun"),
    _intent("task-cooperators", "task-assignments",
            "某项任务的配合单位 / Who cooperates on a task",
            ("第三项任务有哪些配合单位？", "哪些部门配合任务四"),
            "task coop who agency_noun"),
    _intent("task-agencies", "task-assignments",
            "参与某项任务的机构 / Agencies named on a task",
            ("哪些部门参与第五项任务？", "（五）有几个部门参与"),
            "task join who agency_noun"),
    _intent("partners", "partners-of-agency",
            "与某机构共同承担任务的机构 / Partners of an agency",
            ("哪些部门与区法院合作？", "和区市场监管局一起承担任务最多的是谁？"),
            "agency together who agency_noun"),
    _intent("cooperators", "lead-cooperating-pairs",
            "配合某机构的机构 / Who cooperates with an agency's lead",
            ("哪些部门配合区市场监管局？", "谁配合区法院？"),
            "agency coop who agency_noun"),
    _intent("leads-of", "lead-cooperating-pairs",
            "某机构配合谁 / Whose lead an agency cooperates with",
            ("区法院配合哪些部门？",),
            "agency coop who agency_noun"),
    _intent("shared-tasks", "shared-tasks",
            "两个机构共同承担的任务 / Tasks two agencies share",
            ("区法院和区检察院共同承担哪些任务？", "区科技局和区经信委一起参与了几项任务"),
            "agency together task_noun"),
    _intent("common-partners", "common-partners",
            "两个机构共同的合作机构 / Partners two agencies have in common",
            ("哪些部门同时与区法院和区检察院合作？", "区法院和区检察院共同的合作部门有哪些"),
            "agency together who agency_noun"),
    _intent("top-pair", "agency-pairs",
            "共同任务最多的机构对 / The pair of agencies sharing most tasks",
            ("哪两个部门共同承担的任务最多？", "合作最多的一对机构是哪对"),
            "pair together most"),
    _intent("top-lead", "agencies-by-tasks-led",
            "牵头任务最多的机构 / Who leads most tasks",
            ("哪个部门牵头的任务最多？", "谁牵头最多"),
            "lead most who agency_noun"),
    _intent("top-joined", "agencies-by-tasks-joined",
            "参与任务最多的机构 / Who takes part in most tasks",
            ("哪个部门参与的任务最多？", "承担任务最多的单位是谁"),
            "join most who agency_noun"),
    _intent("top-cooperating", "agencies-by-tasks-joined",
            "配合任务最多的机构 / Who cooperates on most tasks",
            ("哪个部门配合的任务最多？",),
            "coop most who agency_noun"),
    _intent("top-broker", "co-assignment",
            "中介作用最大的机构 / Who brokers most (betweenness)",
            ("哪个部门是最重要的中间人？", "谁的中介中心性最高"),
            "broker most who"),
    _intent("cooperating-only", "cooperating-only-agencies",
            "只配合不牵头的机构 / Agencies that only cooperate",
            ("哪些部门只配合不牵头？", "哪些单位从不牵头"),
            "only neg coop lead agency_noun"),
    _intent("topic-tasks", "tasks-by-ip-type",
            "涉及某类知识产权或产业的任务 / Tasks on an IP type or industry",
            ("涉及地理标志的任务有哪些？", "关于新能源产业的任务", "有几项任务涉及著作权？"),
            "ip-type industry topic join task_noun"),
    _intent("topic-agencies", "agencies-by-ip-type",
            "负责某类知识产权或产业的机构 / Agencies on an IP type or industry",
            ("哪些部门负责地理标志相关任务？", "谁参与了医药产业的任务"),
            "ip-type industry topic who agency_noun"),
    _intent("targets", "numeric-targets",
            "量化指标 / Numeric targets",
            ("2025年的目标有哪些？", "每万人口发明专利拥有量的目标是多少？", "有哪些量化指标"),
            "target_noun year indicator value"),
    _intent("target-year", "numeric-targets",
            "指标的目标年份 / The year a target is due",
            ("每万人口发明专利拥有量的目标哪一年实现？", "高价值发明专利的指标是哪年的"),
            "indicator year_q target_noun"),
    _intent("cited", "cited-documents",
            "引用的文件 / Documents cited",
            ("这份方案引用了哪些文件？", "依据哪些政策文件"),
            "cite doc_noun"),
    _intent("summary", "document-summary",
            "文件概要 / Summary of a document",
            ("介绍一下这个方案", "方案的概况"),
            "summary doc_noun document"),
    _intent("documents", "document-summary",
            "有哪些文件 / The documents in the graph",
            ("有哪些文件？", "一共有几份方案"),
            "doc_noun wh count"),
    _intent("tool-tasks", "tasks-by-policy-tool",
            "运用某种政策工具的任务 / Tasks that deploy a policy tool",
            ("哪些任务用了税收优惠？", "运用需求型工具的任务有哪些", "有几项任务采用了人才培养"),
            "policy-tool use task_noun wh"),
    _intent("tool-share", "policy-tool-types",
            "政策工具的占比 / A policy tool's share of a plan's tools",
            ("长寿区方案中需求型工具占多少？", "供给型工具的占比是多少", "税收优惠占多大比例"),
            "policy-tool share count doc_noun"),
    _intent("document-tasks", "task-assignments",
            "某份文件的任务 / The tasks of a plan",
            ("这份方案有多少项任务？", "方案里一共有几项任务"),
            "document doc_noun task_noun count wh"),
    _intent("citing", "cited-documents",
            "引用某文件的文件 / Which plans cite a document",
            ("哪些文件引用了《重庆市知识产权强市建设纲要》？",
             "哪些方案依据《重庆市长寿区商标品牌奖励办法》"),
            "cited cite doc_noun wh"),
    _intent("agency-documents", "documents-of-agency",
            "提到某机构的文件 / Documents that name an agency",
            ("区市场监管局出现在哪些文件中？", "哪些方案提到了区法院"),
            "agency appear doc_noun"),
)}


@dataclass
class Plan:
    """The intent chosen for a question, the parameters bound for its query and what the answer is."""

    intent: Intent
    params: dict[str, Node]
    entities: list[Entity]
    focus: dict[str, Any] = field(default_factory=dict)
    query: str = ""

    def __post_init__(self) -> None:
        self.query = self.query or self.intent.query


# ---------------------------------------------------------------------------- helpers
def question_forms(reading: Reading | None = None, limit: int = 4) -> list[str]:
    """Example questions, those closest to what ``reading`` contains first.

    Examples
    --------
    >>> question_forms(limit=2)
    ['区市场监管局牵头哪些任务？', '区法院配合哪些任务？']
    """
    intents = list(INTENTS.values())
    if reading is not None:
        have = {c for c, _, _ in reading.cues} | {m.kind for m in reading.mentions}
        intents.sort(key=lambda i: -len(i.signature & have))
    names = reading.examples if reading is not None else {}
    return [fill(i.forms[0], names) for i in intents[:limit]]


def forms_markdown() -> str:
    """The question forms as a Markdown table (docs/ask.md embeds it; a test keeps it
    in step): intent, what it answers, example questions and the library query that runs.

    Examples
    --------
    >>> forms_markdown().splitlines()[2].startswith("| `tasks-led` |")
    True
    """
    lines = ["| intent | answers | for example | query |", "|---|---|---|---|"]
    for i in INTENTS.values():
        if i.name == "tool-share":
            lines.append(f"| `{i.name}` | {i.title} | {' · '.join(i.forms)} | "
                         "`policy-tool-types / policy-tool-distribution` |")
            continue
        query = "tasks-by-ip-type / tasks-by-industry" if i.name == "topic-tasks" else (
            "agencies-by-ip-type / agencies-by-industry" if i.name == "topic-agencies" else i.query)
        if i.name == "top-broker":
            query = "networks/co-assignment + betweenness"
        examples = " · ".join(i.forms)
        lines.append(f"| `{i.name}` | {i.title} | {examples} | `{query}` |")
    return "\n".join(lines) + "\n"


def _understood(reading: Reading) -> dict[str, Any]:
    return {"intent": None, "entities": [c.to_dict() for m in reading.mentions for c in m.candidates[:1]]}


def _refuse(reading: Reading, reason: str, message: str, suggestions: list[str] | None = None,
            candidates: list[Entity] | None = None) -> AskError:
    return AskError(reading.question, reason, message, suggestions if suggestions is not None else
                    question_forms(reading), candidates or [], _understood(reading))


def _role(reading: Reading) -> str | None:
    """lead, coop, join or None from the role verbs (负责 counts as lead: 责任单位 is the lead)."""
    roles = [c for c in ("lead", "coop", "join") if reading.has(c)]
    if len(roles) == 1:
        return roles[0]
    if set(roles) == {"lead", "join"}:  # 牵头承担 / 负责参与: lead
        return "lead"
    return None if not roles else "mixed"


_ROLE_IRI = {"lead": URIRef(PKG.LeadRole), "coop": URIRef(PKG.CooperatingRole)}


_ROLE_NOUNS = frozenset({"牵头单位", "牵头部门", "责任单位", "配合单位", "配合部门"})
# X作为牵头单位负责哪些工作: the role noun says what X is, not what is asked
_AS_ROLE = ("作为", "担任", "身为")


def _asks_agency(reading: Reading) -> bool:
    """Whether the answer is agencies: 谁, 哪些部门, or a role noun (配合单位 …)."""
    return (reading.has("who") or reading.has("agency_noun")
            or any(w in _ROLE_NOUNS and not reading.text[:at].endswith(_AS_ROLE)
                   for _, w, at in reading.cues))


def _asks_count(reading: Reading) -> bool:
    return reading.has("count")


def _one(reading: Reading, mention: Mention, vocab: Vocabulary) -> Entity:
    """The single candidate of a mention, or the refusal that says why there is not one."""
    if len(mention.candidates) == 1:
        return mention.candidates[0]
    if not mention.candidates:
        raise _not_in_graph(reading, mention, vocab)
    kind = {"task": "任务", "agency": "机构", "document": "文件", "indicator": "指标"}.get(mention.kind, "")
    shown = list(dict.fromkeys(_where(c, vocab) for c in mention.candidates))
    names = "；".join(shown[:8]) + ("…" if len(shown) > 8 else "")
    return_hint = {"agency": f"请写出全称，例如“{mention.candidates[0].label}”",
                   "task": "请写出文件或完整的任务名称"}
    raise _refuse(reading, "ambiguous",
                  f"“{mention.text}”在图中指{len(mention.candidates)}个{kind or '对象'}：{names}；请选一个"
                  + (f"（{return_hint[mention.kind]}）" if mention.kind in return_hint else ""),
                  shown, mention.candidates)


def _where(candidate: Entity, vocab: Vocabulary) -> str:
    """A candidate with what tells it apart: an agency's place and the plan that names it
    (兰州市人力资源和社会保障局（兰州市；《兰州市助企纾困激发市场主体活力若干措施》）), a task's plan."""
    if candidate.kind == "agency" and candidate.iri in vocab.agencies:
        docs = sorted(vocab.documents[d].title for d in vocab.agency_documents.get(candidate.iri, ())
                      if d in vocab.documents)
        place = vocab.place_label(candidate.iri)
        named = f"《{docs[0]}》" + (f"等{len(docs)}份文件" if len(docs) > 1 else "") if docs else ""
        told = "；".join(x for x in (place, named) if x)
        return f"{candidate.label}（{told}）" if told else candidate.label
    if candidate.kind == "task" and candidate.iri in vocab.tasks and len(vocab.built_documents()) > 1:
        doc = vocab.documents.get(vocab.tasks[candidate.iri].document)
        return f"{candidate.label}（《{doc.title}》）" if doc else candidate.label
    return candidate.label


def _not_in_graph(reading: Reading, mention: Mention, vocab: Vocabulary) -> AskError:
    if mention.kind == "agency":
        return _refuse(reading, "not-in-graph", f"图中没有机构“{mention.text}”",
                       vocab.closest("agency", mention.text))
    if mention.kind == "task":
        numbers = sorted({t.number for t in vocab.tasks.values()})
        known = f"图中的任务编号为 {numbers[0]}–{numbers[-1]}" if numbers else "图中没有重点任务"
        return _refuse(reading, "not-in-graph", f"图中没有“{mention.text}”（{known}）",
                       vocab.closest("task", mention.text, limit=3))
    if mention.kind == "year":
        years = sorted(vocab.years)
        return _refuse(reading, "not-in-graph",
                       f"图中没有{mention.value}年的目标（目标年份：{'、'.join(map(str, years)) or '无'}）",
                       [f"{y}年的目标有哪些？" for y in years])
    return _refuse(reading, "not-in-graph", f"图中没有“{mention.text}”")


# ---------------------------------------------------------------------------- narrowing
def _narrow(reading: Reading, vocab: Vocabulary) -> tuple[list[Mention], Entity | None, set[str] | None]:
    """Mentions left after places and documents narrow the others; the document named, if one; the
    documents the question is scoped to (a plan, the plans of a place and the places within it), if any."""
    places = reading.of_kind("place")
    documents = [m for m in reading.mentions if m.kind == "document"]
    scope: set[str] | None = None
    document: Entity | None = None
    if documents:
        if len(documents) > 1:
            raise _refuse(reading, "not-understood", "一次只能问一份文件")
        document = _one(reading, documents[0], vocab)
        scope = {document.iri or ""}
    rest = [m for m in reading.mentions if m.kind not in ("place", "document")]
    agencies = [m for m in rest if m.kind == "agency" and len(m.candidates) > 1 and m.how != "function"]
    if places and agencies:
        # 锦江区的区市场监管局: the place picks the body, not a document
        for m in agencies:
            kept = [c for c in m.candidates for p in places
                    if ((j := vocab.agencies[c.iri or ""].jurisdiction) and j in p.text)
                    or c.label.startswith(p.text)
                    or vocab.agency_documents.get(c.iri or "", set())
                    & vocab.place_documents.get(p.text, set())]
            m.candidates = list(dict.fromkeys(kept)) or m.candidates
        places = []
    if places:
        in_place = [vocab.place_documents.get(p.text) or {
            d.iri for d in vocab.built_documents() if p.text in (d.issuer or "") or p.text in d.title}
            for p in places]
        within = set.intersection(*in_place)
        scope = within if scope is None else scope & within
        if not scope:
            raise _refuse(reading, "not-in-graph", f"图中没有“{places[0].text}”的文件",
                          [f"{p}有哪些文件？" for p in _place_examples(vocab)])
    if scope is not None:
        for m in rest:
            if m.kind == "agency" and len(m.candidates) > 1:
                # 市人社局 of three cities, in a question about one plan: the body that plan names
                kept = [c for c in m.candidates if vocab.agency_documents.get(c.iri or "", set()) & scope]
                m.candidates = kept or m.candidates
            if m.kind == "task" and m.candidates:
                m.candidates = [c for c in m.candidates if vocab.tasks[c.iri or ""].document in scope]
                if not m.candidates:
                    raise _refuse(reading, "not-in-graph", f"所指文件中没有“{m.text}”",
                                  vocab.closest("task", m.text, limit=3))
        if document is None and len(scope) == 1:
            iri = next(iter(scope))
            document = Entity(places[0].text, "document", iri, vocab.documents[iri].title)
    return rest, document, scope


def _place_examples(vocab: Vocabulary, limit: int = 3) -> list[str]:
    """Places of the graph's documents a question may name (the narrowest name of each)."""
    return sorted({p for d in vocab.built_documents() if (p := vocab.document_place(d.iri))})[:limit]


def _topic_as_indicator(reading: Reading, rest: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """In a question about targets, an IP-type word (高价值发明专利) names the indicator it is part of."""
    if not reading.has("target_noun", "year_q", "value") or any(m.kind == "indicator" for m in rest):
        return rest
    topics = [m for m in rest if m.kind in ("ip-type", "industry")]
    if len(topics) != 1:
        return rest
    topic = topics[0]
    around = reading.text[topic.start:]
    found = sorted((i, label) for i, label in vocab.indicators.items() if topic.text in label)
    longest = [(i, label) for i, label in found if around.startswith(label[label.index(topic.text):])]
    found = longest or found
    if not found:
        return rest
    mention = Mention(topic.text, "indicator", topic.start, topic.end,
                      [Entity(topic.text, "indicator", i, label) for i, label in found], how="fragment")
    return [mention if m is topic else m for m in rest]


#: the cue words each intent may carry; any other (不, 最, 引用 …) changes the question, which is refused
_ALLOWED: dict[str, frozenset[str]] = {name: frozenset(cues.split()) for name, cues in {
    "tasks-led": "lead join task_noun wh all",
    "tasks-cooperating": "coop task_noun wh all",
    "tasks-joined": "join task_noun wh all",
    "task-count": "lead coop join count task_noun wh",
    "task-leads": "lead join who agency_noun wh task_noun count all",
    "task-cooperators": "coop who agency_noun wh task_noun count all",
    "task-agencies": "join who agency_noun wh task_noun count all",
    "partners": "together coop join who agency_noun wh most task_noun all",
    "cooperators": "coop lead who agency_noun wh task_noun most all",
    "leads-of": "coop lead who agency_noun wh task_noun most all",
    "shared-tasks": "together join task_noun wh count all",
    "common-partners": "together join who agency_noun wh all",
    "top-pair": "pair together most join task_noun agency_noun who wh",
    "top-lead": "lead join most who agency_noun wh task_noun",
    "top-joined": "join most who agency_noun wh task_noun",
    "top-cooperating": "coop most who agency_noun wh task_noun",
    "top-broker": "broker most who agency_noun wh",
    "cooperating-only": "only neg coop lead agency_noun who wh task_noun all",
    "topic-tasks": "topic join task_noun wh count all",
    "topic-agencies": "topic join lead coop who agency_noun wh task_noun all",
    "targets": "target_noun wh value count all",
    "target-year": "year_q target_noun wh value",
    "cited": "cite doc_noun wh count all",
    "summary": "summary doc_noun wh",
    "documents": "doc_noun wh count",
    "agency-documents": "appear doc_noun wh count join all",
    "document-tasks": "task_noun wh count doc_noun all",
    "citing": "cite doc_noun wh count all",
    "tool-tasks": "use task_noun wh count tool_noun join all",
    "tool-share": "share count tool_noun doc_noun wh value use",
}.items()}


#: intents whose rows carry ?document: a question scoped to several plans keeps their rows
_SCOPED = frozenset({"tasks-led", "tasks-cooperating", "tasks-joined", "task-count", "task-leads",
                     "task-cooperators", "task-agencies", "shared-tasks", "topic-tasks", "tool-tasks",
                     "targets", "target-year", "cited", "summary", "documents", "document-tasks"})
#: intents about one plan: a place with several plans is asked which one
_ONE_DOCUMENT = frozenset({"targets", "target-year", "cited", "summary", "tool-share"})


def _query_params(name: str) -> frozenset[str]:
    """The parameters a library query declares."""
    from ..sparql.run import resolve_query

    return frozenset(resolve_query(name).params)


def _only_cooperate(reading: Reading) -> bool:
    """只配合、不牵头: the role after 只 is 配合 and the role after a negation is 牵头."""
    roles = sorted((at, c) for c, _, at in reading.cues if c in ("lead", "coop"))

    def next_role(cue: str) -> list[str]:
        return [next((r for at, r in roles if at > p), "") for p in reading.cue_positions(cue)]

    only, neg = next_role("only"), next_role("neg")
    return bool(only or neg) and all(r == "coop" for r in only) and all(r == "lead" for r in neg)


def _single_document(vocab: Vocabulary) -> bool:
    return len(vocab.built_documents()) == 1


# ---------------------------------------------------------------------------- the rules
def classify(reading: Reading, vocab: Vocabulary) -> Plan:
    """The intent and bound parameters for a read question, or `AskError` (see the module docstring).

    Examples
    --------
    >>> from kg.ask.entities import read_question
    >>> from kg.ask.segmentation import QuestionTokenizer
    >>> from kg.ask.vocabulary import read_vocabulary
    >>> v = read_vocabulary(lambda name: [])
    >>> plan = classify(read_question("涉及著作权的任务有哪些？", v, QuestionTokenizer(v.words())), v)
    >>> plan.intent.name, plan.query, plan.params
    ('topic-tasks', 'tasks-by-ip-type', {'ip_type': rdflib.term.URIRef('https://w3id.org/policykg/vocab/ip-type/copyright')})
    """
    if reading.unknown:
        words = "、".join(dict.fromkeys(t.text for t in reading.unknown))
        raise _refuse(reading, "not-understood", f"不理解“{words}”：图中没有这类信息，或换一种问法")
    if not reading.mentions and not reading.cues:
        raise _refuse(reading, "not-understood", "没有读到问题")
    mixed = [m for m in reading.mentions if m.kind == "mixed"]
    if mixed:
        _one(reading, mixed[0], vocab)
    rest, document, scope = _narrow(reading, vocab)
    rest = _topic_as_indicator(reading, rest, vocab)
    agencies = [m for m in rest if m.kind == "agency"]
    tasks = [m for m in rest if m.kind == "task"]
    topics = [m for m in rest if m.kind in ("ip-type", "industry")]
    indicators = [m for m in rest if m.kind == "indicator"]
    years = [m for m in rest if m.kind == "year"]
    for m in rest:
        if not m.candidates:
            raise _not_in_graph(reading, m, vocab)
    role = _role(reading)
    count = _asks_count(reading)
    entities: list[Entity] = []

    def plan(name: str, params: dict[str, Node], used: list[Mention], **focus: Any) -> Plan:
        left = [m for m in rest if m not in used]
        if left:
            names = "、".join(m.text for m in left)
            raise _refuse(reading, "not-understood", f"读到了“{names}”，但没有把它和这个问题连起来的问法")
        allowed = _ALLOWED[name] | ({"doc_noun"} if document is not None or scope is not None
                                    or reading.of_kind("place") else set())
        extra = [w for c, w, _ in reading.cues if c not in allowed]
        if extra:
            words = "、".join(dict.fromkeys(extra))
            raise _refuse(reading, "not-understood",
                          f"读到了“{words}”，但“{INTENTS[name].title}”这类问题不用它；换一种问法",
                          [fill(f, reading.examples) for f in INTENTS[name].forms]
                          + question_forms(reading, 2))
        narrowed_task = any(m.kind == "task" for m in used)  # the document chose among tasks
        scoped = scope is not None and not narrowed_task and not _single_document(vocab)
        if scoped and len(scope) > 1 and name in _ONE_DOCUMENT:
            place = reading.of_kind("place")[0].text
            cands = [Entity(place, "document", i, vocab.documents[i].title) for i in sorted(scope)]
            titles = "；".join(c.label for c in cands)
            raise _refuse(reading, "ambiguous", f"“{place}”有{len(cands)}份文件：{titles}；请选一份",
                          [c.label for c in cands], cands)
        if scoped and "document" not in params:
            if name not in _SCOPED:
                raise _refuse(reading, "not-understood", f"这类问题（{INTENTS[name].title}）不能按文件筛选")
            focus.setdefault("scope", sorted(scope or ()))
            query = focus.get("query") or INTENTS[name].query
            if len(scope or ()) == 1 and "document" in _query_params(query):
                params = {**params, "document": URIRef(next(iter(scope or ())))}
        for m in used:
            if m.how == "function":  # every body of the function the scope leaves: one query each
                entities.extend(m.candidates)
                focus["agencies"] = [c.iri for c in m.candidates]
                continue
            entities.append(_one(reading, m, vocab))
        if document is not None:
            entities.append(document)
        return Plan(INTENTS[name], params, entities, focus, focus.pop("query", ""))

    def iri(m: Mention) -> URIRef:
        if m.how == "function" and m.candidates:  # bound per body when the query runs (focus "agencies")
            return URIRef(m.candidates[0].iri or "")
        return URIRef(_one(reading, m, vocab).iri or "")

    # a policy tool: the tasks that deploy it, or its share of a plan's tools
    tools = [m for m in rest if m.kind == "policy-tool"]
    if tools:
        if len(tools) > 1 or len(tools) != len(rest):
            raise _refuse(reading, "not-understood",
                          "政策工具的问题一次只问一种工具（哪些任务用了税收优惠？）",
                          list(INTENTS["tool-tasks"].forms[:1]) + list(INTENTS["tool-share"].forms[:1]))
        concept = _one(reading, tools[0], vocab)
        if reading.has("share"):
            params: dict[str, Node] = {"document": URIRef(document.iri or "")} if document is not None else {}
            is_type = vocab.concepts[tools[0].text].top
            return plan("tool-share", params, tools, tool=concept.iri, label=concept.label,
                        query="policy-tool-types" if is_type else "policy-tool-distribution")
        if reading.has("task_noun") or reading.has("use") or reading.has("wh") or count:
            return plan("tool-tasks", {"tool": iri(tools[0])}, tools, count=count)
    # the whole network: brokers, rankings, pairs, only-cooperating
    if reading.has("broker") and not agencies and not tasks and not topics:
        return plan("top-broker", {}, [], top=True)
    if not agencies and not tasks and not topics and not indicators and not years:
        if reading.has("lead") and (reading.has("only") or reading.has("neg")) and (
                reading.has("coop") or _asks_agency(reading)) and _only_cooperate(reading):
            return plan("cooperating-only", {}, [])
        if reading.has("most"):
            if reading.has("pair"):
                return plan("top-pair", {}, [], top=True)
            if role == "lead":
                return plan("top-lead", {}, [], top=True)
            if role == "coop":
                return plan("top-cooperating", {}, [], top=True, key="cooperating")
            if role == "join" or (role is None and reading.has("task_noun")):
                return plan("top-joined", {}, [], top=True)
            if reading.has("together") and role is None:
                return plan("top-pair", {}, [], top=True)
    # two agencies: what they share
    if len(agencies) == 2 and not tasks and not topics:
        if (reading.has("together") or reading.has("all")) and role in (None, "join") and (
                _asks_agency(reading) and not reading.has("task_noun")):
            return plan("common-partners", {"agency": iri(agencies[0]), "other": iri(agencies[1])},
                        agencies)
        if (reading.has("together") or reading.has("all")) and role in (None, "join"):
            return plan("shared-tasks", {"agency": iri(agencies[0]), "other": iri(agencies[1])},
                        agencies, count=count)
        raise _refuse(reading, "not-understood",
                      "两个机构的问题只回答它们共同承担的任务（……共同承担哪些任务？）",
                      [fill(INTENTS["shared-tasks"].forms[0], reading.examples)])
    if len(agencies) > 2:
        raise _refuse(reading, "not-understood", "一次最多问两个机构")
    # one agency
    if len(agencies) == 1 and not tasks and not topics and not indicators and not years:
        agency = agencies[0]
        if reading.has("doc_noun") and (reading.has("appear") or reading.has("wh") or count) and (
                reading.has("appear") or (role is None and scope is None)):
            return plan("agency-documents", {"agency": iri(agency)}, [agency], count=count)
        if _asks_agency(reading) and not reading.has("task_noun") or (
                _asks_agency(reading) and reading.has("together")):
            before = reading.text[:agency.start]
            with_marker = before.endswith(("与", "和", "跟", "同"))
            if reading.has("together") or (role == "coop" and with_marker):
                return plan("partners", {"agency": iri(agency)}, [agency], top=reading.has("most"))
            if role == "coop":
                # 配合X (X after the verb): who cooperates with X; X配合 (X before it): whom X cooperates with
                if min(reading.cue_positions("coop")) < agency.start:
                    return plan("cooperators", {"lead": iri(agency)}, [agency], top=reading.has("most"),
                                key="cooperating_name")
                return plan("leads-of", {"cooperating": iri(agency)}, [agency], top=reading.has("most"),
                            key="lead_name")
        if role == "mixed" and _asks_agency(reading):
            # X牵头的任务由哪些部门配合: X is the subject of the verb right after it
            right_after = [c for c, _, at in reading.cues
                           if at in (agency.end, agency.end + 1) and c in ("lead", "coop")]
            if right_after[:1] == ["lead"] and not reading.has("together"):
                return plan("cooperators", {"lead": iri(agency)}, [agency], top=reading.has("most"),
                            key="cooperating_name")
            if right_after[:1] == ["coop"] and not reading.has("together"):
                return plan("leads-of", {"cooperating": iri(agency)}, [agency], top=reading.has("most"),
                            key="lead_name")
        if count and not reading.has("most") and role != "mixed":
            if scope is not None or agency.how == "function":
                # counted from the tasks of the plans in scope (or of every body of a function)
                params = {"agency": iri(agency), **({"role": _ROLE_IRI[role]} if role in _ROLE_IRI else {})}
                return plan("task-count", params, [agency], query="tasks-of-agency", distinct=True)
            return plan("task-count", {"agency": iri(agency)}, [agency],
                        key={"lead": "led", "coop": "cooperating"}.get(role or "", "tasks"))
        if not _asks_agency(reading) and not reading.has("most") and (
                reading.has("task_noun") or reading.has("wh") or role):
            if role == "lead":
                return plan("tasks-led", {"agency": iri(agency)}, [agency])
            if role == "coop":
                return plan("tasks-cooperating", {"agency": iri(agency), "role": _ROLE_IRI["coop"]}, [agency])
            if role in ("join", None) and (reading.has("task_noun") or role == "join"):
                return plan("tasks-joined", {"agency": iri(agency)}, [agency])
    # a task: who is responsible
    if len(tasks) == 1 and not agencies and not topics and not indicators and not years:
        task = tasks[0]
        if _asks_agency(reading) or reading.has("wh") or count:
            params: dict[str, Node] = {"task": iri(task)}
            if role in ("lead", "coop"):
                params["role"] = _ROLE_IRI[role]
            name = {"lead": "task-leads", "coop": "task-cooperators"}.get(role or "", "task-agencies")
            if role in ("lead", "coop", "join", None) and (role is not None or _asks_agency(reading)):
                return plan(name, params, [task], count=count)
    if len(tasks) > 1:
        raise _refuse(reading, "not-understood", "一次只能问一项任务")
    # an IP type or an industry
    if len(topics) == 1 and not agencies and not tasks and not indicators and not years:
        topic = topics[0]
        concept = _one(reading, topic, vocab)
        is_ip = concept.kind == "ip-type"
        param = "ip_type" if is_ip else "industry"
        if _asks_agency(reading) and role != "mixed":
            # 负责/牵头 (the 责任单位) asks for the leads, 配合 for the cooperating agencies, 参与 for both
            roles = {"lead": _ROLE_IRI["lead"], "coop": _ROLE_IRI["coop"]}
            params = {param: iri(topic), **({"role": roles[role]} if role in roles else {})}
            return plan("topic-agencies", params, [topic],
                        query="agencies-by-ip-type" if is_ip else "agencies-by-industry")
        if reading.has("task_noun") or count or reading.has("wh") or reading.has("topic") or role == "join":
            return plan("topic-tasks", {param: iri(topic)}, [topic], count=count,
                        query="tasks-by-ip-type" if is_ip else "tasks-by-industry")
    # the plans of a year: issued then, or with a plan period that includes it (2026年有哪些方案？)
    if (len(years) == 1 and len(rest) == 1 and reading.has("doc_noun") and not reading.has("target_noun")
            and not reading.has("task_noun") and (reading.has("wh") or count) and document is None):
        in_year = vocab.documents_of_year(years[0].value or 0)
        if scope is not None:
            in_year &= scope
        return plan("documents", {}, [years[0]], count=count, scope=sorted(in_year))
    # targets
    if not agencies and not tasks and not topics and len(indicators) <= 1 and len(years) <= 1 and (
            indicators or reading.has("target_noun") or (years and (reading.has("wh") or count))):
        params = {}
        used = []
        if indicators:
            params["indicator"] = iri(indicators[0])
            used.append(indicators[0])
        if years:
            if years[0].value not in vocab.years:  # a year of plans, but of no goal or target
                years[0].candidates = []
                raise _not_in_graph(reading, years[0], vocab)
            params["year"] = Literal(str(years[0].value), datatype=XSD.gYear)
            used.append(years[0])
        if document is not None:
            params["document"] = URIRef(document.iri or "")
        if reading.has("year_q") and not years:
            return plan("target-year", params, used)
        # 多少 asks a value (要达到多少); 几个/多少项 … 指标 ask how many — never when an indicator is named
        counting = count and not indicators and not reading.has("value") and any(
            w != "多少" for c, w, _ in reading.cues if c == "count")
        return plan("targets", params, used, count=counting, year=years[0].value if years else None)
    # which plans cite a document the corpus cites
    cited = [m for m in rest if m.kind == "cited"]
    if cited and len(cited) == len(rest) == 1 and reading.has("cite"):
        # cited-documents lists every citation: the rows of this document are kept (focus "where")
        return plan("citing", {}, cited, count=count, where={"cited": str(iri(cited[0]))})
    # documents
    if not agencies and not tasks and not topics and not indicators and not years:
        params = {"document": URIRef(document.iri or "")} if document is not None else {}
        if reading.has("cite"):
            named = [m for m in reading.mentions if m.kind in ("document", "place")]
            if named and min(reading.cue_positions("cite")) < named[0].start:
                # 哪些文件引用了X asks the other way round: which documents cite X
                raise _refuse(reading, "not-understood",
                              "只能回答一份文件引用了哪些文件（X引用了哪些文件？），不能反查谁引用了它",
                              [fill(INTENTS["cited"].forms[0], reading.examples)])
            return plan("cited", params, [], count=count)
        if reading.has("summary"):
            return plan("summary", params, [])
        if (document is not None or (reading.has("doc_noun") and _single_document(vocab))) and reading.has(
                "task_noun") and (reading.has("wh") or count):
            return plan("document-tasks", {}, [], count=count)  # rows kept by the scope
        if reading.has("doc_noun") and (reading.has("wh") or count) and not reading.of_kind("document"):
            return plan("documents", {}, [], count=count)
    raise _refuse(reading, "not-understood", "读懂了其中的词，但没有对应的问法")
