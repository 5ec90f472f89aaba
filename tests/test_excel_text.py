"""Text files Excel, UCINET and Pajek open as they are: CSV with a byte-order mark (utf-8-sig), UCINET DL
and Pajek in GB18030, read back; an encoding a format cannot take is a one-line error."""

from __future__ import annotations

import csv

import pytest

from kg.networks.exports import check_encoding, export_network, read_csv, read_dl, read_pajek
from kg.networks.projection import NetworkError, node_names
from kg.networks.sna import metrics_report

BOM = b"\xef\xbb\xbf"


def test_csv_with_a_byte_order_mark(sample_kg_dir, tmp_path):
    g, (nodes, edges) = export_network(sample_kg_dir / "kg.ttl", tmp_path / "co.csv", encoding="utf-8-sig")
    for path in (nodes, edges):
        raw = path.read_bytes()
        assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
        raw[3:].decode("utf-8")
    with open(nodes, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:2] == ["Id", "Label"]  # no BOM glued to the first column name
    back = read_csv(nodes)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    # the default stays plain UTF-8 (Gephi, R, pandas)
    _, (plain, _) = export_network(sample_kg_dir / "kg.ttl", tmp_path / "plain.csv")
    assert not plain.read_bytes().startswith(BOM)


@pytest.mark.parametrize("suffix, reader", [(".dl", read_dl), (".net", read_pajek)])
def test_ucinet_and_pajek_in_gb18030(sample_kg_dir, tmp_path, suffix, reader):
    g, (path,) = export_network(sample_kg_dir / "kg.ttl", tmp_path / f"co{suffix}", encoding="gb18030")
    raw = path.read_bytes()
    assert "区市场监管局".encode("gb18030") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    back = reader(path, encoding="gb18030")
    assert set(back.nodes) == set(node_names(g).values())
    assert back.number_of_edges() == g.number_of_edges()


def test_metrics_csv_for_excel(sample_kg_dir, tmp_path):
    text = metrics_report(sample_kg_dir / "kg.ttl", "lead", fmt="csv", output=tmp_path / "m.csv",
                          encoding="utf-8-sig")
    raw = (tmp_path / "m.csv").read_bytes()
    assert raw.startswith(BOM) and raw[3:].decode("utf-8") == text


def test_encoding_errors_are_one_line(sample_kg_dir, tmp_path):
    with pytest.raises(NetworkError, match="always UTF-8"):
        export_network(sample_kg_dir / "kg.ttl", tmp_path / "co.gexf", encoding="gb18030")
    with pytest.raises(NetworkError, match="unknown encoding"):
        check_encoding("dl", "no-such-codec")
    with pytest.raises(NetworkError, match="cannot be written in"):
        export_network(sample_kg_dir / "kg.ttl", tmp_path / "co.dl", encoding="latin-1")
    assert not (tmp_path / "co.dl").exists()  # nothing half-written
    assert check_encoding("csv", "UTF-8-SIG") == "utf-8-sig"
