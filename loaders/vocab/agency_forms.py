"""How names of bodies are usually written, for telling a well-formed name from an unknown one.

The gazetteer (``lexicon.json``) knows bodies by name; plans also write the standard departments of a
province, city or county under their usual abbreviations (省发展改革委, 市发改委, 县住建局), former names
(市工商局, 市卫生局) and common non-government bodies (人行…支行, …海关, 国网…公司, 团市委, …银保监…).
A name is **well formed** when it is, after an optional place (南京市, 宣城市) and an optional division
word (省, 市, 区, 县 … and their party committee 市委), a department abbreviation of `DEPARTMENTS`; or a
name that opens with a national body or company of `HEADS` (中国移动南充分公司, 人行南京分行营管部); or a
name that ends with a body word of `BODY_TAILS` after a head of its own (安徽证监局, 深圳供电局, 市地铁集团).
`loaders.extract.warnings.unresolved_agencies` notes only the names that are neither in the gazetteer
nor well formed, so that "not in the gazetteer" points at a misspelling or a body worth adding.

It is a grammar (a division word and a department's abbreviation), not a list of full names.

Examples
--------
>>> [well_formed(n) for n in ("省发展改革委", "市发改委", "县住建局", "团市委", "人行南京分行营管部")]
[True, True, True, True, True]
>>> [well_formed(n) for n in ("南京海关", "国网南京供电公司", "江苏银保监局", "市工商局", "宣城市卫健委")]
[True, True, True, True, True]
>>> [well_formed(n) for n in ("市政管局", "OPC社区", "年内市", "功能区管委会", "市", "成都市")]
[False, False, False, False, False, False]
"""

from __future__ import annotations

from functools import cache

from loaders.vocab.places import leading_divisions

__all__ = ["DIVISION_WORDS", "DEPARTMENTS", "HEADS", "BODY_TAILS", "well_formed"]

#: Division words a relative name opens with (省发改委, 自治区财政厅); each may be followed by 委 for
#: its party committee's departments (市委组织部) and by 直 for its directly run bodies (市直机关工委).
DIVISION_WORDS = (
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "省",
    "市",
    "州",
    "盟",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
    "街道",
)

#: The usual abbreviations of the departments of a province, city or county, current and former
#: (科技局, 发改委, 经贸委 …), of its party committee and of the bodies every level has (总工会, 妇联 …).
DEPARTMENTS = frozenset(
    """
发改委 发展改革委 发展和改革委 发改局 发展改革局 经信局 经信委 经济和信息化局 工信局 工信委
工业和信息化局 科技局 科技厅 科委 科经信局 科工信局 科技和工业信息化局 教育局 教体局 教育厅 教委
公安局 公安厅 民政局 民政厅 司法局 司法厅 财政局 财政厅 人社局 人社厅 人力社保局 人力资源社会保障局
自然资源局 自然资源厅 自然资源和规划局 规划资源局 规划和自然资源局 规划局 国土局 国土资源局
生态环境局 生态环境厅 环保局 住建局 住建厅 住建委 住房城乡建设局 建委 建设局 房产局 房管局
住房保障办 交通局 交通运输局 交通运输厅 交通委 水务局 水利局 水利厅 农业农村局 农业农村厅 农业局
农委 林业局 商务局 商务厅 商务委 经贸委 文旅局 文广旅局 文化和旅游局 文广新局 文化广电旅游局 卫健委
卫健局 卫生健康委 卫生局 卫计委 退役军人局 退役军人事务局 应急局 应急管理局 应急厅 审计局 国资委
市场监管局 工商局 质监局 食药监局 药监局 统计局 医保局 体育局 信访局 城管局 城管委 城管执法局 数据局
大数据局 数据资源局 政务服务局 政务办 政务服务办 政务服务管理局 行政审批局 金融办 金融局 金融工作局
金融监管局 地方金融监管局 外办 侨办 法制办 编办 机关事务局 机关事务管理局 粮食局 粮储局 人防办
口岸办 知识产权局 气象局 税务局 邮政局 海关 残联 妇联 科协 总工会 工商联 红十字会 团委 党校 疾控中心
融媒体中心 公积金中心 住房公积金管理中心 征兵办 宣传部 组织部 统战部 政法委 网信办 编委办 台办 法院
人民法院 检察院 人民检察院 人大常委会 政协 政府 人民政府 政府办 政府办公室 党委 委办 改革办 营商办
投促局 投资促进局 招商局 乡村振兴局 扶贫办 档案局 保密局 民宗局 民族宗教局 外事办 人才办 文明办
督查室 研究室 发展研究中心
""".split()
)

#: National bodies and companies whose branches a plan names by head + place + unit (人行南京分行营管部,
#: 中国移动南充分公司) or by the head alone (中国电信).
HEADS = (
    "中国人民银行",
    "人民银行",
    "人行",
    "国家电网",
    "国网",
    "南方电网",
    "中国移动",
    "中国电信",
    "中国联通",
    "中国铁塔",
    "中国邮政",
    "中国信保",
    "中国出口信用保险公司",
    "中国进出口银行",
    "国家开发银行",
    "国开行",
    "中国农业发展银行",
    "农发行",
    "中国银行",
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
    "交通银行",
    "中国烟草",
    "中国石化",
    "中国石油",
    "中国证监会",
    "中国银保监会",
)

#: Body words a name may end with after a head of its own (a place, a short name): branches of
#: national regulators and of state companies, and companies themselves.
BODY_TAILS = (
    "海关",
    "证监局",
    "银保监局",
    "银保监分局",
    "银保监会",
    "金融监管局",
    "监管分局",
    "供电局",
    "供电公司",
    "供电分公司",
    "电力公司",
    "烟草专卖局",
    "分公司",
    "分行",
    "支行",
    "营管部",
    "集团",
    "控股集团",
    "投资集团",
    "有限公司",
    "股份公司",
    "公司",
    "税务局",
    "气象局",
    "邮政管理局",
    "通信管理局",
    "调查队",
)


def _after_scope(name: str) -> str:
    """``name`` without its leading places and one division word (with 委 or 直 after it)."""
    places = leading_divisions(name)
    rest = name[sum(map(len, places)) :]
    for word in DIVISION_WORDS:
        if rest.startswith(word) and len(rest) > len(word) + 1:
            rest = rest[len(word) :]
            if rest[:1] in ("委", "直") and len(rest) > 2 and rest[1:] in DEPARTMENTS | {"机关工委"}:
                rest = rest[1:]
            break
    return rest


@cache
def well_formed(name: str) -> bool:
    """Whether ``name`` is written as bodies usually are (see the module's grammar)."""
    if len(name) < 2:
        return False
    if name.startswith("团") and name[1:] in tuple(w + "委" for w in DIVISION_WORDS):
        return True  # 团市委, 团省委: the youth league committee
    if name.startswith(HEADS):
        return True
    rest = _after_scope(name)
    if rest in DEPARTMENTS and rest != name or name in DEPARTMENTS:
        return True
    return any(rest.endswith(t) and len(rest) >= len(t) + 2 for t in BODY_TAILS)
