"""Deals stated in parts: firm orders plus options against an "up to" total, and unit
prices of one instrument that differ by a power of ten (a 万/亿 or million/billion slip)."""
from __future__ import annotations

import math
import re
from typing import Iterator

from factcheck.checks._tolerance import PAIR_WINDOW, fmt, value_of
from factcheck.checks.context import CheckContext
from factcheck.model import Figure, Finding
from factcheck.rules_engine.registry import Param, check_kind


def _amount(f: Figure) -> bool:
    return f.kind in ("count", "number") and isinstance(f.value, (int, float))


@check_kind("arithmetic.order-options",
            params={"firm_cues": Param(list[str], ["order for", "orders for", "ordered", "订购", "订单"],
                                       doc="words before the firm quantity"),
                    "option_cues": Param(list[str], ["option to buy", "options to buy", "option for", "options for",
                                                     "option on", "options on", "选择权", "意向"],
                                         doc="words before the optional quantity"),
                    "window": Param(int, 800, min=0, doc="characters before the sentence to look for the total")})
def order_options(ctx: CheckContext, rule) -> Iterator[Finding]:
    """"A firm order for 30 with the option to buy 25 more" must fit "up to 50"."""
    firm_re = re.compile("|".join(re.escape(c) for c in rule.params["firm_cues"]), re.I)
    opt_re = re.compile("|".join(re.escape(c) for c in rule.params["option_cues"]), re.I)
    body = ctx.body()
    claims = list(ctx.graph.claims)
    for i, c in enumerate(claims):
        figs = [ctx.graph.figure(fid) for fid in c.figures]
        for c2 in claims[i + 1:i + 3]:           # the option may sit in the next clause
            if c2.start - c.end < 4:
                figs += [ctx.graph.figure(fid) for fid in c2.figures]
        firm = next((f for f in figs if _amount(f) and firm_re.search(ctx.folded, max(c.start, f.start - 16), f.start)), None)
        if firm is None:
            continue
        opt = next((f for f in figs if _amount(f) and f.start > firm.end and
                    (opt_re.search(ctx.folded, max(firm.end, f.start - 20), f.start)
                     or opt_re.search(ctx.folded, f.end, f.end + 10))), None)
        if opt is None:
            continue
        total = next((f for f in reversed(body) if _amount(f) and f.bound == "at_most" and f.end <= firm.start
                      and firm.start - f.end <= rule.params["window"]), None)
        if total is None:
            continue
        a, b, t = value_of(firm), value_of(opt), value_of(total)
        if a is None or b is None or t is None or a + b <= t:
            continue
        each = next((f for f in figs if f.kind == "money" and re.search(r"\beach\b|每", ctx.folded[f.start:f.end + 6], re.I)), None)
        extra = ""
        if each is not None and value_of(each):
            extra = (f" At {each.text}, {a + b:g} would cost {fmt((a + b) * value_of(each), each.unit)}, "
                     f"against {fmt(t * value_of(each), each.unit)} for {t:g}.")
        yield rule.finding(
            f"{firm.text} firm plus {opt.text} on option is {a + b:g}, more than \"{total.text}\".",
            f"{a:g} + {b:g} = {a + b:g}; the deal is described as {total.text}.{extra}",
            figures=tuple(x.id for x in (firm, opt, total) + ((each,) if each else ())),
            claims=ctx.claim_ids(firm, opt, total))


_BUY = re.compile(r"\s*(?:认购|认期|购买|买入|收购|换取|for|to buy|to acquire)\s*\Z", re.I)


def _price_pairs(ctx: CheckContext) -> list[tuple[Figure, Figure]]:
    """(money, quantity) pairs: "分别以A、B认购C、D", "以A认购C股", "$A for C shares"."""
    pairs: list[tuple[Figure, Figure]] = []
    for c in ctx.graph.claims:
        figs = [ctx.graph.figure(fid) for fid in c.figures]
        money = [f for f in figs if f.kind == "money" and value_of(f)]
        counts = [f for f in figs if f.kind in ("count", "number") and value_of(f)]
        if money:
            counts = [f for f in counts if f.start > money[0].end]
        if re.search(r"分别|respectively", c.text) and len(money) == len(counts) >= 2 \
                and all(m.end <= counts[0].start for m in money):
            pairs.extend(zip(money, counts))
            continue
        for m in money:
            q = next((f for f in counts if f.start > m.end and f.start - m.end <= 8), None)
            if q is not None and _BUY.search(ctx.folded[m.end:q.start] + ""):
                pairs.append((m, q))
    return pairs


@check_kind("consistency.unit-price",
            params={"tolerance": Param(float, 0.03, min=0, max=0.5, doc="how close to a power of ten the ratio must be")})
def unit_price(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Two prices per unit of one deal that are a power of ten apart: one quantity is mis-scaled."""
    pairs = _price_pairs(ctx)
    prices = [(m, q, value_of(m) / value_of(q)) for m, q in pairs if value_of(q)]
    seen: set[str] = set()
    for i, (m1, q1, p1) in enumerate(prices):
        for m2, q2, p2 in prices[i + 1:i + 1 + PAIR_WINDOW]:
            if m1.unit != m2.unit or p1 <= 0 or p2 <= 0:
                continue
            r = max(p1, p2) / min(p1, p2)
            k = round(math.log10(r))
            if k < 1 or abs(r / 10 ** k - 1) > rule.params["tolerance"]:
                continue
            odd_m, odd_q = (m2, q2) if p2 > p1 else (m1, q1)
            if odd_q.id in seen:
                continue
            seen.add(odd_q.id)
            yield rule.finding(
                f"{odd_q.text} for {odd_m.text} gives a price {10 ** k:g} times the other subscriber's: "
                f"a likely scale slip in {odd_q.text}.",
                f"{m1.text} / {q1.text} = {fmt(p1, m1.unit)} per unit; {m2.text} / {q2.text} = {fmt(p2, m2.unit)} "
                f"per unit; the ratio is {r:.3g}, almost exactly 10^{k}.",
                figures=(odd_q.id, odd_m.id, m1.id if odd_m is m2 else m2.id, q1.id if odd_q is q2 else q2.id),
                claims=ctx.claim_ids(m1, q1, m2, q2))
