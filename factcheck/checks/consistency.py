"""consistency.repeated and consistency.scale: one quantity, two values or two scales."""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from typing import Iterator

from factcheck.checks._tolerance import PAIR_WINDOW, distinct, fmt, interval, value_of
from factcheck.checks.context import CheckContext
from factcheck.link import EdgeKind
from factcheck.link.claims import direction_near, subject_key
from factcheck.link.linkers import family, previous_value, respective, set_against
from factcheck.model import Figure, Finding
from factcheck.rules_engine.registry import Param, check_kind


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _key(ctx: CheckContext, f: Figure):
    c = ctx.graph.claim_of(f.id)
    if c is None or not c.subject or not c.metric or ctx.graph.metric_of(f.id) is None:
        return None
    role = dict(c.roles).get(f.id)
    if role == "plan":
        return None                   # a forecast beside the outcome is not a repeat
    return (subject_key(c.subject), ctx.graph.metric_of(f.id), ctx.period_of(f), family(f), role, c.direction,
            ctx.basis_of(f))


@check_kind("consistency.repeated",
            params={"max_relative_gap": Param(float, 0.5, min=0, doc="larger gaps are different quantities, not a slip")})
def repeated(ctx: CheckContext, rule) -> Iterator[Finding]:
    """The same subject, metric and period given two values that no rounding reconciles."""
    befores = {e.a.id for e in ctx.graph.edges(EdgeKind.PAIR)}
    body = [f for f in ctx.body() if f.kind not in ("date", "duration") and f.id not in befores
            and not previous_value(ctx.folded, f) and
            (isinstance(f.value, (int, float)) or f.low is not None)]
    groups: dict[tuple, list[Figure]] = {}
    for f in body:
        k = _key(ctx, f)
        if k is not None and k[2] is not None or (k is not None and k[4] in ("value",) and f.kind in ("number",) and f.unit == "point"):
            groups.setdefault(k, []).append(f)
    for k, figs in groups.items():
        figs = distinct(figs)
        for i, a in enumerate(figs):
            for b in figs[i + 1:i + 1 + PAIR_WINDOW]:
                if ctx.graph.claim_of(a.id) is ctx.graph.claim_of(b.id) or set_against(ctx.folded, a, b) \
                        or ctx.itemized(a) or ctx.itemized(b):
                    continue
                if respective(ctx.folded, a) or respective(ctx.folded, b):
                    continue          # "分别为8.2bp、-8.6bp，-4.6bp": one value per window or subject
                if a.bound != "exact" or b.bound != "exact":
                    continue          # bounds are the qualifier check's business
                ia, ib = interval(a), interval(b)
                if ia is None or ib is None or ia & ib:
                    continue
                va, vb = value_of(a), value_of(b)
                if va is None or vb is None or max(abs(va), abs(vb)) == 0:
                    continue
                if abs(va - vb) / max(abs(va), abs(vb)) > rule.params["max_relative_gap"]:
                    continue
                yield rule.finding(
                    f"{a.text} and {b.text} are given for the same {k[1]} of {ctx.graph.claim_of(a.id).subject}"
                    + (f" ({k[2]})" if k[2] else "") + ".",
                    f"Both figures describe {ctx.graph.claim_of(a.id).subject}'s {k[1]}"
                    + (f" for {k[2]}" if k[2] else "") + f"; {a.text} allows {fmt(ia.lo, a.unit)}–{fmt(ia.hi, a.unit)} "
                    f"and {b.text} allows {fmt(ib.lo, b.unit)}–{fmt(ib.hi, b.unit)}: no value satisfies both.",
                    figures=(a.id, b.id), claims=ctx.claim_ids(a, b))
    yield from _repeated_levels(ctx, rule)


def _repeated_levels(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Index levels: "创业板指…报1789.69点" twice with different closes on one day."""
    pts = [f for f in ctx.body() if f.unit == "point" and f.bound == "exact" and isinstance(f.value, (int, float))
           and "." in f.text]
    by_subject: dict[str, list[Figure]] = {}
    for f in pts:
        c = ctx.graph.claim_of(f.id)
        if c and c.subject and c.period is None:
            by_subject.setdefault(subject_key(c.subject), []).append(f)
    for subj, figs in by_subject.items():
        for i, a in enumerate(figs):
            for b in figs[i + 1:i + 1 + PAIR_WINDOW]:
                va, vb = float(a.value), float(b.value)
                if va != vb and abs(va - vb) / max(va, vb) < 0.05:
                    yield rule.finding(
                        f"{subj} closes at {a.text} in one place and {b.text} in another.",
                        f"The same index level on the same day is given as {a.text} and {b.text} "
                        f"(a difference of {abs(va - vb):.2f}); one is a typo.",
                        figures=(a.id, b.id), claims=ctx.claim_ids(a, b))


_SCALE_WORD = re.compile(r"(?:mln|million|m\b|bln|billion|bn|trillion|万亿|亿|万)", re.I)


@check_kind("consistency.scale",
            params={"min_ratio": Param(float, 100.0, min=2, doc="a before/after ratio this large is a scale slip")})
def scale(ctx: CheckContext, rule) -> Iterator[Finding]:
    """million vs billion between a before/after pair ("to 1.05 billion from 1.339 mln")."""
    for e in ctx.graph.edges(EdgeKind.PAIR):
        before, after = e.a, e.b
        vb, va = value_of(before), value_of(after)
        if vb is None or va is None or vb <= 0 or va <= 0 or before.scale == after.scale or not before.scale or not after.scale:
            continue
        r = va / vb
        if 1 / rule.params["min_ratio"] < r < rule.params["min_ratio"]:
            continue
        fixed = vb * (after.scale / before.scale)
        fixed_after = va * (before.scale / after.scale)
        yield rule.finding(
            f"{before.text} against {after.text}: a {max(r, 1 / r):,.0f}-fold jump suggests a million/billion slip.",
            f"{after.text} / {before.text} = {r:,.4g}. One of the two carries the wrong scale word: read in "
            f"one scale, {before.text} would be {fmt(fixed, before.unit)}, or {after.text} would be "
            f"{fmt(fixed_after, after.unit)}.",
            figures=(before.id, after.id), claims=ctx.claim_ids(before, after))


@check_kind("consistency.currency",
            params={"dominant_share": Param(float, 0.8, min=0.5, max=1, doc="share of money figures in the main currency"),
                    "min_money": Param(int, 5, min=1, doc="money figures needed before a currency is 'the' currency")})
def currency(ctx: CheckContext, rule) -> Iterator[Finding]:
    """One amount in a stray currency in an article that reports in another."""
    money = [f for f in ctx.body() if f.kind == "money" and f.unit]
    conversions = list(ctx.graph.edges(EdgeKind.CONVERSION))
    converted = {x.id for e in conversions for x in (e.a, e.b)}
    reader_currencies = {e.b.unit for e in conversions}   # the currencies the article converts into
    counts = Counter(f.unit for f in money if f.id not in converted)
    if not counts:
        return
    main, n = counts.most_common(1)[0]
    total = sum(counts.values())
    if n < rule.params["min_money"] or n / total < rule.params["dominant_share"]:
        return
    for f in money:
        if f.unit == main or f.id in converted or f.unit not in reader_currencies:
            continue                  # only a conversion currency used on its own is suspicious
        if f.bound != "exact":
            continue                  # "超百亿元", "about $2bn": a round aim, not a mistyped amount
        if not f.scale and (value_of(f) or 0) < 1e5:
            continue                  # "510.75 pence in London": a share price on another exchange, not an amount
        if counts[f.unit] > 2:
            continue
        ref = next((x for x in money if x.unit == main and abs(x.start - f.start) < 400 and x.id not in converted), None)
        yield rule.finding(
            f"{f.text} is in {f.unit} where the article reports in {main}: a likely currency slip.",
            f"{n} of {total} amounts in the article are in {main}; {f.text} is one of {counts[f.unit]} in {f.unit} "
            f"and is not a conversion in brackets.",
            figures=(f.id,) + ((ref.id,) if ref else ()), claims=ctx.claim_ids(f))


def _digits(f: Figure) -> str | None:
    """The significant digits as written: "11.00%" -> "11", "1,798.69" -> "179869"."""
    m = _NUMBER.search(f.text)
    if not m:
        return None
    whole, _, dec = m.group(0).replace(",", "").partition(".")
    return (whole + dec.rstrip("0")).lstrip("0") or "0"


def _one_slip(a: str, b: str) -> bool:
    """Digit strings one typing slip apart: two neighbours swapped, one digit added or dropped,
    or the same digits (a decimal point moved)."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(len(a) - len(b)) == 1:
        long, short = (a, b) if len(a) > len(b) else (b, a)
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    return False


_LEAD_BROKEN = re.compile(r"[,，。；;、:：]|和|及|与|\d")
_LEAD = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{3,}")


@check_kind("consistency.digit-slip",
            params={"lead_in": Param(int, 12, min=2, doc="characters before each figure compared for a shared phrase"),
                    "min_shared": Param(int, 4, min=2, doc="length of the shared phrase (CJK characters or letters)"),
                    "max_distance": Param(int, 600, min=1, doc="characters between the two figures: a slip is "
                                          "noticed beside its twin, not a page away")})
def digit_slip(ctx: CheckContext, rule) -> Iterator[Finding]:
    """The same lead-in phrase before two figures one typing slip apart (11.00% / 1.1%, 7.8 / 7.08)."""
    figs = [f for f in ctx.body() if f.kind in ("percent", "money", "number", "count") and value_of(f)
            and f.bound in ("exact", "at_most", "at_least")]
    seen_text: set[str] = set()
    unique = []
    for f in figs:                       # the same text twice is a repeat, never a slip
        if f.text not in seen_text:
            seen_text.add(f.text)
            unique.append(f)
    figs = unique
    n = rule.params["lead_in"]
    facts = [(f, family(f), _digits(f), value_of(f)) for f in figs]     # once per figure, not per pair
    for i, (a, fam_a, da, va) in enumerate(facts):
        if da is None or len(da) < 2:
            continue
        for b, fam_b, db, vb in facts[i + 1:i + 1 + PAIR_WINDOW]:
            if b.start - a.end > rule.params["max_distance"]:
                break
            if fam_a != fam_b or a.bound != b.bound or abs(va) == abs(vb):
                continue              # "-3.02%" and "回落3.02%": one fall written two ways
            if db is None or abs(len(da) - len(db)) > 1 or not _one_slip(da, db):
                continue
            ca, cb = ctx.graph.claim_of(a.id), ctx.graph.claim_of(b.id)
            pa, pb = ctx.period_of(a), ctx.period_of(b)
            if ca is cb or (pa and pb and pa != pb):
                continue
            if respective(ctx.folded, a) or respective(ctx.folded, b):
                continue              # "平均收益率分别为7.1%、8.05%" / "均为1%": values of several subjects
            la = ctx.folded[max(0, a.start - n):a.start]
            lb = ctx.folded[max(0, b.start - n):b.start]
            shared = _shared_tail_phrase(la, lb)
            if len(shared) < rule.params["min_shared"] or len(_without_nameless_words(shared)) < 2:
                continue              # "同比增长" before two figures names no quantity: a move, not a lead-in
            if _LEAD_BROKEN.search(la, la.rfind(shared) + len(shared)) or \
                    _LEAD_BROKEN.search(lb, lb.rfind(shared) + len(shared)):
                continue              # "…7天逆回购到期。周五，有100亿": the phrase ends another item
            ma, mb = ctx.graph.metric_of(a.id), ctx.graph.metric_of(b.id)
            if ma and mb and ma != mb:
                continue              # "净利润同比下降7.55%" and "销量同比下降5.5%": two metrics, two quantities
            sa, sb = subject_key(ca.subject if ca else None), subject_key(cb.subject if cb else None)
            if sa and sb and sa not in sb and sb not in sa:
                continue              # "医疗卫生支出增长9.5%" and "农林水支出增长5.9%": two subjects
            if set_against(ctx.folded, a, b) or ctx.graph.has_link(a.id, EdgeKind.PAIR) and \
                    any(b.id in (e.a.id, e.b.id) for e in ctx.graph.linked(a.id, EdgeKind.PAIR)):
                continue              # "增长27%，前值27.6%": this month's value and the last one
            da_dir = direction_near(ctx.folded, max(0, a.start - n), a.start)
            db_dir = direction_near(ctx.folded, max(0, b.start - n), b.start)
            if da_dir and db_dir and da_dir != db_dir:
                continue              # "食品价格下降2.9%" and "非食品价格上涨0.9%": a fall and a rise are two quantities
            yield rule.finding(
                f"{a.text} and {b.text} follow the same words (\"{shared}\") but differ by one digit slip.",
                f"Both figures are introduced by \"{shared}\"; their digits ({da} and {db}) differ by one "
                f"swapped, added or dropped digit or a moved decimal point — one is likely mistyped.",
                figures=(a.id, b.id), claims=ctx.claim_ids(a, b))


@lru_cache(maxsize=1)
def _nameless_words() -> tuple[str, ...]:
    """Words that name no quantity: direction and change-basis words (增长, 同比, rose,
    year-on-year) and currency and scale words (dlrs, 美元, mln), longest first."""
    from factcheck import lang
    from factcheck.link.claims import lexicon

    words: set[str] = set()
    for pack in lexicon().data.values():
        for table in ("direction", "basis"):
            for ws in pack.get(table, {}).values():
                words.update(w.lower() for w in ws)
    for code in ("en", "zh"):
        numbers = lang.load(code, "numbers")
        currency = numbers.get("currency", {})
        for table in ("prefix", "suffix", "of_words"):
            words.update(w.lower() for w in currency.get(table, {}))
        words.update(w.lower() for w in numbers.get("scales", {}).get("words", {}))
    return tuple(sorted((w for w in words if len(w) >= 2), key=len, reverse=True))


def _without_nameless_words(phrase: str) -> str:
    """The phrase without words that name no quantity: what is left names one, or nothing."""
    core = phrase.lower()
    for w in _nameless_words():
        core = core.replace(w, "")
    return core.strip()


def _shared_tail_phrase(a: str, b: str) -> str:
    """The longest run of letters/CJK that ends both lead-ins' phrases ("减持不超过")."""
    best = ""
    for m in _LEAD.finditer(a):
        w = m.group(0)
        for k in range(len(w), 1, -1):
            for s in range(0, len(w) - k + 1):
                piece = w[s:s + k]
                if len(piece) > len(best) and piece in b:
                    best = piece
                    break
            if len(best) >= k:
                break
    return best
