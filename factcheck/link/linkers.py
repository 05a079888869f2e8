"""One small function per edge kind. Each reads figures, claims and the folded text."""
from __future__ import annotations

import bisect
import re
from typing import Any, Mapping

from factcheck.link.claims import change_basis, direction_near, subject_key
from factcheck.link.graph import ClaimGraph, EdgeKind
from factcheck.model import Figure

# Each figure is compared with at most this many later ones: an article has far fewer
# figures, and an adversarial text of a million figures must stay linear.
PAIR_WINDOW = 120
# mentions of one quantity are chained: each to the next few, enough to join them all (a
# text that repeats one figure a thousand times would otherwise hold ~PAIR_WINDOW links each)
SAME_WINDOW = 4

AMOUNT = ("money", "count", "number", "quantity")


def family(f: Figure) -> tuple[str, str | None]:
    """Figures that can be compared: same kind family and unit."""
    if f.kind in ("count", "number"):
        return ("amount", f.unit if f.unit == "point" else None)
    if f.kind == "percentage_points":
        return ("percent", None)
    return (f.kind, f.unit)


def _comparable(x: Figure, y: Figure, fx: tuple | None = None, fy: tuple | None = None) -> bool:
    """Same family, or a bare number beside a figure with a unit ("1.9 million barrels a day
    … from 1.25 million"). ``fx``/``fy``: the families, when the caller has them already."""
    if (fx or family(x)) == (fy or family(y)):
        return True
    bare = lambda f: f.kind in ("number", "count") and f.unit is None   # noqa: E731
    return (bare(x) and y.kind in ("quantity", "count", "money")) or (bare(y) and x.kind in ("quantity", "count", "money"))


def numeric(f: Figure) -> bool:
    return isinstance(f.value, (int, float)) or (f.low is not None and f.high is not None)


def add_edges(g: ClaimGraph, folded: str, sentence_of: Mapping[str, tuple[int, int]]) -> None:
    body = [f for f in g.figures if g.in_body(f.id)]
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for f in body:
        if f.id in sentence_of:
            by_sentence.setdefault(sentence_of[f.id], []).append(f)
    for (s, e), figs in by_sentence.items():
        if len(figs) < 2:
            continue                  # every per-sentence link joins two figures of the sentence
        conversions(g, folded, figs)
        pairs(g, folded, figs, s, e)
        changes(g, folded, figs, s, e)
        durations(g, figs, folded)
        parts_of(g, folded, figs, s, e)
    series(g, body, folded, sentence_of)
    totals(g, folded, body)
    same(g, body, folded)


_CONV = re.compile(r"\s*[(（]\s*(?:约合|約合|约|約|about|or|roughly|(?:换算|折合)约?为?|相当于)?\s*\Z", re.I)


_FROM_END = re.compile(r"\bfrom\s+\Z", re.I)
_STOP = re.compile(r"[;；。]")
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")
_COMMA = re.compile(r"[,，;；]")
_YEAR = re.compile(r"\d{4}")
_DATE_AFTER = re.compile(r"\s*(?:[a-z]+\s+)?(?:in|for|during|of|by|at the end of|在|于)?\s*", re.I)
_YEAR_SPAN = re.compile(r"\s*(?:-|–|to|through|至|到)\s*")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:/(\d{4})(?:-(\d{2}))?)?")
_MONTH = re.compile(r"\d{4}-(\d{2})")
_DAY_SPAN = re.compile(r"\d{4}-(\d{2}-\d{2})/\d{4}-(\d{2}-\d{2})")
_DAY = re.compile(r"\d{4}-(\d{2})-(\d{2})")


def conversions(g: ClaimGraph, folded: str, figs: list[Figure]) -> None:
    """"$671.7bn (£484bn)", "77m euros (£53m; $100m)": amounts in brackets right after an
    amount restate it in other currencies."""
    for i, a in enumerate(figs):
        if a.kind != "money":
            continue
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if nxt is None or nxt.kind != "money" or nxt.unit == a.unit or nxt.start - a.end > 8 \
                or not _CONV.match(folded[a.end:nxt.start]):
            continue
        close = min([j for j in (folded.find(")", a.end), folded.find("）", a.end)) if j >= 0] or [a.end])
        for b in figs[i + 1:i + 1 + PAIR_WINDOW]:
            if b.start > close:
                break
            if b.kind == "money" and b.unit != a.unit:
                g.add(EdgeKind.CONVERSION, a, b)


_FROM_TO_EN = re.compile(r"^\s*(?:[a-z]+\s+)?(?:(?:in|for)\s+[A-Za-z0-9/]+\s+)?(?:\([^)]{0,20}\)\s*)?(?:,\s*)?(?:to|and)\s+(?:a\s+(?:record|new\s+\w+\s+)?(?:of\s+)?)?\Z", re.I)
_TO_FROM_EN = re.compile(r"\b(?:up|down)?\s*from\s+(?:an?\s+\w+\s+of\s+|an?\s+estimated\s+|the\s+\w+\s+of\s+)?"
                         r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?\Z|"
                         r"\b(?:compared\s+(?:with|to)|against|versus|vs\.?)\s+(?:a\s+\w+\s+of\s+|an?\s+\w+\s+|the\s+)?\Z|"
                         r"\bafter\s+(?:closing|ending|finishing|opening)\s+at\s+\Z|\bover\s+(?:the|its)\s+\Z|\bfrom\s+(?:a|its)\s+close\s+of\s+\Z", re.I)
# 到 may be followed by the period of the after value: "自一月的45万支，一路下滑到四月的36.3万支"
_ZH_TO = re.compile(r"(?:(?:升|增|涨|降|减|跌|下调|上调|提高|提升|扩大|缩小|回落|回升|下滑|攀升|增长|增加|减少|下降|上升)?(?:至|到)"
                    r"|(?:上调|下调|提高|提升|扩大|缩小|回落|回升|下滑|攀升|增长|增加|减少|下降|上升)为)"
                    r"(?:[^，。,；;\d]{1,4}?的)?\s*\Z")
_ZH_FROM = re.compile(r"(?:由|从|(?<!来)自)(?:[^，。,；;\d]{0,4}\d{2,4}年度?)?[^，。,；;\d]{0,4}?的?\s*\Z")
_ZH_VS = re.compile(r"(?:较|(?<![环同])比|相较于|相比于?|对比)[^，。,；;\d]{0,3}(?:\d{2,4}年度?|[^，。,；;\d]{0,6})?的?\s*\Z")
_ZH_MOVE = re.compile(r"[增减升降涨跌]|提高|下滑|回落")


def _zh_compared(before: str) -> bool:
    """"较去年同期的228万支": the figure is what is compared with; not when a move word comes
    between ("比去年同期增加近一成": the figure is the change)."""
    m = _ZH_VS.search(before)
    return m is not None and not _ZH_MOVE.search(m.group(0), 1)


_ZH_PREV = re.compile(r"(?:去年同期|上年同期|前值|上季|上月|上年|去年|a year (?:earlier|ago) (?:was|were))(?:为|是|的)?\s*\Z", re.I)


def previous_value(folded: str, f: Figure) -> bool:
    """A figure given as the previous period's ("前值19.2%", "去年同期为2.2万辆")."""
    return _ZH_PREV.search(folded, max(0, f.start - 12), f.start) is not None


def pairs(g: ClaimGraph, folded: str, figs: list[Figure], s: int, e: int) -> None:
    """Before/after pairs inside one sentence."""
    amounts = [f for f in figs if f.kind not in ("date", "duration", "multiplier") and numeric(f)]
    if len(amounts) < 2:
        return
    fams = [family(f) for f in amounts]
    for i, x in enumerate(amounts):
        for j in range(i + 1, len(amounts)):
            y = amounts[j]
            if not _comparable(x, y, fams[i], fams[j]):
                continue
            if any(_comparable(amounts[k], x, fams[k], fams[i]) and g.role(amounts[k].id) != "plan"
                   for k in range(i + 1, j)):
                break                 # only neighbours of one family pair up (a forecast between is no neighbour)
            between = folded[x.end:y.start]
            if len(between) > 120:
                break
            before_x = folded[max(s, x.start - 24):x.start]
            before_y = folded[max(s, y.start - 40):y.start]
            # from X to Y / 由X升至Y (unless X already closed a "to A from X" pair)
            if any(ed.a.id == x.id for ed in g.linked(x.id, EdgeKind.PAIR)):
                continue
            if (_FROM_END.search(before_x) and _FROM_TO_EN.search(between)) or \
                    (_ZH_FROM.search(before_x) and _ZH_TO.search(between)):
                g.add(EdgeKind.PAIR, x, y)
                continue
            # X ... from Y / X, compared with Y / X较Y
            if _TO_FROM_EN.search(between) or _zh_compared(before_y):
                if not _STOP.search(_BRACKETED.sub("", between)):
                    g.add(EdgeKind.PAIR, y, x)
                    continue
            # 较去年同期的228万支增长6% after 242万支; "3.1万辆，去年同期为2.2万辆": X first, then Y before it
            if re.search(r"(?:较|相较于|比)(?:去年|上年)?(?:同期)?的?\s*\Z", folded[max(s, y.start - 12):y.start]) or \
                    _ZH_PREV.search(folded, max(s, y.start - 12), y.start):
                if not _STOP.search(between) and g.role(x.id) != "plan":     # 预期8.9%，前值8.8%: the outcome's, not the forecast's
                    g.add(EdgeKind.PAIR, y, x)


_CHANGE_WORD = re.compile(r"(?:\bup\b|\bdown\b|rose|fell|jump|climb|drop|declin|grew|grow|gain|lost|loss|slump|plung|tumbl|"
                          r"increase|decrease|rise|fall|improvement|surg|soar|widen|narrow|above|below|"
                          r"增长|增加|减少|下降|上升|上涨|下跌|回吐|急弹|涨|跌|升|降|多增|成长|增|减)", re.I)


def changes(g: ClaimGraph, folded: str, figs: list[Figure], s: int, e: int) -> None:
    """A stated change (%, multiple, amount) in a sentence that also holds a before/after pair,
    or a change stated right before an after value ("回吐2.07美元或1.89%至231.78美元")."""
    pair_edges = None
    led: dict[str, str] | None = None         # after value -> the change that leads straight to it
    for f in figs:
        is_pct = f.kind in ("percent", "percentage_points")
        is_mult = f.kind == "multiplier"
        role = g.role(f.id)
        if not (is_pct or is_mult or role == "change"):
            continue
        if is_pct and role in ("share",):
            continue
        near = folded[max(s, f.start - 30):f.start] + " " + folded[f.end:min(e, f.end + 14)]
        if not ((is_mult and multiple_states_change(folded, s, f)) or (role == "change" and not is_pct) or _CHANGE_WORD.search(near)):
            continue
        if is_pct and role != "change" and f.kind == "percent":
            continue                  # "毛利率为17.6%": a level, not the change of a pair
        if g.has_link(f.id, EdgeKind.PAIR):
            continue                  # "revised up to 1.5% from 1.0%": a before or after value itself
        if _OF_WHICH.search(folded, max(s, f.start - 60), f.start):
            continue                  # "…from 1,079 billion, of which foreign sales … 850 billion": a part
        if pair_edges is None:
            pair_edges = [ed for x in figs for ed in g.linked(x.id, EdgeKind.PAIR)]
        sequential = bool(_SEQUENTIAL.search(folded, max(s, f.start - 12), f.start))
        own = _direct_after(folded, figs, f)       # "rose 30% to $23.3 billion": the change's own after value
        if led is None:
            led = {}
            for x in figs:
                if x.kind in ("percent", "percentage_points", "multiplier"):
                    y = _direct_after(folded, figs, x)
                    if y is not None:
                        led.setdefault(y.id, x.id)
        near_pairs = sorted((min(abs(f.start - ed.a.start), abs(f.start - ed.b.start)), k, ed)
                            for k, ed in enumerate(pair_edges) if f.id not in (ed.a.id, ed.b.id)
                            and (is_pct or is_mult or family(f) == family(ed.b))
                            and not _apart(folded, f, ed) and not _listed_after(folded, f, ed)
                            and not _other_quantity(g, f, ed.b)
                            and (own is None or ed.b.id == own.id)
                            and led.get(ed.b.id, f.id) == f.id      # "up 46 pct to X from Y, with … up 16 pct"
                            and not _own_move(g, folded, f, ed)
                            and not _basis_mismatch(g, folded, f, ed)
                            and not (sequential and not _SEQ_PAIR.search(folded, max(s, ed.a.start - 12), ed.a.start)))
        if near_pairs and near_pairs[0][0] <= 80:
            ed = near_pairs[0][2]
            g.add(EdgeKind.CHANGE, f, ed.b, before=ed.a.id, absolute=not (is_pct or is_mult))
            continue
        # change followed by an after value: "fell 2.07 or 1.89% to 231.78", "jumped 67% to $1.13bn"
        for y in figs:
            if y.start <= f.end or not numeric(y) or y.kind in ("date", "duration", "percent", "percentage_points", "multiplier"):
                continue
            between = folded[f.end:y.start]
            if len(between) > 60 or _STOP.search(between):     # "…, taking its total to 260 million"
                break
            mf, my = g.metric_of(f.id), g.metric_of(y.id)
            if re.search(r"(?:\bto\b(?:\s+(?:an?|the|its))?(?:\s+(?:average|total|record|new\s+\w+|high|low))?(?:\s+of)?|\bat\b|至|到|收报|报收|收于|收在|报)\s*\Z", between, re.I) \
                    and (is_pct or is_mult or family(f) == family(y)) and (not mf or not my or mf == my):
                g.add(EdgeKind.CHANGE, f, y, before=None, absolute=not (is_pct or is_mult),
                      direction=direction_near(folded, max(s, f.start - 30), f.start))
                break


_RESPECTIVE = re.compile(r"(?:分别|均为|均是|均达|各为|都是|都为|\brespectively\b|\beach\b)[^，。；;\n]{0,24}\Z", re.I)


def respective(folded: str, f: Figure) -> bool:
    """A value given for several subjects at once (分别为, 均为, each): no slip of one quantity."""
    return _RESPECTIVE.search(folded, max(0, f.start - 36), f.start) is not None or \
        _RESPECTIVE_AFTER.match(folded, f.end) is not None


_RESPECTIVE_AFTER = re.compile(r"[^，。；;.]{0,30}\brespectively\b", re.I)


_OF_WHICH = re.compile(r"\bof\s+which\b[^;.]*\Z|其中[^，。；;]*\Z", re.I)


def _basis_mismatch(g: ClaimGraph, folded: str, f: Figure, ed: Any) -> bool:
    """A year-on-year change is not the change of a pair whose values lie more than a year
    apart ("市值589.64亿元，同比增长25.61%，…相较2015年的962.2亿元": a 2017 and a 2015 value)."""
    if change_basis(folded, max(0, f.start - 14), f.start, f) != "yoy":
        return False
    ta = _period_year(_period_key(figure_period(g, folded, ed.a)))
    tb = _period_year(_period_key(figure_period(g, folded, ed.b)))
    return ta is not None and tb is not None and abs(tb - ta) > 1.5


_MULT_VERB = re.compile(r"(?:是|为|达|了|到|相当于|等于|\bis\b|\bwas\b|\bto\b|\bby\b)[^，。,;；]{0,16}\Z", re.I)


_BARE_MULTIPLE = re.compile(r"[\d.,\s一二两三四五六七八九十百半-]|倍|times|fold|x", re.I)


def multiple_states_change(folded: str, s: int, f: Figure) -> bool:
    """A multiple that states a change: a verb of its own ("doubled", 翻番, "tripled"), "增长3倍",
    "是去年的3倍", "rose 2.5 times"; not a valuation multiple ("PAH 9.1倍的交易价格")."""
    if _BARE_MULTIPLE.sub("", folded[f.start:f.end]):
        return True                   # doubled, tripled, 翻两番: the word is the move
    before = folded[max(s, f.start - 30):f.start]
    return bool(_CHANGE_WORD.search(before) or _MULT_VERB.search(before))


_TO_RIGHT_AFTER = re.compile(r"\s*(?:to|至|到)\s*\Z", re.I)


def _direct_after(folded: str, figs: list[Figure], f: Figure) -> Figure | None:
    """The amount a change leads straight to: "rose 30% to $23.3 billion", "增长12%至5.6亿元",
    also across a period phrase: "increased 73 pct in the two months to 8.17 billion"."""
    for y in figs:
        if y.start < f.end:
            continue
        if y.kind in ("date", "duration") and y.start - f.end <= 30:
            continue                  # inside the period phrase ("in the two months", "in February")
        if not numeric(y):
            return None
        if y.start - f.end <= 6 and _TO_RIGHT_AFTER.fullmatch(folded, f.end, y.start):
            return y
        if y.start - f.end <= 48 and _PERIOD_THEN_TO.fullmatch(folded, f.end, y.start):
            return y
        return None
    return None


# "73 pct in the two months to", "doubled in February to": a period phrase, then "to"
_PERIOD_THEN_TO = re.compile(r"\s+(?:in|for|during|over)\s+[^,;.()]{0,36}?\s+to\s*", re.I)


_FILLER = frozenset("while and but whereas an a the which was is were of that this for or with as by "
                    "representing marking up down its their it".split())
_EN_WORDS = re.compile(r"[A-Za-z]+")


def _own_move(g: ClaimGraph, folded: str, f: Figure, ed) -> bool:
    """An English change in a clause of its own that names what moved ("…, while farm output
    grew 3.7%") is that thing's move, not the change of a pair in other clauses ("an increase
    of 25%" and "up 25%" name nothing and stay the pair's)."""
    c = g.claim_of(f.id)
    if c is None or c is g.claim_of(ed.a.id) or c is g.claim_of(ed.b.id):
        return False
    lead = folded[c.start:f.start]
    if not lead.isascii() or direction_near(folded, c.start, f.start) is None:
        return False
    words = [w.lower() for w in _EN_WORDS.findall(lead)]
    content = [w for w in words if w not in _FILLER]
    return len(content) >= 2              # a subject and its verb: "farm output grew"


def _other_quantity(g: ClaimGraph, f: Figure, x: Figure) -> bool:
    """The change is about another subject or metric than the pair ("收益率从3.98%升至4.08%，
    美元指数涨0.5%"; "Revenue rose 30% …, as it delivered 160 jets, up from 116")."""
    mf, mx = g.metric_of(f.id), g.metric_of(x.id)
    if mf and mx and mf != mx:
        return True
    cf, cx = g.claim_of(f.id), g.claim_of(x.id)
    if cf is None or cx is None or cf is cx or not cf.subject or not cx.subject:
        return False
    return subject_key(cf.subject) != subject_key(cx.subject)


def _apart(folded: str, f: Figure, ed) -> bool:
    """A semicolon or full stop between a stated change and its pair: another clause's move
    ("earnings increased 0.3% after rising 0.3% in July; … wages rose 3.7%, down from 3.9%")."""
    lo, hi = min(ed.a.start, ed.b.start), max(ed.a.end, ed.b.end)
    between = folded[f.end:lo] if f.end <= lo else folded[hi:f.start] if f.start >= hi else ""
    return bool(_STOP.search(between))


_AND = re.compile(r"\band\b|和|及|、", re.I)


def _listed_after(folded: str, f: Figure, ed) -> bool:
    """A value of the pair's kind listed after it with "and" and no move word between is
    another period's value, not the pair's change ("one pct this year, down from two pct in
    1986 and 2.5 pct in 1985")."""
    hi = max(ed.a.end, ed.b.end)
    if f.start < hi or f.kind != ed.a.kind or f.kind != ed.b.kind:
        return False
    between = folded[hi:f.start]
    return bool(_AND.search(between)) and not _CHANGE_WORD.search(between.replace("growth", ""))


_SEQUENTIAL = re.compile(r"(?:环比|sequential(?:ly)?|quarter-on-quarter|month-on-month|q/q|m/m)\s*(?:增长|下降|提高|提升|减少|上升|下滑|增加|rose|fell|up|down)?\s*\Z", re.I)
_SEQ_PAIR = re.compile(r"(?:上季|上月|上一季|previous quarter|prior quarter|last quarter)", re.I)


# a whole named after its parts ("…, a combined 2.1 million bpd", "合计", "in total") — a complete list
_WHOLE_AFTER = re.compile(r"(?:a\s+combined|combined|a\s+total\s+of|totall?ing|in\s+total|altogether|合计|共计|总计|合共|共)\s*(?:of\s+)?(?:约|about\s+)?\Z", re.I)
_REST_TOTAL = re.compile(r"(?:其他|其它|其余|剩下|剩余|the\s+rest|the\s+others?)[^，。,；;\d]{0,6}(?:共计|总计|合计|共|combined|totall?ing|a\s+total\s+of)\s*\Z", re.I)
_SEMICOLON = re.compile(r"[;；]")
# a whole named before its parts ("Of total revenue of $10.9 billion, …", "营收318.6亿元，其中…") — maybe partial
_PARTS_AFTER = re.compile(r"其中|of\s+which|of\s+this|including|包括", re.I)
_WHOLE_BEFORE = re.compile(r"\b(?:of\s+)?total\s+(?:[a-z]+\s+){0,2}(?:of\s+)?\Z|总(?:额|计|收入|营收)?(?:为|达)?\s*\Z", re.I)


# a price per unit is never a part of a total: "at 14.91 dlrs to 15.62 dlrs a share, … a total of 1.51 mln"
_PER_UNIT = re.compile(r"\s*(?:a|per|each|an)\s+(?:share|barrel|tonne|ton|ounce|unit|head|pound|kilo|kg|litre|gallon)\b"
                       r"|\s*(?:/|每)(?:股|桶|吨|盎司|件|台|辆|斤|公斤)", re.I)


_RANGE_TO = re.compile(r"\s*(?:to|-|–|至|到)\s*", re.I)


def _per_unit(folded: str, amounts: list[Figure], p: Figure) -> bool:
    """A price per unit, or the low end of a per-unit range ("14.91 dlrs to 15.62 dlrs a share")."""
    if _PER_UNIT.match(folded, p.end):
        return True
    nxt = next((x for x in amounts if x.start >= p.end), None)
    return nxt is not None and bool(_RANGE_TO.fullmatch(folded, p.end, nxt.start)) and bool(_PER_UNIT.match(folded, nxt.end))


def _is_delta(g: ClaimGraph, folded: str, s: int, e: int, f: Figure) -> bool:
    """A change rather than a level: its role, or a change basis (同比, 环比, year-on-year) beside it."""
    return g.role(f.id) == "change" or change_basis(folded, s, e, f) is not None


def _same_unit(p: Figure, w: Figure) -> bool:
    """三家 is not a part of 27万辆: counts of different things do not add."""
    return p.unit is None or w.unit is None or p.unit == w.unit


def parts_of(g: ClaimGraph, folded: str, figs: list[Figure], s: int, e: int) -> None:
    """Parts of a whole in one sentence: "A, B and C, a combined W"; "W，其中A、B"; "Of total
    revenue of W, A … and B". The edge says whether the list claims to be complete."""
    amounts = [f for f in figs if f.kind not in ("date", "duration", "multiplier", "percent", "percentage_points")
               and numeric(f)]
    if len(amounts) < 3:
        return                        # a whole and at least two parts
    for i, w in enumerate(amounts):
        before = folded[max(s, w.start - 20):w.start]
        if _WHOLE_AFTER.search(before):
            if _REST_TOTAL.search(before):
                continue              # "其他的共3家": the rest, one more part, not the whole
            parts = [p for p in amounts[:i] if _comparable(p, w) and _same_unit(p, w)
                     and not _per_unit(folded, amounts, p)]
            if len(parts) >= 2:
                for p in parts:
                    g.add(EdgeKind.PART, p, w, complete=True)
            continue
        if _WHOLE_BEFORE.search(before) or _PARTS_AFTER.search(folded, w.end, min(e, w.end + 8)):
            if _is_delta(g, folded, s, e, w):
                continue              # "环比多增4568亿元；其中…": the parts of a change can be negative
            # "其中短期贷款新增2225亿元，同比多增693亿元": a part's own change is no part
            semi = _SEMICOLON.search(folded, w.end, e)
            stop = semi.start() if semi else e      # "92家，其中49家…；而在93家…中也有50家": a new list
            parts = [p for p in amounts[i + 1:] if p.start < stop and _comparable(p, w) and _same_unit(p, w)
                     and not _is_delta(g, folded, s, e, p) and not _per_unit(folded, amounts, p)]
            if len(parts) >= 2:
                for p in parts:
                    g.add(EdgeKind.PART, p, w, complete=False)


_RATE_AFTER = re.compile(r"\s*(?:a|per|each|every)\s+(?:year|annum)|\s*annually|\s*/\s*(?:year|yr)|\s*(?:每年|一年|/年)", re.I)


def durations(g: ClaimGraph, figs: list[Figure], folded: str = "") -> None:
    """An amount tied to a duration in its clause ("1.4万亿 over 8 years"), or to a span of
    years ("$855bn for 2006 to 2015": ten years)."""
    starts = [x.start for x in figs]
    for f in figs:
        if f.kind != "money":
            continue
        c = g.claim_of(f.id)
        if c is None:
            continue
        if _RATE_AFTER.match(folded, f.end):
            continue                  # "$125 billion a year" is a rate, not a total over the years
        durs = [d for d in (g.figure(fid) for fid in c.figures) if d.kind == "duration"]
        if durs:                      # the nearest duration of the clause, not every one
            g.add(EdgeKind.DURATION, f, min(durs, key=lambda o: abs(o.start - f.start)))
        k = bisect.bisect_right(starts, f.end)
        years = [x for x in figs[k:k + 6] if _is_year(x) and x.start - f.end < 60]
        for a, b in zip(years, years[1:]):
            if _YEAR_SPAN.fullmatch(folded, a.end, b.start) and int(b.value) > int(a.value) \
                    and not _EXPIRING.search(folded, f.end, a.start):      # "carryforwards expiring in 1999-2000"
                g.add(EdgeKind.DURATION, f, b, years=int(b.value) - int(a.value) + 1)
                break
        else:
            # the span written first: "2026年至2030年累计投资2.4万亿元", "from 2026 to 2030, $2bn"
            k = bisect.bisect_left(starts, f.start)
            first, last = (figs[k - 2], figs[k - 1]) if k >= 2 else (None, None)
            if first is not None and last is not None and _is_year(first) and _is_year(last) \
                    and _YEAR_SPAN.fullmatch(folded, first.end, last.start) and int(last.value) > int(first.value) \
                    and f.start - last.end <= 12 and not _COMMA.search(folded, last.end, f.start):
                g.add(EdgeKind.DURATION, f, last, years=int(last.value) - int(first.value) + 1)


_EXPIRING = re.compile(r"expir|matur|\bdue\b|到期|届满", re.I)


def _is_year(x: Figure) -> bool:
    return x.kind == "date" and isinstance(x.value, str) and bool(_YEAR.fullmatch(x.value))


def figure_period(g: ClaimGraph, folded: str, f: Figure) -> str | None:
    """The period one figure is for: a date just before it with only words between
    ("2016年11月社融1.74万亿"), a date written right after it ("185.41 billion in 1985"),
    else its claim's period. Read once per figure (several linkers and checks ask)."""
    memo = g.memo("figure_period")
    if f.id not in memo:
        memo[f.id] = _figure_period(g, folded, f)
    return memo[f.id]


def _figure_period(g: ClaimGraph, folded: str, f: Figure) -> str | None:
    c = g.claim_of(f.id)
    if c is None:
        return None
    dates = g.memo("claim_dates").get(c.id)
    if dates is None:
        dates = g.memo("claim_dates")[c.id] = [d for d in map(g.figure, c.figures) if d.kind == "date"]
    for d in dates:
        if d.start >= f.end and _DATE_AFTER.fullmatch(folded, f.end, d.start):
            return str(d.value) if d.value else None
    prior = [d for d in dates if d.end <= f.start]
    if prior:
        d = prior[-1]
        between = folded[d.end:f.start]
        others = [x for x in c.figures if d.end <= g.figure(x).start < f.start]
        if not others and len(between) <= 20 and not _COMMA.search(between):
            return str(d.value) if d.value else None
    return c.period if c.period and not c.period.startswith("over") else None


def _period_key(p: str | None) -> str | None:
    if not p or p == "annualized" or p.startswith("over"):
        return None
    return p


def _period_year(p: str | None) -> float | None:
    """A sortable time for a period value: the middle of its year span."""
    if not p:
        return None
    m = _PERIOD.match(p)
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2) or 12)          # a bare year is read at its end ("by 2030")
    t = y + (mo - 0.5) / 12
    if m.group(4):
        t2 = int(m.group(4)) + (int(m.group(5) or 12) - 0.5) / 12
        t = (t + t2) / 2 if not m.group(2) else t2
    return t


def period_shape(p: str) -> str:
    """Periods compare only with periods of the same shape: two years, two Novembers,
    two third quarters; not October against the next November."""
    if _YEAR.fullmatch(p):
        return "year"
    m = _MONTH.fullmatch(p)
    if m:
        return "month" + m.group(1)
    m = _DAY_SPAN.fullmatch(p)
    if m:
        return "span" + m.group(1) + m.group(2)
    m = _DAY.fullmatch(p)
    if m:
        return "day" if (m.group(1), m.group(2)) != ("12", "31") else "year"
    return "other"


def series(g: ClaimGraph, body: list[Figure], folded: str = "",
           sentence_of: Mapping[str, tuple[int, int]] | None = None) -> None:
    """One subject and metric over different periods, in time order. Without a subject, only
    within one sentence ("2016年11月社融1.74万亿，2017年11月社融1.6万亿")."""
    groups: dict[tuple, list[tuple[float, Figure]]] = {}
    for f in body:
        if f.kind not in AMOUNT or not numeric(f):
            continue
        c = g.claim_of(f.id)
        metric = g.metric_of(f.id)
        if c is None or not metric or g.role(f.id) not in ("value", "plan", None):
            continue
        subject: Any = c.subject
        if not subject:
            if sentence_of is None or f.id not in sentence_of:
                continue
            subject = ("sentence", sentence_of[f.id])
        if g.has_link(f.id, EdgeKind.DURATION) or g.has_link(f.id, EdgeKind.PAIR):
            continue                  # totals and before/after pairs are other checks' business
        per = _period_key(figure_period(g, folded, f))
        t = _period_year(per)
        if t is None:
            continue
        groups.setdefault((subject, metric, family(f), period_shape(per)), []).append((t, f))
    for items in groups.values():
        items.sort(key=lambda x: x[0])
        for (t1, a), (t2, b) in zip(items, items[1:]):
            if t2 > t1:
                g.add(EdgeKind.SERIES, a, b, years=round(t2 - t1, 3))


_ANNUAL = re.compile(r"annuali[sz]ed|a year|per year|年化|每年|全年", re.I)


def totals(g: ClaimGraph, folded: str, body: list[Figure]) -> None:
    """A total over a duration beside an annual rate of the same currency nearby."""
    money = [f for f in body if f.kind == "money"]
    starts = [f.start for f in money]
    rates: dict[str, tuple | None] = {}       # figure id -> (claim, explicit) or None: not a rate

    def rate(f: Figure) -> tuple | None:
        if f.id not in rates:
            c = g.claim_of(f.id)
            if c is None or g.has_link(f.id, EdgeKind.DURATION):
                rates[f.id] = None
            else:
                explicit = c.period == "annualized" or bool(_ANNUAL.search(folded, max(c.start, f.start - 24), f.end + 10))
                rates[f.id] = (c, explicit)
        return rates[f.id]

    for ed in list(g.edges(EdgeKind.DURATION)):
        total, dur = ed.a, ed.b
        years = ed.info.get("years")
        if years is None:
            if dur.unit not in ("year", "month") or not isinstance(dur.value, (int, float)):
                continue
            years = dur.value / 12 if dur.unit == "month" else dur.value
        if years < 2:
            continue                  # a quarter's profit is not a total over years
        tc = g.claim_of(total.id)
        best, best_key = None, None
        lo = bisect.bisect_left(starts, total.start - 800)
        hi = bisect.bisect_right(starts, total.start + 800)
        for f in money[lo:hi]:
            if f.unit != total.unit or f.id == total.id:
                continue
            r = rate(f)
            if r is None:
                continue
            c, explicit = r
            same_metric_year = tc is not None and c.metric == tc.metric and bool(c.period and _YEAR.fullmatch(c.period))
            if not (explicit or c.metric == "revenue" or same_metric_year):
                continue
            key = (0 if explicit else 1, abs(f.start - total.start))
            if best_key is None or key < best_key:
                best, best_key = f, key
        if best is not None:
            g.add(EdgeKind.TOTAL_RATE, total, best, years=years)


_CONTRAST = re.compile(r"\b(?:compared\s+(?:with|to)|against|versus|vs\b|from|a\s+year\s+(?:earlier|ago|before)|"
                       r"forecasts?|expected|expectations?|estimates?|consensus|previous|prior|exceed\w*|surpass\w*|outstrip\w*|"
                       r"(?:rising|falling|climbing|dropping|increasing|declining|growing)\s+to)|"
                       r"\bnow\b|较|(?<![环同])比|相比|对比|前值|预期|预估|预测|现在|低于|高于|不及|少于|多于", re.I)


_SENTENCE_END = re.compile(r"[。！？!?]|\.(?!\d)|\n\s*\n")


_SENTENCE_START = re.compile(r"[。！？!?]|\.(?!\d)\s|\n\s*\n|\n[ \t]+")     # (wire paragraphs start indented)


def sentence_span(folded: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` by its end marks (。！？.!? and blank lines)."""
    a = 0
    for m in _SENTENCE_START.finditer(folded, max(0, pos - 600), pos):
        a = m.end()
    m = _SENTENCE_START.search(folded, pos, pos + 600)
    return max(a, pos - 600), (m.start() if m else min(len(folded), pos + 600))


def set_against(folded: str, a: Figure, b: Figure) -> bool:
    """Whether one sentence sets two figures against each other: "sales of 18.4 mln, compared
    with … 16.4 mln a year earlier", "收入32亿元，较上年…": two periods, not one quantity twice."""
    if b.start < a.end:
        a, b = b, a
    if b.start - a.end > 300 or _SENTENCE_END.search(folded, a.end, b.start):
        return False
    return _CONTRAST.search(folded, a.end, b.start) is not None


def same(g: ClaimGraph, body: list[Figure], folded: str = "") -> None:
    """The same subject, metric and period mentioned in two claims; not two values one
    sentence sets against each other ("sales of 18.4 mln, compared with … 16.4 mln")."""
    groups: dict[tuple, list[Figure]] = {}
    keys: dict[str, str | None] = {}
    for f in body:
        if f.kind in ("date", "duration") or not numeric(f):
            continue
        c = g.claim_of(f.id)
        if c is None or not c.subject or not c.metric:
            continue
        metric = g.metric_of(f.id)
        if metric is None:
            continue                  # a count beside a money word ("4次下调…贷款利率") measures nothing named
        subj = keys.get(c.subject) or keys.setdefault(c.subject, subject_key(c.subject))
        key = (subj, metric, figure_period(g, folded, f), family(f), g.role(f.id), c.direction)
        groups.setdefault(key, []).append(f)
    for figs in groups.values():
        for i, a in enumerate(figs):
            ca = g.claim_of(a.id)
            linked = 0
            for b in figs[i + 1:i + 1 + PAIR_WINDOW]:
                if g.claim_of(b.id) is not ca:
                    if set_against(folded, a, b):
                        continue
                    g.add(EdgeKind.SAME, a, b)
                    linked += 1
                    if linked == SAME_WINDOW:
                        break
