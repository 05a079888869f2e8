"""Find every figure in a text: one pass for dates, one for amounts, then context.

The text is folded once (same length, same offsets). Each number core found by ``CORE``
is widened to the right (range, scale, currency or unit, bound words after it) and to the
left (currency symbol, qualifier words) with anchored patterns from the lexicon. Nothing
here scans more than a bounded window around a match, so time is linear in the text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.extraction import dates
from factcheck.extraction.lexicon import ZH_DIGITS, ZH_NUMERAL, ZH_UNITS, Lexicon, alt, lexicon, zh_unit_kind
from factcheck.extraction.numerals import parse_arabic, parse_en_words, parse_zh


@dataclass(slots=True)
class Hit:
    """A figure under construction (mutable while context is read)."""

    start: int
    end: int
    kind: str
    value: float | str | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    bound: str = "exact"
    step: float | None = None
    scale: float | None = None
    lang: str = "en"
    weekday: int | None = None
    qualifier: str | None = None


# Patterns used inside the per-figure code, compiled once.
_RX1 = re.compile(r"(?:\$|£|€|about |some )\Z")
_RX2 = re.compile(r"\s+of\b")
_RX3 = re.compile(r"\s+(?:digits?|-digit|taxation|whammy|standards?|check|act)", re.I)
_RX4 = re.compile(r"-\d+[A-Za-z]")
_RX5 = re.compile(r"瓦|克|米|字节|赫")
_RX6 = re.compile(r"(?<![a-z])(?:from|rose|fell|up|down|increase[sd]?|cut|raised?|grew|climbed|dropped|declined|jumped|surged|slumped|by|widen|narrow"
                  r"|gain|add|lost|lose|shed|advanc|eas|slipp|slid|rall|tumbl|plung|soar|sank|dipp|edg|firm|weaken|strengthen)\w*\s+\Z")
_RX7 = re.compile(r"-\s+to")
_ZEROS = re.compile(r"0{2,}")
_SPAN_BEFORE_DAYS = re.compile(r"(?:未来|过去|最近)\Z")
_RX8 = re.compile(r" each\b")
_RX9 = re.compile(r"-(euro|dollar|pound|yuan|yen)(?![A-Za-z])", re.I)
_RX10 = re.compile(r"\s+ago\b", re.I)
_RX11 = re.compile(r"\s+(?:as|more|higher|larger|bigger|greater|the|its|that|what)\b", re.I)
_RX12 = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])", re.I)
_RX13 = re.compile(r"\s([a-z][a-z-]{2,})")
_RX14 = re.compile(r"\s+(?:to|or|-)\s+([a-z]+(?:-[a-z]+)?)(?![A-Za-z])", re.I)
_RX15 = re.compile(r"\s(more|fewer|less|new|major|of|percent|per)\b", re.I)
_RX16 = re.compile(r"\s([a-z][a-z-]+)")
_RX17 = re.compile(r"(?:at least|at most|up to|more than|about|nearly|some|only|just|all|the|of|by|from|to)\s+\Z")
_RX18 = re.compile(r"(?:at least|at most|up to|more than|about|nearly|some|only|just)\s+\Z")
_RX19 = re.compile(r"\s+of\s+([a-z][a-z-]+)")
_RX20 = re.compile(r"[一二三两1-3]个?季度")
_RX21 = re.compile(r"(至少|最少|最多|至多|不超过|不低于|不少于|不高于)[^\d，。,；;：:%]{1,10}\Z")
_RX22 = re.compile(r"(余|多)(?=[^\s，。,.；;]?)")
_RX23 = re.compile(r"(余|多)[\u4e00-\u9fff]")
_RX24 = re.compile(r"人民币|/(?:盎司|桶|吨|股|千克|公斤)|每(?:盎司|桶|吨|股)")
_RX25 = re.compile(r"(GB|TB|PB|MB|G|T|P)(?![A-Za-z])")
_RX26 = re.compile(r"\d")
_RX27 = re.compile(r"[A-Za-z]*[\u4e00-\u9fff]{0,4}(?:股|人|支|只|户|辆|台|吨|桶)")
_RX28 = re.compile(r"多[^\s，。,]")
_RX29 = re.compile(r"及以上")
_RX30 = re.compile(r"[一二两三四五六七八九十]")
_RX31 = re.compile(r"\d(?:\.\d)?$")
_RX32 = re.compile(r"[零一二两三四五六七八九十\d]+个?$")
_RX33 = re.compile(r"[后後]")
_RX34 = re.compile(r"[后後][的面]")
_RX35 = re.compile(r"(?:每天|每日|日均|一天)[^，。,；;\d]{0,6}\Z")

_COUNT_AFTER = re.compile(
    r"(?:\s+(?:and|to|or)\s+[\d.,]+\s*(?:m|bn|k|million|billion|thousand)?)?\s+(?:[a-z]+(?:-[a-z]+)?\s+)?"
    r"(shares|units|barrels|tonnes|tons|ounces|people|users|subscribers|customers|vehicles|cars|phones|handsets|"
    r"passengers|visitors|jobs|households|homes|members|devices|accounts|employees|workers|students|tourists)\b", re.I)

ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"


@lru_cache(maxsize=1)
def core_pattern() -> re.Pattern[str]:
    lx = lexicon()
    en = lx.en
    units = {**en["words"]["units"], **en["words"]["tens"]}
    tens = alt(en["words"]["tens"])
    ones = alt([w for w in en["words"]["units"] if en["words"]["units"][w] < 10 and w != "zero"])
    word_bare = rf"(?:{tens}(?:[- ]{ones})?|{alt(units)})"
    word_num = word_bare + r"(?![A-Za-z])"
    mult = alt(en["multipliers"]["words"], True)
    fractions = alt(en["words"]["fractions"], True)
    vague_scale = alt(["thousands", "millions", "billions", "trillions"])
    vague = rf"(?:(?:tens|hundreds|dozens)\s+of\s+{vague_scale}|hundreds\s+of\s+thousands|{vague_scale}|hundreds|dozens)(?![A-Za-z])"
    zhn = ZH_NUMERAL
    # metric abbreviations a Chinese text glues to its amount: "GDP434亿元"
    glued_ok = "".join(f"|(?<={re.escape(w)})" for w in lx.zh["names"].get("glued_before_amount", []))
    parts = [
        # fractions used with pct: 7/8 pct, 1-1/8 pct, 12-1/2
        # and wire prices in eighths: 30-5/8 dlrs, 5-1/4 to 5-1/2 pct
        r"(?P<frac>(?<![\w./-])(?:\d{1,3}-)?\d{1,2}/\d{1,2}(?=\s?(?:pct|%|per\s?cent|percent)|\s+to\s+[\d/-]+\s?(?:pct|%))"
        r"|(?<![\w./-])\d{1,3}-(?:1/2|[13]/4|[1357]/8|(?:[13579]|1[135])/16|[1-9]\d?/(?:32|64))(?![\d/]))",
        rf"(?P<fold>(?<![A-Za-z0-9.])(?:{word_bare}|\d+(?:\.\d+)?)-?fold(?![A-Za-z]))",
        # Arabic, possibly mixed with Chinese scale characters: 1.4万亿, 1千2百万, 1兆530亿
        rf"(?P<num>(?:(?<![A-Za-z0-9_.]){glued_ok}){ARABIC}(?:\s?[{ZH_UNITS}]+(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?[{ZH_UNITS}]+)*)?)",
        rf"(?P<pctzh>百分之(?P<pctzh_n>[{zhn}]+(?:点[{ZH_DIGITS}]+)?|{ARABIC}))",
        rf"(?P<permille>千分之(?P<permille_n>[{zhn}]+(?:点[{ZH_DIGITS}]+)?|{ARABIC}))",
        rf"(?P<chengm>(?<![{zhn}])(?P<cheng_a>[一二两三四五六七八九])成(?P<cheng_b>[一二三四五六七八九])(?![{zhn}成]))",
        # Chinese numerals: 三十亿四千八百万, 五四二.五亿, 两千
        rf"(?P<zhn>[{zhn}]+(?:[.点][{ZH_DIGITS}]+[{ZH_UNITS}]*)?)",
        rf"(?P<fixmult>翻了?[一两二三四]?[倍番]|减半)",
        r"(?P<halfzh>(?<![上下前后])半(?:个月|个小时|小时|年|个世纪|世纪))",
        rf"(?P<frw>(?<![A-Za-z]){fractions})",
        rf"(?P<vague>(?<![A-Za-z]){vague})",
        rf"(?P<mult>(?<![A-Za-z]){mult})",
        rf"(?P<word>(?<![A-Za-z-]){word_num})",
    ]
    return re.compile("|".join(parts), re.I)


@lru_cache(maxsize=1)
def mask_pattern() -> re.Pattern[str]:
    """Spans whose digits are never figures, found in one fast scan: names that contain
    numbers (S&P 500, 沪深300), URLs, e-mail addresses, copyright lines, ids.

    Every alternative starts with a literal character, so the regex engine can skip ahead
    to candidate positions; boundaries are checked by the caller (``_masks``)."""
    lx = lexicon()
    parts = [p for p in lx.names.pattern.split("\x00")]
    parts += [
        r"https?://[^\s<>\"'，。]+", r"www\.[^\s<>\"'，。]+",
        r"@[\w-]+(?:\.[\w-]+)+",
        r"©\s*(?:\d{4}\s*[-–]\s*)?\d{4}",
    ]
    parts += [w + r"\s*(?:\d{4}\s*[-–]\s*)?\d{4}" for w in ("Copyright", "copyright", "COPYRIGHT")]
    parts += [w + r"\s?[:：]\s?[\w-]+" for w in ("ID", "No", "编号")]
    parts += [r"No\.\s?\d+", r"Nos\.\s?\d+"]
    parts += [w + r"[:：]?\s?\d{5,6}" for w in ("邮编", "postcode", "zip code")]
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def digit_mask_pattern() -> re.Pattern[str]:
    """Digit-led spans that are not figures (phones, times, list markers, codes, addresses),
    tried with ``.match`` only where a number starts."""
    parts = [
        r"(?<![\d,.])\d{3,4}[\s-]\d{3,4}[\s-]?\d{3,4}(?!\d)",
        r"(?<=\()\d{2,4}\)\s?\d{3,4}[\s-]\d{4}(?!\d)",
        r"(?<=\+)\d{1,3}[\s-](?:\(\d{1,4}\)|\d{1,4})[\s-]\d{3,4}[\s-]?\d{0,4}(?!\d)",
        r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?",
        r"(?<!\d)\d{1,2}\s?[ap]\.m\.",
        r"(?<![\d.,])\d{4}\s?(?:GMT|UTC|EST|EDT|BST|CET|HKT|JST)\b",
        r"(?m:(?<=^)\d{1,2}(?:、|\.(?=\s)|\)|）))", r"(?m:(?<=^ )\d{1,2}(?:、|\.(?=\s)|\)|）))",
        r"(?m:(?<=^  )\d{1,2}(?:、|\.(?=\s)|\)|）))",
        r"(?<=[（(])\d{1,2}[)）]",
        r"(?<=[（(])(?!(?:19|20)\d\d[)）年])\d{4,6}(?:\.[A-Z]{1,3})?\s?(?=[)）])",
        r"(?<![\d.])\d{4,6}\.(?:HK|SH|SZ|SS|TW|TWO|T|KS|KQ|L|N|O|AX|SI)\b",
        r"(?<![\d,.])\d{1,5}\s(?:[A-Z][a-z]+\s){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Way|Drive|Dr\.?|Boulevard|Blvd\.?|Lane|Loop|Place|Square|Plaza|Court|Parkway)\b",
        r"(?<=[A-Z]{2} )\d{5}(?:-\d{4})?\b",
        r"(?<=[路街道巷弄里])\s?\d{1,5}(?:-\d+)?\s?[号號弄楼樓]",
        r"(?:(?<=上午)|(?<=下午)|(?<=晚上)|(?<=凌晨)|(?<=早上)|(?<=中午)|(?<=傍晚)|(?<=晚间)|(?<=夜间))\s?\d{1,2}\s?[时点](?:\s?\d{1,2}\s?分)?",
        r"(?<!\d)\d{1,2}\s?时\s?\d{1,2}\s?分",
        r"(?<![\d.,])\d{6,}-\d+",
        r"(?<=[.。!?！？;；]\s)\d{1,2}\.(?=\s)",
        r"(?<=[.。!?！？;；])\d{1,2}\.(?=\s)",
        r"(?<![\d.])\d{1,2}、(?!\d)",
        # footnote marks and inline list markers: 高善文[1], "2）被动", 点评1.财政
        r"(?<=[^\d\s\[]\[)\d{1,2}(?=\])", r"(?<=[\s：:，,；;。])\d{1,2}[)）](?=[\u4e00-\u9fff])", r"(?<=[\u4e00-\u9fff])\d{1,2}\.(?=[\u4e00-\u9fff])",
        # generations: 80后, 90后, 00后
        r"(?<![\d.])[0-9]0后(?![\d])",
        # tenor labels of money-market products in Chinese copy: 7D逆回购, 3M期, 1M品种, 7D-14D
        r"(?<![\d.A-Za-z])\d{1,3}(?:\.\d+)?[DWMY](?=[\u4e00-\u9fff、/]|-\d{1,3}[DWMY])",
    ]
    lx = lexicon()
    parts += [p for pack in (lx.en, lx.zh) for p in pack.get("names", {}).get("digit_led", [])]
    return re.compile("|".join(parts))


ANCHOR_NUMERALS = "零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟"
# CJK words that can start a date or a figure without a numeral in front (今年, 上周, 翻倍…)
ANCHOR_ZH_WORDS = ("今年", "今日", "今天", "去年", "明年", "明日", "明天", "前年", "前一", "前日", "前天", "前两", "前三",
                   "前二", "前1", "前2", "前3", "前4", "前5", "前6", "前7", "前8", "前9", "前十", "后年", "后两", "后三",
                   "后半", "本周", "本月", "本季", "本年", "本星期", "上周", "上月", "上个", "上季", "上年", "上半", "上一", "下一",
                   "上星期", "下周", "下月", "下个", "下季", "下半", "下星期", "当年", "当天", "当日", "当月", "这周",
                   "这个月", "昨日", "昨天", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天", "周末",
                   "星期", "礼拜", "民国", "第一季", "第二季", "第三季", "第四季", "第1季", "第2季", "第3季", "第4季", "最后", "年底", "年末", "年终", "半个", "半年", "半小时", "翻", "减半")


@lru_cache(maxsize=1)
def anchor_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Where a date or a number can start: digit runs and CJK trigger characters (one
    character class, so the engine skips everything else), and English trigger words on
    the lower-cased text (a literal-first trie, checked for a word start)."""
    digits = re.compile(rf"[0-9](?<![0-9][0-9])|[{ANCHOR_NUMERALS}](?<![{ANCHOR_NUMERALS}][{ANCHOR_NUMERALS}])")
    zh_words = re.compile("|".join(re.escape(w) for w in sorted(ANCHOR_ZH_WORDS, key=len, reverse=True)))
    lx = lexicon()
    en = lx.en
    words = set(en["words"]["units"]) | set(en["words"]["tens"]) | set(en["words"]["fractions"])
    words |= {"tens", "hundreds", "dozens", "thousands", "millions", "billions", "trillions", "hundred"}
    words |= set(en["multipliers"]["words"]) | set(en["dates"]["months"]) | set(en["dates"]["weekdays"])
    words |= {"q1", "q2", "q3", "q4", "h1", "h2", "first", "second", "third", "fourth", "fiscal", "fy", "mid",
              "early", "late", "end", "year-end", "this", "last", "next", "current", "previous", "a year",
              "yesterday", "today", "tomorrow"}
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w)
    groups = []
    for c, ws in sorted(by_first.items()):
        rest = sorted({w[1:] for w in ws}, key=lambda x: (-len(x), x))
        body = "|".join(re.escape(r) for r in rest if r)
        tail = f"(?:{body})" if body else ""
        if "" in rest:
            tail = f"(?:{body})?"
        groups.append(f"{re.escape(c)}(?<![a-z]{re.escape(c)}){tail}")
    return digits, zh_words, re.compile("|".join(groups))


def _masks(folded: str) -> "Spans":
    spans = []
    for m in mask_pattern().finditer(folded):
        s, e = m.span()
        if e == s:
            continue
        c = folded[s]
        if c == "@":                    # an e-mail: extend to the local part
            while s > 0 and (folded[s - 1].isalnum() or folded[s - 1] in "._+-"):
                s -= 1
        elif c.isascii() and c.isalnum() and s > 0 and folded[s - 1].isascii() and folded[s - 1].isalnum():
            continue                    # a name must start a word: not "AS&P 500"
        elif e < len(folded) and (folded[e].isdigit() or folded[e] in "万亿兆千百元美港%") and c.isascii():
            continue                    # nor end inside a number: "777亿美元" is an amount
        elif c.isdigit() and folded[e - 1].isdigit() and _AMOUNT_AFTER.match(folded, e):
            continue                    # "747.9 mln", "737,000 tonnes": an amount, not a jet
        spans.append((s, e))
    return Spans(spans)


_AMOUNT_AFTER = re.compile(r"[.,]\d|\s?(?:mln|million|billion|bln|bn|pct|percent|per cent|tonnes|tons|dlrs|dollars)\b", re.I)


class Spans:
    """Sorted, non-overlapping-ish intervals with a fast membership test."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def covers(self, i: int) -> bool:
        k = bisect.bisect_right(self.starts, i) - 1
        return k >= 0 and self.ends[k] > i


ZH_CHAR = re.compile(r"[\u4e00-\u9fff]")


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"


def scan(text: str, folded: str, published: str | None, fiscal_start: int | None) -> list[Hit]:
    """Every figure in ``text`` (``folded`` is its folded form), sorted by offset.

    Only anchor positions (digits, CJK trigger characters, English trigger words) are tried:
    there the date pattern first, then the number pattern, each with ``.match``."""
    lx = lexicon()
    masks = _masks(folded)
    lower = folded.lower()
    if len(lower) != len(folded):       # a few letters lower-case to two code points
        lower = folded.translate(_ASCII_LOWER)
    dig_re, zh_re, word_re = anchor_patterns()
    anchors = sorted({m.start() for m in dig_re.finditer(folded)} | {m.start() for m in zh_re.finditer(folded)}
                     | {m.start() for m in word_re.finditer(lower)})
    date_re, core_re, dmask_re = dates.pattern(), core_pattern(), digit_mask_pattern()
    resolver = dates.Resolver(folded, published, fiscal_start, taiwan=_taiwan(folded))
    ctx = _Context(text, folded, lx)
    hits: list[Hit] = []
    last_end = 0
    for p in anchors:
        if p < last_end or masks.covers(p):
            continue
        c = folded[p]
        digit = "0" <= c <= "9"
        if digit and p and folded[p - 1] == "第" and not _QUARTER_AFTER.match(folded, p):
            last_end = _RUN.match(folded, p).end()      # 第31位: a rank
            continue
        if digit and p and folded[p - 1] == "前" and (top := _TOP_N.match(folded, p)):
            last_end = top.end()      # 前20强, 前5名, 前10大: a ranked list
            continue
        run_end = _RUN.match(folded, p).end() if digit else p
        if digit and folded[run_end:run_end + 1] not in _PLAIN_AFTER:
            soup = _SOUP.match(folded, p)
            if soup:                    # "1,0,0,0…", "-1-1-1…": digit soup, not figures
                last_end = soup.end()
                continue
            mm = dmask_re.match(folded, p)
            if mm and mm.end() > p:
                last_end = mm.end()
                continue
        m = date_re.match(folded, p) if (not digit or _maybe_date(folded, p)) else None
        if m and m.end() > p:
            h = resolver.resolve(m)
            if h is not None and not _year_is_amount(folded, h.start, h.end, m) and not (
                    m.lastgroup == "year" and lx.en_product_before.search(folded[max(0, h.start - 16):h.start])):
                hits.append(Hit(h.start, h.end, "date", h.value, bound=h.bound,
                                lang="zh" if ZH_CHAR.search(m.group(0)) else "en", weekday=h.weekday))
                last_end = h.end
                continue
        m = core_re.match(folded, p)
        if m is None or m.end() == p:
            continue
        hit = ctx.build(m)
        if hit is None:
            last_end = m.end()          # 第十三名: no new start inside a rejected numeral
            continue
        hits.append(hit)
        last_end = hit.end
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    out = _join_ranges(out, folded) if " to " in folded or " and " in folded else out
    return _carry_units(out, folded)


_LIST_GAP = re.compile(r"\s*(?:(?:in|for)\s+(?:fiscal\s+)?(?:19|20)\d\d(?:/\d\d)?\s*)?,?\s*"
                       r"(?:(?:and|or|from|against|versus|vs\.?|compared\s+with)\s+)?(?:an?\s+)?(?:(?:expected|estimated|revised|forecast)\s+)?"
                       r"(?:(?:in|for)\s+(?:the\s+)?[A-Z][\w.-]*(?:[ -][A-Z][\w.-]*)?\s+)?\Z")


def _carry_units(hits: list[Hit], folded: str) -> list[Hit]:
    """A bare number listed right after a physical quantity takes its unit: "France received
    34,500 tonnes, in the U.K. 37,800, in West Germany 20,000"; "93 mln tonnes, up from 92 mln"
    is not listed (a move word comes between) and keeps what it had."""
    for i in range(1, len(hits)):
        b = hits[i]
        if b.kind != "number" or b.unit is not None or b.lang != "en":
            continue
        a = hits[i - 1] if hits[i - 1].kind != "date" or i < 2 else hits[i - 2]   # "2.4 mln tonnes in 1988 from … 2.2 mln"
        if a.kind != "quantity" or a.lang != "en" or not folded[a.end:b.start].strip():
            continue
        if not isinstance(b.value, (int, float)) or not isinstance(a.value, (int, float)) or a.value <= 0:
            continue
        if not 0.1 <= b.value / a.value <= 10 or (b.scale or 1) != (a.scale or 1):
            continue                  # "37,800" after "34,500 tonnes", not "3" after "34,500 tonnes"
        if b.start - a.end > 40 or not _LIST_GAP.fullmatch(folded, a.end, b.start):
            continue
        b.kind, b.unit = a.kind, a.unit
    return hits


_ADVERB_END = re.compile(r"(?:only|just|about|some|nearly|almost|roughly|around|another|a\s+further)\s+\Z")
_RANGE_JOIN = re.compile(r"\s+(to|and)\s+")
_BETWEEN_END = re.compile(r"\bbetween\s+\Z", re.I)
_RANGE_KINDS = ("money", "percent", "quantity", "count", "number")


def _join_ranges(hits: list[Hit], folded: str) -> list[Hit]:
    """Two amounts that each carry their unit, or a bare amount before a unit, joined by "to"
    (or "between … and") are one range: "17 cents to 19 cents", "between 82 mln dlrs and
    84 mln dlrs", "25 billion and 30 billion dlrs", "5-1/4 to 5-1/2 pct". Not after a move
    ("rose 17 cents to 19 cents", "from 5 to 7 pct": a change, then a level)."""
    out: list[Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        joined = _joined(a, b, folded) if b is not None else None
        if joined is not None:
            out.append(joined)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _joined(a: Hit, b: Hit, folded: str) -> Hit | None:
    if a.lang != "en" or b.lang != "en" or a.kind not in _RANGE_KINDS or b.kind not in _RANGE_KINDS:
        return None
    if a.bound not in ("exact", "about") or b.bound != "exact":
        return None
    if not isinstance(a.value, (int, float)) or not isinstance(b.value, (int, float)) or b.value <= a.value:
        return None
    m = _RANGE_JOIN.fullmatch(folded, a.end, b.start)
    if m is None:
        return None
    if a.kind == "number" and a.unit is None:
        kind, unit = b.kind, b.unit                  # "25 billion and 30 billion dlrs"
    elif a.kind == b.kind and a.unit == b.unit:
        kind, unit = a.kind, a.unit
    else:
        return None
    if kind == "number" and not (a.scale or b.scale or "," in folded[a.start:b.end]):
        return None                                  # "5 to 4", "1 and 2": no amounts named
    before = folded[max(0, a.start - 32):a.start]
    start = a.start
    low = float(a.value)
    if not a.scale and b.scale and a.value * b.scale < b.value:
        low = float(_mul(a.value, b.scale))          # "2.5 to three billion dlrs": the scale covers both ends
    if m.group(1) == "and":
        mb = _BETWEEN_END.search(before)
        if mb is None:
            return None
        start -= len(before) - mb.start()
    elif _RX6.search(_ADVERB_END.sub("", before.lower())) or "from" in before.lower().split():
        return None                                  # "fell by only 126 mln stg to 539 mln": a change, then a level
    return Hit(start, b.end, kind, None, low=low, high=float(b.value), unit=unit,
               bound="range", scale=max(a.scale or 0, b.scale or 0) or None, lang="en",
               qualifier=a.qualifier)


_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
# 40 or more characters of nothing but digits and separators: a code, a table dump or junk
_SOUP = re.compile(r"(?:\d+[,./\-:;~_|]){12,}\d*"
                   # twelve or more bare numbers with only spaces between: a data dump, not prose
                   r"|(?:\d+(?:[.,]\d+)?[ \t\u00a0\u2009\u202f]{1,4}){12,}\d*")
_RUN = re.compile(r"\d+")
# one or two lower-case modifiers, then a plural noun: "top bosses", "fully-operational banking groups"
_MODIFIED_NOUN = re.compile(r"(?:\s+(?!(?:is|are|was|were|has|have|had|will|would|can|could|of|and|or|to|in|on|at|for|by|with|from|as|than)\b)[a-z][a-z-]+){1,2}\s+([a-z]{3,}s)\b")
_OF_A_POINT = re.compile(r"(?:\s+(?:of\s+)?a\s+(?:percentage\s+)?|-(?:percentage-)?)point\b", re.I)
_OF_A_SCALE = re.compile(r"\s+(?:of\s+)?an?\s+(million|billion|trillion)\b(?:\s+(dollars|euros|pounds|yen|yuan))?", re.I)
_HYPHEN_AMOUNT = re.compile(r"-(?:(mln|million|billion|bln|bn)-)?(dlrs?|dollars?|stg|yen|francs?|marks?|crowns?|guilders?|yuan|rupees?|euros?)\b", re.I)
_ZH_SCALE_RUN = re.compile(r"[万亿兆]+")
_FROM_AFTER = re.compile(r",?\s+from\s+(?=[\d$£€]|(?:19|20)\d\d'?s?\b)", re.I)
_TOP_N = re.compile(r"\d+\s?(?:名|位|强|大)")
# a digit run followed by one of these is an amount, a date or a unit: no mask can start there
_PLAIN_AFTER = frozenset("万亿兆元%年月日个家只名倍成辆台吨桶股人次项款座支")


_UNIT_ANY: list[re.Pattern[str]] = []


def _first_part(m: re.Match[str]) -> int:
    """Which part of the _unit_any pattern matched: its u<i> group is the outermost, so the
    last to close (0, "try every part", if that ever fails to hold)."""
    return _PART_OF.get(m.lastindex or 0, 0)


_PART_OF: dict[int, int] = {}


def _unit_any(lx: Lexicon) -> re.Pattern[str]:
    """One pattern that says whether any English unit word could follow a number."""
    if _UNIT_ANY:
        return _UNIT_ANY[0]
    parts = [lx.en_percent.pattern, lx.en_points.pattern, lx.en_bps.pattern, _CENTS.pattern,
             lx.en_cur_suffix.pattern, r"-(?:euro|dollar|pound|yuan|yen)", lx.en_of_cur.pattern,
             lx.en_quantity.pattern, lx.en_duration.pattern, lx.en_times.pattern]
    # one named group per part, in _en_unit's order: the first part that matches tells
    # _en_unit where to start (the parts before it cannot match there)
    _UNIT_ANY.append(re.compile("|".join(f"(?P<u{i}>{p})" for i, p in enumerate(parts)), re.I))
    _PART_OF.update({index: int(name[1:]) for name, index in _UNIT_ANY[0].groupindex.items()
                     if name[:1] == "u" and name[1:].isdigit()})
    return _UNIT_ANY[0]
# "340亿元至365亿元": a range whose two ends both carry the scale and unit
_ZH_RANGE_AFTER_UNIT = re.compile(r"\s?(?:至|到|~|～|-|—)\s?(?P<n>[0-9][0-9,.]*[十百千万亿兆]*)(?P<u>亿元|万元|元|美元|亿美元|万美元|港元|亿港元|%|万辆|万台|万人|万吨|亿股|万股)")
_CENTS = re.compile(r"\s?(cents?|cts|ct|pence|p(?=[\s,.;:)]|\Z))(?![A-Za-z])", re.I)      # "34 cts", "548p": cents and pence
_QUARTER_AFTER = re.compile(r"[1-4]\s?季")
_SPACES = re.compile(r"\s+")
_GLUED_UNIT = re.compile(r"(?:bn|mn|mln|bln|tn|trn|[kmbt]|x|pct|gw|mw|kw|twh|gwh|mwh|kwh|gb|tb|pb|mb|nm|km|kg|bpd|bps|bp"
                         r"|st|nd|rd|th|s|p)(?![A-Za-z])|(?:bn|m|b)-", re.I)
_SCALE_RANGE = re.compile(r"\s?(?:-|–)\s?(?:US\$|\$|£|€)?(" + ARABIC + r")")
_EN_RANGE = re.compile(r"(%|\s?pct|\s?per\s?cent)?(\s?(?:-|–|~)\s?|-?\s+to\s+|\s+and\s+)((?:US\$|\$|£|€)?)("
                       + ARABIC + r")(%|\s?pct|\s?per\s?cent)?", re.I)
_CUR_END = re.compile(r"(?:us\$|\$|£|€)\s?\Z")
_ZH_RANGE = re.compile(r"(%?)\s?(?:-|~|～|至|到|—)\s?([0-9.,]+|[" + ZH_NUMERAL + r"]+)([万亿]*)(%?)")
_LEFT_HINT = re.compile(r"[A-Za-z$€£¥₹]\s*\Z|[A-Za-z]\s+\Z")


def _maybe_date(folded: str, p: int) -> bool:
    """Cheap test before the date pattern: can a date start at this digit run?"""
    m = _RUN.match(folded, p)
    run = m.group(0)
    nxt = folded[m.end():m.end() + 2]
    if len(run) == 4 and run[:2] in ("19", "20"):
        return True
    c = nxt[:1]
    if len(run) <= 3 and c and c in "月日号年-/－—–~～至到":
        return True
    if len(run) == 2 and c == "、":                 # 03、04年: a list of years
        return True
    if len(run) == 1 and nxt == "季度":    # 4季度: the fourth quarter (过去4季度: four quarters)
        return folded[max(0, p - 2):p] not in ("过去", "连续", "未来", "最近") and folded[p - 1:p] not in ("近", "前", "后")
    if c == " ":                          # "30 September", "6 Nov"
        return nxt[1:2].isupper()
    return c.isalpha() and c.isascii()    # "1st", "Q1"… and 4-digit years above


def _taiwan(folded: str) -> bool:
    """Does the text say it is Taiwanese (so 114年 is a Minguo year)?"""
    head = folded[:5000]
    return any(c in head for c in lexicon().zh["dates"]["taiwan_cues"])


def _year_is_amount(folded: str, s: int, e: int, m: re.Match[str]) -> bool:
    """A bare year followed by a count word ("2003 units") is a number, not a date."""
    if not m.group("year"):
        return False
    before = folded[max(0, s - 3):s]
    return bool(_RX1.search(before))


_WORD_RE = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _table_label_pattern() -> re.Pattern[str]:
    """A line led by an earnings-table money label ("Net", "Revs"…; lang/en/numbers.toml)."""
    labels = sorted(lexicon().en["units"].get("table_money_labels", ()), key=len, reverse=True)
    if not labels:
        return re.compile(r"(?!)")
    return re.compile(r"[ \t]*(?:" + "|".join(re.escape(w) for w in labels) + r")\b[ \t]+(?=[\d(-])", re.I)


_DATELINE_CITY = re.compile(r"^[ \t]*([A-Z][A-Z .'-]{1,30}),[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}\b", re.M)


def _dateline_currencies(folded: str, lx: Lexicon) -> dict[str, str]:
    """Plain currency words ("francs", "crowns", "pesos", and "franc"…) read as the wire
    dateline city's currency, from lang/en/numbers.toml [currency.dateline]."""
    table = lx.en["currency"].get("dateline", {})
    if not table or not any(w[:-1] in folded for w in table):
        return {}
    m = _DATELINE_CITY.search(folded, 0, 600)
    if not m:
        return {}
    city = m.group(1).strip()
    return {form: cities[city] for w, cities in table.items() if city in cities for form in (w, w[:-1])}


class _Context:
    """Reads the words around a number core; one instance per document."""

    def __init__(self, text: str, folded: str, lx: Lexicon):
        self.text, self.f, self.lx = text, folded, lx
        self.money_pos: list[tuple[int, str]] = []     # (offset, currency) of money seen so far
        self.dollar: str | None = None                 # which dollar "dlrs" means in this text
        self.local = _dateline_currencies(folded, lx)  # "francs" -> FRF under a PARIS dateline
        self._unit_any = _unit_any(lx)
        self.zkind = zh_unit_kind()
        self.en_units = lx.en["units"]
        self.not_count = frozenset(self.en_units.get("not_count_nouns", ()))
        self.not_money = frozenset(self.en_units.get("not_money_before", ()))
        self._table_label_re = _table_label_pattern()
        self.zh = lx.zh
        self.word_before_yue = tuple(lx.zh["qualifiers"].get("word_before_yue", ()))   # 合约, 签约: no "about"

    # ---------------------------------------------------------------- helpers
    def _before(self, s: int, n: int = 30) -> str:
        return self.f[max(0, s - n):s]

    def _recent_currency(self, s: int, window: int = 400) -> str | None:
        """The currency of the last money figure before ``s`` that is not a conversion in
        brackets: "77m euros (£53m; $100m), up from 55m" -> EUR."""
        for pos, cur in reversed(self.money_pos):
            if s - pos > window:
                break
            if self._in_brackets(pos):
                continue
            return cur
        return None

    def _table_money_line(self, s: int) -> bool:
        """Whether ``s`` lies on an earnings-table line led by a money label ("Net 807,000 vs …")."""
        start = self.f.rfind("\n", 0, s) + 1
        return bool(self._table_label_re.match(self.f, start)) and "\n" not in self.f[start:s]

    def _not_money_context(self, s: int) -> bool:
        """A word for people or things just before a bare "N million" in its sentence
        ("Unemployment rose to 2.97 million"): the amount does not take the last currency."""
        before = self.f[max(0, s - 48):s]
        cut = max(before.rfind(". "), before.rfind("\n"))
        words = _WORD_RE.findall(before[cut + 1:].lower())
        return any(w in self.not_money for w in words)

    def _in_brackets(self, pos: int) -> bool:
        before = self.f[max(0, pos - 40):pos]
        i = max(before.rfind("("), before.rfind("（"))
        return i >= 0 and ")" not in before[i:] and "）" not in before[i:]

    # ---------------------------------------------------------------- entry
    def build(self, m: re.Match[str]) -> Hit | None:
        kind = m.lastgroup
        if kind in ("num", "zhn"):
            return self._number(m)
        if kind == "frac":
            r = parse_arabic(m.group(0))
            if r is None:
                return None
            h = Hit(m.start(), m.end(), "number", r[0], step=r[1])
            return self._finish_en(h, m.end(), r[0], r[1])
        if kind == "pctzh":
            n = m.group("pctzh_n")
            r = parse_arabic(n) if n[0].isdigit() else parse_zh(n.replace("点", "."))
            if r is None:
                return None
            h = Hit(m.start(), m.end(), "percent", r[0], unit="%", step=r[1], lang="zh")
            self._zh_left(h)
            return h
        if kind == "fixmult":
            w = m.group(0)
            v = self.zh["multipliers"]["fixed"].get(w)
            if v is None:
                n = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4}.get(w[-2:-1], 1)
                v = 2.0 ** n if "番" in w else n + 1.0     # 翻N番 = 2^N, 翻N倍 = N+1
            return Hit(m.start(), m.end(), "multiplier", v, lang="zh")
        if kind == "permille":
            n = m.group("permille_n")
            r = parse_arabic(n) if n[0].isdigit() else parse_zh(n)
            if r is None:
                return None
            h = Hit(m.start(), m.end(), "percent", _mul(r[0], 0.1), unit="%", step=r[1] * 0.1, lang="zh")
            self._zh_left(h)
            return h
        if kind == "chengm":
            a, b = "一二三四五六七八九".find(m.group("cheng_a").replace("两", "二")) + 1, "一二三四五六七八九".find(m.group("cheng_b")) + 1
            h = Hit(m.start(), m.end(), "percent", float(a * 10 + b), unit="%", step=0.5, lang="zh")
            self._zh_left(h)
            return h
        if kind == "halfzh":
            w = m.group(0)
            unit = "month" if "月" in w else "hour" if "小时" in w else "year"
            v = 0.5 if "世纪" not in w else 50.0
            return Hit(m.start(), m.end(), "duration", v, unit=unit, lang="zh")
        if kind == "frw":
            w = _SPACES.sub(" ", m.group(0).lower())
            v = self.lx.en["words"]["fractions"][w]
            if "quarter" in w and not _RX2.match(self.f[m.end():m.end() + 4]):
                if w.startswith("a ") or w.startswith("one"):
                    return None                     # "a quarter" alone is a period
                n = parse_en_words(w.split("-")[0].split(" ")[0])
                return Hit(m.start(), m.end(), "duration", (n or 1) * 3, unit="month") if n else None
            h = Hit(m.start(), m.end(), "ratio", v)
            mp = _OF_A_POINT.match(self.f, m.end())
            if mp:                    # "a quarter of a percentage point": 0.25 pp
                h.kind, h.unit, h.end = "percentage_points", "pp", mp.end()
            else:
                ms = _OF_A_SCALE.match(self.f, m.end())
                if ms:                # "half a billion dollars", "a quarter of a million"
                    k = self.lx.en["scales"]["words"][ms.group(1).lower()]
                    h.kind, h.value, h.end, h.scale = "number", _mul(v, k), ms.end(), k
                    cur = ms.group(2) and lookup(self.lx.en["currency"]["suffix"], ms.group(2))
                    if cur:
                        h.kind, h.unit = "money", cur
            self._en_left(h)
            return h
        if kind == "vague":
            return self._vague_en(m)
        if kind == "mult":
            w = m.group(0).lower()
            v = self.lx.en["multipliers"]["words"][w]
            h = Hit(m.start(), m.end(), "multiplier", v)
            if w == "double" and _RX3.match(self.f[m.end():m.end() + 12]):
                return None
            self._en_left(h)
            return h
        if kind == "fold":
            w = m.group(0).lower().replace("fold", "").rstrip("-")
            v = float(w) if w.isdigit() else parse_en_words(w)
            if v is None:
                return None
            h = Hit(m.start(), m.end(), "multiplier", v)
            self._en_left(h)
            return h
        if kind == "word":
            return self._word(m)
        return None

    # ---------------------------------------------------------------- numbers
    def _number(self, m: re.Match[str]) -> Hit | None:
        s, e = m.span()
        raw = m.group(0)
        f = self.f
        zh_core = m.lastgroup == "zhn" or any(c in ZH_UNITS for c in raw)
        if m.lastgroup == "num":
            # glued to letters or a hyphenated code: A55, GPT-5, 777-200LR, COVID-19
            if s >= 2 and f[s - 1] == "-" and f[s - 2].isalpha() and f[s - 2].isascii():
                return None
            nxt = f[e:e + 1]
            if nxt.isascii() and nxt.isalpha() and raw[-1].isdigit() and not self._unit_glued(e):
                return None
            if nxt == "-" and _RX4.match(f[e:e + 8]):
                return None
            if s >= 2 and f[s - 1] == "/" and f[s - 2].isdigit():
                return None          # 1986/87 (the date pass took 1986)
            if f[s - 1:s] == "第" or (nxt == "-" and f[e + 1:e + 2].isupper()):
                return None          # 第31位 (a rank), 7-Eleven (a name)
        if m.lastgroup == "zhn":
            return self._zh_numeral(m)
        if zh_core and raw[-1] in "千兆" and _RX5.match(f[e:e + 2]):
            raw = raw[:-1]           # 50亿千瓦时: the 千 belongs to the unit
            e -= 1
            zh_core = any(c in ZH_UNITS for c in raw)
        if zh_core:
            r = parse_zh(raw.replace(" ", "").replace(",", ""))
        else:
            r = parse_arabic(raw)
        if r is None:
            return None
        value, step = r
        cjk_around = is_cjk(f[e:e + 1]) or is_cjk(f[s - 1:s]) or zh_core or \
            (f[e:e + 1] == " " and is_cjk(f[e + 1:e + 2]) and is_cjk(f[s - 2:s - 1])) or \
            "\uff00" <= self.text[s - 1:s] <= "\uffef" or (f[e:e + 1] == "%" and is_cjk(f[e + 1:e + 2]))
        # (a full-width comma before, "，75%以上", folds to ","; "5%以上为…" has its Chinese after the %)
        h = Hit(s, e, "number", value, step=step, lang="zh" if cjk_around else "en")
        if s >= 1 and f[s - 1] == "-" and (s < 2 or not ((f[s - 2].isascii() and f[s - 2].isalnum()) or f[s - 2] in "$£€%")):
            h.start -= 1             # a written minus sign: -4.6%
            h.value = -value
        if zh_core:
            h.scale = _zh_scale(raw)
        if cjk_around:
            return self._finish_zh(h, raw)
        return self._finish_en(h, e, value, step)

    def _unit_glued(self, e: int) -> bool:
        """Letters right after digits that are a unit or scale: 20B, 3.5bn, 10GW, 256GB, 2x."""
        seg = self.f[e:e + 12]
        return bool(_GLUED_UNIT.match(seg))

    # ---------------------------------------------------------------- English
    def _en_left(self, h: Hit) -> None:
        """Currency symbol and qualifier words before the figure (kept in the span)."""
        before = self._before(h.start, 30)
        if not _LEFT_HINT.search(before):
            return
        mc = self.lx.en_cur_prefix.search(before)
        if mc and not (mc.group(0).strip().isalpha() and len(mc.group(0).strip()) <= 3 and
                       before[mc.start() - 1:mc.start()].isalpha()):
            cur = lookup(self.lx.en["currency"]["prefix"], mc.group(0).strip())
            if cur:
                h.start -= len(before) - mc.start()
                h.unit = cur
                if self.f[h.start - 1:h.start] == "-" and not self.f[h.start - 2:h.start - 1].isalnum() \
                        and isinstance(h.value, (int, float)):
                    h.start -= 1     # -$45m
                    h.value = -h.value
                if h.kind in ("number", "count"):
                    h.kind = "money"
                before = self._before(h.start, 30)
        mq = self.lx.en_qualifier.search(before)
        if mq:
            word = _SPACES.sub(" ", mq.group(0).strip().lower())
            bound = self.lx.en_bound_of.get(word)
            if word == "up to" and _FROM_AFTER.match(self.f, h.end):
                bound = None          # "revised up to 300 mln stg from 250 mln": raised to, not at most
            if bound and not (h.kind == "duration" and word in self.lx.en["qualifiers"]["not_before_duration"]):
                h.bound = bound
                h.qualifier = word
                h.start -= len(before) - mq.start()

    def _finish_en(self, h: Hit, e: int, value: float, step: float) -> Hit | None:
        f, lx = self.f, self.lx
        if f.startswith("00", h.start) and _ZEROS.fullmatch(f, h.start, e):
            return None               # "7,813,0000 dlrs": the tail of a mistyped number, not an amount of 0
        # range: 3-5%, $2-$3.8 trillion, 70% to 80%, between 15 and 18 dlrs
        rng = self._en_range(h, e)
        if rng:
            e = rng
        mh = _HYPHEN_AMOUNT.match(f, e)
        if mh and isinstance(h.value, (int, float)):      # "a 26-mln-dlr charge"
            if mh.group(1):      # "26-mln-dlr"; "a 4.50-dlr price" has no scale
                k = lx.en["scales"]["words"].get(mh.group(1).lower(), 1e6)
                _scale_hit(h, k)
                h.scale = k
            word = mh.group(2).lower()
            cur = lookup(lx.en["currency"]["suffix"], word) or lookup(lx.en["currency"]["suffix"], word + "s")
            h.kind, h.unit, h.end = "money", (self.dollar if cur == "USD" and self.dollar else cur) or "USD", mh.end()
            self.money_pos.append((h.start, h.unit))
            return h
        # scale
        ms = lx.en_scale.match(f, e) or lx.en_glued_scale.match(f, e)
        if ms and ms.group(0) == "M" and not lx.en_cur_prefix.search(self._before(h.start, 8)):
            return None              # 3M is a company; $3M is money
        if ms:
            word = ms.group(0).strip().lower()
            factor = lx.en["scales"]["words"].get(word) or lx.en["scales"]["glued"].get(word)
            if factor:
                h.scale = factor
                e = ms.end()
                _scale_hit(h, factor)
                if isinstance(h.value, float) and h.value.is_integer() and h.value < 1e18:
                    h.value = int(h.value)
        # a range after a scale: €3bn-€4bn, $2bn-3bn
        if h.scale and h.bound != "range":
            m2 = _SCALE_RANGE.match(f[e:e + 24])
            if m2:
                ms2 = lx.en_scale.match(f, e + m2.end()) or lx.en_glued_scale.match(f, e + m2.end())
                r2 = parse_arabic(m2.group(1))
                if ms2 and r2 and isinstance(h.value, (int, float)):
                    f2 = lx.en["scales"]["words"].get(ms2.group(0).strip().lower()) or \
                        lx.en["scales"]["glued"].get(ms2.group(0).strip().lower())
                    if f2 and _mul(r2[0], f2) > h.value:
                        h.low, h.high, h.value, h.bound = float(h.value), _mul(r2[0], f2), None, "range"
                        e = e + m2.end() + len(ms2.group(0))
        # unit
        e = self._en_unit(h, e)
        if e is None:
            return None
        if h.kind in ("number", "count", "multiplier") and not h.scale and lx.en_product_before.search(self._before(h.start, 16)):
            return None          # product names: "iPhone 15", "Boeing 777", "IdeaPad Slim 5x"
        h.end = e
        self._en_left(h)
        if h.kind == "money" and h.unit is None:
            h.unit = self._recent_currency(h.start) or "USD"
        mc = _COUNT_AFTER.match(self.f, h.end) if h.kind == "number" else None
        if mc:
            h.kind, h.unit = "count", singular(mc.group(1).lower())
        if h.kind == "number" and h.scale and h.scale >= 1e6 and not self._not_money_context(h.start):
            cur = self._recent_currency(h.start)
            if cur:
                h.kind, h.unit = "money", cur
        if h.kind == "number" and self._table_money_line(h.start):
            h.kind, h.unit = "money", self._recent_currency(h.start, 3000) or self.dollar or "USD"
        if h.kind == "money":
            self.money_pos.append((h.start, h.unit or "USD"))
        if h.kind == "number" and isinstance(h.value, (int, float)):
            if h.value >= 1e7 and not h.scale and "," not in self.f[h.start:h.end]:
                return None            # long digit strings: identifiers, not amounts
        return h

    def _en_range(self, h: Hit, e: int) -> int | None:
        f = self.f
        m = _EN_RANGE.match(f[e:e + 48])
        if not m:
            return self._en_word_range(h, e)
        sep = m.group(2).strip(" -") or "-"
        before = _CUR_END.sub("", self._before(h.start, 16).lower())
        between = before.rstrip().endswith("between")
        if (m.group(1) is None) != (m.group(5) is None):
            # "12.3% to $1.15 trillion": two different figures; "2.0 to 2.2 pct" is one range,
            # unless a move comes first ("rose 0.5 to 2.1 pct": a change, then the level)
            if not (m.group(1) is None and (sep not in ("to", "and") or
                                            (sep == "to" and not _RX6.search(before)))):
                return None
        if sep == "and" and not between:
            return None
        if sep == "to" and not between:
            if _RX6.search(before):
                return None
            same_cur = bool(m.group(3)) and f[h.start - 1:h.start] in "$£€"
            scaled = bool(self.lx.en_scale.match(f, e + m.end()))
            cur_after = not m.group(3) and bool(self.lx.en_cur_suffix.match(f, e + m.end()))   # "3.70 to 3.85 dlrs"
            if not m.group(5) and not same_cur and not scaled and not cur_after and not _RX7.match(m.group(2)):
                return None
        r2 = parse_arabic(m.group(4))
        if r2 is None or not isinstance(h.value, (int, float)) or r2[0] <= h.value:
            return None
        h.low, h.high, h.value, h.bound = float(h.value), float(r2[0]), None, "range"
        if between:
            b = self._before(h.start, 16)
            mc = self.lx.en_cur_prefix.search(b)
            if mc:
                cur = lookup(self.lx.en["currency"]["prefix"], mc.group(0).strip())
                if cur:
                    h.kind, h.unit = "money", cur
            h.start -= len(b) - b.lower().rfind("between")
        end = e + m.end()
        if m.group(5):
            end -= len(m.group(5))      # the unit is read again by _en_unit
        return end

    def _en_word_range(self, h: Hit, e: int) -> int | None:
        """"1.5 to two pct": a range whose upper end is spelled out, with its percent sign."""
        mr = _RX14.match(self.f, e)
        if not mr or not isinstance(h.value, (int, float)) or _RX6.search(self._before(h.start, 16).lower()):
            return None
        v2 = parse_en_words(mr.group(1))
        if v2 is None or v2 <= h.value or not self.lx.en_percent.match(self.f, mr.end()):
            return None
        h.low, h.high, h.value, h.bound = float(h.value), float(v2), None, "range"
        return mr.end()

    def _en_unit(self, h: Hit, e: int) -> int | None:
        f, lx = self.f, self.lx
        mu = self._unit_any.match(f, e)
        if not mu:
            return self._en_no_unit(h, e)      # most numbers: nothing unit-like follows
        first = _first_part(mu)
        cur_before = bool(lx.en_cur_prefix.search(self._before(h.start, 8)))
        m = lx.en_percent.match(f, e) if first <= 0 else None
        if m:
            h.kind, h.unit = "percent", "%"
            return m.end()
        m = lx.en_points.match(f, e) if first <= 1 else None
        if m:
            h.kind, h.unit = "percentage_points", "pp"
            return m.end()
        m = lx.en_bps.match(f, e) if first <= 2 else None
        if m and h.value is not None:
            h.kind, h.unit = "percentage_points", "pp"
            _scale_hit(h, 0.01)
            return m.end()
        mc = _CENTS.match(f, e) if first <= 3 else None
        if mc and mc.group(1) in ("p", "P") and (mc.start(1) != e or h.value in (240, 360, 480, 576, 720, 1080, 1440, 2160, 4320)):
            mc = None                 # "548p" is pence only glued to its number; 1080p is a video format
        if mc and h.value is not None and not h.scale:
            h.kind, h.unit = "money", "GBP" if mc.group(1).lower().startswith("pen") or mc.group(1) in ("p", "P") else (self._recent_currency(h.start) or "USD")
            _scale_hit(h, 0.01)
            return mc.end()
        m = lx.en_cur_suffix.match(f, e) if first <= 4 else None
        if m:
            key = _SPACES.sub(" ", m.group(0).strip())
            cur = lookup(lx.en["currency"]["suffix"], key)
            if key.lower() in self.local:
                cur = self.local[key.lower()]    # "PARIS, March 3 - … 40 billion francs": French francs
            elif key.lower() in ("dlrs", "dlr", "dollars", "dollar") and self.dollar:
                cur = self.dollar            # "Taiwan dlrs" first, plain "dlrs" after: still TWD
            elif cur in ("TWD", "HKD", "AUD", "CAD", "SGD") and "dl" in key.lower() or "dollar" in key.lower() and cur != "USD":
                self.dollar = cur
            h.kind, h.unit = "money", cur
            e = m.end()
            if _RX8.match(f[e:e + 6]):
                e += 5
            return e
        if first <= 5 and f.startswith("-", e):
            m2 = _RX9.match(f[e:e + 10])
            if m2 and h.scale:
                h.kind = "money"
                h.unit = {"euro": "EUR", "dollar": "USD", "pound": "GBP", "yuan": "CNY", "yen": "JPY"}[m2.group(1).lower()]
                return e + m2.end()
        m = lx.en_of_cur.match(f, e) if first <= 6 else None
        if m and h.scale:
            h.kind = "money"
            h.unit = lx.en["currency"]["of_words"][_SPACES.sub(" ", m.group(0).strip()).lower()]
            return m.end()
        if (h.unit and h.kind == "money") or cur_before:
            return e
        m = lx.en_quantity.match(f, e) if first <= 7 else None
        if m and h.value is not None:
            key = m.group(0).strip()
            h.kind, h.unit = "quantity", lx.en["units"]["quantity"].get(key)
            if h.unit == "point":
                h.kind = "number"
            return m.end()
        m = lx.en_duration.match(f, e)
        if m and isinstance(h.value, (int, float)) and h.value >= 1000 and not m.group(0).strip(" -\n\t").lower().endswith("s"):
            m = None                  # "294,000 week ago": a count from a week ago, not 294,000 weeks
        if m and (h.value is not None or h.low is not None) and not h.scale:
            word = m.group(0).strip(" -\n\t").lower()
            unit = self.en_units["duration"].get(word, "year")
            if unit == "quarter":
                _scale_hit(h, 3)
                unit = "month"
            elif unit == "week":
                _scale_hit(h, 7)
                unit = "day"
            elif unit == "decade":
                _scale_hit(h, 10)
                unit = "year"
            h.kind, h.unit = "duration", unit
            end = m.end()
            m2 = _RX10.match(f[end:end + 6])
            if m2:
                end += m2.end()
            before = self._before(h.start, 6).lower()
            if before.endswith("next ") or before.endswith("past ") or before.endswith("last "):
                h.start -= 5
            return end
        m = lx.en_times.match(f, e)
        if m and h.value is not None and (m.group(0).strip().lower() == "x" or
                                          _RX11.match(f[m.end():m.end() + 10])):
            h.kind = "multiplier"
            return m.end()
        return self._en_no_unit(h, e)

    def _en_no_unit(self, h: Hit, e: int) -> int | None:
        """No unit after the number: an ordinal (not a figure), a scaled amount, or a count."""
        f = self.f
        if _RX12.match(f[e:e + 3]):
            return None                  # ordinals are not figures
        if h.scale:
            return e
        # counts: a plural noun after the number
        mw = _RX13.match(f[e:e + 24])
        if mw and h.value is not None and mw.group(1).endswith("s") and not mw.group(1).endswith("ss") \
                and mw.group(1) not in self.not_count:
            h.kind, h.unit = "count", singular(mw.group(1))
        return e

    def _word(self, m: re.Match[str]) -> Hit | None:
        s, e = m.span()
        word = m.group(0)
        v = parse_en_words(word)
        if v is None:
            return None
        weak = word.lower() in self.lx.en["words"]["weak"]
        h = Hit(s, e, "count", v, step=0.5)
        f = self.f
        mr = _RX14.match(f[e:e + 24])
        if mr:
            v2 = parse_en_words(mr.group(1))
            if v2 is not None and v2 > v and (self.lx.en_duration.match(f, e + mr.end())
                                              or self.lx.en_percent.match(f, e + mr.end())):
                h.low, h.high, h.value, h.bound = v, v2, None, "range"
                e2 = self._en_unit(h, e + mr.end())
                if e2 is not None:
                    h.end = e2
                    return h
        # "a year ago": handled via the duration words
        ms = self.lx.en_scale.match(f, e)
        if ms or self.lx.en_percent.match(f, e) or self.lx.en_duration.match(f, e) or _CENTS.match(f, e) or \
                self.lx.en_cur_suffix.match(f, e) or self.lx.en_points.match(f, e) or self.lx.en_bps.match(f, e):
            out = self._finish_en(h, e, v, 0.5)
            if out is None or (out.kind == "count" and weak):
                return None
            return out
        if weak:
            return None
        mt = self.lx.en_times.match(f, e)
        if mt and _RX11.match(f[mt.end():mt.end() + 10]):
            h.kind, h.end = "multiplier", mt.end()
            self._en_left(h)
            return h
        mw = _RX15.match(f[e:e + 10])
        nxt = _RX16.match(f[e:e + 24])
        if mw and mw.group(1).lower() in ("more", "fewer", "new", "major", "of"):
            h.end = e
        elif nxt and not nxt.group(1).endswith("s"):
            before = self._before(s, 12).lower()
            if not _RX17.search(before):
                mn = _MODIFIED_NOUN.match(f, e)       # "three top bosses", "Ten former directors"
                noun = mn.group(1).lower() if mn else ""
                if not mn or noun in self.en_units.get("not_count_nouns", ()) or \
                        self.lx.en_duration.fullmatch(" " + noun):
                    return None
                h.unit, h.end = singular(noun), e
                self._en_left(h)
                return h
        elif not nxt:
            before = self._before(s, 12).lower()
            if not _RX18.search(before):
                return None
        else:
            h.unit = singular(nxt.group(1))
        self._en_left(h)
        return h

    def _vague_en(self, m: re.Match[str]) -> Hit | None:
        w = _SPACES.sub(" ", m.group(0).lower())
        plural = self.lx.en["vague"]["plural_scales"]
        parts = w.split(" of ")
        base = 1.0
        for p in parts:
            if p == "tens":
                base *= 10
            elif p in plural:
                base *= plural[p]
            else:
                return None
        if w in ("hundreds", "dozens") and not _RX2.match(self.f[m.end():m.end() + 5]):
            return None
        low, high = base, base * 9
        if w == "dozens":
            low, high = 24.0, 108.0
        h = Hit(m.start(), m.end(), "number", None, low=low, high=high, bound="range", scale=base)
        e = m.end()
        mc = self.lx.en_of_cur.match(self.f, e)
        if mc:
            h.kind = "money"
            h.unit = self.lx.en["currency"]["of_words"][_SPACES.sub(" ", mc.group(0).strip()).lower()]
            e = mc.end()
        else:
            mw = _RX19.match(self.f[e:e + 30])
            if mw:
                h.kind, h.unit = "count", singular(mw.group(1))
        before = self._before(h.start, 6)
        if before.endswith("$"):
            h.start -= 1
            h.kind, h.unit = "money", "USD"
        h.end = e
        if h.kind == "money":
            self.money_pos.append((h.start, h.unit or "USD"))
        return h

    # ---------------------------------------------------------------- Chinese
    def _zh_numeral(self, m: re.Match[str]) -> Hit | None:
        s, e = m.span()
        raw = m.group(0)
        f = self.f
        # words that merely contain numeral characters (一些, 统一, 千万)
        if self.lx.zh_not_numbers.match(f, s) or self.lx.zh_not_numbers.match(f, max(0, s - 1)) and \
                self.lx.zh_not_numbers.match(f, max(0, s - 1)).end() > s:
            mm = self.lx.zh_not_numbers.match(f, s)
            if mm is None or mm.end() >= e:
                return None
        if f[s - 1:s] in ("第", "前") and not _RX20.match(f[s:s + 4]):
            return None      # 第四大, 前五名: ranks (前三季度 is a date)
        before = f[max(0, s - 2):s]
        vague = None
        if before.endswith(("数", "几")) or before.endswith("好几"):
            vague = "some"
        elif before.endswith("上") and raw[0] in ZH_UNITS:
            vague = "up"
        if raw[0] in "十百千万亿兆" and len(raw) > 1 and vague is None and not raw[0] == "十":
            # 百亿, 万亿: a bare scale is one of it
            pass
        if all(c in "百佰千仟万亿兆" for c in raw) and vague is None and \
                not re.search(r"(?:破|超过?|逾|近|约|达|上看|突破|跌破|升破)\Z", f[max(0, s - 2):s]):
            return None                 # "(万辆)" is a table unit, not ten thousand of anything
        r = parse_zh(raw)
        if r is None:
            return None
        value, step = r
        h = Hit(s, e, "number", value, step=step, lang="zh", scale=_zh_scale(raw))
        if vague:
            unit_place = _zh_scale(raw) or value
            lead = _leading_unit(raw)
            base = lead
            h.value = None
            if vague == "some":
                h.low, h.high, h.bound = base, base * 9, "range"
                h.start = s - (2 if before.endswith("好几") else 1)
            else:
                h.value, h.bound = base, "at_least"
                h.start = s - 1
            h.scale = unit_place
        # a lone numeral needs a unit to be a figure: 三成, 五倍, 两千家, 三年
        out = self._finish_zh(h, raw, require_unit=True)
        if out is None:
            return None
        if raw == "一" and out.kind == "count":
            return None
        if len(raw) == 1 and raw in "二" and out.kind == "count":
            return out
        return out

    def _zh_left(self, h: Hit) -> None:
        before = self._before(h.start, 8)
        mc = self.lx.zh_cur_prefix.search(before)
        if mc:
            h.unit = self.zh["currency"]["prefix"][mc.group(0).strip()]
            if h.kind in ("number",):
                h.kind = "money"
            h.start -= len(before) - mc.start()
            before = self._before(h.start, 8)
        mq = self.lx.zh_qualifier.search(before)
        if not mq and h.bound == "exact":
            # a bound word scoping over a short phrase: 减持不超过公司总股本的11%, 至少需要融资10亿美元
            wide = self._before(h.start, 16)
            mw = _RX21.search(wide)
            if mw:
                h.bound = self.lx.zh_bound_of.get(mw.group(1), "exact")
                h.qualifier = mw.group(1)
        if mq:
            word = mq.group("q")
            b = self.lx.zh_bound_of.get(word)
            if b and h.bound == "about" and h.unit == "%" and self.f.startswith("成", h.end - 1):
                h.bound = "exact"             # 逾七成: the bound word outranks the roundness of 成
            if b and h.bound == "exact":
                if word == "过" and not before[:mq.start()].endswith(("超", "越")):
                    pass
                elif word.startswith("约") and self.word_before_yue and before[:mq.start()].endswith(self.word_before_yue):
                    pass              # 合约为214,684份: a contract, not "about"
                elif word == "近" and h.kind == "duration" and self.f[mq.start() - 0:mq.start()] == "":
                    # 近兩年来 (over the recent two years) is exact; 近一年 (nearly a year) is about
                    after = self.f[h.end:h.end + 1]
                    h.bound = "exact" if after in "来內内" else "about"
                else:
                    h.bound = b
                    h.qualifier = word

    def _finish_zh(self, h: Hit, raw: str, require_unit: bool = False) -> Hit | None:
        f = self.f
        e = h.end
        # 余 / 多 inside: 500余只, 3万多人
        mi = _RX22.match(f[e:e + 1])
        inner_more = False
        if mi and h.value is not None and _RX23.match(f[e:e + 2]):
            nxt = f[e + 1:e + 3]
            if any(nxt.startswith(k) for k in self.zkind) or self.lx.zh_cur_suffix.match(f, e + 1) or nxt[:1] in "万亿":
                e += 1
                inner_more = True
                ms = _ZH_SCALE_RUN.match(f, e)
                if ms and isinstance(h.value, (int, float)):     # 140余万辆, 5000多万, 100多万亿
                    k = _zh_scale(ms.group(0)) or 1.0
                    h.value = _mul(h.value, k)
                    h.scale = (h.scale or 1.0) * k
                    e = ms.end()
        # range: 1500万至2000万支, 98%~99%, 2~3年, 5-7倍
        e = self._zh_range(h, e)
        unit_kind = None
        mcur = self.lx.zh_cur_suffix.match(f, e)
        if mcur and mcur.group(0).strip() == "块" and not self._kuai_is_money(h.start, mcur.end()):
            mcur = None               # 11块黄金, 一块儿, 另外一块: pieces and parts, not yuan
        mu = self.lx.zh_unit.match(f, e)
        if mcur and (not mu or mcur.end() >= mu.end()):
            word = mcur.group(0).strip()
            cur = self.zh["currency"]["suffix"][word]
            if word == "元":
                pre = f[max(0, h.start - 30):h.start]
                for k, v in self.zh["currency"]["local_yuan"].items():
                    if k in pre or (k == "港股" and k in f[max(0, h.start - 200):h.start]):
                        cur = v
                        break
                else:
                    cur = self._recent_currency(h.start, 60) or ("TWD" if self._taiwan_context() else "CNY")
                    if cur == "USD":
                        cur = "TWD" if self._taiwan_context() else "CNY"
            h.kind, h.unit = "money", cur
            if word in self.zh.get("hundredths", {}).get("words", ()):
                _scale_hit(h, 0.01)          # 38美分: cents
            e = mcur.end()
            m2 = _RX24.match(f[e:e + 4])
            if m2:
                e += m2.end()
        elif mu:
            word = mu.group(0).strip()
            unit_kind = self.zkind.get(word)
            e = self._apply_zh_unit(h, word, unit_kind, mu.end(), raw)
            if e is None:
                return None
        else:
            # GB, TB etc. glued: 256GB
            mq = _RX25.match(f[e:e + 3])
            if mq and h.value is not None and not _RX26.match(raw[-1:]) is None:
                pass
            if mq and h.value is not None:
                unit = self.zh["units"]["quantity"].get(mq.group(1))
                h.kind, h.unit = "quantity", unit
                e += mq.end()
            elif require_unit and not (h.bound in ("range", "at_least") and h.scale) and \
                    not (h.scale and len(raw) >= 2):
                return None
        if h.kind == "number" and h.unit is None and h.scale and h.scale >= 1e4:
            # 1610亿 after 成交额: money when money words or money figures come just before
            before = f[max(0, h.start - 14):h.start]
            after = f[e:e + 8]
            if _RX27.match(after):
                h.kind = "count"
            elif any(w in before for w in self.zh["currency"]["money_cues"]) or self._recent_currency(h.start, 40):
                h.kind = "money"
                h.unit = self._recent_currency(h.start, 80) or ("TWD" if self._taiwan_context() else "CNY")
        if inner_more and h.bound == "exact":
            h.bound = "more_than"
        mr = _ZH_RANGE_AFTER_UNIT.match(f, e)
        if mr and isinstance(h.value, (int, float)) and f[:e].endswith(mr.group("u")):
            r2 = parse_zh(mr.group("n").replace(",", ""))
            if r2 is not None and r2[0] > h.value:
                h.low, h.high, h.value, h.bound = float(h.value), float(r2[0]), None, "range"
                e = mr.end()
        h.end = e
        self._zh_left(h)
        mp = self.lx.zh_post.match(f, h.end)
        if mp and h.bound == "exact":
            w = mp.group(0)
            q = self.zh["qualifiers"]
            h.qualifier = w
            if w in q["post_about"]:
                h.bound = "about"
            elif w in q["post_more_than"]:
                if not (w == "多" and _RX28.match(f[h.end:h.end + 2]) and h.kind != "count"):
                    h.bound = "at_least" if w == "以上" else "more_than"
            elif w in q["post_less_than"]:
                h.bound = "at_most"
        if _RX29.match(f[h.end:h.end + 3]) and h.bound == "exact":
            h.bound = "at_least"
        if h.kind == "money" and f.startswith(tuple(self.zh["qualifiers"]["post_from"]), h.end):
            h.bound = "at_least"      # 約台幣10300元起: a starting price, the least one pays
        if h.kind == "money":
            self.money_pos.append((h.start, h.unit or "CNY"))
        if h.kind == "number" and isinstance(h.value, (int, float)) and not h.scale and h.value >= 1e7 \
                and "," not in self.f[h.start:h.end]:
            return None
        if h.kind in ("number", "count", "quantity", "multiplier") and not h.scale \
                and self.lx.en_product_before.search(self._before(h.start, 16)):
            return None               # "Ryzen AI PRO 300處理器", "iOS 18升級": a product name, not a figure
        return h

    def _kuai_is_money(self, start: int, end: int) -> bool:
        """块 is colloquial yuan only with a price word just before ("卖100块", "工资3000块")."""
        if self.f.startswith("儿", end):
            return False
        before = self.f[max(0, start - 8):start]
        return any(w in before for w in self.zh["currency"]["money_cues"])

    def _taiwan_context(self) -> bool:
        """Taiwanese text: traditional script and a Taiwanese cue word (元 is then TWD)."""
        if not hasattr(self, "_tw"):
            cues = self.zh["dates"]["taiwan_cues"]
            head, orig = self.f[:5000], self.text[:5000]
            changed = sum(1 for a, b in zip(head, orig) if a != b and "\u4e00" <= b <= "\u9fff")
            cjk = sum(1 for b in orig if "\u4e00" <= b <= "\u9fff") or 1
            self._tw = changed / cjk > 0.03 and any(c in head for c in cues)
        return self._tw

    def _zh_range(self, h: Hit, e: int) -> int:
        f = self.f
        m = _ZH_RANGE.match(f[e:e + 24])
        if not m or h.value is None or not isinstance(h.value, (int, float)):
            return e
        if m.group(1) != m.group(4) and not (m.group(4) == "%" and not m.group(1)):
            return e                  # "9.5—10.5%", "3-5%左右": the sign is written once, at the end
        # "26%升至42%" is a change, not a range: the separator must follow the figure directly
        g1, g2 = m.group(2), m.group(3)
        token = g1 + g2
        r = parse_arabic(g1) if g1[0].isdigit() else parse_zh(g1)
        if r is None:
            return e
        v2 = r[0]
        if g2:
            rr = parse_zh(token)
            if rr is None:
                return e
            v2 = rr[0]
        elif h.scale and g1[0].isdigit():
            v2 = v2 * h.scale
        if v2 <= h.value:
            return e
        # a year range is a date, not an amount
        if 1900 <= h.value <= 2100 and 1900 <= v2 <= 2100:
            return e
        h.low, h.high, h.value, h.bound = float(h.value), float(v2), None, "range"
        return e + m.end() - len(m.group(4))

    def _apply_zh_unit(self, h: Hit, word: str, kind: str | None, end: int, raw: str) -> int | None:
        f = self.f
        if kind == "%":
            h.kind, h.unit = "percent", "%"
        elif kind == "pp":
            h.kind, h.unit = "percentage_points", "pp"
        elif kind == "bp":
            h.kind, h.unit = "percentage_points", "pp"
            _scale_hit(h, 0.01)
        elif kind == "tenth":
            if not _RX30.match(raw) and not raw[0].isdigit():
                return None
            if raw[0].isdigit() and not _RX31.match(raw):
                return None
            h.kind, h.unit = "percent", "%"
            _scale_hit(h, 10)
            if h.bound == "exact":
                h.bound = "about"
        elif kind == "bei":
            h.kind = "multiplier"
            before = f[max(0, h.start - 6):h.start]
            plus = any(before.endswith(w) or before.rstrip("了 约近超逾过") .endswith(w)
                       for w in self.zh["multipliers"]["plus_one_cues"])
            ident = any(before.endswith(w) for w in self.zh["multipliers"]["identity_cues"])
            if plus and not ident:
                _shift_hit(h, 1.0)
        elif kind == "dur":
            if raw.isdigit() and 1000 <= int(raw) <= 2200 and word.startswith("年"):
                return None         # dates are found by the date pass
            unit = self.zh["units"]["duration"][word]
            if f.startswith(("均线", "线"), end):
                return None         # 六十日均线, 20周线: the name of a moving average
            if word == "月" and not _RX32.match(raw):
                return None
            if word == "月":
                return None          # 三月 is March (a date), 三个月 is the duration
            if word in ("日",) and raw.isdigit() and not _SPAN_BEFORE_DAYS.search(f, max(0, h.start - 2), h.start):
                return None          # 24日 is a date (未来30日, 过去5日 are spans of days)
            if unit == "quarter":
                _scale_hit(h, 3)
                unit = "month"
            elif unit == "week":
                _scale_hit(h, 7)
                unit = "day"
            h.kind, h.unit = "duration", unit
            if unit == "year" and f.startswith("半", end) and isinstance(h.value, (int, float)) and not f.startswith("半年", end):
                h.value, end = h.value + 0.5, end + 1        # 6年半: six and a half years
            m2 = _RX33.match(f[end:end + 1])
            if m2 and not _RX34.match(f[end:end + 2]):
                end += 1
        elif kind == "qty":
            h.kind, h.unit = "quantity", self.zh["units"]["quantity"].get(word)
            if h.unit == "barrel" and _RX35.search(f[max(0, h.start - 10):h.start]):
                h.unit = "barrel/day"
        elif kind == "point":
            before = f[max(0, h.start - 3):h.start]
            if any(before.endswith(w) for w in self.zh["units"]["time_of_day_before"]) or \
                    (isinstance(h.value, (int, float)) and h.value < 25 and not self._decimal(h)):
                return None         # 下午3点: a time of day
            h.kind, h.unit = "number", "point"
        elif kind == "count":
            if raw == "一" and word in self.zh["units"]["weak_with_one"]:
                return None
            if word == "大" and f[h.start - 1:h.start] == "第":
                return None
            h.kind, h.unit = "count", word
        return end

    def _decimal(self, h: Hit) -> bool:
        return "." in self.f[h.start:h.end]


def lookup(table: dict[str, str], word: str) -> str | None:
    """A currency word's code: as written, else ignoring case ("us$", "DLRS")."""
    if word in table:
        return table[word]
    low = word.lower()
    return next((v for k, v in table.items() if k.lower() == low), None)


def singular(noun: str) -> str:
    """companies -> company, boxes -> box, banks -> bank (good enough for a unit label)."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("ses", "xes", "ches", "shes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") else noun


def _mul(v: float, factor: float) -> float:
    """v * factor without binary noise: 65.6 * 1e9 is 65600000000, not 65599999999.99999."""
    return float(f"{v * factor:.12g}")


def _scale_hit(h: Hit, factor: float) -> None:
    for k in ("value", "low", "high", "step"):
        v = getattr(h, k)
        if isinstance(v, (int, float)):
            setattr(h, k, _mul(v, factor))


def _shift_hit(h: Hit, plus: float) -> None:
    for k in ("value", "low", "high"):
        v = getattr(h, k)
        if isinstance(v, (int, float)):
            setattr(h, k, round(v + plus, 12))


def _zh_scale(raw: str) -> float | None:
    f = 1.0
    found = False
    for c in reversed(raw):
        if c in "万亿兆":
            f *= {"万": 1e4, "亿": 1e8, "兆": 1e12}[c]
            found = True
        else:
            break
    return f if found else None


def _leading_unit(raw: str) -> float:
    """数千亿 -> 1e11: the value of one of the named scale."""
    v = parse_zh("一" + raw) if raw[0] in "十百千万亿兆" else parse_zh(raw)
    return v[0] if v else 0.0
