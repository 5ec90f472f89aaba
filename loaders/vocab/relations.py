"""The vocabulary of document relations and plan periods, as data.

`loaders.extract.relations` (which documents a plan implements, is based on, supersedes or amends) and
`loaders.extract.metadata.find_period` (the years a plan covers) read these tables and nothing else decides:
a new phrasing is an entry added here. Every entry is matched on the folded text
(`loaders.read.normalize.fold`), so the punctuation is the full-width one.

The phrasings were read from the opening statements of real plans (the dev corpus and the sample):
``为贯彻落实国务院《X》和四川省科技厅等部门印发的《Y》精神``, ``为有效承接《X》``,
``根据《X》《Y》《Z》等文件要求``, ``根据《X》(鲁政办字〔2020〕176号)精神``,
``按照国家《X》(国家二十条)、《Y》(新十条)和省上《Z》(省二十条)``,
``贯彻落实重庆市人民政府印发的《X》``.
"""

from __future__ import annotations

# --- plan periods ------------------------------------------------------------------------------
# Five-Year Plans by name: (first year, last year). The 3rd plan started in 1966 after the 1963–65
# adjustment, so the table is written out rather than computed.
FIVE_YEAR_PLANS: dict[str, tuple[int, int]] = {
    "一五": (1953, 1957),
    "二五": (1958, 1962),
    "三五": (1966, 1970),
    "四五": (1971, 1975),
    "五五": (1976, 1980),
    "六五": (1981, 1985),
    "七五": (1986, 1990),
    "八五": (1991, 1995),
    "九五": (1996, 2000),
    "十五": (2001, 2005),
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
    "十六五": (2031, 2035),
}
# A Five-Year-Plan name in the body states the plan's own period only when followed by one of these
# (“十四五”时期, 十四五期间, “十四五”规划期); in a title the name alone is enough.
PERIOD_NAME_FOLLOWERS = ("时期", "期间", "规划期")
# A short name needs its quotes in the body: 十五 is also the number fifteen (十五条具体措施).
QUOTED_ONLY_NAMES = ("一五", "二五", "三五", "四五", "五五", "六五", "七五", "八五", "九五", "十五")
# Dashes between the two years of a range: 2024—2026年, 2021-2025年, 2021～2025年, 2021至2025年.
YEAR_RANGE_DASHES = "—–－-~～至到"
# How far into the body (characters) the first statement of the period is looked for.
PERIOD_BODY_REACH = 3000
# A single year in a title is a one-year plan (长寿区2024年知识产权工作要点, 2023年度工作计划) — unless it
# is a deadline (到2025年, 至2025年) or part of a date (2024年12月): words before and after that rule it out.
SINGLE_YEAR_NOT_AFTER = ("到", "至", "截至", "截止", "—", "–", "-", "~", "～")
SINGLE_YEAR_NOT_BEFORE = ("底", "前", "末", "以前", "以来", "起", "月", "—", "–", "-", "~", "～", "至", "到")

# --- document relations ------------------------------------------------------------------------
# A relation word governs the 《titles》 that follow it in the same clause (up to the next ，；。 or
# a line end), however they are joined: 《X》《Y》, 《X》、《Y》, 《X》和…印发的《Y》. Longest words
# are tried first. kind: implements | based-on.
# A word that needs a closing word later in the clause (按照《X》要求 / 部署, 结合《X》精神) lists it.
GOVERNING_WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # word: (kind, closing words required after the last title, or () for none)
    "贯彻落实": ("implements", ()),
    "贯彻执行": ("implements", ()),
    "认真落实": ("implements", ()),
    "贯彻": ("implements", ()),
    "落实": ("implements", ()),
    "承接": ("implements", ()),
    "按照": ("implements", ("部署", "要求", "安排", "精神")),
    "根据": ("based-on", ()),
    "依据": ("based-on", ()),
    "依照": ("based-on", ()),
    "结合": ("based-on", ("精神",)),
}
# Where the governing words are read: the preamble (before the first numbered heading) and the
# top-level sections with these headings. Elsewhere 落实《X》 is a task (严格落实《X》有关规定), and
# the title stays a plain citation.
PREAMBLE_HEADINGS = ("指导思想", "总体要求", "总体思路", "编制依据", "制定依据", "依据")
# Words that may stand between a relation word and its first title without ending its scope: the
# issuer (国务院, 重庆市人民政府印发的), 好, 国家, 省上 … any CJK text of at most this many characters.
MAX_GAP_TO_TITLE = 30

# Superseding: the title followed (within the same clause) by one of these …
SUPERSEDE_AFTER = ("同时废止", "予以废止", "即行废止", "废止", "停止执行", "不再执行", "同时失效", "失效")
# … or preceded by one of these (同时废止《X》, 废止原《X》).
SUPERSEDE_BEFORE = ("同时废止", "废止", "停止执行")
# Amending, stated of a document: 对《X》作如下修改, 《X》修订如下, 是对《X》的修订.
AMEND_AROUND: tuple[tuple[str, str], ...] = (
    ("对", "作如下修改"),
    ("对", "作如下修订"),
    ("对", "作出如下修改"),
    ("对", "进行修订"),
    ("对", "进行修改"),
    ("是对", "的修订"),
    ("是对", "的修改"),
    ("", "修订如下"),
    ("", "修改如下"),
)
# 修订《X》 alone amends only in the preamble; in a task it is work to do (修订《X》标准).
AMEND_BEFORE = ("修订", "修改")
# A supersede or amend word after one of these is work to do, not a statement (研究废止《X》): no
# relation, and a warning so that a reader checks.
WORK_TO_DO = ("研究", "适时", "推动", "推进", "清理", "加快", "启动", "及时", "按程序")
