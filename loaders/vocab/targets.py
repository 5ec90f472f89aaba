"""The vocabulary of numeric targets, as data: what a value's unit is, which words before it make
a level, a rate or a count to build, and which words rule a number out (subsidy ceilings, terms
per beneficiary, thresholds, policy parameters).

`loaders.extract.targets` reads these tables and nothing else decides what a target is: a new style is a
word added here. Every entry is matched on the folded text (`loaders.read.normalize.fold`), so the
punctuation is the full-width one.
"""

from __future__ import annotations

# --- units -------------------------------------------------------------------------------------
# A unit is MAGNITUDE? BASE ("/" PER)?: 件, 万件, 亿元, 万平方米, 万架次/年, 5000P. The magnitude
# stays in the unit (1.2 + 万件), as the contract says.
MAGNITUDES = ("万亿", "千万", "百万", "十万", "万", "亿")

# Count words (classifiers) and measures. Longer forms first is not needed: the pattern is built
# longest-first.
BASE_UNITS = (
    # counts
    "个百分点", "个", "家", "户", "名", "人次", "人", "位", "条", "处", "所", "座", "项", "件", "套",
    "台", "辆", "架次", "架", "艘", "只", "头", "株", "棵", "部", "篇", "本", "册", "场", "期", "批次",
    "批", "支", "间", "栋", "幢", "张", "份", "片", "块", "根", "款", "种", "例", "床", "门", "届",
    "次", "车次", "班次", "层", "宗", "笔", "单", "颗", "枚", "户次", "人年", "标准箱", "类",
    # money
    "元", "美元", "欧元",
    # sizes
    "平方公里", "平方千米", "平方米", "立方米", "公里", "千米", "米", "公顷", "亩", "吨标准煤", "吨",
    "千克", "公斤", "千瓦时", "千瓦", "兆瓦", "吉瓦", "升", "微克", "毫克", "斤", "岁",
    # shares and multiples
    "%", "‰", "倍",
)
# A bracket after a unit that belongs to it (50家（次）).
UNIT_BRACKETS = ("（次）", "（个）", "（家）", "（人次）", "（间）")
# Units written in Latin letters: compute, storage, power, distance, containers.
LATIN_UNITS = (
    "EFLOPS", "PFLOPS", "TFLOPS", "FLOPS", "EB", "PB", "TB", "GB", "P", "E",
    "GW", "MW", "kW", "KW", "kWh", "km", "TEU", "Gbps", "Mbps", "Tbps",
)
# `万架次/年`: the part after the slash.
PER_UNITS = ("年", "日", "天", "月", "小时", "人", "户", "平方公里", "立方米", "平方米", "秒")
# Dates and durations are never targets (一年期, 6个月, 24小时): matched so that they are skipped.
DURATIONS = (
    "年", "个月", "月", "日", "天", "周", "小时", "个工作日", "个自然日", "工作日", "分钟", "秒", "个季度",
    "季度",
)

# Committed time limits for a service (审批时间压缩至50个工作日, 实现“一日办结”): durations that are
# targets after a TIME_LIMIT verb or after an indicator ending in a TIME_MEASURE; any other duration
# (一年期, 6个月) is not a quantity.
TIME_LIMIT_UNITS = ("个工作日", "个自然日", "工作日", "自然日", "日", "天", "小时", "分钟")
TIME_LIMIT_VERBS = (
    "压缩至", "压缩到", "缩短至", "缩短到", "压减至", "压减到", "减少至", "控制在", "降至", "降低至",
    "减至", "缩减至", "缩减到", "提速至",
)
TIME_MEASURES = ("时间", "时限", "周期", "期限", "用时", "时长")
# 实现企业开办“一日办结”: the indicator is what comes after 实现 (or the clause start) + LIMIT_MEASURE.
LIMIT_SUBJECT_AFTER = ("实现", "推动", "确保", "做到")
LIMIT_MEASURE = "办结时间"
# A duration followed by one of these is a service time limit (3个工作日办结); the matter is what one
# of LIMIT_OBJECT_VERBS names earlier in the sentence (申请办理用地预审与规划选址的项目).
LIMIT_AFTER = ("办结", "内办结", "办理完毕", "内办理完毕", "完成办理")
LIMIT_OBJECT_VERBS = ("办理", "出具", "申请", "审批", "受理")
# Units of a share: after a growth verb (增长10%, 提高2个百分点) the value is a rate, not a level.
RATE_UNITS = ("%", "个百分点", "‰", "倍")
# After the unit: an approximation that is part of the target, not of the indicator.
VALUE_SUFFIXES = ("及以上", "以上", "左右", "以内", "以下")

# --- words before the value ----------------------------------------------------------------------
# Read from the end of the text before the value, longest first, repeatedly: `力争达到`, `均达到`,
# `总规模达`, `具备超过`, `新建`. Roles:
#   level  — the value is the level to reach (INDICATOR 达到 VALUE)
#   rate   — the value is a rate of change (INDICATOR 年均增长 10%): kind "rate" when the unit is a share
#   build  — a count to build; the indicator follows the value (建成 10 个 INDICATOR) or precedes it
#   keep   — like build, but the word is part of the indicator (新建 174 个 X → 新建X)
#   coord  — coordination of several indicators (均, 分别)
#   hedge  — dropped
TAIL_WORDS: dict[str, str] = {
    # level
    "达到": "level", "达": "level", "超过": "level", "超": "level", "突破": "level", "逾": "level",
    "提高到": "level", "提高至": "level", "提升到": "level", "提升至": "level", "增加到": "level",
    "增加至": "level", "增长到": "level", "增长至": "level", "扩大到": "level", "扩大至": "level",
    "上升到": "level", "上升至": "level", "降至": "level", "降低到": "level", "降低至": "level",
    "下降到": "level", "下降至": "level", "减少到": "level", "减少至": "level", "稳定在": "level",
    "保持在": "level", "控制在": "level", "压缩至": "level", "压缩到": "level", "缩短至": "level",
    "缩短到": "level", "压减至": "level", "维持在": "level", "不低于": "level", "不少于": "level",
    "不小于": "level", "高于": "level", "低于": "level", "多于": "level", "为": "level", "约": "level",
    "近": "level",
    "接近": "level", "将近": "level", "约为": "level", "总计": "level", "合计": "level",
    "累计": "level", "共": "level",
    # rate of change
    "年均增长": "rate", "年均增速": "rate", "年增长": "rate", "增长": "rate", "增速": "rate",
    "提高": "rate", "提升": "rate", "增加": "rate", "下降": "rate", "降低": "rate", "减少": "rate",
    "年均提高": "rate", "年均下降": "rate",
    # counts to build (the indicator follows the value, or precedes it after the verb)
    "建成": "build", "建设": "build", "打造": "build", "培育": "build", "集聚": "build", "聚集": "build",
    "引进": "build", "引育": "build", "开通": "build", "形成": "build", "布局": "build", "创建": "build",
    "认定": "build", "组建": "build", "设立": "build", "孵化": "build", "招引": "build", "吸引": "build",
    "汇聚": "build", "推出": "build", "培养": "build", "具备": "build", "支持": "build", "支撑": "build",
    "服务": "build", "带动": "build", "实施": "build", "落地": "build", "发展": "build", "遴选": "build",
    "评选": "build", "推广": "build", "举办": "build", "开发": "build", "拥有": "build", "建立": "build",
    "创作": "build", "制定": "build", "发布": "build", "投入使用": "build", "储备": "build",
    "开展": "build", "组织开展": "build", "投入运营": "build", "建成投用": "build",
    "资助": "build", "选派": "build", "扶持": "build", "完成": "build", "下达": "build", "产生": "build",
    "培训": "build", "选拔": "build",
    # part of the indicator
    "新建": "keep", "新增": "keep", "新开工": "keep", "新开": "keep", "新培育": "keep", "新引进": "keep",
    "新认定": "keep", "新改建": "keep", "新改扩建": "keep", "新增加": "keep",
    # coordination
    "均": "coord", "分别": "coord", "都": "coord",
    # hedges
    "力争": "hedge", "确保": "hedge", "争取": "hedge", "努力": "hedge", "预计": "hedge", "将": "hedge",
    "要": "hedge", "可": "hedge", "基本": "hedge", "达到约": "level",
}
# A word before a value that no entry above lists is read as a build verb when jieba's dictionary tags
# it as one of these (jieba.posseg: v verb, vn verbal noun): 选拔100名, 筹建50家, 培训2000名 ...
GOVERNING_TAGS = frozenset({"v", "vn"})
# ... except these verbs, which never govern a value after them (a condition, a comparison, a share).
NOT_GOVERNING = (
    "给予", "按照", "依照", "参照", "对比", "比较", "相比", "占", "超出", "低于", "少于", "有", "是",
    "不少", "包括", "含", "涉及", "达成", "年均", "平均", "投资", "融资", "投入", "收入", "消费", "贷款",
    "放款",
)
# A thing counted that ends in one of these is the pace of work on it, not an outcome (加快394座在建骨干
# 水源工程建设进度).
PACE_HEADS = ("进度", "力度", "步伐", "节奏")
# Nouns that open with a verb of the table above: never read as the verb (建成区绿化覆盖率).
NOT_VERBS = ("建成区", "建设用地", "服务业", "开发区", "发展水平", "发展指数", "服务贸易", "形成率")
# Words at the start of an indicator that are not part of it (after a year has been removed).
LEAD_WORDS = (
    "其中", "以及", "同时", "并且", "并逐步", "逐步", "、", "将", "力争", "确保", "争取", "努力", "预计",
    "计划", "实现", "推动",
    "推进", "促进", "带动", "每年", "年均",
)
# Scopes and adverbs at the start of an indicator (全市…, 基本…). Kept (基本养老保险参保率), unless a
# build verb follows them (全市累计建成高标准农田 → 高标准农田).
SCOPES = (
    "全市", "全省", "全区", "全县", "全州", "全盟", "全镇", "全国", "我市", "我省", "我区", "我县", "全域",
    "累计", "全年", "基本", "全面", "初步", "进一步", "持续", "重点", "共", "再", "着力", "加快", "大力",
)
# Between two build verbs (建成并投入运营): read on to the last verb.
VERB_JOINERS = ("并", "和", "及", "、")
# Verbs that may directly follow another build verb (引进培育X); others there start the indicator
# (建成服务网点: 服务 is part of it).
CHAINED_VERBS = (
    "培育", "引进", "引育", "集聚", "建成", "打造", "认定", "创建", "孵化", "投入运营", "投入使用",
    "培养", "选拔", "资助", "培训", "扶持", "评选",
)

# Period words that are not a year: they may stay in an indicator (上半年完成…), and an indicator that
# is only one of them borrows the subject of the clause before (…上半年完成1600亿元，全年完成3200亿元).
PERIOD_WORDS = ("上半年", "下半年", "全年", "年内", "当年", "一季度", "二季度", "三季度", "四季度")
# Words at the end of an indicator that are not part of it (城镇新增就业每年保持在5万人).
INDICATOR_TRAILERS = ("每年", "年均", "全年", "将", "要", "力争", "预计", "累计")
# Indicators that end in one of these are measures: `INDICATOR VALUE` without a verb is a target
# (每万人口发明专利拥有量20件).
MEASURE_ENDS = (
    "量", "率", "数", "数量", "比重", "比例", "占比", "指数", "规模", "总额", "收入", "产值", "金额",
    "总量", "满意度", "密度", "贡献度", "覆盖面", "投入", "强度", "额", "值", "人数", "件数", "个数",
    "家数", "面积", "容量", "能力", "寿命", "里程", "长度", "份额", "增加值", "营业收入", "营收",
    "融资", "投资", "贷款", "放款", "时间", "时限", "周期", "期限",
)
# Indicators that are themselves a rate of change (…年均增速保持在6%左右): kind "rate".
RATE_MEASURES = ("增速", "增长率", "增幅", "年均增长", "增长速度", "年均增长率")
# Measures that can be shared by coordinated indicators (三甲医院、血液中心覆盖率 → 三甲医院覆盖率,
# 血液中心覆盖率). The longest that ends the last conjunct is distributed.
SHARED_MEASURES = (
    "覆盖率", "普及率", "达标率", "合格率", "利用率", "使用率", "渗透率", "增长率", "机械化率", "城镇化率",
    "入学率", "就业率", "参保率", "完成率", "贡献率", "转化率", "知晓率", "接种率", "处理率", "回收率",
    "绿化率", "优良率", "自给率", "联网率", "上云率", "数字化率", "联网率", "达标排放率", "治理率",
    "满意度", "占比", "比重", "比例", "数量", "规模", "总量", "增加值", "产值", "营业收入", "拥有量",
    "排放总量", "排放量", "参保率", "保有量", "审批时间", "审批时限", "办结时间", "办理时间",
)
# After an enumeration ending in 等 (客运、货运等各类航线): words before the counted thing.
AFTER_ENUMERATION = ("各类", "各种", "多种", "一批", "领域")
# A grade alone (国家级, 百亿级) names a kind of the thing counted before or after it.
GRADES = ("级", "类", "型", "性")
# … and a grade that borrows the head of the next indicator (3个千亿级、5个五百亿级产业集群).
HEAD_GRADES = ("级", "类", "型")
# A bare measure refers back to the thing counted just before it (新建174个X，总规模达283个 → X总规模).
BARE_MEASURES = ("总规模", "规模", "总量", "总数", "数量", "总计", "累计", "总体规模")

# After the value, where the indicator follows it (建成10个低空经济产业园区): words that end the
# indicator. `的` ends it when more text follows (1000条航线的管理能力 → 航线).
NOUN_STOPS = (
    "的", "同时", "实现", "开展", "提供", "进行", "用于", "达到", "形成", "投入使用", "带动", "推动",
    "等", "上路", "入驻", "落户", "参与", "参加", "接入", "上线", "赴",
)

# After a value, a phrase opening with a word of these parts of speech (jieba.posseg: v verb, p
# preposition, d adverb) and closing with 的 is a relative clause; the counted thing is its head
# (10名在全国有影响的青年拔尖人才 → 青年拔尖人才).
RELATIVE_OPENING_TAGS = frozenset({"v", "p", "d"})

# After 的, a head that is an attribute of what is counted before it (1000条航线的管理能力: the count
# is of 航线); any other head is the thing counted (20个多元融合的体育综合体 → 体育综合体).
ATTRIBUTE_HEADS = (
    "能力", "水平", "规模", "作用", "效率", "效益", "质量", "需求", "进度", "能级", "体系", "格局",
    "目标", "任务", "要求", "标准", "机制", "环境", "氛围", "影响力", "竞争力",
)
# Hedges inside the description of a group whose share is the target (75%的县(市)至少建成一所三级医院).
GROUP_HEDGES = ("至少", "全部", "均", "都", "基本")

# A subject in the clause before a bare `达到200家` ends at one of these (高新技术企业数量实现倍增).
PREDICATES = (
    "实现", "翻番", "倍增", "显著", "明显", "大幅", "不断", "稳步", "快速", "有效", "加快", "持续",
    "进一步", "逐步", "保持",
)

# --- words that rule a number out ----------------------------------------------------------------
# Ceilings: a subsidy or fee cap (最高100万元, 不超过300万元).
CEILINGS = ("最高", "不超过", "不高于", "不大于", "最多", "上限", "封顶", "最长", "原则上不超过")
# Support given to a beneficiary anywhere in the clause.
SUPPORT = ("给予", "补贴", "补助", "奖励", "资助", "贴息", "奖补", "扶持", "减免", "减按", "减征", "返还")
# ... which rules a value out when it is money or a share (给予50万元补贴, 按50%贴息) or follows one of
# GRANTING; a support verb governing a count (资助200名人才) is a quota, a target.
SUPPORT_UNITS = ("元", "%", "‰", "个百分点")
GRANTING = ("给予", "予以", "提供补贴", "发放补贴")
# Terms per beneficiary before the value.
PER_BENEFICIARY = (
    "每户", "每个", "每人", "每家", "每名", "每项", "每件", "每次", "每月", "每平方米", "单个", "单户",
    "单项", "单笔", "单家", "单一", "同一", "每位", "每所", "每套",
)
# ... except 每个 + a place (每个县(市)建成1所三级医院): a level of coverage, a target.
PLACES = ("省", "市", "县", "区", "乡", "镇", "街道", "村", "社区", "州", "园区", "开发区")
# A clause opening with one of these states a condition for support (对符合条件的…, 凡…).
CONDITION_OPENERS = ("对于", "对", "凡", "符合条件的", "经认定的", "经评定的", "按照", "按", "依照", "参照")
# `对` opens a condition only as a preposition, not in these words.
NOT_CONDITION = ("对标", "对接", "对外", "对口", "对话", "对象", "对比")
# A figure already reached: these words earlier in the sentence (and after any 到YYYY年) make a
# statement of fact (截至2023年底，全市已建成5G基站1万个), not a goal.
STATUS = ("已经", "已", "截至", "截止", "目前", "现有", "以来")
# Policy parameters: ratios and terms set by the policy for each contract, loan or payment.
PARAMETERS = (
    "首付", "预付款", "利率", "费率", "税率", "保证金", "贷款额度", "贴息", "担保费", "缴存比例",
    "补贴标准", "补助标准", "奖励标准", "租金", "价款", "服务费", "手续费", "扣除", "减免",
    "征收率", "预征率", "应纳税", "收费标准", "支付比例", "预留比例", "份额预留", "工资标准", "配套资金",
)
# ... unless the indicator is a level across a sector (平均担保费率降至1%以下: a target).
SECTOR_LEVEL = ("平均",)
# Verbs that set a policy parameter rather than a goal (由原50万元调整为70万元, 收费标准下调20%,
# 上浮20%): the value is left out.
SETTING_VERBS = ("调整为", "调整到", "调整至", "上调", "下调", "上浮", "下浮", "减按", "加计")
# A sum of money for a fund or budget the plan itself sets up or allocates (设立10亿元专项资金,
# 发挥10亿元基金带动作用) is not a target: money + one of FUND_WORDS + one of ALLOCATING in the clause.
FUND_WORDS = ("基金", "资金", "经费", "预算", "财政")
ALLOCATING = ("设立", "安排", "统筹", "组建", "设置", "发挥", "用好", "出资", "筹集", "拨付")
# A value directly before one of these is a threshold or a grade, not a target (10个以上的企业,
# 万方级).
THRESHOLD_AFTER = ("以上的", "及以上的", "以下的", "及以下的", "以内的", "级")
# A value directly after one of these is an ordinal, a rank or a rate per unit (第3, 前10名, 每10万人).
ORDINAL_BEFORE = ("第", "前", "后", "每", "排名", "位列", "位居", "排")
# A value directly after one of these is not a level: a starting value (由44%提高至60%) or a share
# of something (按研发投入的50%).
NOT_A_LEVEL_BEFORE = ("由", "从", "的")
# ... of which these give the starting value: 由44%提高至60% → baseline 44.
FROM_WORDS = ("由", "从")
# Words right before a Chinese-numeral value that make it a value (超万架, 近两万人): without one,
# 一批 / 二期 / 千家万户 are words, not quantities.
CHINESE_VALUE_HEDGES = (
    "超过", "超", "近", "逾", "约", "上", "破", "达", "达到", "突破", "不少于", "不低于", "接近", "将近",
)
# Range separators (1—2个, 50%-60%).
RANGE_MARKS = "—–-~～至到"

# --- years -----------------------------------------------------------------------------------------
# Words before a year that make it the year a goal is set for (到2027年底).
YEAR_LEADS = (
    "力争到", "预计到", "力争在", "争取到", "计划到", "确保到", "力争", "预计", "争取", "确保", "截至",
    "截止到", "截止", "到", "至", "在", "于",
)
# A year written before one of these (2023年培训计划, 2024年度目标) sets the year of what the sentence
# says after it, as 到2025年 does.
YEAR_PLAN_NOUNS = ("计划", "目标", "任务", "工作要点")
# After a year: a year that is not a goal year (2012年起, 2020年度, 年内, 以来).
NOT_GOAL_YEAR_AFTER = ("度", "内", "以来", "起", "开始")
# Five-year plan periods: "十四五"末 = 2025.
FIVE_YEAR_PLANS = {
    "十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035,
}

# --- background sections ---------------------------------------------------------------------------
# Headings of the part that reports what was reached (一、发展基础): no targets there.
BACKGROUND_HEADINGS = (
    "发展基础", "发展现状", "基本情况", "现状", "工作基础", "发展成效", "取得成效", "主要成效", "工作成效",
    "发展回顾", "回顾", "面临形势", "发展形势", "形势", "背景", "发展环境", "现实基础", "已有基础",
)

# --- annexes -----------------------------------------------------------------------------------------
# A line opening with one of these starts the annexes: a target there that restates one of the text
# is listed once.
ANNEX_HEADINGS = ("附件", "附表", "附录")

# --- indicator tables --------------------------------------------------------------------------------
# Header cells: the indicator column, the unit column, the nature column, and words that mark the
# target column (its year comes from the same cell: 2025年目标值, “十四五”目标).
TABLE_INDICATOR_HEADERS = ("指标名称", "主要指标", "指标", "名称", "指标项")
# Header cells that name the indicator but hold something else (指标含义, 指标说明, 数据来源).
TABLE_NOT_INDICATOR = ("含义", "说明", "解释", "来源", "定义", "计算", "口径")
TABLE_UNIT_HEADERS = ("单位", "计量单位", "指标单位")
TABLE_NATURE_HEADERS = ("属性", "指标属性", "性质", "指标性质", "类型")
TABLE_GOAL_HEADERS = ("目标", "规划值", "预期值", "目标值")
# A year column that holds the starting value (its value is the baseline, not a target). Without one,
# the earliest of several year columns is the base year.
TABLE_BASE_HEADERS = ("基期", "基准", "现状", "基数", "现值", "完成值", "实际")
# A column of goals written as sentences (评价标准: 2023年达到80%，力争2035年达到95%).
TABLE_PROSE_HEADERS = ("评价标准", "目标要求", "考核标准", "目标任务", "工作目标", "预期目标", "标准")
# In such a cell, a value after these words is a change, not a level to reach (每年增加1-3个百分点).
TABLE_PROSE_CHANGES = ("增加", "提高", "增长", "下降", "减少", "降低", "每年")

# --- comparison ------------------------------------------------------------------------------------
# How a value bounds the outcome (the target's comparison): words before the value, words after it
# (VALUE_SUFFIXES) and signs in tables. 超过/突破 say "more than", read as at least.
COMPARISONS: dict[str, str] = {
    "以上": "at-least", "及以上": "at-least", "多": "at-least", "余": "at-least", "不低于": "at-least",
    "不少于": "at-least", "不小于": "at-least", "超过": "at-least", "超": "at-least", "突破": "at-least",
    "逾": "at-least", "高于": "at-least", "大于": "at-least", "≥": "at-least", "≧": "at-least",
    ">": "at-least", "＞": "at-least",
    "以下": "at-most", "以内": "at-most", "不超过": "at-most", "不高于": "at-most", "低于": "at-most",
    "小于": "at-most", "控制在": "at-most", "≤": "at-most", "≦": "at-most", "<": "at-most",
    "＜": "at-most",
    "左右": "about", "约": "about", "近": "about", "接近": "about", "将近": "about", "约为": "about",
}
# Signs and words before a value in a table cell.
COMPARISON_BEFORE = (
    "≥", "≧", ">", "＞", "≤", "≦", "<", "＜", "大于", "小于", "不低于", "不少于", "不超过", "约",
)

# --- nature ----------------------------------------------------------------------------------------
NATURES = ("预期性", "约束性")
# A note that applies to every target before it on the line (上述指标均为预期性指标).
COLLECTIVE_NATURE = ("上述", "以上", "均为", "均属", "各项")

# --- why a quantity is not a target ------------------------------------------------------------------
# The reasons `loaders.extract.targets` gives for a quantity it read and left out; each becomes a
# note (`target-left-out`) so a researcher sees what was considered and dropped.
LEFT_OUT: dict[str, str] = {
    "ordinal": "an ordinal, a rank or a rate per unit (第3, 前10名, 每10万人)",
    "not-a-level": "a starting value or a share of something (由44%…, 按…的50%)",
    "range": "a range (1—2个)",
    "threshold": "an eligibility threshold or a grade (10个以上的企业, 万方级)",
    "ceiling": "a ceiling (最高…, 不超过…)",
    "per-beneficiary": "a term for each beneficiary (每户, 单个项目)",
    "support": "support granted (给予…补贴, 奖励, 贴息)",
    "condition": "a condition (对…的, 凡…)",
    "status": "a fact about the present or the past (已建成, 截至…)",
    "parameter": "a policy parameter (首付比例, 利率, 预留份额, 基金规模)",
    "quoted": "part of a name in quotes (“百人计划”)",
    "background": "in a section on the background (发展基础, 现状)",
    "no-indicator": "no measured thing could be read for it",
    "qualifier": "it describes what follows (产值超百亿元企业10家)",
    "repeat": "the same target stated again (an annex table restating the text)",
}
# The reasons that become a `target-left-out` note: the rules. A quantity without a readable indicator
# ("no-indicator") is a failure to read, not a rule, and a quoted name is not a quantity at all.
NOTED = frozenset(LEFT_OUT) - {"no-indicator", "quoted"}
