"""Renderers: one module per output format, each reading the same Reports and computing nothing.

``RENDERERS`` maps a format name to ``fn(reports, rules, options) -> str``; the modules are
imported only when their format is used (jinja2 only for html). ``render`` returns the text,
``write`` sends it to a stream (for ``rich``/``table`` straight to a rich Console, so that a
terminal gets colour). The helpers below are the layout vocabulary the renderers share:
grouping findings under their claim, severity order, and code-point line/column positions.
"""
from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from factcheck.model import SEVERITIES, Claim, Figure, Finding, Report

__all__ = [
    "FORMATS",
    "RENDERERS",
    "ClaimFindings",
    "Position",
    "RenderOptions",
    "counts_text",
    "dumps_json",
    "figure_index",
    "finding_span",
    "group_by_claim",
    "locate",
    "plural",
    "render",
    "severity_counts",
    "sort_findings",
    "summary_line",
    "write",
]

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}     # error 0, warning 1, info 2


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Presentation choices only: nothing here changes what a report says."""

    color: bool | None = None       # None: auto (a terminal and NO_COLOR unset); rich/table only
    width: int | None = None        # rich/table columns; None: the terminal's (80 when piped)
    quiet: bool = False             # rich: one line per finding, no claim text, no summary
    annotation_limit: int = 10      # github: annotations per level per step (GitHub's cap)
    version: str | None = None      # stamped into sarif/html; None: factcheck.__version__
    title: str | None = None        # html/markdown heading; None: "factcheck report"


Renderer = Callable[[Sequence[Report], "Sequence[Any] | None", RenderOptions], str]


class _Lazy:
    """A renderer imported on first call, so `--format json` never pays for jinja2 or rich."""

    def __init__(self, module: str, attr: str = "render"):
        self.module, self.attr = module, attr

    def __call__(self, reports: Sequence[Report], rules: Sequence[Any] | None,
                 options: RenderOptions) -> str:
        fn = getattr(importlib.import_module(self.module), self.attr)
        return fn(reports, rules, options)

    def __repr__(self) -> str:
        return f"<renderer {self.module}.{self.attr}>"


RENDERERS: dict[str, Renderer] = {
    "rich": _Lazy("factcheck.report.table", "render_check"),
    "json": _Lazy("factcheck.report.jsonout"),
    "sarif": _Lazy("factcheck.report.sarif"),
    "github": _Lazy("factcheck.report.github"),
    "markdown": _Lazy("factcheck.report.markdown"),
    "html": _Lazy("factcheck.report.html"),
    "table": _Lazy("factcheck.report.table", "render_figures"),
}
FORMATS = tuple(RENDERERS)


def render(fmt: str, reports: Sequence[Report], *, rules: Sequence[Any] | None = None,
           options: RenderOptions | None = None) -> str:
    """The whole output of ``fmt`` for ``reports`` (several files: one document or stream)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}") from None
    return renderer(list(reports), rules, options or RenderOptions())


def write(fmt: str, reports: Sequence[Report], *, rules: Sequence[Any] | None = None,
          options: RenderOptions | None = None, stream: TextIO | None = None) -> None:
    """Render to ``stream`` (stdout by default); rich/table print through a Console on it."""
    out = stream if stream is not None else sys.stdout
    opts = options or RenderOptions()
    if fmt in ("rich", "table"):
        from factcheck.report import table

        console = table.make_console(opts, file=out)
        if fmt == "rich":
            table.print_check(list(reports), console=console, options=opts)
        else:
            for report in reports:
                table.print_figures(report.extraction, console=console)
        return
    text = render(fmt, reports, rules=rules, options=opts)
    # a lone surrogate (an undecodable file name, a broken input) must not stop the report
    out.write(text.encode("utf-8", "replace").decode("utf-8"))


# ---- layout vocabulary shared by the renderers -------------------------------------------

@dataclass(frozen=True, slots=True)
class ClaimFindings:
    """The findings shown under one claim; ``claim`` None holds findings tied to no claim."""

    claim: Claim | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (code points) of a span; end column is exclusive, as in SARIF."""

    line: int
    column: int
    end_line: int
    end_column: int


def figure_index(report: Report) -> dict[str, Figure]:
    return {f.id: f for f in report.extraction.figures}


def finding_span(report: Report, finding: Finding) -> tuple[int, int] | None:
    """Where a finding points: its first named figure, else its first claim, else nowhere."""
    figures = figure_index(report)
    for fid in finding.figures:
        if fid in figures:
            return figures[fid].start, figures[fid].end
    claims = {c.id: c for c in report.claims}
    for cid in finding.claims:
        if cid in claims:
            return claims[cid].start, claims[cid].end
    return None


def sort_findings(report: Report, findings: Sequence[Finding]) -> list[Finding]:
    """Most severe first, then in reading order, then by id: stable across runs."""
    def key(f: Finding) -> tuple[int, int, str]:
        span = finding_span(report, f)
        return (SEVERITY_RANK.get(f.severity, len(SEVERITY_RANK)),
                span[0] if span else sys.maxsize, f.id)

    return sorted(findings, key=key)


def _home_claim(finding: Finding, claims: dict[str, Claim], owner: dict[str, str]) -> str | None:
    for cid in finding.claims:
        if cid in claims:
            return cid
    for fid in finding.figures:
        home = owner.get(fid)
        if home is not None and home in claims:
            return home
    return None


def group_by_claim(report: Report) -> list[ClaimFindings]:
    """Claims that have findings, in text order, each with its findings; a finding naming
    several claims is shown once, under the first; unattached findings come last."""
    claims = {c.id: c for c in report.claims}
    owner = dict(report.figure_claim)
    buckets: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        buckets.setdefault(_home_claim(f, claims, owner), []).append(f)
    groups = [ClaimFindings(c, tuple(sort_findings(report, buckets[c.id])))
              for c in sorted(report.claims, key=lambda c: (c.start, c.end, c.id))
              if c.id in buckets]
    if None in buckets:
        groups.append(ClaimFindings(None, tuple(sort_findings(report, buckets[None]))))
    return groups


def locate(text: str, start: int, end: int) -> Position:
    """Line/column of ``text[start:end]``; lines end at "\\n" (ingest normalises newlines)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = line + text.count("\n", start, end)
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return Position(line, column, end_line, end_column)


def severity_counts(reports: Sequence[Report]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for r in reports:
        for f in r.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def plural(n: int, word: str) -> str:
    """"1 claim", "2 claims", "3 info"."""
    if word == "info":
        return f"{n} info"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(reports: Sequence[Report]) -> str:
    """"2 files, 9 claims, 3 findings (1 error, 2 info)": the line every report ends with."""
    claims = sum(len(r.claims) for r in reports)
    head = f"{plural(len(reports), 'file')}, {plural(claims, 'claim')}"
    return f"{head}, {counts_text(severity_counts(reports))}"


def counts_text(counts: dict[str, int]) -> str:
    """"3 findings (1 error, 2 info)" or "no findings"."""
    total = sum(counts.values())
    if not total:
        return "no findings"
    parts = ", ".join(plural(n, s) for s, n in counts.items() if n)
    return f"{plural(total, 'finding')} ({parts})"


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps_json(obj: Any, **kwargs: Any) -> str:
    """JSON with real UTF-8 text, except lone surrogates, escaped so the output stays valid."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    try:
        text.encode("utf-8")                # fails only on a lone surrogate: the rare case
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
