"""loaders/vocab/lexicon.json is generated from the vocabularies and must be in sync with them."""

from __future__ import annotations

import json

from kg.graph.lexicon import build_lexicon, lexicon_path


def test_lexicon_is_in_sync_with_vocabularies():
    committed = json.loads(lexicon_path().read_text(encoding="utf-8"))
    assert committed == build_lexicon(), "run `policykg lexicon` after editing ontology/vocab/*.ttl"


def test_lexicon_contents():
    lex = build_lexicon()
    ip = {r["label"]: r for r in lex["ip_types"]}
    assert ip["高价值发明专利"]["top"] == "专利" and ip["集体商标"]["top"] == "商标"
    ind = {r["label"]: r for r in lex["industries"]}
    assert ind["绿色食品产业"]["concept"] == "绿色食品"
    ag = {r["label"]: r for r in lex["agency_names"]}
    assert ag["市场监管局"]["concept"] == "市场监督管理局"
    assert ag["法院"]["kind"] == "Court" and ag["检察院"]["kind"] == "Procuratorate"


def test_places_are_in_sync_with_the_division_table():
    """loaders/vocab/places.json (what the loaders know of places) is generated from ontology/vocab/divisions.csv."""
    from kg.graph.lexicon import build_places, places_path

    committed = json.loads(places_path().read_text(encoding="utf-8"))
    assert committed == build_places(), "run `policykg lexicon` after regenerating ontology/vocab/divisions.csv"
    assert committed["长寿区"] == [["county", "重庆市"]] and committed["四川省"] == [["provincial", ""]]
