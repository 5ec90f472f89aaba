"""Networks of agencies: projections of the graph, measures and exports.

- `kg.networks.projection` — the networks (co-assignment, lead → cooperating, agency–task …)
  projected from the KG by the queries in ``queries/networks/`` (`network_from_file`);
- `kg.networks.sna` — social network measures and communities;
- `kg.networks.temporal` — networks over time: the KG cut into years or plan periods
  (``policykg metrics --by year``, ``graph --year``);
- `kg.networks.exports` — GEXF, GraphML, Pajek, UCINET DL, CSV, JSON, HTML, PNG and SVG.
"""
