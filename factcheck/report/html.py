"""One standalone HTML page: the article with figures highlighted, findings beside their claims.

No network and no script: styles are inline, severity filters are checkboxes read by CSS
(``:has``), and a Content-Security-Policy forbids every script, so even a template bug could
not run the article's ``<script>``. All text goes through Jinja2 with autoescape on; nothing
from the article is ever a template or marked safe. Growth findings get a small inline SVG
of the figures they name, built here as layout coordinates only.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from factcheck.model import Claim, Figure, Finding, Report
from factcheck.report import (
    RenderOptions,
    counts_text,
    figure_index,
    group_by_claim,
    locate,
    plural,
    severity_counts,
    summary_line,
)

TEMPLATES = Path(__file__).parent / "templates"
_YEAR = re.compile(r"\s*(-?\d{4})")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text; ``figure`` is set when the run is (part of) a figure."""

    text: str
    figure: str | None = None
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Mark:
    """One series point: a dot for an exact value, a bar from ``y_high`` to ``y`` for a range."""

    x: float
    y: float
    y_high: float
    label: str
    label_y: float                               # below a low point, above a high one
    year: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    axis_y: float
    year_y: float
    x_min: float
    x_max: float
    scale: str                                   # "log scale" | "linear scale"
    title: str
    marks: tuple[Mark, ...]
    lines: tuple[tuple[float, float, float, float], ...]
    bands: tuple[str, ...]                       # SVG polygon point lists


@dataclass(frozen=True, slots=True)
class FindingView:
    dom_id: str
    id: str
    rule: str
    rule_name: str
    rule_summary: str
    severity: str
    category: str
    message: str
    explanation: str
    figures: tuple[tuple[str, str], ...]
    chart: Chart | None


@dataclass(frozen=True, slots=True)
class Row:
    pieces: tuple[Piece, ...]
    claim_id: str | None = None
    dom_id: str | None = None
    line: int | None = None
    worst: str | None = None
    findings: tuple[FindingView, ...] = ()


@dataclass(frozen=True, slots=True)
class FileView:
    dom_id: str
    source: str
    language: str
    published: str | None
    n_figures: int
    n_claims: int
    counts: Mapping[str, int]
    meta: str
    rows: tuple[Row, ...]
    orphans: tuple[FindingView, ...] = field(default=())


# ---- pieces and rows ----------------------------------------------------------------------

def _tip(f: Figure) -> str:
    from factcheck.report.table import figure_value

    bits = [f.id, f.kind, figure_value(f), f.unit or "", "" if f.bound == "exact" else f.bound]
    return " · ".join(b for b in bits if b)


def pieces(text: str, figures: Sequence[Figure], start: int, end: int) -> tuple[Piece, ...]:
    """``text[start:end]`` cut at figure boundaries (figures sorted by start)."""
    out: list[Piece] = []
    pos = start
    for f in figures:
        s, e = max(f.start, pos), min(f.end, end)
        if e <= s:
            continue
        if s > pos:
            out.append(Piece(text[pos:s]))
        out.append(Piece(text[s:e], f.id, _tip(f)))
        pos = e
    if pos < end:
        out.append(Piece(text[pos:end]))
    return tuple(out)


def _rows(report: Report, prefix: str, views: Mapping[str, FindingView]) -> tuple[Row, ...]:
    doc = report.extraction.document
    text = doc.text
    figures = sorted(report.extraction.figures, key=lambda f: (f.start, f.end))
    rows: list[Row] = []
    cut = 0
    for group in group_by_claim(report):
        claim = group.claim
        if claim is None:
            continue
        s = min(max(claim.start, cut), len(text))
        e = min(max(claim.end, s), len(text))
        if text[cut:s].strip():
            rows.append(Row(pieces(text, figures, cut, s)))
        rows.append(Row(pieces(text, figures, s, e) or (Piece(claim.text),), claim.id,
                        f"{prefix}-{claim.id}",
                        None if doc.carry_text else locate(text, claim.start, claim.end).line,
                        group.findings[0].severity if group.findings else None,
                        tuple(views[f.id] for f in group.findings)))
        cut = e
    if text[cut:].strip():
        rows.append(Row(pieces(text, figures, cut, len(text))))
    return tuple(rows)


# ---- charts -------------------------------------------------------------------------------

def _number(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def _year(f: Figure) -> int | None:
    value = f.value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        m = _YEAR.match(value)
        return int(m.group(1)) if m else None
    return None


def _claim_year(report: Report, f: Figure) -> int | None:
    owner = dict(report.figure_claim).get(f.id)
    claim: Claim | None = next((c for c in report.claims if c.id == owner), None)
    if claim is None or not claim.period:
        return None
    m = _YEAR.match(claim.period)
    return int(m.group(1)) if m else None


def series(report: Report, finding: Finding) -> list[tuple[int, float, float, str]]:
    """(year, low, high, label) of the value figures a finding names. Dates: as many named
    date figures as values pair up in text order; otherwise the nearest named date (gap in
    characters, the earlier on a tie), else the claim's period. Pairing only, no arithmetic."""
    figures = figure_index(report)
    named = sorted((figures[i] for i in finding.figures if i in figures), key=lambda f: f.start)
    dates = [(f, y) for f in named if f.kind == "date" and (y := _year(f)) is not None]
    values: list[tuple[Figure, float, float]] = []
    for f in named:
        if f.kind == "date":
            continue
        v = _number(f.value)
        lo, hi = (v, v) if v is not None else (_number(f.low), _number(f.high))
        lo = lo if lo is not None else hi
        hi = hi if hi is not None else lo
        if lo is not None and hi is not None:
            values.append((f, min(lo, hi), max(lo, hi)))
    points: dict[int, tuple[int, float, float, str]] = {}
    for i, (f, lo, hi) in enumerate(values):
        if len(dates) == len(values):
            year: int | None = dates[i][1]
        elif dates:
            year = min(dates, key=lambda d: (max(d[0].start - f.end, f.start - d[0].end, 0),
                                             d[0].start > f.start))[1]
        else:
            year = _claim_year(report, f)
        if year is not None and year not in points:
            points[year] = (year, lo, hi, f.text)
    return [points[y] for y in sorted(points)]


def chart(report: Report, finding: Finding, *, width: int = 320, height: int = 170) -> Chart | None:
    """The figures' values at their years, joined by the implied path (a straight line on a
    log axis is constant yearly growth); None when fewer than two dated values."""
    if finding.category != "growth.implied":
        return None
    pts = series(report, finding)
    if len(pts) < 2:
        return None
    log = all(lo > 0 for _, lo, _, _ in pts)
    t = (lambda v: math.log10(v)) if log else (lambda v: v)
    t_lo, t_hi = min(t(p[1]) for p in pts), max(t(p[2]) for p in pts)
    if t_hi - t_lo < 1e-12:
        t_lo, t_hi = t_lo - 0.5, t_hi + 0.5
    left, right, top, bottom = 24.0, 24.0, 26.0, 46.0     # bottom: labels under low points, years
    x0, x1 = pts[0][0], pts[-1][0]

    def px(year: int) -> float:
        return round(left + (year - x0) / (x1 - x0) * (width - left - right), 1)

    def py(v: float) -> float:
        return round(top + (t_hi - t(v)) / (t_hi - t_lo) * (height - top - bottom), 1)

    lowest = min(p[1] for p in pts)

    def label_y(lo: float, hi: float) -> float:        # under the lowest dot, else above
        return round(py(lo) + 17, 1) if lo == hi == lowest else round(py(hi) - 8, 1)

    marks = tuple(Mark(px(y), py(lo), py(hi), label, label_y(lo, hi), str(y),
                       "start" if i == 0 else "end" if i == len(pts) - 1 else "middle")
                  for i, (y, lo, hi, label) in enumerate(pts))
    lines: list[tuple[float, float, float, float]] = []
    bands: list[str] = []
    for a, b in pairwise(marks):
        lines.append((a.x, a.y, b.x, b.y))
        if (a.y_high, b.y_high) != (a.y, b.y):
            lines.append((a.x, a.y_high, b.x, b.y_high))
            bands.append(f"{a.x},{a.y} {b.x},{b.y} {b.x},{b.y_high} {a.x},{a.y_high}")
    title = " → ".join(f"{m.label} ({m.year})" for m in marks)
    return Chart(width, height, height - 20.5, height - 6.0, left, width - right,
                 "log scale" if log else "linear scale", title, marks,
                 tuple(dict.fromkeys(lines)), tuple(bands))


# ---- page ---------------------------------------------------------------------------------

def _finding_view(report: Report, f: Finding, prefix: str, rules: Mapping[str, Any]) -> FindingView:
    figures = figure_index(report)
    rule = rules.get(f.rule)
    return FindingView(
        dom_id=f"{prefix}-{f.id}", id=f.id, rule=f.rule,
        rule_name=str(getattr(rule, "name", "") or ""),
        rule_summary=str(getattr(rule, "summary", "") or ""),
        severity=f.severity, category=f.category, message=f.message,
        explanation=f.explanation,
        figures=tuple((i, figures[i].text) for i in f.figures if i in figures),
        chart=chart(report, f))


def file_view(report: Report, index: int, rules: Mapping[str, Any]) -> FileView:
    prefix = f"file{index + 1}"
    views = {f.id: _finding_view(report, f, prefix, rules) for f in report.findings}
    orphans = next((g.findings for g in group_by_claim(report) if g.claim is None), ())
    doc = report.extraction.document
    counts = severity_counts([report])
    meta = [report.extraction.language]
    if doc.published:
        meta.append(f"published {doc.published}")
    meta += [plural(len(report.extraction.figures), "figure"), plural(len(report.claims), "claim"),
             counts_text(counts)]
    return FileView(prefix, doc.source, report.extraction.language, doc.published,
                    len(report.extraction.figures), len(report.claims), counts, " · ".join(meta),
                    _rows(report, prefix, views),
                    tuple(views[f.id] for f in orphans))


def _environment() -> Any:
    import jinja2

    # autoescape=True, not select_autoescape(): the template's name ends in .j2, for which
    # select_autoescape(["html"]) would silently turn escaping off
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


def render(reports: Sequence[Report], rules: Sequence[Any] | None = None,
           options: RenderOptions | None = None) -> str:
    """The page for every file of the run."""
    opts = options or RenderOptions()
    by_id = {r.id: r for r in rules or ()}
    if opts.version:
        version = opts.version
    else:
        from factcheck import __version__ as version
    files = [file_view(r, i, by_id) for i, r in enumerate(reports)]
    template = _environment().get_template("report.html.j2")
    return template.render(title=opts.title or "factcheck report", files=files,
                           summary=summary_line(reports), counts=severity_counts(reports),
                           version=version)
