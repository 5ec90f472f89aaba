"""The question words `kg.ask` understands, as data: what each word signals, and the words that carry
no meaning of their own.

Every token of a question must be one of these, a name the graph knows (`kg.ask.vocabulary`) or a
fragment of one (a task title, an indicator); anything else makes the question *not understood*.
That closed vocabulary is what keeps the reader honest: a question about something the graph does
not hold (长寿区的GDP是多少？) has a word it cannot place, and is refused rather than answered as
some other question.
"""

from __future__ import annotations

__all__ = ["CUES", "FILLER", "PUNCTUATION", "DOMAIN_WORDS", "SCOPES", "SCOPE_LEVELS", "AGENCY_ENDINGS",
           "PLACE_SUFFIXES",
           "FUNCTIONS", "cue_of", "words"]

#: cue → the words that signal it
CUES: dict[str, tuple[str, ...]] = {
    # roles
    "lead": ("牵头", "负责", "主抓", "主责", "主管", "牵头负责", "带头", "领头", "主导", "挂帅", "负总责",
             "责任单位", "牵头单位", "牵头部门", "主办", "抓总"),
    "coop": ("配合", "协助", "协同", "配合单位", "配合部门", "协办", "辅助", "协作配合"),
    "join": ("参与", "参加", "承担", "涉及", "介入", "分担", "经手", "参与到"),
    # relations between agencies
    "all": ("都", "全都", "均", "全部都"),  # 都 is emphasis for one agency, "both" for two
    "together": ("共同", "一起", "一同", "合作", "协作", "携手", "联合", "搭档", "同时", "联手", "共",
                 "合作伙伴", "伙伴", "共享", "同为"),
    "pair": ("两个", "两家", "哪两个", "哪两家", "一对", "哪一对", "哪对", "机构对", "部门对", "两两"),
    "most": ("最多", "最", "最大", "最高", "最常", "最频繁", "排名", "排行", "第一", "最广", "名列前茅",
             "最重要", "重要", "关键", "核心"),
    "only": ("只", "只是", "仅", "仅仅", "只有", "单纯", "光"),
    "neg": ("不", "从不", "从未", "没有", "没", "未", "不曾", "并不", "而不", "却不", "但不", "无"),
    "broker": ("中间人", "桥梁", "枢纽", "中介", "纽带", "中介中心性", "介数", "介数中心性", "中心性",
               "结构洞", "掮客", "broker", "betweenness", "桥梁作用", "居间", "中间"),
    # what is asked
    "count": ("几", "几项", "几个", "几条", "几家", "多少", "多少项", "多少个", "多少条", "多少家", "数量",
              "总数", "个数", "项数", "数目", "一共", "总共", "共计", "几件", "几份", "多少份", "几类"),
    "who": ("谁", "哪家", "哪方", "哪一方", "何人"),
    "wh": ("哪些", "哪个", "哪", "什么", "啥", "哪几", "哪几个", "哪几项", "哪项", "哪一", "哪一项", "何",
           "哪一个", "第几", "第几项", "哪一些", "是什么"),
    "agency_noun": ("部门", "单位", "机构", "机关", "部门单位", "单位部门", "委办局", "政府部门", "责任主体",
                    "主体"),
    "task_noun": ("任务", "工作", "事项", "重点任务", "事", "工作任务", "事情", "项", "条", "活"),
    "target_noun": ("目标", "指标", "目标值", "量化指标", "预期目标", "数值", "值", "预期值", "发展目标",
                    "定量目标", "量化目标"),
    "year_q": ("哪一年", "哪年", "何时", "什么时候", "年份", "哪个年份", "期限", "截止", "到期", "完成时间",
               "时间", "哪一年份", "年"),
    "doc_noun": ("文件", "政策", "方案", "规划", "文档", "实施方案", "计划", "政策文件", "文", "本方案",
                 "这份", "该方案", "这个方案", "文本"),
    "cite": ("引用", "援引", "依据", "参照", "根据", "引述", "引", "引证", "参考", "贯彻", "落实", "引用了"),
    "summary": ("概要", "概况", "摘要", "简介", "基本情况", "介绍", "总结", "概览", "主要内容", "概述",
                "大概", "内容"),
    "appear": ("出现", "提到", "提及", "点名", "列入", "写到", "出现在", "提起", "被提到", "列出"),
    "topic": ("关于", "有关", "相关", "方面", "领域", "产业", "行业", "类", "方向", "类型", "相关的"),
    "value": ("是多少", "多大", "多高"),
    # policy tools (政策工具)
    "use": ("用了", "用", "运用", "使用", "采用", "采取", "部署", "动用", "用到", "运用了", "使用了",
            "采用了"),
    "share": ("占", "占比", "比例", "比重", "份额", "所占", "占多少", "占比多少", "多大比例"),
    "tool_noun": ("工具", "政策工具", "手段", "政策手段", "工具类型"),
}

#: words that carry no meaning of their own here (particles, copulas, polite frames, conjunctions)
FILLER: tuple[str, ...] = (
    "的", "了", "呢", "吗", "啊", "呀", "吧", "是", "有", "在", "中", "里", "由", "和", "与", "跟", "同",
    "及", "以及", "还有", "请问", "请", "一下", "告诉", "告诉我", "我", "想", "想知道", "知道", "查询",
    "查", "看看", "看", "列举", "分别", "各", "所有", "全部", "那些", "这", "该", "其", "所", "被", "为",
    "对", "到", "给出", "显示", "找出", "能", "可以", "会", "要", "需要", "做", "达到", "实现", "完成",
    "设定", "定", "设", "规定", "提出", "之", "上", "下", "当中", "之中", "其中", "以上", "又", "还",
    "分别是", "呗", "么", "嘛", "哦", "下面", "目前", "现在", "各自", "一共有", "里面", "中的", "当", "时",
    "方", "其他", "别的", "些", "就", "才", "也", "个", "家", "位", "者", "得", "地", "过", "着",
    "给", "对于", "您", "你", "吗？", "应该", "应", "将", "拿", "把", "作为", "担任", "身份", "角色",
    "名单", "清单", "列表", "情况", "具体", "分工", "多", "等", "在内", "本", "此", "我们", "打算", "份",
)

PUNCTUATION = frozenset("？?！!。，,、；;：:“”\"'‘’（）()《》〈〉【】[]…—- \t\n")

#: words every question in this domain may carry without changing what is asked
DOMAIN_WORDS: tuple[str, ...] = ("知识产权", "重点", "主要", "具体", "相关工作")

#: relative scopes that open an agency name (区市场监管局)
SCOPES: tuple[str, ...] = ("省委", "市委", "区委", "县委", "省", "市", "区", "县", "州", "镇", "乡")

#: a relative scope (区市场监管局) and how the places of its level end (a district's, a county's …)
SCOPE_LEVELS: dict[str, tuple[str, ...]] = {"区": ("区", "县"), "县": ("县", "区"),
                                           "市": ("市", "州", "盟", "地区"), "州": ("州", "市"),
                                           "省": ("省", "自治区")}

#: how names of bodies end, to tell a body the graph does not know from an unknown word
AGENCY_ENDINGS: tuple[str, ...] = ("局", "委", "委员会", "厅", "办", "办公室", "院", "部", "中心", "署",
                                   "政府", "开发区", "高新区", "园区", "管委会", "法院", "检察院", "海关")


#: how the name of a jurisdiction ends (longest first): 广东省深圳市罗湖区 is read as 广东省 · 深圳市 ·
#: 罗湖区, and each part may be named without its ending (罗湖, 深圳, 广东; 新疆 for 新疆维吾尔自治区)
PLACE_SUFFIXES: tuple[str, ...] = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区",
                                   "自治州", "自治县", "地区", "新区", "省", "市", "区", "县", "州", "盟",
                                   "旗")

#: an agency function a question may name instead of an agency (市场监管部门): the words, and the
#: gazetteer cores (`Vocabulary.agency_core`) of the bodies that carry it in any place
FUNCTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "市场监管": (("市场监管部门", "市场监管机构", "市场监督管理部门"),
             ("市场监督管理局", "国家市场监督管理总局")),
    "人力资源社会保障": (("人社部门", "人力资源社会保障部门", "人力资源和社会保障部门"),
                   ("人力资源和社会保障局", "人力资源和社会保障厅", "人力资源和社会保障部", "人力资源局")),
    "财政": (("财政部门",), ("财政局", "财政厅", "财政部")),
    "发展改革": (("发展改革部门", "发改部门"), ("发展和改革委员会", "发展和改革局", "国家发展和改革委员会")),
    "教育": (("教育部门", "教育行政部门"), ("教育局", "教育厅", "教育部", "教育委员会", "教育体育局")),
    "科技": (("科技部门", "科技管理部门"), ("科学技术局", "科学技术厅", "科学技术部", "科学技术委员会")),
    "住房城乡建设": (("住建部门", "住房城乡建设部门"),
                 ("住房和城乡建设局", "住房和城乡建设厅", "住房和城乡建设部", "住房和城乡建设委员会",
                  "住房和建设局")),
    "商务": (("商务部门", "商务主管部门"), ("商务局", "商务厅", "商务部", "商务委员会")),
    "农业农村": (("农业农村部门",), ("农业农村局", "农业农村厅", "农业农村部", "农业农村委员会")),
    "卫生健康": (("卫生健康部门", "卫健部门"), ("卫生健康委员会", "卫生健康局", "国家卫生健康委员会")),
    "税务": (("税务部门",), ("税务局", "国家税务总局")),
}

_CUE_OF: dict[str, str] = {}
for _cue, _words in CUES.items():
    for _w in _words:
        _CUE_OF.setdefault(_w, _cue)


def cue_of(word: str) -> str | None:
    """The cue a word signals, or None.

    Examples
    --------
    >>> cue_of("牵头"), cue_of("哪些"), cue_of("区法院")
    ('lead', 'wh', None)
    """
    return _CUE_OF.get(word)


def words() -> list[str]:
    """Every cue and filler word (for the segmenter's word list)."""
    return sorted(set(_CUE_OF) | set(FILLER) | set(DOMAIN_WORDS))
