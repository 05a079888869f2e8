"""Claims: each clause that carries figures, with who (subject), what (metric) and when.

Heuristics read the folded text (traditional folded to simplified, same offsets) against
the per-language lexicons in ``lang/{en,zh}/metrics.toml``. A clause that names no
subject or metric inherits them from the clause before it in the same sentence, and a
sentence that names no subject inherits the previous sentence's ("It", "The company").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from factcheck import lang
from factcheck.model import Figure
from factcheck.text.memo import last_text

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Lexicon:
    metric_of: dict[str, str]
    annual_re: re.Pattern[str]
    metric_stand_in_re: re.Pattern[str]
    en_stop: frozenset[str]
    zh_cut_re: re.Pattern[str]
    zh_verb_re: re.Pattern[str] = re.compile(r"(?!)")   # verbs and function words of two or more characters
    data: dict[str, Any] = field(default_factory=dict)
    money_metrics: frozenset[str] = frozenset()      # metrics only an amount of money can have


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
    annual = en["annualized"]["words"] + zh["annualized"]["words"]
    cut = [w for w in zh["subjects"]["verbs"] if len(w) >= 2 or w in "的在于将"]
    stand_in = [w for pack in (en, zh) for w in pack.get("stand_in", {}).get("metric", [])]
    return Lexicon(metric_of=metric_of,
                   annual_re=re.compile(_alt([w for w in annual if not _CJK.search(w)], True) + "|" +
                                        _alt([w for w in annual if _CJK.search(w)], False), re.I),
                   metric_stand_in_re=re.compile(_alt([w for w in stand_in if not _CJK.search(w)], True) + "|" +
                                                 _alt([w for w in stand_in if _CJK.search(w)], False), re.I),
                   en_stop=frozenset(en["subjects"]["stop"]),
                   zh_cut_re=re.compile("|".join(re.escape(w) for w in sorted(cut, key=len, reverse=True))),
                   zh_verb_re=re.compile(_alt([w for w in zh["subjects"]["verbs"] + zh["subjects"]["function"]
                                               if len(w) >= 2 and _CJK.search(w)], False)),
                   data={"en": en, "zh": zh},
                   money_metrics=frozenset(m for pack in (en, zh) for m in pack.get("kinds", {}).get("money_only", [])))


@lru_cache(maxsize=1)
def _automaton() -> Any:
    """One Aho-Corasick automaton over every metric and direction word: one pass in C finds
    all of them, overlapping ones too, where a regex alternation of a thousand words tried
    each word at every character (the largest cost of linking)."""
    import ahocorasick

    lx = lexicon()
    en, zh = lx.data["en"], lx.data["zh"]
    sets = (("metric", list(lx.metric_of)),
            ("rise", [w.lower() for w in en["direction"]["rise"] + zh["direction"]["rise"]]),
            ("fall", [w.lower() for w in en["direction"]["fall"] + zh["direction"]["fall"]]),
            ("neutral", [w.lower() for w in en["direction"].get("neutral", []) + zh["direction"].get("neutral", [])]))
    members: dict[str, list[str]] = {}
    for name, words in sets:
        for w in words:
            if w and name not in members.setdefault(w, []):
                members[w].append(name)
    auto = ahocorasick.Automaton()
    for w, names in members.items():
        auto.add_word(w, (len(w), w, tuple(names)))
    auto.make_automaton()
    return auto


class Tokens:
    """Every metric and direction word of one text, found once, then looked up by offset."""

    def __init__(self, folded: str):
        lower = folded.lower()
        if len(lower) != len(folded):
            lower = folded.translate({c: c + 32 for c in range(65, 91)})
        words = _words(lower)
        of = lexicon().metric_of
        self.metrics = []
        reach = -1                    # a metric word inside a longer one is not read: "house prices", not "prices"
        for s, e, w in words["metric"]:
            if e > reach:
                self.metrics.append((s, e, of[w]))
                reach = e
        dirs = [(s, e, "rise") for s, e, _ in words["rise"]] + [(s, e, "fall") for s, e, _ in words["fall"]]
        dirs.sort()
        if words["neutral"]:          # 增值税 names a tax: its 增 is no rise
            inside = words["neutral"]
            dirs = [d for d in dirs if not any(ns <= d[0] and d[1] <= ne for ns, ne, _ in inside)]
        self.dirs = dirs
        self.m_starts = [t[0] for t in self.metrics]
        self.d_starts = [t[0] for t in dirs]
        self.text = lower


def _words(lower: str) -> dict[str, list[tuple[int, int, str]]]:
    """Per word set, the longest word starting at each position (so overlapping words are
    all found: "年增长" holds both 年增 and 增长), dropping a Latin word that is only part of
    a longer word ("rise" in "sunrise")."""
    longest: dict[str, dict[int, tuple[int, str]]] = {"metric": {}, "rise": {}, "fall": {}, "neutral": {}}
    if lower:
        for end, (n, w, names) in _automaton().iter(lower):
            s = end - n + 1
            for name in names:
                best = longest[name]
                if s not in best or n > best[s][0]:
                    best[s] = (n, w)
    out: dict[str, list[tuple[int, int, str]]] = {}
    size = len(lower)
    for name, best in longest.items():
        found = []
        for s in sorted(best):
            n, w = best[s]
            e = s + n
            if w[0].isascii() and w[0].isalpha():
                if (s > 0 and lower[s - 1].isascii() and lower[s - 1].isalpha()) or \
                        (e < size and lower[e].isascii() and lower[e].isalpha() and w[-1].isascii()):
                    continue
            found.append((s, e, w))
        out[name] = found
    return out


@last_text(min_chars=201)
def tokens(folded: str) -> Tokens:
    """The token index of ``folded`` (one document at a time is cached)."""
    return Tokens(folded)


@lru_cache(maxsize=1)
def _basis_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    en, zh = lexicon().data["en"], lexicon().data["zh"]

    def words(key: str) -> re.Pattern[str]:
        ws = [w for pack in (en, zh) for w in pack.get("basis", {}).get(key, [])]
        return re.compile(_alt([w for w in ws if not _CJK.search(w)], True) + "|" +
                          _alt([w for w in ws if _CJK.search(w)], False), re.I)

    return words("sequential"), words("yoy")


def change_basis(folded: str, a: int, b: int, f: Figure) -> str | None:
    """What a stated change is against: "sequential" (环比, quarter-on-quarter), "yoy" (同比,
    year-on-year) or None, from the words just before the figure, else just after it, in
    folded[a:b]. A year-on-year and a sequential change are two quantities."""
    seq, yoy = _basis_patterns()
    before = folded[max(a, f.start - 12):f.start]
    after = folded[f.end:min(b, f.end + 24)]
    for window in (before, after):
        if seq.search(window):
            return "sequential"
        if yoy.search(window):
            return "yoy"
    return None


def metric_in(folded: str, a: int, b: int) -> tuple[str | None, int]:
    """The first metric named in folded[a:b] and where it ends."""
    tk = tokens(folded)
    i = bisect.bisect_left(tk.m_starts, a)
    while i < len(tk.metrics) and tk.metrics[i][0] < b:
        s, e, metric = tk.metrics[i]
        if e <= b:
            return metric, e
        i += 1
    return None, -1


_BETWEEN = re.compile(r"between\s+(?:[\w']+\s+){0,4}(?:and\s+)?\Z", re.I)


def metric_before(folded: str, a: int, pos: int) -> str | None:
    """The metric word nearest before ``pos`` in folded[a:pos], skipping words that only
    describe a "between X and Y" phrase ("the gap between exports and imports hit $671.7bn")."""
    tk = tokens(folded)
    i = bisect.bisect_right(tk.m_starts, pos) - 1
    while i >= 0 and tk.metrics[i][0] >= a:
        s, e, metric = tk.metrics[i]
        if e <= pos and not _BETWEEN.search(folded, max(a, s - 60), s):
            return metric
        i -= 1
    return None


def direction_near(folded: str, a: int, pos: int) -> str | None:
    """rise / fall from the nearest direction word before ``pos`` (within folded[a:pos])."""
    tk = tokens(folded)
    i = bisect.bisect_right(tk.d_starts, pos) - 1
    best = None
    while i >= 0 and tk.dirs[i][0] >= a:
        s, e, kind = tk.dirs[i]
        if e <= pos:
            # the word that ends last wins; of two ending together, the longer ("跌幅扩大" over "扩大")
            key = (e, e - s)
            if best is None or key > best[0]:
                best = (key, kind)
            if best[0][0] > s + 12:
                break
        i -= 1
    return best[1] if best else None


_EN_NAME = re.compile(r"(?:[A-Z][\w&'.-]*(?:\s+(?:of|and|&|de|du|la)\s+)?)(?:\s*[A-Z][\w&'.-]*)*(?:\s+\d{2,4}(?![\d.,%]))?")
_HEADLINE_VERBS = ("DROPS", "FALLS", "SLIDES", "SINKS", "RISES", "JUMPS", "CLIMBS", "GAINS", "SURGES", "PLUNGES",
                   "TUMBLES", "SOARS", "DIPS", "EDGES", "HITS", "POSTS", "REPORTS", "SEES", "SAYS", "CUTS", "RAISES")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9&.-]*[A-Za-z0-9]|[A-Z]{2,}")


_UPPER = re.compile(r"[A-Z]")
_ALPHA = re.compile(r"[A-Za-z]")


_TRAILING_LINK = re.compile(r"\s+(?:of|and|&|de|du|la)\Z")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z'-]+")
@last_text()
def _lower_words(text: str) -> frozenset[str]:
    """The words of ``text`` written in lower case somewhere (one document cached)."""
    return frozenset(_LOWER_WORD.findall(text))


_SAID = re.compile(r"([A-Z][\w&.'-]*(?:\s+(?:of\s+)?[A-Z][\w&.'-]*)*)\s+(?:said|says|reported|reports|estimated|estimates|"
                   r"predicted|predicts|forecast|forecasts|announced|announces)\b")


def attribution_en(text: str, start: int, end: int) -> str | None:
    """The name of "…, Nationwide said" after the figures of a sentence: who states them."""
    stop = lexicon().en_stop
    for m in _SAID.finditer(text, start, end):
        words = [w for w in m.group(1).split() if w not in stop]
        if words and not _NOT_NAME.fullmatch(words[0]):
            return " ".join(words)
    return None


def _metric_at(folded: str, i: int) -> bool:
    """Whether a metric word starts at i ("Revenue", "House prices")."""
    tk = tokens(folded)
    k = bisect.bisect_left(tk.m_starts, i)
    return k < len(tk.m_starts) and tk.m_starts[k] == i


def _sentence_initial(text: str, i: int) -> bool:
    """Whether position i starts a sentence or line (after opening quotes and brackets)."""
    j = i - 1
    while j >= 0 and text[j] in " \t\"'“‘([":
        j -= 1
    return j < 0 or text[j] in ".!?…\n\r:;—"


def subject_en(text: str, a: int, pos: int, folded: str | None = None) -> str | None:
    """The nearest capitalised name before ``pos`` in text[a:pos]. ``folded`` (the folded
    text) lets a sentence-initial metric word ("Revenue rose…") be told from a name."""
    stop = lexicon().en_stop
    best = None
    seg = text[a:pos]
    if seg.isascii():                 # the common case, counted in C
        headline = len(_UPPER.findall(seg)) > 0.6 * max(1, len(_ALPHA.findall(seg)))
    else:
        headline = sum(c.isupper() for c in seg) > 0.6 * max(1, sum(c.isalpha() for c in seg))
    for m in _EN_NAME.finditer(text, a, pos):
        name = _TRAILING_LINK.sub("", m.group(0).strip(" .,'-"))
        words = [w for w in name.split() if w not in stop]
        if not words:
            continue
        if len(words) == 1 and words[0] == name.split()[0] and _sentence_initial(text, m.start()) \
                and (words[0].lower() in _lower_words(text) or (folded is not None and _metric_at(folded, m.start()))):
            continue                  # "House prices rose", "New orders": capitalised only as a sentence start
        name = " ".join(words).removesuffix("'s").removesuffix("’s")
        if "'s " in name or "’s " in name:
            head, _, tail = re.split(r"(['’]s )", name, maxsplit=1)
            name = tail if tail[:1].isupper() else head      # Britain's FTSE 100 -> FTSE 100; China's 1986 -> China
        if _NOT_NAME.fullmatch(name):
            continue
        if headline:
            # an all-caps headline: the word before the verb ("… AS NASDAQ DROPS 1.9%"), else the first word
            dm = re.search(r"([A-Z][A-Z&.]+)\s+(?:" + "|".join(_HEADLINE_VERBS) + r")\b[^A-Z]*\Z", text[a:pos])
            return dm.group(1) if dm else name.split()[0]
        best = name
    return best


@lru_cache(maxsize=1)
def _zh_subject_words() -> tuple[dict[str, list[str]], frozenset[str]]:
    """Chinese function words that end before a figure (by their last character, longest
    first) and stand-in subjects (公司, 我们), from lang/zh/metrics.toml [subjects]."""
    subjects = lexicon().data["zh"]["subjects"]
    by_last: dict[str, list[str]] = {}
    for w in sorted(set(subjects.get("function", [])) | {" "}, key=len, reverse=True):
        by_last.setdefault(w[-1], []).append(w)
    return by_last, frozenset(subjects.get("stand_in", []))


_NAME_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9&·.]{2,14}\Z")


def subject_zh(text: str, folded: str, a: int, pos: int, figures: tuple[tuple[int, int], ...] = ()) -> str | None:
    """A Chinese subject: the name that ends right before the metric, direction and function
    words that precede the figure ("英伟达跌3.65%" -> 英伟达, "标普500指数跌1.12%" -> 标普500指数);
    None for a generic word (公司, 我们) so the caller inherits the previous subject."""
    lx = lexicon()
    a0 = a
    blocker = None
    for fs, fe in figures:          # never read a name across another figure
        if a <= fe <= pos:
            a, blocker = max(a, fe), (fs, fe)
    name = _zh_name(text, folded, a, pos, lx)
    if name is None and blocker is not None and blocker[0] > a0:
        name = _zh_name(text, folded, a0, blocker[0], lx)      # "比亚迪2021年销量为73万辆"
    if name is not None:
        return name
    latin = [x for x in _LATIN_NAME.finditer(folded, a, pos) if x.group(0) not in ("CEO", "CFO", "AI", "APP", "ID", "IPO")]
    if latin:
        return text[latin[-1].start():latin[-1].end()]
    return None


def _zh_name(text: str, folded: str, a: int, pos: int, lx: "Lexicon") -> str | None:
    tk = tokens(folded)
    end = pos
    index_word = None
    for _ in range(10):
        hit = False
        i = bisect.bisect_right(tk.m_starts, end) - 1
        best = None
        while i >= 0 and tk.metrics[i][0] >= max(a, end - 10):
            ms, me, metric = tk.metrics[i]
            if me == end:
                best = (ms, me, metric)        # keep going: the longest word ending here wins
            i -= 1
        if best is not None:
            ms, me, metric = best
            if metric in ("index", "price") and me - ms >= 2:
                index_word = (ms, me)          # 恒指, 沪指, 布油: the index or commodity is the subject
            end, hit = ms, True
        if not hit:
            j = bisect.bisect_right(tk.d_starts, end) - 1
            start = None
            while j >= 0 and tk.dirs[j][1] >= end - 4 and tk.dirs[j][0] >= a:
                if tk.dirs[j][1] == end:
                    start = tk.dirs[j][0]      # keep going: the longest word ending here wins (下降, not 降)
                j -= 1
            if start is not None:
                end, hit = start, True
        if not hit and folded.endswith("达", a, end):
            k = end - 1
            if any(me == k for _, me, _ in tk.metrics[max(0, bisect.bisect_right(tk.m_starts, k) - 6):
                                                      bisect.bisect_right(tk.m_starts, k)]):
                end, hit = k, True             # 营收达: 达 after a metric is a verb (英伟达 is a name)
        if not hit and end > a and folded[end - 1] in ")）":
            mc = _CODE_END.search(folded, a, end)
            if mc:
                end, hit = mc.start(), True    # 英国富时100指数（02847）跌: a ticker code is no name
        if not hit and end > a:
            for w in _zh_subject_words()[0].get(folded[end - 1], ()):
                if folded.endswith(w, a, end) and end - len(w) >= a:
                    end, hit = end - len(w), True
                    break
        if not hit:
            break
    m = _NAME_RUN.search(folded, max(a, end - 14), end) if end > a else None
    k = m.start() if m else end
    name = None
    if end - k >= 2:
        name = folded[k:end]
        cut = list(lx.zh_cut_re.finditer(name))
        if cut:
            name = name[cut[-1].end():]
        if len(name) < 2 or _NUMERIC.fullmatch(name):
            name = None
    if name:
        if index_word and index_word[0] == end:
            return text[end - len(name):index_word[1]]       # 标普500 + 指数
        return text[end - len(name):end]
    if index_word and folded[index_word[0]:index_word[1]] in _self_naming():
        return text[index_word[0]:index_word[1]]
    return None


_CODE_END = re.compile(r"[(（](?=[^)）]{0,12}\d)[0-9A-Za-z.\-]{2,12}[)）]\Z")
# the characters of a name, ending where the function words before a figure begin
_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9&.·]+\Z")


_LATIN_START = re.compile(r"[A-Za-z]")
_WORD_END = re.compile(r"[\s'’]")


def subject_key(s: str | None) -> str | None:
    """"CHINA SAYS" and "China" are one subject: the first word, lower-cased."""
    if not s:
        return None
    s = s.strip()
    if _LATIN_START.match(s):
        return _WORD_END.split(s.lower())[0]
    return s


def is_generic(subject: str | None) -> bool:
    """公司, 我们, 该集团: a stand-in for a subject named earlier."""
    if subject is None:
        return False
    return _generic(subject)


@lru_cache(maxsize=1)
def _self_naming() -> frozenset[str]:
    return frozenset(lexicon().data["zh"]["subjects"].get("self_naming", []))


@lru_cache(maxsize=4096)
def _generic(subject: str) -> bool:
    from factcheck.text.fold import fold

    return fold(subject.strip()) in _zh_subject_words()[1]


_SHARE_AFTER = re.compile(r"\s*(?:of|of the|的)|\s*(?:份额|股权|股本|的股|占比)")
_SHARE_BEFORE = re.compile(r"(?:占|stake|share|accounting for|占比|比例为?|分别为)\s*\Z"
                           # 占歲出25.8%, 占总营收的86%, 市占率达到78%
                           r"|占[^，。；,;\d%]{1,8}?的?(?:比重|比例|份额)?(?:为|达|约|约为|达到)?\s*\Z"
                           r"|(?:市占率|市场份额|占有率|份额)(?:为|达|达到|约|约为)?\s*\Z")
# "owns a stake of roughly 27%", "a holding of about 5%"
_STAKE_OF = re.compile(r"\b(?:stake|holding|share)\s+of\s+(?:about|around|roughly|nearly|almost|some|just\s+(?:over|under)|"
                       r"more\s+than|less\s+than|over|under)?\s*\Z", re.I)
_YOY = re.compile(r"同比|环比|年增|月增|year-on-year|from a year", re.I)
# "forecast earnings of $1.10", "expected revenue of": up to two words between
_PLAN_BEFORE = re.compile(r"(?:budgeted|forecast(?:s|ed)?|expect(?:s|ed)?|estimated|projected|predict(?:s|ed)?|target(?:ed)?"
                          r"|预期|预计|预测|预算|计划|目标)"
                          r"\s*(?:(?:[a-z-]+\s+){0,2}(?:of|at)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?|为)?\Z"
                          # "could reach 14.8% by 2006", "would rise to", "有望达到": a figure that may come
                          r"|\b(?:could|would|may|might|should)\s+(?:\w+\s+)?(?:reach|hit|rise\s+to|climb\s+to|grow\s+to|top|exceed)"
                          r"\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?\Z|(?:有望|将|预计将)(?:达到|突破|升至|增至)\s*\Z",
                          re.I)
_TO_LEVEL = re.compile(r"(?:\bto|\bfrom|至|到)\s*(?:about|around|some|nearly|roughly|almost|约)?\s*\Z")
_PLAN_AFTER = re.compile(r"\s*的?(?:目标|预期|预算|计划|指引)(?!价)|\s+(?:target|goal|forecast|guidance)\b", re.I)
_CHANGE_BEFORE = re.compile(r"(?:up|down|rose|fell|increase|decrease|improvement|decline|by|added|adding|gained|lost|shed|cut"
                            r"|增加|减少|多增|少增|大增|大减|(?<![新净])增|(?<![削缩])减|增长|下降|上升|回吐|急弹|上涨|下跌)\s*\Z")
_NUMERIC = re.compile(r"[\d.]+(?:年度?|月份?|日|号|季度?)?")      # a number or a date is not a name
_NOT_NAME = re.compile(r"[A-Z]{1,2}|Q\d|H\d|FY\d*|\d.*")


# 公司预计四季度营收约为…, 目標為2026年銷量達到…, 预测2018年黄金平均价格为…: the first amount
# after a plan word of its clause is planned, not reported (a date or quarter may come between)
_ZH_PLAN_WORD = re.compile(r"预计|预期|预测|预估|目标|计划")
_DATE_WORDS = re.compile(r"\d{4}年度?|[一二三四1-4]季度|\d{1,2}月")


def _first_after_plan_word(folded: str, a: int, pos: int) -> bool:
    m = None
    for m in _ZH_PLAN_WORD.finditer(folded, a, pos):
        pass
    if m is None:
        return False
    between = _DATE_WORDS.sub("", folded[m.end():pos])
    return not any(c.isdigit() for c in between) and not any(c in "，。；,;" for c in between)


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
        if _SHARE_AFTER.match(after) or _SHARE_BEFORE.search(before) or \
                _STAKE_OF.search(folded, max(a, f.start - 36), f.start):
            return "share"
        if _PLAN_BEFORE.search(folded[max(a, f.start - 48):f.start]):
            return "plan"             # "below the company's forecast of 31.5%"
        if _TO_LEVEL.search(before):
            return "rate"             # "drop back to about 40 pct", "升至5%", "from 51.5%": a level
        if direction_near(folded, max(a, f.start - 30), f.start) or _YOY.search(folded, a, b):
            return "change"
        return "rate"
    if _PLAN_BEFORE.search(folded[max(a, f.start - 48):f.start]) or _first_after_plan_word(folded, a, f.start) \
            or _PLAN_AFTER.match(after):
        return "plan"                 # …, "完成全年460万辆目标的约71%": the target, not the outcome
    if f.kind == "money" and has_duration:
        return "total"
    if _CHANGE_BEFORE.search(before):
        return "change"
    return "value"
