"""temporal.date and temporal.span: dates that cannot be right as written."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from factcheck.checks.context import CheckContext
from factcheck.model import Finding
from factcheck.rules_engine.registry import Param, check_kind

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _full_date(v: object) -> dt.date | None:
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _period_start(v: object) -> dt.date | None:
    if not isinstance(v, str):
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", v)
    if not m:
        return None
    return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


@check_kind("temporal.weekday")
def weekday(ctx: CheckContext, rule) -> Iterator[Finding]:
    """A weekday written beside a date must be that date's weekday."""
    for f in ctx.graph.figures:
        if f.kind != "date" or f.weekday is None:
            continue
        d = _full_date(f.value)
        if d is None or d.weekday() == f.weekday:
            continue
        names = WEEKDAYS_ZH if f.lang == "zh" else WEEKDAYS_EN
        yield rule.finding(
            f"{f.text!s} names {names[f.weekday]}, but {d.isoformat()} was a {WEEKDAYS_EN[d.weekday()]}.",
            f"The text pairs the date {d.isoformat()} with {names[f.weekday]}. "
            f"By the calendar, {d.isoformat()} fell on a {WEEKDAYS_EN[d.weekday()]} "
            f"({names[d.weekday()]}); one of the two is wrong.",
            figures=(f.id,), claims=ctx.claim_ids(f))


@check_kind("temporal.after-publication",
            params={"furniture_only": Param(bool, True, doc="only page furniture (sidebars, related lists)")})
def after_publication(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Dates in page furniture later than the publication date: captured later, not the article's."""
    if ctx.published is None:
        return
    late = []
    for f in ctx.graph.figures:
        if f.kind != "date" or (rule.params["furniture_only"] and ctx.graph.in_body(f.id)):
            continue
        if not _DAY_VALUE.fullmatch(str(f.value or "")) or not any(c.isdigit() for c in f.text):
            continue                  # a timestamp is a day written out; 明年, 年底, "2025-2027年" in a headline are forecasts
        d = _period_start(f.value)
        if d is not None and d > ctx.published:
            late.append(f)
    if late:
        listed = ", ".join(f.text for f in late[:6])
        yield rule.finding(
            f"Page furniture carries dates after the publication date ({ctx.published.isoformat()}): {listed}.",
            f"Published {ctx.published.isoformat()}; the sidebar or related-article items are dated later "
            f"({listed}). They were captured after publication and are not the article's own statements.",
            figures=tuple(f.id for f in late))


_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


@check_kind("temporal.span")
def span(ctx: CheckContext, rule) -> Iterator[Finding]:
    """"N years later (YYYY)": the duration must match the distance from publication to the date."""
    if ctx.published is None:
        return
    figs = ctx.graph.figures
    for a, b in zip(figs, figs[1:]):
        if a.kind != "duration" or b.kind != "date" or a.unit != "year":
            continue
        between = ctx.folded[a.end:b.start]
        mb = re.fullmatch(r"\s*(later|from now|hence|after|ago|earlier|后|後|前|以后|之后|以前|之前)?\s*[(（]\s*", between, re.I)
        if not mb:
            continue
        if not isinstance(b.value, str) or not re.fullmatch(r"\d{4}", b.value) or not isinstance(a.value, (int, float)):
            continue
        word = (mb.group(1) or "").lower() or ctx.folded[a.end - 1:a.end]
        if word in ("ago", "earlier", "前", "以前", "之前"):
            sign = -1
        elif word in ("later", "from now", "hence", "after", "后", "後", "以后", "之后"):
            sign = 1
        else:
            continue
        expected = ctx.published.year + sign * a.value
        if abs(int(b.value) - expected) >= 1:
            yield rule.finding(
                f"{a.text} ({b.text}) does not fit a {ctx.published.year} publication: "
                f"{b.text} is {abs(int(b.value) - ctx.published.year)} years away.",
                f"Published {ctx.published.isoformat()}; {a.value:g} years {'later' if sign > 0 else 'earlier'} is "
                f"{expected:g}, but the text gives {b.value}.",
                figures=(a.id, b.id), claims=ctx.claim_ids(a, b))
