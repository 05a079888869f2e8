"""Markdown for a pull-request comment or a CMS note: a heading per file, a section per claim.

Everything that comes from the article or a rule is escaped: HTML characters become
entities (GitHub and CMSs render inline HTML), Markdown punctuation gets a backslash, and
table cells get ``\\|`` and ``<br>`` so a claim can never break the table or inject markup.
Figures are wrapped in ``<b>`` rather than ``**``: CommonMark's emphasis rules fail next to
CJK punctuation ("5.3%**的" stays literal), the HTML tag does not.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from factcheck.model import Claim, Report
from factcheck.report import RenderOptions, group_by_claim, locate, summary_line

_PUNCT = re.compile(r"([\\`*_\[\]|~#])")
# block markers that only count at a line start: "- x", "+ x", "1. x", "2) x", "---", "==="
_LINE_START = re.compile(r"^([ \t]*)([+\-](?=[ \t]|$)"          # bullet
                         r"|\d{1,9}(?=[.)](?:[ \t]|$))"             # ordered item
                         r"|[=\-](?=[=\- \t]*$))", re.MULTILINE)     # setext underline, rule


def escape_inline(text: str) -> str:
    """Text that renders as itself in Markdown; newlines are kept."""
    text = html.escape(text, quote=False)
    text = _PUNCT.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    """A list or heading marker at a line start: "- x" -> "\\- x", "1. x" -> "1\\. x"."""
    lead, mark = m.group(1), m.group(2)
    return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def cell(text: str) -> str:
    """A GFM table cell: escaped, one line."""
    return escape_inline(text.strip()).replace("\r", "").replace("\n", "<br>")


def _claim_quote(report: Report, claim: Claim) -> str:
    text = report.extraction.document.text
    figures = sorted((f for f in report.extraction.figures
                      if f.start < claim.end and f.end > claim.start), key=lambda f: f.start)
    out: list[str] = []
    pos = claim.start
    for f in figures:
        s, e = max(f.start, pos), min(f.end, claim.end)
        if e <= s:
            continue
        out.append(escape_inline(text[pos:s]))
        out.append(f"<b>{escape_inline(text[s:e])}</b>")
        pos = e
    out.append(escape_inline(text[pos:claim.end]))
    body = "".join(out).strip("\n") or escape_inline(claim.text)
    return "\n".join("> " + line for line in body.split("\n"))


def _file_section(report: Report) -> list[str]:
    doc = report.extraction.document
    lines = [f"## {escape_inline(doc.source)}", ""]
    groups = group_by_claim(report)
    if not groups:
        lines += ["No findings.", ""]
        return lines
    for group in groups:
        claim = group.claim
        if claim is None:
            lines += ["### Not tied to a claim", ""]
        else:
            where = ("" if doc.carry_text
                     else f" · line {locate(doc.text, claim.start, claim.end).line}")
            lines += [f"### Claim {escape_inline(claim.id)}{where}", "",
                      _claim_quote(report, claim), ""]
        lines += ["| Severity | Rule | Finding | Arithmetic |", "| --- | --- | --- | --- |"]
        for f in group.findings:
            lines.append(f"| {cell(f.severity)} | {cell(f.rule)} | {cell(f.message)} "
                         f"| {cell(f.explanation)} |")
        lines.append("")
    return lines


def render(reports: Sequence[Report], rules: Sequence[Any] | None = None,
           options: RenderOptions | None = None) -> str:
    """The whole comment: title, summary line, then each file."""
    title = (options or RenderOptions()).title or "factcheck report"
    lines = [f"# {escape_inline(title)}", "", summary_line(reports) + ".", ""]
    for report in reports:
        lines += _file_section(report)
    return "\n".join(lines).rstrip("\n") + "\n"
