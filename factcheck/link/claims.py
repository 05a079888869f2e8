"""Claims: each clause that carries figures, with who (subject), what (metric) and when.

Heuristics read the folded text (traditional folded to simplified, same offsets) against
the per-language lexicons in ``lang/{en,zh}/metrics.toml``. A clause that names no
subject or metric inherits them from the clause before it in the same sentence, and a
sentence that names no subject inherits the previous sentence's ("It", "The company").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from factcheck import lang
from factcheck.model import Figure

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Lexicon:
    metric_re: re.Pattern[str]
    metric_of: dict[str, str]
    rise_re: re.Pattern[str]
    fall_re: re.Pattern[str]
    big_rise: tuple[str, ...]
    big_fall: tuple[str, ...]
    annual_re: re.Pattern[str]
    en_stop: frozenset[str]
    zh_cut_re: re.Pattern[str]
    data: dict[str, Any] = field(default_factory=dict)


def _alt(words: list[str], boundary: bool) -> str:
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w) for w in ws)
    return rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])" if boundary else f"(?:{body})"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    en, zh = lang.load("en", "metrics"), lang.load("zh", "metrics")
    metric_of: dict[str, str] = {}
    for pack in (en, zh):
        for metric, words in pack["metrics"].items():
            for w in words:
                metric_of.setdefault(w.lower(), metric)
    words = list(metric_of)
    en_words = [w for w in words if not _CJK.search(w)]
    zh_words = [w for w in words if _CJK.search(w)]
    metric_re = re.compile(_alt(en_words, True) + "|" + _alt(zh_words, False), re.I)
    rise = en["direction"]["rise"], zh["direction"]["rise"]
    fall = en["direction"]["fall"], zh["direction"]["fall"]
    rise_re = re.compile(_alt(rise[0], True) + "|" + _alt(rise[1], False), re.I)
    fall_re = re.compile(_alt(fall[0], True) + "|" + _alt(fall[1], False), re.I)
    annual = en["annualized"]["words"] + zh["annualized"]["words"]
    cut = [w for w in zh["subjects"]["verbs"] if len(w) >= 2 or w in "的在于将"]
    return Lexicon(metric_re=metric_re, metric_of=metric_of, rise_re=rise_re, fall_re=fall_re,
                   big_rise=tuple(en["intensity"]["big_rise"] + zh["intensity"]["big_rise"]),
                   big_fall=tuple(en["intensity"]["big_fall"] + zh["intensity"]["big_fall"]),
                   annual_re=re.compile(_alt([w for w in annual if not _CJK.search(w)], True) + "|" +
                                        _alt([w for w in annual if _CJK.search(w)], False), re.I),
                   en_stop=frozenset(en["subjects"]["stop"]),
                   zh_cut_re=re.compile("|".join(re.escape(w) for w in sorted(cut, key=len, reverse=True))),
                   data={"en": en, "zh": zh})


def metric_in(folded: str, a: int, b: int) -> tuple[str | None, int]:
    """The first metric named in folded[a:b] and where it ends."""
    m = lexicon().metric_re.search(folded, a, b)
    if not m:
        return None, -1
    return lexicon().metric_of.get(m.group(0).lower()), m.end()


_BETWEEN = re.compile(r"between\s+[^,;.]{0,40}?\s+and\s+[^,;.]{0,20}?\Z|在[^，。]{0,12}之间\Z", re.I)


def metric_before(folded: str, a: int, pos: int) -> str | None:
    """The metric word nearest before ``pos`` in folded[a:pos], skipping words that only
    describe a "between X and Y" phrase ("the gap between exports and imports hit $671.7bn")."""
    lx = lexicon()
    found = list(lx.metric_re.finditer(folded, a, pos))
    for m in reversed(found):
        tail = folded[max(a, m.start() - 60):m.end()]
        if re.search(r"between\s+(?:\w+\s+){0,3}$", folded[max(a, m.start() - 40):m.start()], re.I) or \
                re.search(r"between\s+(?:[\w']+\s+){0,4}and\s+$", folded[max(a, m.start() - 60):m.start()], re.I):
            continue
        return lx.metric_of.get(m.group(0).lower())
    return None


def direction_near(folded: str, a: int, pos: int) -> str | None:
    """rise / fall from the nearest direction word before ``pos`` (within the clause)."""
    lx = lexicon()
    best, where = None, -1
    for kind, rx in (("rise", lx.rise_re), ("fall", lx.fall_re)):
        for m in rx.finditer(folded, a, pos):
            if m.start() > where:
                best, where = kind, m.start()
    return best


_EN_NAME = re.compile(r"(?:[A-Z][\w&'.-]*(?:\s+(?:of|and|&|de|du|la)\s+)?)(?:\s*[A-Z][\w&'.-]*)*")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9&.-]*[A-Za-z0-9]|[A-Z]{2,}")


def subject_en(text: str, a: int, pos: int) -> str | None:
    """The nearest capitalised name before ``pos`` in text[a:pos]."""
    stop = lexicon().en_stop
    best = None
    seg = text[a:pos]
    headline = sum(c.isupper() for c in seg) > 0.6 * max(1, sum(c.isalpha() for c in seg))
    for m in _EN_NAME.finditer(text, a, pos):
        name = m.group(0).strip(" .,'-")
        words = [w for w in name.split() if w not in stop]
        if not words:
            continue
        name = " ".join(words).removesuffix("'s").removesuffix("’s")
        if re.fullmatch(r"[A-Z]{1,2}|Q\d|H\d|FY\d*|\d.*", name):
            continue
        if headline:
            return name.split()[0]    # an all-caps headline: its first word is the subject
        best = name
    return best


def subject_zh(text: str, folded: str, a: int, pos: int, figures: tuple[tuple[int, int], ...] = ()) -> str | None:
    """A Chinese subject: the CJK (or Latin) name that ends right before the metric or
    direction word preceding the figure, else the nearest Latin name before it."""
    lx = lexicon()
    for fs, fe in figures:          # never read a name across another figure
        if a <= fe <= pos:
            a = max(a, fe)
    seg = folded[a:pos]
    latin = [m for m in _LATIN_NAME.finditer(seg) if m.group(0) not in ("CEO", "CFO", "AI", "APP", "ID", "IPO")]
    # strip trailing qualifier/direction/metric words, then take the CJK name before them
    end = len(seg)
    stripped: list[tuple[int, int]] = []
    for _ in range(6):
        t = seg[:end]
        m = re.search(r"(?:" + lx.rise_re.pattern + "|" + lx.fall_re.pattern + "|" + lx.metric_re.pattern +
                      r"|不到|不足|低于|高于|不超过|至少|最多|约为|约|近|超过?|逾|达到|(?<=[收额量值润入价率])达|为|报|至|到|将|于|在|的|了|仅|共|合计|分别|均为|已|则|也|还|再|盘中|收盘|收|早盘|午后|一度|连续|\s)\Z",
                      t, re.I)
        if not m or m.start() == m.end():
            break
        stripped.append((m.start(), end))
        end = m.start()
    t = seg[:end]
    if not re.search(r"[\u4e00-\u9fffA-Za-z]{2}\Z", t) and stripped:
        # the name is itself a metric word ("恒指跌近0.5%"): keep the longest stripped word
        for s0, e0 in reversed(stripped):
            if e0 - s0 >= 2 and lx.metric_re.fullmatch(seg, s0, e0):
                return text[a + s0:a + e0]
    m = re.search(r"([\u4e00-\u9fffA-Za-z0-9&·.]{2,12})\Z", t)
    if m:
        name = m.group(1)
        cut = list(lx.zh_cut_re.finditer(name))
        if cut:
            name = name[cut[-1].end():]
        if len(name) >= 2 and not re.fullmatch(r"[\d.]+", name):
            return text[a + end - len(name):a + end]
    if latin:
        m = latin[-1]
        return text[a + m.start():a + m.end()]
    return None


def role_of(f: Figure, folded: str, a: int, b: int, has_duration: bool) -> str:
    """What the figure is in its clause: value, change, share, total, duration, date, rate."""
    if f.kind == "date":
        return "date"
    if f.kind == "duration":
        return "duration"
    if f.kind == "multiplier":
        return "change"
    before = folded[max(a, f.start - 12):f.start].lower()
    after = folded[f.end:min(b, f.end + 14)].lower()
    if f.kind in ("percent", "percentage_points"):
        if re.match(r"\s*(?:of|of the|的)|\s*(?:份额|股权|股本|的股|占比)", after) or re.search(r"(?:占|stake|share|accounting for|占比|比例为?|分别为)\s*\Z", before):
            return "share"
        if direction_near(folded, max(a, f.start - 16), f.start) or re.search(r"(?:同比|环比|年增|月增|year-on-year|from a year)", folded[a:b].lower()):
            return "change"
        return "rate"
    if re.search(r"(?:budgeted|forecast|expected|estimated|projected|target(?:ed)?|预期|预计|预测|预算|计划|目标)\s*(?:of\s+|at\s+|为)?\Z",
                 folded[max(a, f.start - 16):f.start], re.I):
        return "plan"
    if f.kind == "money" and has_duration:
        return "total"
    if re.search(r"(?:up|down|rose|fell|increase|decrease|improvement|decline|by|增加|减少|多增|回吐|急弹|上涨|下跌)\s*\Z", before):
        return "change"
    return "value"
