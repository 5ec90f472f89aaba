"""Local branches of national bodies, named as head + place + unit: 人行南充市分行, 国网广元供电公司.

The head is a national body of the gazetteer (its official name first, then the short forms documents
write), the units the names its branches take. `loaders.extract.agencies` reads such a name as that
body's branch in that place: 人行南充市分行 and 中国人民银行南充市分行 are one node, 中国人民银行南充市分行,
of 南充市, with the head's function. Branch names follow the bodies' own lists of their branches
(www.pbc.gov.cn 分支机构, www.nfra.gov.cn 派出机构, www.safe.gov.cn 分支局, www.sgcc.com.cn 省公司/地市公司).

Examples
--------
>>> BRANCHES[0][0], "人行" in BRANCHES[0][1]
('中国人民银行', True)
"""

from __future__ import annotations

__all__ = ["BRANCHES"]

#: (official name of the head, the forms documents write it in, the units of its branches).
BRANCHES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("中国人民银行", ("中国人民银行", "人民银行", "人行"), ("营业管理部", "中心支行", "分行", "支行")),
    ("国家金融监督管理总局", ("国家金融监督管理总局", "国家金融监管总局", "金融监管总局"),
     ("监管分局", "监管支局", "监管局", "支局", "分局")),
    ("国家外汇管理局", ("国家外汇管理局", "外汇局"), ("中心支局", "分局", "支局")),
    ("国家电网有限公司", ("国家电网", "国网"), ("供电分公司", "供电公司", "电力公司", "供电局")),
    ("国家税务总局", ("国家税务总局",), ("税务局",)),
)
