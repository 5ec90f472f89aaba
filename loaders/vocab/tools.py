"""The words the policy-tool coder reads, as data (`loaders.extract.tools` holds none of its own).

The categories follow the project's codebook (``tests/data/policytools/CODEBOOK.md``, v1.0): three types and
fifteen sub-tools after Rothwell & Zegveld (1985) and 赵筱媛、苏竣 (2007). Each sub-tool has a code (``S1`` …
``D3``), the label the extraction JSON writes (``供给型/人才培养``) and an English name.

A cue is a regular expression matched on one clause of a task's body (the text between two of ``，,：:；;。``,
responsibility clauses removed): a match means the clause *deploys* the tool (codebook §4). ``BLOCKS`` lists,
per tool, patterns that veto it in that clause (the codebook's "不是" lines and decision rules R1–R14), and
``PRECEDENCE`` the fixed priorities (E5 over S6, E2 over S2, D3 over S2, S5 over S6). A clause that opens on a
word of ``MENTION_HEADS`` states a purpose or result, not a means (R11), and deploys nothing.

Examples
--------
>>> TOOLS["S1"].label, TOOLS["E5"].en
('供给型/人才培养', 'IP enforcement & dispute resolution')
>>> [t.code for t in TOOLS.values()][:3], len(TOOLS)
(['S1', 'S2', 'S3'], 15)
>>> LABEL_CODE["环境型/税收优惠"]
'E3'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Tool",
    "TYPES",
    "TYPE_SLUGS",
    "TOOLS",
    "LABEL_CODE",
    "CUES",
    "BLOCKS",
    "PRECEDENCE",
    "RESIDUAL",
    "WEAK",
    "MENTION_HEADS",
    "TITLE_WORDS",
    "TITLE_NOT_TOOLS",
    "SENTENCE_BREAKS",
    "CLAUSE_BREAKS",
    "RESIDUAL_BY_SENTENCE",
    "BRACKET_CLAUSE",
    "CONDITION",
    "GUIDE_FRAGMENT",
]


@dataclass(frozen=True, slots=True)
class Tool:
    """One sub-tool: its code, type, Chinese name, JSON label and English name."""

    code: str
    type: str
    zh: str
    en: str

    @property
    def label(self) -> str:
        return f"{self.type}/{self.zh}"

    @property
    def slug(self) -> str:
        """The local name of its concept in ``ontology/vocab/policy-tools.ttl`` (``talent-development``)."""
        return re.sub(r"[^a-z0-9]+", "-", self.en.split(" (")[0].lower()).strip("-")


# type: (Chinese, English)
TYPES: dict[str, tuple[str, str]] = {
    "供给型": ("供给型政策工具", "supply-side tool"),
    "环境型": ("环境型政策工具", "environment-side tool"),
    "需求型": ("需求型政策工具", "demand-side tool"),
}

# type → the local name of its concept in ontology/vocab/policy-tools.ttl
TYPE_SLUGS: dict[str, str] = {"供给型": "supply-side", "环境型": "environment-side", "需求型": "demand-side"}

TOOLS: dict[str, Tool] = {
    t.code: t
    for t in (
        Tool("S1", "供给型", "人才培养", "talent development"),
        Tool("S2", "供给型", "资金投入", "public funding"),
        Tool("S3", "供给型", "技术支持", "technology support"),
        Tool("S4", "供给型", "基础设施建设", "infrastructure & platforms"),
        Tool("S5", "供给型", "信息支持", "information support"),
        Tool("S6", "供给型", "公共服务", "public services"),
        Tool("E1", "环境型", "目标规划", "goals & planning"),
        Tool("E2", "环境型", "金融支持", "financial-market support"),
        Tool("E3", "环境型", "税收优惠", "tax & fee relief"),
        Tool("E4", "环境型", "法规管制", "regulation"),
        Tool("E5", "环境型", "知识产权保护", "IP enforcement & dispute resolution"),
        Tool("E6", "环境型", "策略性措施", "strategic measures"),
        Tool("D1", "需求型", "政府采购", "public procurement (incl. outsourcing)"),
        Tool("D2", "需求型", "对外合作", "international cooperation & trade"),
        Tool("D3", "需求型", "应用推广", "application & market pull"),
    )
}
LABEL_CODE: dict[str, str] = {t.label: c for c, t in TOOLS.items()}

SENTENCE_BREAKS = "。；;！？!?\n"
CLAUSE_BREAKS = "，,。；;：:！？!?\n"

# A clause opening on one of these states an aim or a result (R11.1, R11.5): 为…, 促进…, 提升…水平.
MENTION_HEADS: tuple[str, ...] = (
    "为", "以", "促进", "促使", "提升", "增强", "提高", "助力", "降低", "形成", "实现", "满足",
    "带动", "确保",
    "推动形成", "切实提升", "加快形成", "更好", "努力", "着力提升", "缓解", "帮助", "拓宽", "消除",
    "坚持", "充分认识", "服务引导", "支撑", "夯实", "赋能", "加快补齐", "最大限度", "切实调动", "避免",
    "因地制宜推进", "从根本上", "充分尊重", "构建大中小", "维护", "激发", "发挥", "充分发挥",
    "更大力度", "结合", "紧密结合", "重点围绕", "聚焦", "围绕", "面向", "瞄准", "按照", "根据", "依托",
)  # fmt: skip

# Cues per tool: any match in a clause deploys the tool there (unless a block vetoes it).
CUES: dict[str, tuple[str, ...]] = {
    "S1": (
        r"培养(?!.{0,4}(?:企业|品牌|产业))", r"培训(?!疗养)", r"实训", r"课程", r"学科建设", r"专业认证",
        r"招收.{0,10}(?:学生|研究生)", r"研究生", r"引进.{0,12}人才", r"吸引.{0,16}人才",
        r"人才引进", r"引才", r"招引.{0,12}(?:人才|团队)",
        r"选拔", r"队伍", r"职称", r"人才.{0,6}(?:评价|认定|计划|公寓|服务站|安居|政策)",
        r"人才(?:资格|培养)",
        r"技能(?:.{0,4}提升|培训|等级|人才)", r"师资", r"专业化水平", r"留学", r"育人",
        r"教育(?:培养|培训)", r"导师",
        r"招聘", r"土专家", r"评价激励", r"流动配置", r"公职律师", r"涉外律师", r"中小学.{0,6}教育",
        r"干部.{0,4}培训",
        r"文艺骨干", r"教师到", r"遴选.{0,4}培养",
    ),
    "S2": (
        r"专项资金", r"财政(?:支持|资金|投入|安排|统筹|补贴|继续)", r"省财政", r"资助", r"补助",
        r"奖补", r"以奖代补",
        r"奖励(?!机制|办法)", r"补贴", r"资金支持", r"配套资金", r"经费保障", r"扶持资金",
        r"发展资金", r"引导资金",
        r"统筹.{0,10}资金", r"给予.{0,16}万元", r"\d+万元(?:支持|奖励|资助)", r"扶持(?:政策|办法|力度)",
        r"安排.{0,6}资金", r"资金.{0,4}(?:用于|支持)", r"启动资金", r"激励资金", r"租金减免",
        r"资金及社会资本",
    ),
    "S3": (
        r"攻关", r"试验示范", r"科技攻坚", r"研发(?!中心|机构|生产|制造|设计)", r"揭榜挂帅",
        r"共性技术", r"中试(?!平台)", r"试验验证",
        r"技术(?:推广|研究|测试|合作|创新研究|支撑|难题)", r"推广.{0,4}技术", r"技术.{0,4}研发", r"科技计划",
        r"专利与.{0,4}标准", r"标准必要专利", r"新技术", r"选育", r"攻克", r"技术产业化",
        r"大模型.{0,10}(?:产品|服务)",
        r"模型产品", r"计量测试", r"研究推广", r"推广服务",
    ),
    "S4": (
        r"(?:新建|建设|设立|搭建|组建|构建|建立|建成|改建|扩建|共建|增设|配建|布局|升级|改造|筹集|开设|建有|打造|扩容|完善)"
        r"[^，,。；;]{0,40}?"
        r"(?:平台|中心|基地|园区|工作站|指导站|服务站|数据库|信息系统|实验室|设施|机场|起降场|起降点|住房|学校|幼儿园|"
        r"医院|场馆|驿站|街区|体验地|民宿|综合体|专区|载体|孵化器|网络|孵化|养护院|机构|服务点|食堂|停车|充电|社区|场所|公寓|体育|阵地|"
        r"设备|宅基地|农田|网$)",
        r"(?:平台|中心|基地|设施|农田|社区|小区|住房|场馆|起降点|管网|城中村|空间|驿站|服务点|综合体|食堂|街区|体验地)[^，,。；;]{0,8}(?:建设|改造|升级)",
        r"智能化建设", r"信息化建设", r"基础设施", r"适应性改造", r"适老化改造", r"适儿化", r"加装电梯",
        r"新建.{0,8}\d+", r"转型为.{0,10}机构", r"智慧法院", r"升级改造", r"(?:扩建|扩展)工程",
        r"一期", r"建设工程", r"盘活", r"起降",
    ),
    "S5": (
        r"(?:整合|汇聚|共享|开放|发布|收集|分析|公开|交流|互通|录入|采集).{0,12}(?:信息|数据)",
        r"(?:信息|数据)(?:资源)?.{0,4}(?:整合|汇聚|共享|开放|发布|互通|服务|支持|交流)",
        r"导航", r"预警", r"调查机制", r"统计", r"监测(?!调度)", r"分析评议", r"检索", r"需求清单",
        r"大数据技术",
        r"信息资源", r"数据资源", r"公共数据", r"数据集", r"情报",
    ),
    "S6": (
        r"公共服务(?!平台功能)", r"政务服务", r"一网通办", r"一窗", r"咨询",
        r"(?:技术|业务|创业|用工|就业)指导", r"指导服务", r"辅导", r"服务体系",
        r"精准服务", r"导办", r"代办", r"一站式", r"绿色通道", r"便利", r"简化", r"审批手续",
        r"办结", r"服务机制",
        r"提供.{0,24}服务", r"(?:养老|托育|医疗|护理|康复|照料|助餐|关爱|配送|物业|租售)服务",
        r"服务(?:保障|平台功能|能力|水平)", r"受理", r"热线", r"办理", r"兑现", r"特派员", r"申报流程",
        r"登记模式", r"过户", r"公共法律服务", r"入学", r"落户.{0,6}便利", r"优化服务", r"鉴定推广服务",
    ),
    "E1": (
        r"(?:制定|编制|实施|落实|纳入|深入实施|出台|发布).{0,20}(?:规划|战略|纲要|路线图)",
        r"路线图", r"规划建设",
        r"(?:到|至|力争|20\d\d年(?:底|以)?前|每年|全年|年均|总规模).{0,30}\d+(?:\.\d+)?\s*(?:%|个|家|件|项|户|人|名|所|套|处|万|亿|条|场|架|座|张|次|倍)",
        r"\d+(?:\.\d+)?\s*(?:%|个|家|件|项|万|亿|所|套|处|架|人)(?:以上|左右|全覆盖)",
        r"(?:达到|达|超过|不低于|高于|增长|实现).{0,10}\d+(?:\.\d+)?\s*(?:%|个|家|件|项|万|亿|所|套|处|架)",
        r"全覆盖", r"占比达", r"力争", r"全面达到",
    ),
    "E2": (
        r"贷款", r"信贷", r"质押", r"融资", r"贴息", r"担保", r"保险", r"风险补偿", r"引导基金",
        r"产业基金", r"基金",
        r"股权投资", r"创投", r"天使", r"风投", r"上市", r"挂牌", r"授信", r"投贷联动", r"公积金",
        r"首付", r"再贷款",
        r"耐心资本", r"资本市场", r"流贷", r"投资机构", r"金融机构", r"金融支持", r"入股",
        r"先投后股", r"拨投结合", r"信保",
    ),
    "E3": (
        r"减征", r"免征", r"减免", r"税收优惠", r"税费", r"减半", r"加计扣除", r"抵扣", r"费用减缴",
        r"免收", r"减收",
        r"缓缴", r"(?:免|减|退|抵|缓|降)[^，,]{0,8}税", r"税(?:收)?(?:优惠|减免|抵扣|返还|政策)",
        r"(?:增值|所得|房产|土地使用|印花|购置|车船|契)税", r"收费标准", r"按\d+%收取", r"费率",
        r"通行费", r"滞纳金", r"欠费", r"零投资",
        r"收费", r"五折", r"折优惠",
    ),
    "E4": (
        r"立改废释", r"^(?:加快|积极)?(?:研究)?制定(?!.{0,20}(?:规划|路线图|战略))",
        r"代理.{0,8}(?:监管|整治)", r"专项整治",
        r"(?:制定|制修订|修订|出台|完善|健全).{0,20}(?:办法|条例|规定|细则|标准|规范|制度)", r"制修订",
        r"政策体系", r"法规", r"合法性", r"公平竞争审查", r"审查", r"监管",
        r"信用(?:监管|惩戒|体系)", r"惩戒", r"失信", r"规制",
        r"备案制度", r"准入", r"审批", r"用地", r"用能", r"能耗", r"排污", r"环评", r"标准地",
        r"许可", r"限制性",
        r"容积率", r"规划修改", r"最低工资", r"声明制度", r"监理", r"标准制定", r"标准体系", r"认证",
        r"规范.{0,8}发展",
        r"承诺制", r"用地.{0,4}指标", r"评定分离", r"土地出让", r"户籍", r"入户", r"套型", r"宜机化",
        r"执行.{0,8}标准",
        r"合理确定", r"价格标准", r"结算", r"支付比例", r"依法实施", r"安全监管", r"规范家庭",
    ),
    "E5": (
        r"执法", r"侦查", r"犯罪", r"衔接机制", r"行政裁决", r"审判", r"司法保护", r"刑事打击",
        r"打击", r"侵权", r"假冒", r"维权", r"调解",
        r"仲裁", r"纠纷", r"行刑衔接", r"检察", r"立案追诉", r"裁量基准", r"技术调查官", r"诉讼", r"保护力度",
        r"协同保护", r"行政保护", r"案件",
    ),
    "E6": (
        r"机制", r"领导小组", r"联席会议", r"协调", r"考核", r"督查", r"督促", r"责任", r"试点",
        r"示范(?!应用)",
        r"培育", r"认定", r"遴选", r"评选", r"表彰", r"鼓励", r"引导", r"倡导", r"联盟", r"产学研", r"宣传",
        r"普法", r"舆论", r"典型", r"文化", r"氛围", r"贯标", r"管理标准", r"工程", r"计划", r"行动", r"专项",
        r"推广.{0,6}(?:经验|做法|模式)", r"联动", r"合作机制", r"协同", r"招引", r"招大引强",
        r"吸引", r"座谈会",
        r"通报", r"体制", r"争创", r"创建", r"协同创新", r"做大做强", r"谋划",
        r"^(?:开展|推进|做好|实施).{0,16}工作", r"(?:宣传|主题|系列|专项)活动",
        r"以.{0,6}为龙头", r"集群", r"评价", r"共同参与", r"对接",
    ),
    "D1": (
        r"政府采购", r"首购", r"订购", r"预留.{0,6}份额", r"价格评审", r"购买服务", r"委托第三方",
        r"政府购买",
        r"委托旅行社", r"PPP", r"以购代补",
    ),
    "D2": (
        r"国际(?!化产业基金|竞争力)", r"境外", r"海外", r"外资", r"走出去", r"一带一路", r"进出口",
        r"出口", r"跨境",
        r"出国", r"外经贸", r"两国双园", r"外贸",
    ),
    "D3": (
        r"应用场景", r"场景(?:池|开放|机会|培育|示范|应用|项目)", r"开放.{0,6}场景", r"示范应用",
        r"首台", r"首批次", r"推广应用", r"应用推广",
        r"供需对接", r"产销对接",
        r"推介", r"展会", r"消费券", r"促消费", r"消费(?:活动|季)", r"购置补贴", r"购买.{0,20}补贴",
        r"消费.{0,8}补贴",
        r"对接.{0,6}用户", r"购房.{0,4}(?:补贴|补助|激励)", r"撮合", r"算力券", r"团购", r"需求清单",
        r"算力套餐",
        r"应用示范", r"示范推广", r"推广.{0,8}(?:产品|农机|机具)", r"市场开拓",
    ),
}

# Patterns that veto a tool in a clause (the codebook's "不是" lines and R1–R14).
BLOCKS: dict[str, tuple[str, ...]] = {
    "S1": (r"实训(?:平台|基地)", r"业态", r"一站式", r"公共服务", r"文化", r"宣传", r"普法", r"品牌",
            r"专业认证标准"),
    "S2": (r"贴息", r"担保", r"风险补偿", r"引导基金", r"税", r"保费", r"消费券", r"购置补贴",
            r"购买.{0,20}补贴",
           r"以购代补", r"购房", r"消费", r"依据", r"计容", r"声明制度", r"帮办"),
    "S3": (r"研发中心", r"研发机构", r"实验室", r"导航", r"预警", r"检索"),
    "S4": (r"布局规划", r"规划$", r"用地分类", r"购买", r"^(?:加快)?(?:研究)?制定", r"社会资本",
            r"办法", r"机制", r"领导小组",
            r"联席会议", r"联盟", r"打造.{0,8}品牌", r"体系", r"依托", r"发挥", r"运营.{0,4}(?:模式|管理)"),
    "S5": (r"制定", r"调查官", r"调查权", r"需求清单", r"执法", r"典型案例",
            r"建设.{0,4}(?:数据库|平台|系统)", r"统筹", r"需求导向"),
    "S6": (r"基础服务", r"模型", r"农用地", r"土地", r"排污", r"模式", r"便利店", r"维权", r"调解",
            r"仲裁", r"融资", r"贷款",
            r"金融", r"推介", r"对接会", r"入驻", r"导航",
           r"预警", r"服务业", r"服务组织", r"服务网络", r"消费", r"定位", r"可行性", r"试制",
           r"检测", r"接入", r"社区服务水平",
           r"服务区域", r"服务产业"),
    "E1": (r"按规划", r"最高", r"不超过", r"给予", r"补贴", r"补助", r"奖励", r"奖补", r"每户",
            r"每家", r"单个", r"比例",
           r"按\d", r"标准\d", r"\d+(?:千瓦|元/|亩|周岁|平方米|美元|次|个月)", r"费率", r"贴息",
           r"资助", r"支持.{0,6}\d+万元"),
    "E2": (r"收取", r"失业保险", r"医疗保险", r"社保", r"养老保险", r"实验室", r"联盟",
            r"金融服务等", r"转化运用能力", r"融资对接",
            r"贷款.{0,2}年限"),
    "E3": (r"税务局", r"纳税人.{0,2}$"),
    "E4": (r"专利与标准", r"平台", r"以上措施", r"具体实施细则", r"简化", r"审批手续", r"审批环节",
            r"专业认证", r"执法", r"审判", r"侵权",
            r"奖励办法", r"扶持办法", r"资助办法"),
    "E5": (r"恶意", r"非正常", r"代理", r"安全监理执法"),
    "E6": (r"专利培育", r"工作落实", r"责任单位", r"技术需求", r"专业认证"),
    "D1": (),
    "D2": (r"人才", r"引才", r"留学", r"律师", r"维权", r"纠纷", r"涉外"),
    "D3": (r"试点", r"示范单位", r"示范企业", r"示范园区", r"示范区", r"经验", r"课程", r"需求导向",
            r"技术需求",
           r"住房需求", r"教师", r"需求.{0,2}(?:发展|的重要性)"),
}

# code: codes it overrides when both match one clause (codebook §4.3).
PRECEDENCE: dict[str, tuple[str, ...]] = {
    "E5": ("S6",),
    "E2": ("S2",),
    "D3": ("S2",),
    "S5": ("S6",),
    "E3": ("S2",),
    "D1": ("S6",),
    "S4": ("S6",),
}

# The residual class (E6): coded in a clause only when no other tool is.
RESIDUAL = "E6"
# Whether E6 counts for a sentence (P2) only when no other tool is deployed in it (True), or whenever one of
# its clauses deploys E6 alone (False).
RESIDUAL_BY_SENTENCE = False
# A bracketed responsibility clause the extractor did not attach to the task: never coded.
BRACKET_CLAUSE = r"[（(]\s*(?:责任|牵头|配合|主责|参与)(?:单位|部门)\s*[：:][^）)]*[）)]"
# A clause that only names whom a measure is for (对…的, 符合条件的…的): a condition, not a means.
CONDITION = r"^(?:对|凡|符合|其他|确有|以).{0,40}的$|的$"
# A clause that is only a guiding verb and its subject (引导人工智能OPC，对接…): its object is the next
# clause.
GUIDE_FRAGMENT = r"^(?:积极)?(?:引导|鼓励|支持|推动|倡导)[^，,]{0,12}$"
# Tools that lose ties to every other (P3).
WEAK: tuple[str, ...] = ("E6", "E1")

# The title words of the primary-tool rule P1 (codebook §6), first match of each tool.
TITLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"政策体系|法律法规|立法|法治", "E4"),
    (r"(?:知识产权|司法|行政|协同)保护|执法|维权", "E5"),
    (r"管理体制|体制机制|组织领导|组织实施|统筹协调|文化(?!产业|旅游)|宣传|氛围", "E6"),
    (r"人才|队伍|教育培训|培训", "S1"),
    (r"资金|投入|资助|奖补", "S2"),
    (r"技术攻关|研发|创新体系(?!建设)|技术推广", "S3"),
    (r"平台|载体|基础设施|设施|起降场", "S4"),
    (r"信息|数据", "S5"),
    (r"公共服务|政务服务", "S6"),
    (r"规划|战略", "E1"),
    (r"金融|融资|信贷", "E2"),
    (r"税|费", "E3"),
    (r"采购|购买服务", "D1"),
    (r"国际|对外|开放合作", "D2"),
    (r"应用场景|示范应用|推广应用", "D3"),
)
# Title words that map to no tool: 服务 as a verb, the IP services industry, fields and results.
TITLE_NOT_TOOLS: tuple[str, ...] = (r"服务区域", r"服务(?:优势)?产业", r"知识产权服务业")
