"""GitHub Actions workflow commands: one annotation per finding, capped so a step never
exceeds GitHub's limit (10 errors, 10 warnings, 10 notices per step; extra ones are
dropped silently). Whatever does not fit is printed as plain log lines and counted in one
``::notice``, so nothing is lost and the job never fails because of annotations.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.model import Finding, Report
from factcheck.report import RenderOptions, finding_span, locate, summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Message escaping of actions/toolkit ``command.ts``: %, CR, LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property escaping: the data escapes plus ``:`` and ``,``, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _has_file(report: Report) -> bool:
    source = report.extraction.document.source
    return bool(source) and source != "-" and not source.startswith("<")


def annotation(report: Report, f: Finding) -> str:
    """``::error file=…,line=…,endLine=…,col=…,endColumn=…,title=RULE::message``."""
    props: list[tuple[str, str]] = []
    doc = report.extraction.document
    if _has_file(report):
        props.append(("file", doc.source))
        span = finding_span(report, f)
        if span is not None and not doc.carry_text:      # html/docx offsets are not file lines
            pos = locate(doc.text, *span)
            props += [("line", str(pos.line)), ("endLine", str(pos.end_line))]
            if pos.line == pos.end_line:                  # GitHub ignores columns across lines
                props += [("col", str(pos.column)), ("endColumn", str(pos.end_column))]
    props.append(("title", f.rule))
    message = f.message if not f.explanation else f"{f.message}\n{f.explanation}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS.get(f.severity, 'warning')} {head}::{escape_data(message)}"


def plain_line(report: Report, f: Finding) -> str:
    """``path:line:col: severity [rule] message`` on one line, for findings past the cap."""
    doc = report.extraction.document
    where = doc.source.replace("\r", " ").replace("\n", " ")
    if where.startswith(":"):
        where = "./" + where
    span = finding_span(report, f)
    if span is not None and not doc.carry_text:
        pos = locate(doc.text, *span)
        where += f":{pos.line}:{pos.column}"
    message = " ".join(f.message.split())
    return f"{where}: {f.severity} [{f.rule}] {message}"


def render(reports: Sequence[Report], rules: Sequence[Any] | None = None,
           options: RenderOptions | None = None) -> str:
    """Annotations up to the cap per level, then the overflow as plain lines and a notice."""
    limit = max(1, (options or RenderOptions()).annotation_limit)
    pending = [(r, f) for r in reports for f in r.findings]
    totals = {level: sum(1 for _, f in pending if COMMANDS.get(f.severity, "warning") == level)
              for level in ("error", "warning", "notice")}
    overflow = any(totals[level] > limit for level in ("error", "warning", "notice"))
    caps = {"error": limit, "warning": limit,
            "notice": limit - 1 if overflow else limit}        # keep a slot for the summary
    shown = dict.fromkeys(caps, 0)
    lines: list[str] = []
    rest: list[tuple[Report, Finding]] = []
    for report, f in pending:
        level = COMMANDS.get(f.severity, "warning")
        if shown[level] < caps[level]:
            shown[level] += 1
            lines.append(annotation(report, f))
        else:
            rest.append((report, f))
    if rest:
        counts: dict[str, int] = {}
        for _, f in rest:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        parts = ", ".join(f"{s}: {n}" for s, n in counts.items())
        note = (f"{len(rest)} more findings not annotated ({parts}): GitHub shows at most "
                f"{limit} errors, {limit} warnings and {limit} notices per step. "
                "They are listed in this step's log.")
        lines.append(f"::notice title=factcheck::{escape_data(note)}")
        lines += [plain_line(r, f) for r, f in rest]
    lines.append(f"factcheck: {summary_line(reports)}")
    return "\n".join(lines) + "\n"
