"""Numeric targets: one test per rule of the contract, each on a short text written for the test.

The texts are invented (made-up places and figures), not copied from the dev plans, so each rule is
checked on wording the rule was not tuned to.
"""

from __future__ import annotations

import pytest

from loaders.extract.document import parse_text
from loaders.extract.targets import find_targets
from loaders.read.normalize import fold
from loaders.records import TargetKind


def targets(text: str, **kw):
    return find_targets(text, fold(text), **kw)


def got(text: str, **kw) -> list[tuple]:
    """(indicator, value, unit, year) of every target in ``text``."""
    return [(t.indicator, t.value, t.unit, t.year) for t in targets(text, **kw)]


# --- forms -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb", ["达到", "超过", "突破", "不低于", "不少于", "提高到", "力争达到", "超", "达"]
)
def test_level_verb_before_the_value(verb):
    assert got(f"到2030年，某县绿色工厂数量{verb}40家。") == [("某县绿色工厂数量", 40, "家", 2030)]


def test_stable_at_about():
    assert got("到2026年，粮食播种面积稳定在120万亩左右。") == [("粮食播种面积", 120, "万亩", 2026)]


@pytest.mark.parametrize("verb", ["建成", "打造", "培育", "集聚", "开通", "形成"])
def test_build_verb_before_the_indicator(verb):
    assert got(f"到2028年，{verb}示范园区12个以上。") == [("示范园区", 12, "个", 2028)]


def test_build_verb_before_the_value():
    assert got("到2028年，建成8个智慧农场和3个数字牧场。") == [
        ("智慧农场", 8, "个", 2028),
        ("数字牧场", 3, "个", 2028),
    ]


def test_value_before_the_indicator_with_de():
    assert got("建设不少于三万平方米的青年创业公寓。") == [("青年创业公寓", 3, "万平方米", None)]


def test_bracketed_list_after_a_build_verb():
    assert got("到2027年，建成“2+3”（省级实验室2个、中试基地3个）创新平台体系。") == [
        ("省级实验室", 2, "个", 2027),
        ("中试基地", 3, "个", 2027),
    ]


def test_list_of_indicators_with_values():
    assert got("培育省级示范社区6个、市级示范社区18个。") == [
        ("省级示范社区", 6, "个", None),
        ("市级示范社区", 18, "个", None),
    ]


def test_measure_then_value_without_a_verb():
    assert got("到2025年，每万人口养老床位数40张。") == [("每万人口养老床位数", 40, "张", 2025)]


def test_build_verb_with_hedge_before_the_value():
    assert got("平台具备服务超过2000家中小企业的能力。") == [("中小企业", 2000, "家", None)]


def test_coordinated_with_jun_gives_one_target_each():
    assert got("水稻耕种、收获机械化率均达到90%。") == [
        ("水稻耕种机械化率", 90, "%", None),
        ("收获机械化率", 90, "%", None),
    ]


def test_coordinated_shared_measure_without_jun():
    assert got("社区卫生站、乡镇卫生院覆盖率达到95%。") == [
        ("社区卫生站覆盖率", 95, "%", None),
        ("乡镇卫生院覆盖率", 95, "%", None),
    ]


def test_one_measure_over_a_complex_phrase_is_not_split():
    # a 、 inside one measure (a digit in the last part: one phrase, not two indicators)
    assert got("公交、地铁站点500米半径覆盖率超过80%。") == [("公交、地铁站点500米半径覆盖率", 80, "%", None)]


def test_fenbie_gives_one_target_per_value():
    assert got("城镇供水普及率、农村供水普及率分别达到99%和92%。") == [
        ("城镇供水普及率", 99, "%", None),
        ("农村供水普及率", 92, "%", None),
    ]


def test_fenbie_with_a_shared_measure_and_a_joining_he():
    assert got("种植和收获机械化率分别达到80%和65%。") == [
        ("种植机械化率", 80, "%", None),
        ("收获机械化率", 65, "%", None),
    ]


def test_qizhong_sub_indicator_is_its_own_target():
    assert got("培育专精特新企业300家，其中国家级专精特新企业30家。") == [
        ("专精特新企业", 300, "家", None),
        ("国家级专精特新企业", 30, "家", None),
    ]


def test_qizhong_with_a_bare_qualifier_takes_the_counted_thing():
    assert got("培育专精特新企业300家，其中国家级40家。") == [
        ("专精特新企业", 300, "家", None),
        ("国家级专精特新企业", 40, "家", None),
    ]


def test_from_x_raised_to_y_keeps_y():
    assert got("农产品加工转化率由62%提高到70%。") == [("农产品加工转化率", 70, "%", None)]


def test_from_a_year_value_raised_to_y():
    assert got("技术合同成交额由2023年的80亿元提高到120亿元。") == [("技术合同成交额", 120, "亿元", None)]


def test_new_builds_keep_xinjian_and_the_total_refers_back():
    assert got("新建充电桩450个，总规模达900个。") == [
        ("新建充电桩", 450, "个", None),
        ("充电桩总规模", 900, "个", None),
    ]


def test_size_of_a_fund_the_plan_sets_up_is_a_parameter():
    # the contract: the size of a fund or budget the plan allocates is not a target
    found = targets("设立规模不低于20亿元的乡村振兴基金。")
    assert list(found) == []
    assert [(x.span.quote, x.reason) for x in found.left_out] == [("20亿元", "parameter")]


def test_enumeration_before_deng_is_not_part_of_the_indicator():
    assert got("开通客运、货运等各类国际航线30条以上。") == [("国际航线", 30, "条", None)]


def test_value_qualifying_a_noun_is_not_a_target():
    # 百亿元 describes the firms; the target is the count of such firms
    assert got("培育营收超百亿元企业6家。") == [("营收超百亿元企业", 6, "家", None)]


def test_chained_build_verbs_are_all_left_out():
    assert got("引进培育青年人才800名，建成并投入运营养老服务中心6个。") == [
        ("青年人才", 800, "名", None),
        ("养老服务中心", 6, "个", None),
    ]


def test_a_scope_and_adverb_before_a_build_verb_are_left_out():
    assert got("全区累计建成口袋公园120个。") == [("口袋公园", 120, "个", None)]


def test_an_adverb_that_is_part_of_the_indicator_stays():
    assert got("基本公共服务满意度达到90%。") == [("基本公共服务满意度", 90, "%", None)]


def test_a_grade_alone_borrows_the_head_of_the_next_indicator():
    assert got("培育2个百亿级、6个十亿级特色产业集群。") == [
        ("百亿级特色产业集群", 2, "个", None),
        ("十亿级特色产业集群", 6, "个", None),
    ]


def test_a_bare_level_takes_the_subject_of_the_clause_before():
    assert got("大力培育瞪羚企业，到2028年达到150家。") == [("瞪羚企业", 150, "家", 2028)]


def test_a_figure_already_reached_is_not_a_target():
    assert got("截至2024年底，全市已建成充电站900座。") == []
    assert got("“十四五”以来，全县生产总值年均增长6%。") == []


def test_no_targets_in_a_background_section():
    text = (
        "一、发展基础\n2023年，全县生产总值达到320亿元，建成5G基站1200个。\n"
        "二、“十四五”时期发展目标\n到2027年，全县生产总值达到450亿元。\n"
    )
    assert got(text) == [("全县生产总值", 450, "亿元", 2027)]


# --- values and units --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, value, unit",
    [
        ("1.2万件", 1.2, "万件"),
        ("1300亿元", 1300, "亿元"),
        ("两万平方米", 2, "万平方米"),
        ("2,500家", 2500, "家"),
        ("45%", 45, "%"),
        ("800P", 800, "P"),
        ("3EFLOPS", 3, "EFLOPS"),
        ("60万架次/年", 60, "万架次/年"),
        ("500公里", 500, "公里"),
        ("12座", 12, "座"),
        ("300名", 300, "名"),
        ("75处", 75, "处"),
        ("81.5岁", 81.5, "岁"),
    ],
)
def test_magnitude_stays_in_the_unit(written, value, unit):
    assert got(f"到2027年，某项规模达到{written}。") == [("某项规模", value, unit, 2027)]


def test_chao_wan_is_ten_thousand():
    assert got("支撑超万辆智能网联汽车上路测试。") == [("智能网联汽车", 1, "万辆", None)]


def test_ascii_punctuation_is_read_like_full_width():
    assert got("到2026年,建成数字车间25个,培育链主企业超过8家(预期性).") == [
        ("数字车间", 25, "个", 2026),
        ("链主企业", 8, "家", 2026),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "培育一批示范企业。",  # 一批
        "启动二期工程建设。",  # a phase, not a count
        "惠及千家万户。",
        "每万人口拥有律师数量持续增长。",
    ],
)
def test_chinese_numerals_in_words_are_not_values(text):
    assert got(text) == []


# --- rate vs level -------------------------------------------------------------------------------------


def test_annual_growth_is_a_rate():
    (t,) = targets("到2025年，数字经济增加值年均增长12%。")
    assert (t.indicator, t.value, t.unit, t.year, t.kind) == ("数字经济增加值", 12, "%", 2025, TargetKind.RATE)


def test_decline_and_percentage_points_are_rates():
    got_ = [(t.indicator, t.value, t.unit, t.kind) for t in targets("单位产值能耗下降15%，绿化率提高3个百分点。")]
    assert got_ == [("单位产值能耗", 15, "%", "rate"), ("绿化率", 3, "个百分点", "rate")]


def test_raised_to_is_a_level():
    (t,) = targets("绿化率提高到45%。")
    assert t.kind == TargetKind.LEVEL == "level"


def test_growth_after_a_level_refers_to_the_same_indicator():
    ts = targets("到2030年，全县生产总值达到600亿元，年均增长7%左右。")
    assert [(t.indicator, t.value, t.kind) for t in ts] == [("全县生产总值", 600, "level"), ("全县生产总值", 7, "rate")]


def test_growth_compared_with_a_base_year_is_a_rate():
    (t,) = targets("单位生产总值能耗比2020年下降13%。")
    assert (t.indicator, t.value, t.kind) == ("单位生产总值能耗", 13, "rate")


def test_a_growth_measure_held_at_a_level_is_a_rate():
    (t,) = targets("全县固定资产投资年均增速保持在8%左右。")
    assert (t.value, t.unit, t.kind) == (8, "%", "rate")


# --- indicator tables ----------------------------------------------------------------------------------


def test_indicator_table_with_pipes():
    text = (
        "表1 主要指标\n"
        "类别 | 序号 | 指标名称 | 单位 | 2023年 | 2027年 | 属性\n"
        "产业 | 1 | 文旅产业增加值 | 亿元 | 110 | 180 | 预期性\n"
        "2 | 星级酒店数量 | 家 | 12 | 20 | 预期性\n"  # a merged category cell on the left
        "生态\n"  # a category row spanning the table
        "3 | 空气质量优良天数比例（%） |  | 86 | 90 | 约束性\n"
        "4 | 游客人次年均增长率 | % | — | 10以上 | 预期性\n"
    )
    ts = targets(text)
    assert [(t.indicator, t.value, t.unit, t.year, t.nature, t.kind) for t in ts] == [
        ("文旅产业增加值", 180, "亿元", 2027, "预期性", "level"),
        ("星级酒店数量", 20, "家", 2027, "预期性", "level"),
        ("空气质量优良天数比例", 90, "%", 2027, "约束性", "level"),
        ("游客人次年均增长率", 10, "%", 2027, "预期性", "rate"),
    ]
    for t in ts:
        assert text[t.span.start : t.span.end] == t.span.quote


def test_indicator_table_tab_separated_with_a_goal_column():
    text = "指标\t2024年基期值\t2028年目标值\t属性\n城镇化率（%）\t58\t63\t预期性\n"
    assert got(text) == [("城镇化率", 63, "%", 2028)]


def test_a_task_table_is_not_an_indicator_table():
    text = "序号 | 重点任务 | 牵头单位 | 完成时限\n1 | 建设示范园区10个 | 某市发改委 | 2026年底\n"
    assert got(text, exclude=[(text.index("\n1 |") + 1, len(text))]) == []


# --- years ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening, year",
    [
        ("到2027年，", 2027),
        ("到2027年底，", 2027),
        ("到2027年年底，", 2027),
        ("2027年底前，", 2027),
        ("力争到2027年，", 2027),
        ("力争2027年，", 2027),
        ("到二〇二七年，", 2027),
        ("“十四五”末，", 2025),
        ("到“十五五”期末，", 2030),
        ("", None),
    ],
)
def test_year_forms(opening, year):
    assert got(f"{opening}新增就业岗位3万个。") == [("新增就业岗位", 3, "万个", year)]


def test_year_opening_a_paragraph_governs_its_later_sentences():
    text = "——制造强区。到2026年，产业布局更加合理。工业增加值突破900亿元。"
    assert got(text) == [("工业增加值", 900, "亿元", 2026)]


def test_year_of_an_introducing_line_governs_the_list_under_it():
    text = "到2028年，主要目标是：\n——绿色建筑占比达到70%；\n——公共充电桩突破5000个。\n"
    assert [t[3] for t in got(text)] == [2028, 2028]


def test_year_of_an_item_governs_its_later_paragraphs_when_scopes_are_given():
    text = "1.建设智慧城市。到2027年底，基础设施全面升级。\n建成城市感知终端10万个。\n"
    assert got(text) == [("城市感知终端", 10, "万个", None)]
    assert got(text, scopes=[(0, len(text))]) == [("城市感知终端", 10, "万个", 2027)]


def test_year_of_a_goal_section_opening_paragraph_governs_its_items():
    text = "（二）发展目标\n到2029年，产业实力明显增强。\n1.产业规模。规上企业突破600家。\n"
    assert got(text, scopes=[(0, len(text))]) == [("规上企业", 600, "家", 2029)]


def test_a_date_is_not_a_governing_year():
    assert got("2026年3月底前，建成服务网点20个。") == [("服务网点", 20, "个", None)]


def test_no_year_when_none_governs():
    assert got("建成社区食堂40个。") == [("社区食堂", 40, "个", None)]


# --- nature -----------------------------------------------------------------------------------------


def test_nature_after_each_target():
    ts = targets("耕地保有量不低于300万亩（约束性），农民收入达到3万元（预期性）。")
    assert [(t.indicator, t.nature) for t in ts] == [("耕地保有量", "约束性"), ("农民收入", "预期性")]


def test_collective_nature_note_applies_to_all_before_it():
    ts = targets("有效商标量达到900件，地理标志达到6件（以上指标均为预期性指标）。")
    assert [t.nature for t in ts] == ["预期性", "预期性"]


def test_no_nature_when_not_stated():
    assert [t.nature for t in targets("有效商标量达到900件。")] == [None]


# --- exclusions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "对新认定的企业给予最高50万元奖励。",  # ceiling, support
        "每年安排扶持资金，单个项目不超过200万元。",  # ceiling per project
        "对入驻企业每户补贴3万元。",  # per beneficiary
        "单个场景投入不低于8万元。",  # term for each beneficiary
        "对年度销售额达5000万元以上的企业，给予一次性奖励。",  # eligibility threshold
        "对引进人才达10名以上的，给予奖励。",  # condition
        "每个街道重点建设1—2个示范点。",  # range
        "留用率达到40%-50%的，补贴提高。",  # range
        "首付比例调整为25%。",  # policy parameter
        "公积金贷款利率下调至2.6%。",  # policy parameter
        "担保费率原则上不超过1.5%。",  # ceiling, parameter
        "按研发投入的20%给予补助。",  # share of something, support
        "租金减免期限不超过6个月。",  # duration
        "自2025年1月1日起施行，有效期3年。",  # dates and durations
        "进入全国百强县前50名。",  # rank
        "面积在120平方米及以下的住房。",  # threshold
    ],
)
def test_not_targets(text):
    assert got(text) == []


def test_a_list_of_values_describing_a_beneficiary_is_not_a_target():
    assert got("年销售额首次突破2亿元、5亿元的企业，分别给予20万元、50万元奖励。") == []


def test_values_inside_a_responsibility_clause_are_excluded():
    text = "建成示范基地5个。（责任单位：某县农业局，配合单位：某县财政局等3个部门）"
    clause = (text.index("（"), len(text))
    assert got(text, exclude=[clause]) == [("示范基地", 5, "个", None)]


def test_values_inside_quotes_are_not_targets():
    assert got("打造“15分钟生活圈”品牌。") == []


# --- spans and the document -------------------------------------------------------------------------


def test_every_span_quotes_the_text():
    text = "到2027年,培育链主企业超过8家,新建标准厂房两万平方米;总规模达10万平方米。"
    for t in targets(text):
        assert text[t.span.start : t.span.end] == t.span.quote
        assert str(t.value_out) in fold(t.span.quote) or "两" in t.span.quote


def test_parse_text_reads_targets_with_kind():
    text = (
        "某县产业发展方案\n一、发展目标\n到2027年，规上工业增加值年均增长9%，培育龙头企业12家。\n"
        "二、重点任务\n（一）壮大产业。内容。（县工信局负责）\n"
    )
    doc = parse_text(text, doc_id="t")
    assert [(t.indicator, t.value, t.year, t.kind) for t in doc.targets] == [
        ("规上工业增加值", 9, 2027, "rate"),
        ("龙头企业", 12, 2027, "level"),
    ]


# --- the contract's rules, on texts written for each ------------------------------------------------------


def rows(text: str, **kw) -> list[tuple]:
    """(indicator, value, unit, year, comparison, baseline) of every target in ``text``."""
    return [(t.indicator, t.value, t.unit, t.year, t.comparison, t.baseline) for t in targets(text, **kw)]


def reasons(text: str) -> list[tuple[str, str]]:
    """(quantity, reason) of every quantity read and left out."""
    return [(x.span.quote, x.reason) for x in targets(text).left_out]


@pytest.mark.parametrize(
    "written, value, unit",
    [
        ("两万人", 2, "万人"),  # 两 → 2, 万 stays in the unit
        ("一百家", 100, "家"),  # 百 multiplied out
        ("三千名", 3000, "名"),  # 千 multiplied out
        ("十五个", 15, "个"),
    ],
)
def test_chinese_numerals_are_numbers(written, value, unit):
    assert got(f"到2028年，某镇新增就业人数达到{written}以上。")[0][1:] == (value, unit, 2028)


def test_half_a_day_service_time_limit():
    assert got("推行企业开办全程网办，实现企业开办“半日办结”。") == [("企业开办办结时间", 0.5, "日", None)]


def test_committed_time_limit_is_a_target_and_a_duration_is_not():
    assert rows("工程建设项目审批时间压缩至45个工作日以内。") == [
        ("工程建设项目审批时间", 45, "个工作日", None, "at-most", None)
    ]
    assert got("租赁期限为6个月，到期可续签一次。") == []


def test_service_limit_names_the_matter_handled():
    text = "对申请办理不动产登记的企业，自受理之日起3个工作日办结。"
    assert got(text) == [("不动产登记办结时间", 3, "个工作日", None)]


@pytest.mark.parametrize(
    "text, comparison",
    [
        ("到2026年，某区研发投入强度达到3%以上。", "at-least"),
        ("到2026年，某区研发投入强度不低于3%。", "at-least"),
        ("到2026年，某区单位产值能耗控制在3%以下。", "at-most"),
        ("到2026年，某区研发投入强度达到3%左右。", "about"),
        ("到2026年，某区研发投入强度达到3%。", None),
    ],
)
def test_yishang_yixia_zuoyou_are_kept_as_the_comparison(text, comparison):
    (t,) = targets(text)
    assert (t.value, t.unit, t.comparison) == (3, "%", comparison)


def test_growth_rate_is_distinguishable_from_a_level():
    ts = targets("到2027年，某市软件业务收入达到800亿元，年均增长12%。")
    assert [(t.indicator, t.value, t.kind) for t in ts] == [
        ("某市软件业务收入", 800, "level"),
        ("某市软件业务收入", 12, "rate"),
    ]


def test_from_x_raised_to_y_keeps_both_values():
    assert rows("到2026年，某县农村自来水普及率由82%提高到95%。") == [
        ("某县农村自来水普及率", 95, "%", 2026, None, 82)
    ]


def test_coordinated_years_give_one_target_each():
    text = "对困难老人住所实施适老化改造，力争2026年和2027年每年改造3000户以上。"
    assert sorted(got(text), key=lambda r: r[3]) == [
        ("适老化改造", 3000, "户", 2026),
        ("适老化改造", 3000, "户", 2027),
    ]


def test_one_quantity_shared_by_a_list_of_things_stays_one():
    assert got("新建、改造高标准农田80万亩。") == [("新建、改造高标准农田", 80, "万亩", None)]


def test_coverage_of_every_place_is_a_target_not_a_term_per_beneficiary():
    assert got("到2027年，每个乡镇建成1所标准化卫生院。") == [("标准化卫生院", 1, "所", 2027)]
    assert reasons("对入驻企业每户补贴3万元。") == [("3万元", "per-beneficiary")]


def test_a_share_of_a_group_that_is_to_act_is_a_target():
    assert got("到2027年，全市90%以上的中小学校建成智慧校园。") == [("中小学校建成智慧校园", 90, "%", 2027)]


def test_a_count_with_its_relative_clause_takes_the_head():
    assert got("5年内选拔培养20名在全省有影响的青年科技人才。") == [("青年科技人才", 20, "名", None)]


def test_a_list_of_counts_continues_after_a_comma():
    assert got("每年支持200名技术骨干赴外培训，800名青年员工参加技能轮训。") == [
        ("技术骨干", 200, "名", None),
        ("青年员工", 800, "名", None),
    ]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("对新认定的企业给予最高50万元奖励。", "ceiling"),
        ("对入驻企业每户补贴3万元。", "per-beneficiary"),
        ("首付比例调整为25%。", "parameter"),
        ("设立规模10亿元的产业引导基金。", "parameter"),
        ("中小企业采购份额预留比例不低于40%。", "parameter"),
        ("小规模纳税人适用3%征收率的应税销售收入减按1%征收。", "parameter"),
        ("每个街道重点建设1—2个示范点。", "range"),
        ("截至2024年底，全市已建成5G基站2万个。", "status"),
        ("加快120座在建水库工程建设进度。", "qualifier"),
    ],
)
def test_what_is_not_a_target_is_left_out_with_its_reason(text, reason):
    assert got(text) == []
    assert reason in {r for _, r in reasons(text)}


def test_a_target_repeated_in_an_annex_is_listed_once():
    text = (
        "到2027年，某市森林覆盖率达到48%。\n"
        "附件 主要指标\n"
        "指标 | 单位 | 2022年 | 2027年 | 属性\n"
        "森林覆盖率 | % | 45 | 48 | 约束性\n"
    )
    found = targets(text)
    assert rows(text) == [("某市森林覆盖率", 48, "%", 2027, None, 45)]
    assert found[0].nature == "约束性"  # the annex's nature and baseline are kept on the first
    assert [x.reason for x in found.left_out] == ["repeat"]


def test_zhuanlan_box_targets_are_read():
    text = (
        "专栏1 数字基础设施重点工程\n"
        "01 算力网络：到2027年，建成智算中心3个，算力规模达到5000P。\n"
        "02 千兆网络：新建5G基站1.2万个。\n"
    )
    assert got(text) == [
        ("智算中心", 3, "个", 2027),
        ("算力规模", 5000, "P", 2027),
        ("新建5G基站", 1.2, "万个", None),
    ]


# --- indicator tables in text, HTML and DOCX ---------------------------------------------------------------

TABLE_ROWS = [
    ["序号", "指标", "单位", "2022年", "2027年", "属性"],
    ["1", "规上工业增加值年均增长率", "%", "7", "8以上", "预期性"],
    ["2", "每万人口高价值发明专利拥有量", "件", "6.5", "12", "预期性"],
    ["3", "单位地区生产总值能耗降低", "%", "—", "〔15〕", "约束性"],
]
TABLE_TARGETS = [
    ("规上工业增加值年均增长率", 8, "%", 2027, "预期性", "rate", "at-least", 7),
    ("每万人口高价值发明专利拥有量", 12, "件", 2027, "预期性", "level", None, 6.5),
    ("单位地区生产总值能耗降低", 15, "%", 2027, "约束性", "level", None, None),
]
TABLE_PLAN = ["某市产业发展规划", "一、主要目标", "表1 主要指标"]
TABLE_TASKS = ["二、重点任务", "（一）壮大产业。推进项目建设。（责任单位：市工信局）"]


def table_rows(doc) -> list[tuple]:
    return [
        (t.indicator, t.value, t.unit, t.year, t.nature, t.kind, t.comparison, t.baseline) for t in doc.targets
    ]


def test_indicator_table_in_tab_separated_text(tmp_path):
    from loaders.extract.document import load_document

    p = tmp_path / "plan.txt"
    p.write_text("\n".join([*TABLE_PLAN, *("\t".join(r) for r in TABLE_ROWS), *TABLE_TASKS]) + "\n", "utf-8")
    assert table_rows(load_document(p)) == TABLE_TARGETS


def test_indicator_table_in_html(tmp_path):
    from loaders.extract.document import load_document

    cells = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>\n" for r in TABLE_ROWS
    )
    body = "".join(f"<p>{line}</p>\n" for line in TABLE_PLAN)
    tasks = "".join(f"<p>{line}</p>\n" for line in TABLE_TASKS)
    p = tmp_path / "plan.html"
    p.write_text(f"<html><body>{body}<table>{cells}</table>{tasks}</body></html>", "utf-8")
    assert table_rows(load_document(p)) == TABLE_TARGETS


def test_indicator_table_in_docx(tmp_path):
    docx = pytest.importorskip("docx")
    from loaders.extract.document import load_document

    d = docx.Document()
    for line in TABLE_PLAN:
        d.add_paragraph(line)
    t = d.add_table(rows=len(TABLE_ROWS), cols=len(TABLE_ROWS[0]))
    for i, r in enumerate(TABLE_ROWS):
        for j, c in enumerate(r):
            t.cell(i, j).text = c
    for line in TABLE_TASKS:
        d.add_paragraph(line)
    p = tmp_path / "plan.docx"
    d.save(str(p))
    assert table_rows(load_document(p)) == TABLE_TARGETS


def test_a_table_of_goals_written_as_prose():
    text = (
        "一级指标 | 二级指标 | 评价标准 | 指标含义\n"
        "覆盖 | 1.签约服务覆盖率 | 每年增加1-3个百分点。2030年达到75%。 | 签约人数/常住人口\n"
        "2.血压控制率 | ≥60% | 抽查\n"
    )
    assert rows(text) == [
        ("签约服务覆盖率", 75, "%", 2030, None, None),
        ("血压控制率", 60, "%", None, "at-least", None),
    ]


def test_left_out_quantities_become_notes():
    doc = parse_text(
        "某县方案\n一、重点任务\n（一）支持企业。对新认定的企业给予最高50万元奖励，到2027年培育龙头企业10家。"
        "（县工信局负责）\n",
        doc_id="t",
    )
    assert [(t.indicator, t.value) for t in doc.targets] == [("龙头企业", 10)]
    notes = [w for w in doc.warnings if w.code == "target-left-out"]
    assert [(w.span.quote, w.message) for w in notes] == [("50万元", "not a target: a ceiling (最高…, 不超过…)")]


def test_the_json_and_the_graph_carry_comparison_baseline_and_kind():
    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.graph.build import build_graph
    from kg.graph.extraction import to_json
    from kg.graph.namespaces import PKG

    doc = parse_text(
        "某县方案\n一、发展目标\n到2027年，某县森林覆盖率由45%提高到50%以上，年均增长2%左右。\n"
        "二、重点任务\n（一）造林。内容。（县林业局负责）\n",
        doc_id="t",
    )
    assert [
        {k: t[k] for k in ("indicator", "value", "kind", "comparison", "baseline", "baseline_year")}
        for t in to_json(doc)["targets"]
    ] == [
        {"indicator": "某县森林覆盖率", "value": 50, "kind": "level", "comparison": "at-least", "baseline": 45,
         "baseline_year": None},
        {"indicator": "某县森林覆盖率", "value": 2, "kind": "rate", "comparison": "about", "baseline": None,
         "baseline_year": None},
    ]
    g = build_graph([doc])
    (level,) = g.subjects(PKG.comparison, PKG.AtLeast)
    assert g.value(level, PKG.baselineValue) == Literal("45.0", datatype=XSD.decimal)
    assert (level, PKG.targetValue, Literal("50.0", datatype=XSD.decimal)) in g
    (rate,) = g.subjects(PKG.comparison, PKG.About)
    assert (rate, PKG.baselineValue, None) not in g


def test_a_span_of_years_in_the_sentence_sets_no_year():
    text = "到2026年，建成示范村20个。实施人才工程，利用3-5年时间，力争选拔培养乡村医生500名。"
    assert got(text) == [("示范村", 20, "个", 2026), ("乡村医生", 500, "名", None)]
