"""Agency functions (issue 21, part 2): the vocabulary, the gazetteer's mapping, pkg:hasFunction in the
graph, and networks projected onto functions (`kg.networks.functions`, ``--by function``)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.graph.build import build_graph
from kg.graph.namespaces import PKG, PKGFN, PKGGAZ
from kg.networks.exports import read_network, write_network
from kg.networks.functions import agency_functions
from kg.networks.projection import build_network, function_network, node_names, read_kg
from kg.resources import ontology_dir
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.extract.document import parse_text
from loaders.synthetic.plans import generate_corpus
from loaders.vocab.lexicon import packaged_lexicon

SCHEME = URIRef("https://w3id.org/policykg/vocab/function")
# The functions the issue and the other parts of issue 21 name (policykg compare compares by them).
NAMED = ("market-regulation", "science-technology", "finance", "human-resources-social-security",
         "justice-administration", "public-security", "courts", "procuratorates", "publicity",
         "development-reform", "economy-informatization", "commerce", "culture-tourism", "agriculture-rural",
         "education", "government", "party-committee", "development-zone", "collective", "other")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    g = Graph()
    for name in ("functions.ttl", "agency-names.ttl"):
        g.parse(ontology_dir() / "vocab" / name)
    return g


def zh(g: Graph, s, p=SKOS.prefLabel) -> list[str]:
    return [str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "zh"]


# ---------------------------------------------------------------- the vocabulary and the gazetteer
def test_every_gazetteer_entry_has_exactly_one_function(vocab):
    entries = set(vocab.subjects(RDF.type, PKG.AgencyName))
    assert len(entries) >= 150
    functions = set(vocab.subjects(RDF.type, PKG.AgencyFunction))
    for entry in entries:
        values = list(vocab.objects(entry, PKG.hasFunction))
        assert len(values) == 1, f"{entry}: {values}"
        assert values[0] in functions, f"{entry}: {values[0]} is not a pkg:AgencyFunction"


def test_the_function_concepts_are_documented_like_the_other_vocabularies(vocab):
    functions = set(vocab.subjects(RDF.type, PKG.AgencyFunction))
    assert {str(f).rsplit("/", 1)[1] for f in functions} >= set(NAMED)
    used = set(vocab.objects(None, PKG.hasFunction))
    assert used == functions, "a function no gazetteer entry has"
    labels = Counter()
    for f in functions:
        assert str(f).startswith(str(PKGFN))
        assert (f, RDF.type, SKOS.Concept) in vocab and (f, SKOS.inScheme, SCHEME) in vocab
        assert (f, SKOS.topConceptOf, SCHEME) in vocab and (SCHEME, SKOS.hasTopConcept, f) in vocab
        assert len(zh(vocab, f)) == 1
        assert [o for o in vocab.objects(f, SKOS.prefLabel) if o.language == "en"]
        assert {o.language for o in vocab.objects(f, SKOS.definition)} == {"en", "zh"}
        assert (f, RDFS.isDefinedBy, SCHEME) in vocab
        labels[zh(vocab, f)[0]] += 1
    assert max(labels.values()) == 1, "two functions share a Chinese label"
    assert zh(vocab, SCHEME) == ["机构职能"]


@pytest.mark.parametrize("entry, function", [
    ("market-regulation-administration", "market-regulation"), ("intellectual-property-office", "market-regulation"),
    ("peoples-court", "courts"), ("intermediate-peoples-court", "courts"),
    ("peoples-procuratorate", "procuratorates"), ("justice-bureau", "justice-administration"),
    ("public-security-bureau", "public-security"), ("party-publicity-department", "publicity"),
    ("party-organization-department", "party-committee"), ("government-office", "government"),
    ("economic-and-technological-development-zone", "development-zone"), ("all-member-units", "collective"),
    ("education-and-sports-bureau", "education"),  # a merged bureau: the function its name puts first
    ("science-technology-industry-and-information-technology-bureau", "science-technology"),
    ("meteorological-bureau", "other"),
])
def test_some_entries(vocab, entry, function):
    assert list(vocab.objects(PKGGAZ[entry], PKG.hasFunction)) == [PKGFN[function]]


def test_every_collective_entry_is_a_collective_and_every_zone_a_development_zone(vocab):
    for kind, function in ((PKG.Collective, PKGFN.collective), (PKG.DevelopmentZone, PKGFN["development-zone"])):
        for entry in vocab.subjects(PKG.agencyKind, kind):
            assert list(vocab.objects(entry, PKG.hasFunction)) == [function]


def test_the_lexicon_carries_every_labels_function(vocab):
    for label, entry in packaged_lexicon().agency_names.items():
        assert entry.function, label
        assert (URIRef(entry.iri), PKG.hasFunction, URIRef(entry.function)) in vocab


def test_the_ontology_declares_the_terms():
    onto = Graph().parse(ontology_dir() / "policykg.ttl")
    assert (PKG.AgencyFunction, RDFS.subClassOf, SKOS.Concept) in onto
    assert (PKG.hasFunction, RDFS.range, PKG.AgencyFunction) in onto
    for term in (PKG.AgencyFunction, PKG.hasFunction):
        assert {o.language for o in onto.objects(term, RDFS.label)} == {"zh", "en"}
        assert {o.language for o in onto.objects(term, RDFS.comment)} == {"zh", "en"}


# ---------------------------------------------------------------- the sample
SAMPLE_FUNCTIONS = {  # name as written → function, read from the gold annotation's agencies by hand
    "区市场监管局": "market-regulation", "区司法局": "justice-administration", "区财政局": "finance",
    "区科技局": "science-technology", "各成员单位": "collective", "区法院": "courts", "区检察院": "procuratorates",
    "区公安局": "public-security", "区文旅委": "culture-tourism", "区林业局": "natural-resources",
    "区经信委": "economy-informatization", "区商务委": "commerce", "长寿经开区": "development-zone",
    "长寿高新区": "development-zone", "长寿农业园区": "development-zone", "区农业农村委": "agriculture-rural",
    "区委宣传部": "publicity", "区发改委": "development-reform", "区人社局": "human-resources-social-security",
    "区教委": "education",
}


def test_every_agency_of_the_sample_has_a_function(sample_kg_dir, gold):
    g = Graph().parse(sample_kg_dir / "kg.ttl")
    agencies = set(g.subjects(RDF.type, PKG.Agency))
    assert len(agencies) == 21  # the 20 named in the tasks and the issuer
    written = {}
    for a in agencies:
        (function,) = g.objects(a, PKG.hasFunction)
        written[str(g.value(a, RDFS.label))] = str(function).rsplit("/", 1)[1]
    named = {n for t in gold["tasks"] for n in t["lead"] + t["cooperating"]}
    assert set(SAMPLE_FUNCTIONS) == named
    assert {n: written[n] for n in named} == SAMPLE_FUNCTIONS
    assert written["重庆市长寿区"] == "government"  # the issuer, named by its place: its government
    kg = open_kg(sample_kg_dir / "kg.ttl")
    assert run_query("agency-without-function-violation", graph=kg).rows == []
    assert run_query("agency-name-function-violation", graph=kg).rows == []


def test_the_sample_by_function(sample_kg_dir):
    kg = read_kg(sample_kg_dir / "kg.ttl")
    agencies = build_network(kg, "co-assignment")
    g = function_network(kg, "co-assignment")
    zones = g.nodes[str(PKGFN["development-zone"])]
    assert zones["label"] == "开发区" and zones["agencies"] == 3 and zones["jurisdictions"] == "长寿区"
    # 19 agencies, three of them zones: 17 functions; what the three zones share stays on their node.
    assert g.number_of_nodes() == agencies.number_of_nodes() - 2 == 17
    within = sum(d["within_weight"] for _, d in g.nodes(data=True))
    assert within == zones["within_weight"] == sum(
        d["weight"] for u, v, d in agencies.edges(data=True)
        if agencies.nodes[u]["kind"] == agencies.nodes[v]["kind"] == "DevelopmentZone")
    assert sum(d["weight"] for *_, d in g.edges(data=True)) + within == 237
    assert not any(u == v for u, v in g.edges)
    market = g.nodes[str(PKGFN["market-regulation"])]
    assert (market["label"], market["tasks_led"], market["agencies"]) == ("市场监管", 10, 1)
    assert g.graph["by"] == "function" and g.graph["agencies_without_function"] == 0


# ---------------------------------------------------------------- the rules, on short texts
def kg_of(*texts: str) -> Graph:
    docs = [parse_text(t, doc_id=f"d{i}", source=f"d{i}.txt") for i, t in enumerate(texts)]
    return open_kg(build_graph(docs))


def test_ties_inside_one_function_are_kept_on_the_node_not_as_loops():
    kg = kg_of("重庆市长寿区知识产权实施方案\n三、重点任务\n"
               "（一）加强保护。内容。（责任单位：区市场监管局、市市场监管局，配合单位：区科技局）\n"
               "（二）完善政策。内容。（责任单位：区市场监管局，配合单位：区科技局）\n")
    g = function_network(kg, "co-assignment")
    market, science = str(PKGFN["market-regulation"]), str(PKGFN["science-technology"])
    assert sorted(g.nodes) == [market, science]
    assert g.nodes[market]["agencies"] == 2 and g.nodes[market]["within_weight"] == 1
    # （一）: both market regulators with 科技局 (2); （二）: one (1)
    assert g.edges[market, science]["weight"] == 3 and g.edges[market, science]["pairs"] == 2
    assert g.edges[market, science]["tasks"] == "（一）;（二）"
    lead = function_network(kg, "lead")
    assert lead.edges[market, science]["weight"] == 3 and lead.nodes[market]["within_weight"] == 0


def test_an_agency_without_function_is_left_out_and_named():
    kg = kg_of("重庆市长寿区知识产权实施方案\n三、重点任务\n"
               "（一）加强保护。内容。（责任单位：区市场监管局，配合单位：区未来产业促进中心）\n")
    functions, without = agency_functions(kg)
    assert list(without.values()) == ["长寿区未来产业促进中心"]
    g = function_network(kg)
    assert list(g.nodes) == [str(PKGFN["market-regulation"])]
    assert g.graph["agencies_without_function"] == 1 and g.graph["without_function"] == "长寿区未来产业促进中心"
    rows = run_query("agency-without-function-violation", graph=kg).plain_rows()
    assert [(r["name"], r["functions"]) for r in rows] == [("长寿区未来产业促进中心", 0)]


def test_a_user_lexicon_gives_a_new_name_its_function(tmp_path):
    from kg.graph.user_lexicon import read_lexicon
    from loaders.vocab.lexicon import using_lexicon

    path = tmp_path / "my.csv"
    path.write_text("type,label,concept,kind,function\nagency,产促中心,未来产业促进中心,,经济信息化\n", encoding="utf-8")
    user = read_lexicon(path)
    with using_lexicon(user.rows()):
        kg = kg_of("重庆市长寿区知识产权实施方案\n三、重点任务\n"
                   "（一）加强保护。内容。（责任单位：区市场监管局，配合单位：区产促中心）\n")
    functions, without = agency_functions(kg)
    assert without == {}
    assert sorted(f.function.rsplit("/", 1)[1] for f in functions.values()) == [
        "economy-informatization", "government", "market-regulation"]


# ---------------------------------------------------------------- a generated corpus of several districts
# The generator's departments as written after 区, and their functions: written here by hand from the
# vocabulary's definitions, not read from the gazetteer.
GENERATED = {
    "市场监管局": "market-regulation", "科技局": "science-technology", "财政局": "finance",
    "司法局": "justice-administration", "发改委": "development-reform", "经信委": "economy-informatization",
    "商务委": "commerce", "文旅委": "culture-tourism", "农业农村委": "agriculture-rural",
    "人社局": "human-resources-social-security", "教委": "education", "公安局": "public-security",
    "法院": "courts", "检察院": "procuratorates", "委宣传部": "publicity", "林业局": "natural-resources",
    "生态环境局": "ecology-environment", "税务局": "taxation",
}


@pytest.fixture(scope="module")
def corpus():
    plans = generate_corpus(6, seed=3, tasks_range=(4, 8))
    assert len({p.district for p in plans}) == 5  # 锦江区 twice: its agencies pool across its two plans
    docs = [parse_text(p.text, doc_id=p.doc_id, source=f"{p.doc_id}.txt") for p in plans]
    return plans, open_kg(build_graph(docs))


def expected(plans):
    """What pooling by function must give, from the generator's expected tasks alone."""
    co, lead = Counter(), Counter()
    within = Counter()
    members: dict[str, set] = defaultdict(set)

    def fn(name: str) -> str:
        return str(PKGFN[GENERATED[name.removeprefix("区")]])

    for p in plans:
        for t in p.expected["tasks"]:
            leads = [n for n in t["lead"] if not n.startswith("各")]
            coops = [n for n in t["cooperating"] if not n.startswith("各")]
            named = sorted(set(leads + coops))
            for n in named:
                members[fn(n)].add((p.district, n))
            for a, b in combinations(named, 2):
                if fn(a) == fn(b):
                    within[fn(a)] += 1
                else:
                    co[tuple(sorted((fn(a), fn(b))))] += 1
            for a in leads:
                for b in coops:
                    if a != b and fn(a) != fn(b):
                        lead[(fn(a), fn(b))] += 1
    return co, lead, within, members


def test_pooling_a_corpus_by_function_gives_the_known_weights(corpus):
    plans, kg = corpus
    co, lead, within, members = expected(plans)
    g = function_network(kg, "co-assignment")
    assert {tuple(sorted((u, v))): d["weight"] for u, v, d in g.edges(data=True)} == dict(co)
    assert {n: d["within_weight"] for n, d in g.nodes(data=True) if d["within_weight"]} == dict(within)
    assert {n: d["agencies"] for n, d in g.nodes(data=True)} == {f: len(m) for f, m in members.items()}
    assert {n: d["jurisdictions"] for n, d in g.nodes(data=True)} == {
        f: ";".join(sorted({district for district, _ in m})) for f, m in members.items()}
    directed = function_network(kg, "lead")
    assert {(u, v): d["weight"] for u, v, d in directed.edges(data=True)} == dict(lead)
    # the agency network has one node per district's body; pooled, one per function
    agencies = build_network(kg, "co-assignment")
    assert agencies.number_of_nodes() == sum(len(m) for m in members.values()) > g.number_of_nodes()


def test_the_two_mode_networks_by_function(corpus):
    plans, kg = corpus
    g = function_network(kg, "agency-task")
    _, _, _, members = expected(plans)
    tasks = [n for n, d in g.nodes(data=True) if d["bipartite"] == 1]
    assert len(tasks) == sum(len(p.expected["tasks"]) for p in plans)
    assert {n for n, d in g.nodes(data=True) if d["bipartite"] == 0} == set(members)
    # every task's edges: one per function of its (non-collective) agencies, weight = its agencies
    responsibilities = sum(len({n for n in t["lead"] + t["cooperating"] if not n.startswith("各")})
                           for p in plans for t in p.expected["tasks"])
    assert sum(d["weight"] for *_, d in g.edges(data=True)) == responsibilities
    led = Counter(str(PKGFN[GENERATED[n.removeprefix("区")]]) for p in plans for t in p.expected["tasks"]
                  for n in set(t["lead"]) if not n.startswith("各"))
    assert {n: d["tasks_led"] for n, d in g.nodes(data=True) if d["bipartite"] == 0 and d["tasks_led"]} == dict(led)
    ip = function_network(kg, "agency-ip")
    assert {d["kind"] for _, d in ip.nodes(data=True) if d["bipartite"] == 0} == {"AgencyFunction"}


def test_collectives_kept_pool_into_one_collective_node(corpus):
    plans, kg = corpus
    g = function_network(kg, "co-assignment", collectives="keep")
    collectives = {(p.doc_id, n) for p in plans for t in p.expected["tasks"]
                   for n in t["lead"] + t["cooperating"] if n.startswith("各")}
    node = g.nodes[str(PKGFN.collective)]
    assert node["agencies"] == len(collectives) > 0 and node["collective"] is True


# ---------------------------------------------------------------- exports
@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".json", ".net", ".dl", ".csv", ".html"])
def test_function_networks_export_and_read_back(corpus, tmp_path, suffix):
    _, kg = corpus
    for kind in ("co-assignment", "lead", "agency-task"):
        g = function_network(kg, kind)
        path = tmp_path / f"{kind}{suffix}"
        write_network(g, path)
        back = read_network(path)
        names = node_names(g) if suffix in (".net", ".dl") else {n: n for n in g}
        assert set(back.nodes) == set(names.values())
        assert back.is_directed() == g.is_directed()

        def edges(net, rename):
            return {((rename[u], rename[v]) if net.is_directed() else tuple(sorted((rename[u], rename[v]))),
                     int(d["weight"])) for u, v, d in net.edges(data=True)}

        assert edges(back, {n: n for n in back}) == edges(g, names)
        if suffix in (".gexf", ".graphml", ".json"):
            for n, d in g.nodes(data=True):
                assert back.nodes[n]["label"] == d["label"]
                if d.get("kind") == "AgencyFunction":
                    assert back.nodes[n]["agencies"] == d["agencies"]
                    assert back.nodes[n]["jurisdictions"] == d["jurisdictions"]


def test_function_names_are_the_chinese_labels_in_name_based_formats(corpus, tmp_path):
    _, kg = corpus
    g = function_network(kg)
    write_network(g, tmp_path / "f.net")
    text = (tmp_path / "f.net").read_text(encoding="utf-8")
    vertices = [line.split()[1] for line in text.splitlines()[1:g.number_of_nodes() + 1]]
    assert "市场监管" in vertices and sorted(vertices) == sorted(d["label"] for _, d in g.nodes(data=True))
    assert "https://" not in text


# ---------------------------------------------------------------- the command line
def test_cli_graph_and_metrics_by_function(cli, sample_kg_dir, tmp_path):
    kg_file = str(sample_kg_dir / "kg.ttl")
    out = tmp_path / "f.gexf"
    r = cli("graph", "--by", "function", "--data", kg_file, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "co-assignment network by function: 17 nodes, 70 edges, total weight 224"
    g = read_network(out)
    assert sorted(d["label"] for _, d in g.nodes(data=True))[:3] == ["人力社保", "公安", "农业农村"]
    assert "betweenness" in g.nodes[str(PKGFN["market-regulation"])]  # measures, as for agencies
    r = cli("metrics", "--by", "function", "--data", kg_file, "--format", "csv")
    assert r.returncode == 0, r.stderr
    header, *rows = r.stdout.splitlines()
    assert "agencies" in header.split(",") and len(rows) == 17
    r = cli("metrics", "--by", "function", "--data", kg_file)
    assert "by                             function" in r.stdout
    assert r.stdout.splitlines()[0].split() == ["kind", "co-assignment"]
    agency = cli("metrics", "--data", kg_file)
    assert "by " not in agency.stdout and "19" in agency.stdout


def test_cli_names_the_agencies_without_function(cli, tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("重庆市长寿区知识产权实施方案\n三、重点任务\n"
                   "（一）加强保护。内容。（责任单位：区市场监管局，配合单位：区未来产业促进中心、区科技局）\n",
                   encoding="utf-8")
    assert cli("build", str(doc), "-o", str(tmp_path / "out"), "--no-validate").returncode == 0
    r = cli("graph", "--by", "function", "--data", str(tmp_path / "out" / "kg.ttl"), "-o", str(tmp_path / "f.json"))
    assert r.returncode == 0, r.stderr
    assert "1 agencies have no function" in r.stderr and "长寿区未来产业促进中心" in r.stderr
    data = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 2
    r = cli("metrics", "--by", "function", "--data", str(tmp_path / "out" / "kg.ttl"))
    assert "agencies_without_function      1" in r.stdout
    assert "without_function               长寿区未来产业促进中心" in r.stdout


def test_cli_rejects_two_node_axes(cli, sample_kg_dir):
    r = cli("metrics", "--by", "function", "--by", "agency", "--data", str(sample_kg_dir / "kg.ttl"))
    assert r.returncode == 2 and "--by" in r.stderr and "Traceback" not in r.stderr


def test_lexicon_check_reports_a_packaged_name_given_another_function(tmp_path):
    from kg.graph.user_lexicon import LexiconError, check_lexicon, read_lexicon
    from loaders.vocab.lexicon import using_lexicon

    path = tmp_path / "my.csv"
    path.write_text("type,label,concept,kind,function\nagency,科技局,科学技术局,,财政\n", encoding="utf-8")
    report = check_lexicon(read_lexicon(path))
    assert report.conflicts == [
        f"my.csv:2: agency name {name!r} has the function science-technology in the packaged vocabularies; "
        "here finance (this file wins)" for name in ("科技局", "科学技术局")]
    with using_lexicon(read_lexicon(path).rows()):  # and it does win: the build reads the concept's
        kg = kg_of("重庆市长寿区知识产权实施方案\n三、重点任务\n（一）加强保护。内容。（责任单位：区科技局）\n")
    assert {f.function.rsplit("/", 1)[1] for f in agency_functions(kg)[0].values()} == {"finance", "government"}
    path.write_text("type,label,concept,kind,function\nagency,科技局,科学技术局,,科研\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"my.csv:2: unknown agency function '科研'; one of .*市场监管"):
        read_lexicon(path)


def test_the_command_lines_node_axes_are_the_libraries():
    from kg.cli import NETWORK_BY_NODES
    from kg.networks.projection import BY

    assert NETWORK_BY_NODES == BY == ("agency", "function")


# ---------------------------------------------------------------- the library query
def test_agencies_by_function_across_districts(corpus):
    plans, kg = corpus
    _, _, _, members = expected(plans)
    market = str(PKGFN["market-regulation"])
    for name in ("市场监管", "market-regulation", "Market regulation"):
        rows = run_query("agencies-by-function", {"function": name}, graph=kg).plain_rows()
        assert {r["jurisdiction"] for r in rows} == {d for d, _ in members[market]}
        assert len(rows) == len(members[market])
    led = Counter(p.district for p in plans for t in p.expected["tasks"] if "区市场监管局" in t["lead"])
    rows = run_query("agencies-by-function", {"function": "市场监管"}, graph=kg).plain_rows()
    assert {r["jurisdiction"]: r["tasks_led"] for r in rows} == {d: led.get(d, 0) for d, _ in members[market]}
    assert [r["tasks_led"] for r in rows] == sorted((r["tasks_led"] for r in rows), reverse=True)


def test_agencies_by_function_on_the_sample(sample_kg_dir, gold):
    kg = open_kg(sample_kg_dir / "kg.ttl")
    rows = run_query("agencies-by-function", graph=kg).plain_rows()  # the default: 市场监管
    lead = sum("区市场监管局" in t["lead"] for t in gold["tasks"])
    joined = sum("区市场监管局" in t["cooperating"] for t in gold["tasks"])
    assert [(r["full_name"], r["tasks_led"], r["tasks_joined"]) for r in rows] == [("长寿区市场监督管理局", lead, joined)]
    zones = run_query("agencies-by-function", {"function": "开发区"}, graph=kg).plain_rows()
    assert sorted(r["full_name"] for r in zones) == ["长寿农业园区", "长寿经济技术开发区", "长寿高新技术产业开发区"]
