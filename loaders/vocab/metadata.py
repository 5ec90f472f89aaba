"""The words document metadata is read from: title endings, drafting notes, issuing bodies, 文号 prefixes.

`loaders.extract.metadata` holds no words of its own: a new title ending, a new kind of issuing body or a
new 文号 prefix is one entry here.

文号 prefixes (``DOC_NUMBER_PLACES``): a document number opens with its issuer's short code
(机关代字), whose first characters name the place: ``国发``/``国办发`` the State Council, ``黔府办发``
贵州省, ``穗卫函`` 广州市, ``皖政办秘`` 安徽省. The provincial abbreviations (简称) are the official ones
that the central government's portal lists with each provincial-level division (www.gov.cn, 行政区划 /
"我国的行政区划"); the city abbreviations are those the cities print in the 文号 of their own documents
(穗府 on gz.gov.cn, 甬政发 on ningbo.gov.cn …). Several places can share one (泰 泰安市 and 泰州市; 宁
南京市 and 宁夏): the text then decides, or no place is taken from the number.

Examples
--------
>>> DOC_NUMBER_PLACES["穗"], DOC_NUMBER_PLACES["国"]
(('广州市',), ('中华人民共和国',))
"""

from __future__ import annotations

__all__ = [
    "TITLE_ENDS",
    "DRAFT_NOTES",
    "ATTACHMENT_LINE",
    "FIELD_LABELS",
    "NOTICE_VERBS",
    "BODY_ENDS",
    "NATIONAL_ISSUERS",
    "NATION",
    "SELF_REFERENCES",
    "DOC_NUMBER_PLACES",
    "PERIOD_FROM_YEAR",
]

#: How a document's title ends (after a trailing qualifier such as （试行） or （2024—2026年）).
TITLE_ENDS = (
    "方案", "规划", "意见", "办法", "通知", "纲要", "计划", "措施", "细则", "条例", "决定", "要点", "规定",
    "指南", "行动", "政策", "举措", "清单", "通告", "公告", "决议", "批复", "函", "实施方案", "工作方案",
    "分工", "安排", "目录", "指引", "导则", "章程", "通报", "纪要", "路线图", "若干条", "十条",
)
#: The labelled fields of a portal's information block (www.gov.cn and most government sites print one
#: above the text: 标题：…, 发文机关：…, 发文字号：…, 成文日期：…): field → the labels it goes by.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "文件标题", "文件名称", "名称"),
    "issuer": ("发文机关", "发文单位", "发布机构", "发布单位", "制发机关"),
    "number": ("发文字号", "文号", "发文号", "文件编号"),
    "date": ("成文日期", "发文日期", "印发日期", "签发日期"),
}
#: A line above a title that is not part of it: 附件, 附件2, 附件：.
ATTACHMENT_LINE = r"^附件\s*\d*\s*[：:]?$"
#: A bracketed note on a draft's status, printed under the title but not part of it: （征求意见稿）.
DRAFT_NOTES = ("征求意见稿", "送审稿", "讨论稿", "草案", "代拟稿", "修改稿")
#: The verbs of a covering notice that prints a plan: 关于印发《X》的通知.
NOTICE_VERBS = ("印发", "转发", "下发", "颁发", "公布")
#: How the name of an issuing body ends (a signature line, the opening of a title before 关于).
BODY_ENDS = (
    "人民政府", "政府", "办公室", "办公厅", "委员会", "局", "厅", "委", "部", "署", "院", "办", "中心",
    "总局", "总署", "银行", "分行", "管委会", "工委", "党委", "联合会", "总会", "协会", "团委",
)
#: Issuers that speak for the nation.
NATIONAL_ISSUERS = ("国务院", "中共中央", "全国人民代表大会", "全国人大", "中央军委", "中华人民共和国")
#: The nation's name, as the jurisdiction of a national document.
NATION = "中华人民共和国"
#: Words a document uses for its own place (我市, 全省 …): the level they name, with a weight.
SELF_REFERENCES: dict[str, tuple[str, int]] = {
    f"{w}{lvl}": (lvl, 2 if w in "我本" else 1) for w in "我本全" for lvl in "省市县区州旗盟"
}
#: A period stated as a start year and a length: 2012年起5年内 → 2012–2016.
PERIOD_FROM_YEAR = r"(?P<a>(?:19|20)\d\d)\s*年起\s*(?:的)?\s*(?P<n>[1-9]|十)\s*年内?"

_PROVINCES = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "蒙": "内蒙古自治区", "内蒙": "内蒙古自治区", "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省",
    "苏": "江苏省", "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省",
    "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省",
    "川": "四川省", "黔": "贵州省", "贵": "贵州省", "滇": "云南省", "云": "云南省", "藏": "西藏自治区",
    "陕": "陕西省", "甘": "甘肃省", "陇": "甘肃省", "青": "青海省", "新": "新疆维吾尔自治区",
}
_CITIES = {
    "穗": ("广州市",), "深": ("深圳市",), "甬": ("宁波市",), "杭": ("杭州市",), "榕": ("福州市",),
    "厦": ("厦门市",), "蓉": ("成都市",), "成": ("成都市",), "邕": ("南宁市",), "筑": ("贵阳市",),
    "昆": ("昆明市",), "郑": ("郑州市",), "汉": ("武汉市",), "武": ("武汉市",), "长": ("长沙市",),
    "济": ("济南市",), "青": ("青岛市",), "哈": ("哈尔滨市",), "沈": ("沈阳市",), "大": ("大连市",),
    "西": ("西安市",), "兰": ("兰州市",), "泰": ("泰安市", "泰州市"), "宁": ("南京市", "宁夏回族自治区"),
    "南": ("南京市", "南昌市", "南宁市", "南充市"), "锡": ("无锡市",), "苏": ("苏州市", "江苏省"),
    "温": ("温州市",), "佛": ("佛山市",), "莞": ("东莞市",), "珠": ("珠海市",), "淄": ("淄博市",),
    "烟": ("烟台市",), "潍": ("潍坊市",), "洛": ("洛阳市",), "合": ("合肥市",), "芜": ("芜湖市",),
}
# National ministries' codes (财税〔2019〕13号, 人社部发, 发改投资): no place character, the nation.
_NATIONAL_CODES = ("国", "发改", "财", "人社部", "工信部", "教", "科", "商", "农", "交", "民发", "公", "司发",
                   "银保监", "证监", "银发", "署", "税总")
#: 文号 prefix (the first characters of the issuer's short code) → the places it can name.
DOC_NUMBER_PLACES: dict[str, tuple[str, ...]] = {
    **{k: (NATION,) for k in _NATIONAL_CODES},
    **{k: (v,) for k, v in _PROVINCES.items()},
}
for _k, _v in _CITIES.items():
    DOC_NUMBER_PLACES[_k] = tuple(dict.fromkeys(DOC_NUMBER_PLACES.get(_k, ()) + _v))
