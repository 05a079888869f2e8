"""Dates and periods, resolved against the publication date.

Values: ``"2030"``, ``"2025-11"``, ``"2025-11-06"``, or a period ``"start/end"``
(``"2025-07-01/2025-09-30"`` for 第三季度 in a 2025 article). Relative words (今年,
"last week", 周一) are figures only when a publication date is known.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck import lang
from factcheck.extraction.lexicon import alt


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    value: str | None              # None: relative to an unknown publication date
    bound: str = "exact"
    weekday: int | None = None     # a weekday written beside the date ("Wednesday (3 March)")
    year: int | None = None        # the explicit year it fixed, for later yearless dates


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _period(a: dt.date, b: dt.date) -> str:
    return f"{_iso(a)}/{_iso(b)}"


def _quarter(y: int, q: int) -> str:
    m = 3 * (q - 1) + 1
    return _period(dt.date(y, m, 1), _month_end(y, m + 2))


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (1 <= m <= 12 and 1000 <= y <= 2999):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


_TITLE_AFTER = re.compile(r"\s(?:Telegraph|Times|Mirror|Express|Herald|Post|Mail|Independent|Tribune|Observer|Star|Sport|People|Business|Morning)\b")
_YEAR_AGO_AFTER = re.compile(r",?\s+(?:a|one)\s+year\s+(?:ago|earlier|before)\b", re.I)
_FUTURE = re.compile(r"(?:\bwill\b|\bwould\b|\bplans? to\b|\bis expected to\b|\bare expected to\b|\b(?:is|are) due\b|\bscheduled\b|"
                     r"将|将于|将在|预计|计划|拟|准备|即将|会在)", re.I)

ZH_SMALL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
            "九": 9, "十": 10, "十一": 11, "十二": 12}


def _num(s: str) -> int:
    s = s.strip()
    if s.isdigit():
        return int(s)
    return ZH_SMALL.get(s, 0)


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    """One alternation for every date shape; run over the folded text."""
    en, zh = lang.load("en")["dates"], lang.load("zh")["dates"]
    months = alt(en["months"], True)
    wd = alt(en["weekdays"], True)
    # month names written out in full, matched case-sensitively: "last May", "in March" (not "may", "march")
    full_months = "|".join(k.capitalize() for k in en["months"] if not any(o != k and o.startswith(k) for o in en["months"]))
    ordq = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
    Y = r"(?:19|20)\d{2}"
    zm = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    zd = r"(?:3[01]|[12]\d|0?[1-9])"
    ry = alt(zh["relative_years"])
    # a two-digit year: 07年, or 16年 with a month, quarter or half after it (16年同期, 18年上半年);
    # a bare "16年" is sixteen years
    YY = (r"(?:0\d(?=\s?年(?!代))|(?<=\d、)\d{2}(?=\s?年(?!代))|\d{2}(?=\s?年(?:\s?(?:1[0-2]|0?[1-9])\s?月|[一二三四1-4]季|第[一二三四1-4]季|上半年|下半年|"
          r"前三季|年?底|年?末|年?初|同期|以来|开始|起|中报|年报|半年报|季报|中期)))")
    def rest(x: str) -> str:
        q = r"|Q[1-4](?![0-9])" if not x else ""
        return (rf"(?:(?P<zq{x}>第?[一二三四1-4]季度|第[一二三四1-4]季(?!度)|[一二三四]季(?!度){q}|上一?季度?|本季|下一?季度?|前[一二三两1-3](?:个)?季度|(?:最后|后)[两二三](?:个)?季度)"
                rf"|(?P<zh2{x}>上半年|下半年|前半年|后半年)"
                rf"|(?P<zye{x}>年底|年末|年终|(?<=年)底|(?<=年)末)"
                rf"|(?P<zmr{x}>(?P<zmra{x}>{zm})\s?[-－—–~～至到]\s?(?P<zmrb{x}>{zm})\s?月(?:份)?(?![底末初中上下]))"
                rf"|(?P<zmo{x}>{zm})\s?月(?:份)?(?:(?P<zdd{x}>{zd})\s?[日号](?:\s?(?:\(|（)(?P<zwd1{x}>{zwd})(?:\)|）)|\s?(?P<zwd2{x}>{zwd}))?|(?P<zmp{x}>底|末|初|中旬|上旬|下旬))?)")
    zwd = r"(?:周|星期|礼拜)[一二三四五六日天末]"
    parts = [
        # ISO and slashed dates
        rf"(?P<iso>(?<!\d)(?P<iy>{Y})(?P<isep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=isep)(?P<id>3[01]|[12]\d|0?[1-9])(?!\d))",
        # Chinese year ranges: 2013-2016年
        rf"(?P<zyr>(?<!\d)(?P<zyr1>{Y})\s?[-~至到]\s?(?P<zyr2>{Y})\s?年)",
        # Chinese: [年][季度|半年|年底|月[日|底]]
        rf"(?P<zh>(?:(?:(?<![\d.])|(?<=^\d\.)|(?<=[^\d.]\d\.))(?P<zy>{Y}|{YY})\s?年(?!代)|(?<!\d)(?P<zy2>{Y})(?=\s?(?:上半年|下半年|前半年|后半年|第?[一二三四1-4]季度|Q[1-4]))"
        rf"|(?P<zmg>民国)(?P<zmy>\d{{2,3}})年|(?<![\d.])(?P<ztw>1[0-3]\d)年(?!代|内|间|来|后|前|以)|(?P<zry>{ry}))(?:" + rest("") + ")?|" + rest("_b") + ")",
        # the head of a list of years that ends in 年: 2015、16年, 03、04年
        rf"(?P<zyl>(?<![\d.])(?P<zyl_y>{Y}|\d{{2}})(?=、(?:(?:{Y}|\d{{2}})、)*(?:{Y}|\d{{2}})\s?年(?!代)))",
        rf"(?P<zcy>(?P<zcy_y>[〇零一二三四五六七八九]{{4}})年)",
        # a decade: 80年代 (the 1980s), 90年代中期
        rf"(?P<zdec>(?<![\d.])(?P<zdec_c>19|20)?(?P<zdec_n>[1-9]0|00)\s?年代)",
        rf"(?P<zfirst>前(?P<zfirst_n>1[0-2]|[1-9]|十[一二]?|[一二两三四五六七八九])个?月)",
        rf"(?P<zrm>上个?月|本月|这个月|下个?月|当月)",
        rf"(?P<enye>end\s+of\s+(?:the|this)\s+year|year-end|end-(?P<enye_y>{Y}))(?![A-Za-z0-9])",
        rf"(?P<relm>(?:last|this|next) month)(?![A-Za-z])",
        # Chinese relative days and weeks, weekdays with an optional (15日)
        rf"(?P<zrd>今日|今天|昨日|昨天|明日|明天|(?<![目提此之以])(?:前一日|前一天|前日|前天))",
        rf"(?P<zwk>(?P<zwkrel>本周|这周|上周|下周|上星期|下星期|本星期)(?P<zwkday>[一二三四五六日天末])?)",
        rf"(?P<zwday>(?:周|星期|礼拜)(?P<zwdn>[一二三四五六日天])(?:\s?(?:\(|（)(?P<zwdd>{zd})日(?:\)|）))?)",
        rf"(?P<zdonly>(?<![\d.近连每第])(?<!未来)(?<!过去)(?<!最近)(?P<zdo>{zd})日(?![元内前后间均线]|年化))",
        # English
        # a month with a relative year ("January last year"), a relative month ("last July"), a part of a
        # month ("early March", "end-September 1986"), a relative weekday ("last Friday", "next Wednesday")
        rf"(?P<mry>(?=[A-Za-z]{{3,9}}\.?\s+(?:this|last|next)\s+year)(?P<mry_m>{months})\.?\s+(?P<mry_rel>this|last|next)\s+year(?![A-Za-z]))",
        rf"(?P<lmo>(?P<lmo_w>last|next|this)\s+(?-i:(?P<lmo_m>{full_months}))(?![A-Za-z])(?!\s+\d))",
        rf"(?P<pmo>(?P<pmo_w>early|mid|late|end)(?:-|\s+|\s+of\s+)(?-i:(?P<pmo_m>{full_months}))(?![A-Za-z])(?:,?\s+(?P<pmo_y>{Y})(?!\d))?(?!\s+\d))",
        rf"(?P<lwd>(?P<lwd_w>last|next|this|previous|coming)\s+(?P<lwd_d>{wd})(?![A-Za-z]))",
        # a run of months: January-November, April/January 1986/87 (a fiscal year's months)
        rf"(?P<mr>(?=[A-Za-z]{{3,9}}\.?\s?[-–/]\s?[A-Za-z])(?P<mr_a>{months})\.?\s?[-–/]\s?(?P<mr_b>{months})\.?(?:,?\s+(?:(?P<mr_fy>{Y})/(?P<mr_fy2>\d{{2}})(?![\d/])|(?P<mr_y>{Y})(?!\d)))?(?![A-Za-z]))",
        rf"(?P<mdy>(?:(?P<mdy_wd>{wd}),?\s+)?(?P<mdy_m>{months})\.?\s+(?P<mdy_d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<mdy_y>{Y})|\s+(?P<mdy_rel>this|last|next)\s+year(?![A-Za-z]))?(?!\d))",
        rf"(?P<dmy>(?:(?P<dmy_wd>{wd}),?\s+)?(?<!\d)(?P<dmy_d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?P<dmy_m>{months})(?:,?\s+(?P<dmy_y>{Y})(?!\d)|\s+(?P<dmy_rel>this|last|next)\s+year(?![A-Za-z]))?)",
        rf"(?P<my>(?P<my_m>{months})\.?,?\s+(?:of\s+)?(?P<my_y>{Y})(?![\d/]))",
        rf"(?P<quarter>(?:Q(?P<q_n>[1-4])|(?P<q_o>{ordq})(?:-|\s+)(?:quarter|qtr\b\.?))(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<q_y>{Y}))?(?![A-Za-z0-9]))",
        rf"(?P<half>(?:(?P<h_o>first|second)\s+half|H(?P<h_n>[12]))(?:\s+(?:of\s+)?(?P<h_y>{Y}))?(?![A-Za-z0-9]))",
        rf"(?P<fy>(?:fiscal(?:\s+year)?|FY)\s?'?(?P<fy_y>{Y}|\d{{2}})(?:/(?P<fy_y2>\d{{2}}))?(?!\d))",
        rf"(?P<split>(?<![\d/])(?P<sp_y>{Y})/(?P<sp_y2>\d{{2}})(?![\d/]))",
        # a decade: the 1990s, the late 1980s, the mid-1990s
        rf"(?P<dec>(?:(?P<dec_w>early|mid|late)-?\s?)?(?P<dec_y>(?:19|20)\d0)'?s(?![A-Za-z0-9]))",
        rf"(?P<mid>(?P<mid_w>mid|early|late|end)-?\s?(?P<mid_y>{Y})(?!\d))",
        rf"(?P<rely>(?P<rely_w>this year|last year|next year|current\s+year|a year earlier|previous year))(?![A-Za-z])",
        rf"(?P<relw>(?:last|this|next) week)(?![A-Za-z])",
        rf"(?P<reld>yesterday|today|tomorrow)(?![A-Za-z])",
        rf"(?P<wday>(?<![A-Za-z]){wd})",
        rf"(?P<bmonth>(?:" + "|".join(f"(?<=\\b{w} )|(?<=\\b{w}\n)" for w in ("in", "by", "since", "until", "till", "ending", "from", "to", "through", "during", "before", "after")) + rf")(?-i:(?P<bm>{full_months}))(?![A-Za-z])(?!\.?,?\s+(?:of\s+)?(?:19|20)\d\d|\.?\s+\d))",
        rf"(?P<year>(?:(?<![\d$£€¥.,/])(?<!\d-)|(?<=(?:19|20)\d\d-)|(?<=(?:19|20)\d\d–))(?P<yy>{Y})(?![\d%/]|\.\d|,\d{{3}}|\s?(?:per ?cent|pct|million|billion|mln|bln|bn|[年万亿千百名家个人支只辆台部件项条位种款座股手户套份元美港日欧英韩吨桶亩点]|\s?(?:yuan|dlrs|dollars|euros|tonnes|units|barrels|people|jobs|shares|cars|vehicles))))",
    ]
    return re.compile("|".join(parts), re.I)


@lru_cache(maxsize=1)
def _wire_dateline() -> re.Pattern[str]:
    """A wire dateline without a year at a line start: "TAIPEI, March 17 -", "NEW YORK, Feb 26 (Reuters) -"."""
    en = lang.load("en")["dates"]
    months = "|".join(sorted((re.escape(m) for m in en["months"]), key=len, reverse=True))
    return re.compile(rf"(?m)^[ \t]*[A-Z][A-Z .'&-]{{1,40}},[ \t]+(?i:{months})\.?[ \t]+\d{{1,2}}[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?[-–—]")


class _Groups:
    """m.groupdict() without building the dict: the date pattern has a hundred groups."""

    __slots__ = ("m",)

    def __init__(self, m: re.Match[str]):
        self.m = m

    def __getitem__(self, k: str) -> str | None:
        return self.m.group(k)


_ZH_KEYS = ("zy", "zy2", "zmg", "zmy", "ztw", "zry") + tuple(
    k + x for k in ("zq", "zh2", "zye", "zmr", "zmra", "zmrb", "zmo", "zdd", "zwd1", "zwd2", "zmp") for x in ("", "_b"))


class Resolver:
    """Turns a date match into a value, remembering the last explicit year it saw."""

    def __init__(self, text: str, published: str | None, fiscal_start: int | None = 4, taiwan: bool = False):
        self.text = text
        self.fiscal_known = fiscal_start is not None
        fiscal_start = fiscal_start or 4
        self.taiwan = taiwan
        self.pub = dt.date.fromisoformat(published) if published else None
        self.fiscal_start = fiscal_start
        self.last_year: tuple[int, int] | None = None     # (year, end offset)
        # English copy with neither a publication date nor a wire dateline ("CARACAS, March 5 -")
        # gives "last year" and "on Friday" nothing to resolve against: they are not figures
        en = lang.load("en")["dates"]
        self.en_relative_ok = self.pub is not None or not en.get("relative_needs_anchor", False) \
            or bool(_wire_dateline().search(text[:1500]))

    def _near_year(self, pos: int) -> bool:
        """Whether an explicit year was written just before, in the same sentence."""
        return bool(self.last_year and 0 <= pos - self.last_year[1] <= 40 and
                    not re.search(r"[。!?！？\n]|\.(?!\d)", self.text[self.last_year[1]:pos]))

    def _ctx_year(self, pos: int) -> int | None:
        if self._near_year(pos):
            return self.last_year[0]       # type: ignore[index]
        return self.pub.year if self.pub else None

    def _year_ago(self, end: int) -> int:
        """1 when "a year ago/earlier" follows the date ("in January a year ago"), else 0."""
        return 1 if _YEAR_AGO_AFTER.match(self.text, end) else 0

    def _recent_year(self, pos: int, mo: int, d: int = 1) -> int | None:
        """The year of a yearless month or day: the publication year, or the year before when
        that date would lie more than two months ahead and nothing says it is to come
        ("sales in December", written in March, are last December's)."""
        y = self._ctx_year(pos)
        if y is None or self._near_year(pos) or not self.pub or y != self.pub.year:
            return y
        if _valid(y, mo, d) and dt.date(y, mo, d) > self.pub + dt.timedelta(days=60) and not self._future(pos):
            return y - 1
        if _valid(y, mo, d) and dt.date(y, mo, d) < self.pub - dt.timedelta(days=31) and self._future(pos):
            return y + 1              # "the report is due in late January", written in November
        return y

    def _future(self, pos: int) -> bool:
        """A future-tense cue shortly before: the weekday is the next one, not the last one."""
        before = self.text[max(0, pos - 48):pos]
        cut = max(before.rfind(c) for c in "。.!?！？\n")
        return bool(_FUTURE.search(before[cut + 1:]))

    def _weekday_date(self, wd: int, week_offset: int | None = None, pos: int | None = None) -> dt.date | None:
        if not self.pub:
            return None
        if week_offset is None:        # the most recent such day, the publication day included
            if pos is not None and self._future(pos):
                delta = (wd - self.pub.weekday()) % 7
                return self.pub + dt.timedelta(days=delta)
            delta = (self.pub.weekday() - wd) % 7
            return self.pub - dt.timedelta(days=delta)
        monday = self.pub - dt.timedelta(days=self.pub.weekday()) + dt.timedelta(weeks=week_offset)
        return monday + dt.timedelta(days=wd)

    def resolve(self, m: re.Match[str]) -> DateHit | None:
        g = _Groups(m)
        s, e = m.span()
        pub = self.pub
        if g["iso"]:
            y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
            if not _valid(y, mo, d):
                return None
            self.last_year = (y, e)
            return DateHit(s, e, _iso(dt.date(y, mo, d)), year=y)
        if g["zyr"]:
            a, b = int(g["zyr1"]), int(g["zyr2"])
            if b <= a:
                return None
            self.last_year = (b, e)
            return DateHit(s, e, f"{a}/{b}")
        if m.lastgroup == "zyl":
            return self._year_list_head(m, s, e)
        if g["zh"]:
            return self._zh(m, s, e)
        if g["zcy"]:
            y = int("".join(str("〇一二三四五六七八九".find(c)) if c != "零" else "0" for c in g["zcy_y"]))
            if not 1000 <= y <= 2999:
                return None
            self.last_year = (y, e)
            return DateHit(s, e, str(y), year=y)
        if g["zdec"]:
            n = int(g["zdec_n"])
            pub_yy = (pub.year % 100) if pub else 30
            y = int(g["zdec_c"]) * 100 + n if g["zdec_c"] else (2000 if n <= pub_yy else 1900) + n     # 1980年代, 80年代
            return DateHit(s, e, _period(dt.date(y, 1, 1), dt.date(y + 9, 12, 31)))
        if g["zfirst"]:
            n = _num(g["zfirst_n"])
            y = self._ctx_year(s)
            if not 1 <= n <= 12:
                return None
            if y is None:
                return DateHit(s, e, None)
            return DateHit(s, e, _period(dt.date(y, 1, 1), _month_end(y, n)))
        if g["zrm"] or g["relm"]:
            if not pub:
                return DateHit(s, e, None) if g["zrm"] or self.en_relative_ok else None
            w = (g["zrm"] or g["relm"]).lower()
            off = -1 if w.startswith(("上", "last")) else 1 if w.startswith(("下", "next")) else 0
            y, mo = pub.year, pub.month + off
            if mo == 0:
                y, mo = y - 1, 12
            if mo == 13:
                y, mo = y + 1, 1
            return DateHit(s, e, f"{y:04d}-{mo:02d}")
        if g["enye"]:
            y = int(g["enye_y"]) if g["enye_y"] else (pub.year if pub else None)
            if y is None and not self.en_relative_ok:
                return None
            return DateHit(s, e, f"{y}-12-31" if y else None, bound="about")
        if g["zrd"]:
            if not pub:
                return DateHit(s, e, None)
            off = lang.load("zh")["dates"]["relative_days"].get(g["zrd"], 0)
            return DateHit(s, e, _iso(pub + dt.timedelta(days=off)))
        if g["zwk"]:
            if not pub:
                return DateHit(s, e, None)
            off = lang.load("zh")["dates"]["relative_weeks"].get(g["zwkrel"], 0)
            day = g["zwkday"]
            if day:
                wd = "一二三四五六日".find(day) if day not in "天末" else (6 if day == "天" else 5)
                if day == "末":
                    d1 = self._weekday_date(5, off)
                    return DateHit(s, e, _period(d1, d1 + dt.timedelta(days=1))) if d1 else None
                d = self._weekday_date(wd, off)
                return DateHit(s, e, _iso(d)) if d else None
            mon = self._weekday_date(0, off)
            return DateHit(s, e, _period(mon, mon + dt.timedelta(days=6))) if mon else None
        if g["zwday"]:
            wd = "一二三四五六日".find(g["zwdn"]) if g["zwdn"] != "天" else 6
            if g["zwdd"]:
                y = self._ctx_year(s)
                if not pub or y is None:
                    return DateHit(s, e, None, weekday=wd)
                d = int(g["zwdd"])
                mo = pub.month
                if d > pub.day + 7:
                    mo -= 1
                    if mo == 0:
                        mo, y = 12, y - 1
                if not _valid(y, mo, d):
                    return None
                return DateHit(s, e, _iso(dt.date(y, mo, d)), weekday=wd)
            d = self._weekday_date(wd, pos=s)
            return DateHit(s, e, _iso(d) if d else None)
        if g["zdonly"]:
            if not pub:
                return DateHit(s, e, None)
            d = int(g["zdo"])
            y, mo = pub.year, pub.month
            if d > pub.day + 7:
                mo -= 1
                if mo == 0:
                    mo, y = 12, y - 1
            if not _valid(y, mo, d):
                return None
            return DateHit(s, e, _iso(dt.date(y, mo, d)))
        return self._en(m, s, e)

    def _short_year(self, yy: int) -> int:
        """16 -> 2016, 95 -> 1995, by the publication year (or 2030 without one)."""
        pub = self.pub
        return yy + (2000 if yy <= ((pub.year % 100) if pub else 30) + 5 else 1900)

    @staticmethod
    def _two_digit_years(a: str, b: str) -> bool:
        """Two-digit list items are years when one starts with 0 or they run on (15、16年);
        "10、20年" is ten or twenty years."""
        return a.startswith("0") or b.startswith("0") or int(b) == int(a) + 1

    def _year_list_head(self, m: re.Match[str], s: int, e: int) -> DateHit | None:
        head = m.group("zyl_y")
        nxt = re.match(r"、(\d+)", self.text[e:e + 6])
        if len(head) == 2 and (nxt is None or not self._two_digit_years(head, nxt.group(1)[-2:])):
            return None
        y = int(head) if len(head) == 4 else self._short_year(int(head))
        self.last_year = (y, e)
        return DateHit(s, e, str(y), year=y)

    def _zh(self, m: re.Match[str], s: int, e: int) -> DateHit | None:
        g = {k: m.group(k) for k in _ZH_KEYS}
        for k in ("zq", "zh2", "zye", "zmr", "zmra", "zmrb", "zmo", "zdd", "zwd1", "zwd2", "zmp"):
            g[k] = g[k] or g[k + "_b"]
        if g["zy2"]:
            g["zy"] = g["zy2"]
        if g["ztw"]:
            if not self.taiwan:
                return None          # 114年 is a Minguo year only in a Taiwanese text
            g["zmg"], g["zmy"] = "tw", g["ztw"]
        pub = self.pub
        explicit = None
        if g["zy"]:
            explicit = int(g["zy"])
            if explicit < 100:         # 16年 -> 2016, 95年 -> 1995
                prev = re.search(r"(\d+)、\Z", self.text[max(0, s - 6):s])
                if prev and len(prev.group(1)) == 2 and not self._two_digit_years(prev.group(1), g["zy"]):
                    return None        # 10、20年: ten or twenty years
                explicit = self._short_year(explicit)
        elif g["zmg"]:
            explicit = 1911 + int(g["zmy"])
        elif g["zry"]:
            if g["zry"] in ("前年", "当年", "上年") and self.text[s - 1:s] in ("以", "之", "此", "提", "往", "从"):
                return None             # 以前年度, 之前年: not "the year before last"
            if not pub:
                return DateHit(s, e, None)
            explicit = pub.year + lang.load("zh")["dates"]["relative_years"].get(g["zry"], 0)
        if not any(g[k] for k in ("zq", "zh2", "zye", "zmr", "zmo")):
            # a bare year (2025年, 今年)
            if explicit is None:
                return None
            if g["zy"] or g["zmg"]:
                self.last_year = (explicit, e)
            return DateHit(s, e, str(explicit), year=explicit)
        y = explicit if explicit is not None else self._ctx_year(s)
        if explicit is not None and (g["zy"] or g["zmg"]):
            self.last_year = (explicit, e)
        if g["zmr"]:                 # 1-11月, 1至10月份: the months from the first to the last
            a, b = _num(g["zmra"]), _num(g["zmrb"])
            if not 1 <= a < b <= 12:
                return None
            if explicit is None and y is not None:
                y = self._recent_year(s, b) or y
            return DateHit(s, e, None if y is None else _period(dt.date(y, a, 1), _month_end(y, b)))
        if y is None:
            mo = _num(g["zmo"]) if g["zmo"] else 0
            if g["zmo"] and g["zdd"]:
                ok = _valid(2000, mo, int(g["zdd"]))
                return DateHit(s, e, f"--{mo:02d}-{int(g['zdd']):02d}") if ok else None
            if g["zmo"]:
                return DateHit(s, e, f"--{mo:02d}") if 1 <= mo <= 12 else None
            return DateHit(s, e, None)
        if g["zq"]:
            q = g["zq"]
            digits = re.findall(r"[一二三四两1-4]", q)
            n = _num(digits[0]) if digits and digits[0] in ZH_SMALL else (int(digits[0]) if digits else 0)
            if q.startswith(("上季", "本季", "下季", "上一季", "下一季")):
                if not pub or (q[1] == "一" and self._near_year(s)):
                    return DateHit(s, e, None)      # "2013年当季度…，下一季度": the quarter after 2013's
                cur = (pub.month - 1) // 3 + 1
                qq = cur + {"上": -1, "本": 0, "下": 1}[q[0]]
                yy = pub.year
                if qq == 0:
                    qq, yy = 4, yy - 1
                if qq == 5:
                    qq, yy = 1, yy + 1
                return DateHit(s, e, _quarter(yy, qq))
            if q.startswith("前"):
                return DateHit(s, e, _period(dt.date(y, 1, 1), _month_end(y, 3 * n)))
            if q.startswith("最后") or q.startswith("后"):
                return DateHit(s, e, _period(dt.date(y, 13 - 3 * n, 1), dt.date(y, 12, 31)))
            if not 1 <= n <= 4:
                return None
            if explicit is None and pub and y == pub.year and \
                    dt.date(y, 3 * n - 2, 1) > pub + dt.timedelta(days=60) and not self._future(s):
                y -= 1               # results for "the fourth quarter" in January are last year's
            return DateHit(s, e, _quarter(y, n))
        if g["zh2"]:
            first = g["zh2"] in ("上半年", "前半年")
            return DateHit(s, e, _period(dt.date(y, 1, 1), dt.date(y, 6, 30)) if first
                           else _period(dt.date(y, 7, 1), dt.date(y, 12, 31)))
        if g["zye"]:
            return DateHit(s, e, f"{y}-12-31", bound="about")
        if g["zmo"]:
            mo = _num(g["zmo"])
            if not 1 <= mo <= 12:
                return None
            if explicit is None:
                y = self._recent_year(s, mo, int(g["zdd"]) if g["zdd"] and _valid(2000, mo, int(g["zdd"])) else 1) or y
            if g["zdd"]:
                d = int(g["zdd"])
                if not _valid(y, mo, d):
                    return None
                wd = None
                if g["zwd1"] or g["zwd2"]:
                    c = (g["zwd1"] or g["zwd2"])[-1]
                    wd = "一二三四五六日".find(c) if c != "天" else 6
                return DateHit(s, e, f"{y:04d}-{mo:02d}-{d:02d}", weekday=wd if wd is not None and wd >= 0 else None)
            mp = g["zmp"]
            if mp in ("底", "末"):
                return DateHit(s, e, _iso(_month_end(y, mo)), bound="about")
            if mp in ("初", "上旬"):
                return DateHit(s, e, f"{y:04d}-{mo:02d}-01", bound="about")
            if mp in ("中旬",):
                return DateHit(s, e, f"{y:04d}-{mo:02d}-15", bound="about")
            if mp in ("下旬",):
                return DateHit(s, e, f"{y:04d}-{mo:02d}-25", bound="about")
            return DateHit(s, e, f"{y:04d}-{mo:02d}")
        return None

    def _en_relative(self, g: "_Groups", s: int, e: int, months: dict, wds: dict,
                     rel_years: dict) -> DateHit | None:
        """"January last year", "last July", "early March", "next Wednesday": each read from the
        publication date (or, in wire copy with a dateline, left without a value)."""
        pub = self.pub
        if g["pmo"] and g["pmo_y"]:
            y = int(g["pmo_y"])
            self.last_year = (y, e)
        elif not pub:
            return DateHit(s, e, None) if self.en_relative_ok else None
        if g["mry"]:
            mo = months[g["mry_m"].lower()]
            return DateHit(s, e, f"{pub.year + rel_years[g['mry_rel'].lower() + ' year']:04d}-{mo:02d}")
        if g["lmo"]:
            mo, w = months[g["lmo_m"].lower()], g["lmo_w"].lower()
            y = pub.year
            if w == "last" and mo >= pub.month:
                y -= 1                # "last July", written in April: July of last year
            elif w == "next" and mo <= pub.month:
                y += 1
            return DateHit(s, e, f"{y:04d}-{mo:02d}")
        if g["pmo"]:
            mo, w = months[g["pmo_m"].lower()], g["pmo_w"].lower()
            if not g["pmo_y"]:
                y = self._recent_year(s, mo)
                if y is None:
                    return None
            if w == "end":
                return DateHit(s, e, _iso(_month_end(y, mo)), bound="about")
            return DateHit(s, e, f"{y:04d}-{mo:02d}-{ {'early': 1, 'mid': 15, 'late': 25}[w]:02d}", bound="about")
        wd, w = wds[g["lwd_d"].lower()], g["lwd_w"].lower()
        if w in ("last", "previous"):
            delta = (pub.weekday() - wd) % 7 or 7
            return DateHit(s, e, _iso(pub - dt.timedelta(days=delta)))
        if w in ("next", "coming"):
            delta = (wd - pub.weekday()) % 7 or 7
            return DateHit(s, e, _iso(pub + dt.timedelta(days=delta)))
        return DateHit(s, e, _iso(self._weekday_date(wd, week_offset=0)))

    def _en(self, m: re.Match[str], s: int, e: int) -> DateHit | None:
        g = _Groups(m)
        en = lang.load("en")["dates"]
        months, wds = en["months"], en["weekdays"]
        pub = self.pub
        if g["mdy"] or g["dmy"]:
            k = "mdy" if g["mdy"] else "dmy"
            mo = months[g[k + "_m"].lower()]
            d = int(g[k + "_d"])
            rel = g[k + "_rel"]
            if rel and not pub:
                return DateHit(s, e, f"--{mo:02d}-{d:02d}") if _valid(2000, mo, d) else None
            y = int(g[k + "_y"]) if g[k + "_y"] else (pub.year + en["relative_years"][rel.lower() + " year"] if rel and pub else self._recent_year(s, mo, d))
            if y is not None and not g[k + "_y"]:
                y -= self._year_ago(e)
            if y is None:
                if not _valid(2000, mo, d):
                    return None
                return DateHit(s, e, f"--{mo:02d}-{d:02d}")     # ISO 8601 without a year
            if g[k + "_y"]:
                self.last_year = (y, e)
            if not _valid(y, mo, d):
                return None
            wd = wds[g[k + "_wd"].lower()] if g[k + "_wd"] else None
            if wd is None:
                before = self.text[max(0, s - 14):s]
                mw = re.search(alt(wds, True) + r"\s*[(（,]\s*\Z", before, re.I)
                if mw:
                    wd = wds[mw.group(0).strip(" (（,").lower()]
            return DateHit(s, e, f"{y:04d}-{mo:02d}-{d:02d}", weekday=wd)
        lg = m.lastgroup             # the alternative that matched (its group closes last)
        if lg in ("mry", "lmo", "pmo", "lwd"):
            return self._en_relative(g, s, e, months, wds, en["relative_years"])
        if lg == "mr":
            a, b = months[g["mr_a"].lower()], months[g["mr_b"].lower()]
            if a == b:
                return None
            if g["mr_fy"]:                      # April/January 1986/87: April 1986 to January 1987
                y1 = int(g["mr_fy"])
                if int(g["mr_fy2"]) != (y1 + 1) % 100:
                    return None
                start_y = y1 if a >= self.fiscal_start else y1 + 1
            elif g["mr_y"]:
                start_y = int(g["mr_y"]) - (1 if b < a else 0)
            else:
                y = self._recent_year(s, b)
                if y is None:
                    return None
                start_y = y - (1 if b < a else 0)
            end_y = start_y + (1 if b < a else 0)
            if g["mr_y"] or g["mr_fy"]:
                self.last_year = (end_y, e)
            return DateHit(s, e, _period(dt.date(start_y, a, 1), _month_end(end_y, b)))
        if g["my"]:
            mo, y = months[g["my_m"].lower()], int(g["my_y"])
            self.last_year = (y, e)
            return DateHit(s, e, f"{y:04d}-{mo:02d}", year=y)
        if g["quarter"]:
            n = int(g["q_n"]) if g["q_n"] else en["ordinals"][g["q_o"].lower()]
            y = int(g["q_y"]) if g["q_y"] else self._ctx_year(s)
            if y is None:
                return DateHit(s, e, None)
            if not g["q_y"] and pub and y == pub.year and \
                    dt.date(y, 3 * n - 2, 1) > pub + dt.timedelta(days=60) and not self._future(s):
                y -= 1
            return DateHit(s, e, _quarter(y, n))
        if g["half"]:
            n = int(g["h_n"]) if g["h_n"] else (1 if g["h_o"].lower() == "first" else 2)
            y = int(g["h_y"]) if g["h_y"] else self._ctx_year(s)
            if y is None:
                return DateHit(s, e, None)
            return DateHit(s, e, _period(dt.date(y, 1, 1), dt.date(y, 6, 30)) if n == 1
                           else _period(dt.date(y, 7, 1), dt.date(y, 12, 31)))
        if g["fy"] or g["split"]:
            if g["fy"]:
                y = int(g["fy_y"]) if len(g["fy_y"]) == 4 else 2000 + int(g["fy_y"])
                y2 = g["fy_y2"]
            else:
                y, y2 = int(g["sp_y"]), g["sp_y2"]
            fs = self.fiscal_start
            if y2 is None and not self.fiscal_known:
                return DateHit(s, e, str(y))       # "fiscal 2025" of an unknown calendar
            if y2 is not None:
                if int(y2) != (y + 1) % 100:
                    return None
                start = dt.date(y, fs, 1)
            else:
                start = dt.date(y - 1, fs, 1) if fs != 1 else dt.date(y, 1, 1)
            end = dt.date(start.year + 1, fs, 1) - dt.timedelta(days=1) if fs != 1 else dt.date(y, 12, 31)
            return DateHit(s, e, _period(start, end))
        if lg == "dec":
            y = int(g["dec_y"])
            a, b = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}.get((g["dec_w"] or "").lower(), (0, 9))
            return DateHit(s, e, _period(dt.date(y + a, 1, 1), dt.date(y + b, 12, 31)))
        if g["mid"]:
            y = int(g["mid_y"])
            w = g["mid_w"].lower()
            mo = {"mid": 6, "early": 2, "late": 11, "end": 12}[w]
            return DateHit(s, e, f"{y:04d}-{mo:02d}", bound="about")
        if g["rely"]:
            if not pub:
                return DateHit(s, e, None) if self.en_relative_ok else None
            w = re.sub(r"\s+", " ", g["rely_w"].lower())
            w = {"previous year": "the previous year"}.get(w, w)
            if "current" in w:
                fs = self.fiscal_start
                if fs == 1:
                    return DateHit(s, e, str(pub.year))
                start_y = pub.year if pub.month >= fs else pub.year - 1
                return DateHit(s, e, _period(dt.date(start_y, fs, 1), dt.date(start_y + 1, fs, 1) - dt.timedelta(days=1)))
            off = en["relative_years"].get(w, 0)
            return DateHit(s, e, str(pub.year + off))
        if g["relw"]:
            if not pub:
                return DateHit(s, e, None) if self.en_relative_ok else None
            off = en["relative_weeks"].get(re.sub(r"\s+", " ", g["relw"].lower()), 0)
            mon = self._weekday_date(0, off)
            return DateHit(s, e, _period(mon, mon + dt.timedelta(days=6)))
        if g["reld"]:
            if not pub:
                return DateHit(s, e, None) if self.en_relative_ok else None
            off = en["relative_days"][g["reld"].lower()]
            return DateHit(s, e, _iso(pub + dt.timedelta(days=off)))
        if g["wday"]:
            before = self.text[max(0, s - 6):s].lower()
            if re.search(r"(next|last|every|on a|each)\s+\Z", before):
                return None
            after = self.text[e:e + 4]
            if after[:1].isalpha():
                return None
            if _TITLE_AFTER.match(self.text, e):
                return None          # "the Sunday Telegraph", "Monday Morning Quarterback": a name
            if not pub and not self.en_relative_ok:
                return None
            d = self._weekday_date(wds[m.group("wday").lower()], pos=s)
            return DateHit(s, e, _iso(d) if d else None)
        if g["bmonth"]:
            mo = months[g["bm"].lower()]
            y = self._recent_year(s, mo)
            if y is not None:
                y -= self._year_ago(e)
            if y is None:
                return None          # a bare month name with no year in sight is left alone
            return DateHit(m.start("bm"), e, f"{y:04d}-{mo:02d}")
        if g["year"]:
            y = int(g["yy"])
            if not 1800 <= y <= 2200:
                return None
            self.last_year = (y, e)
            return DateHit(s, e, str(y), year=y)
        return None
