"""Terminal output with rich: figure tables, claims, rules, and the grouped check report.

Widths come from rich, which measures cells with ``rich.cells.cell_len`` (a CJK character
takes two columns), so Chinese text wraps correctly at 80 columns. Untrusted text is only
ever passed as ``Text`` (never as markup) after control characters and bidi overrides are
replaced, so an article cannot move the cursor or restyle the terminal. No colour and no
ANSI at all when the output is not a terminal or ``NO_COLOR`` is set.
"""
from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from factcheck.model import Extraction, Figure, Report
from factcheck.report import (
    RenderOptions,
    figure_index,
    finding_span,
    group_by_claim,
    locate,
    summary_line,
)

THEME = Theme({
    "fc.error": "bold red", "fc.warning": "bold yellow", "fc.info": "bold cyan",
    "fc.figure": "bold magenta underline", "fc.file": "bold", "fc.rule": "blue",
    "fc.dim": "dim", "fc.head": "bold", "fc.summary": "bold",
})

# C0/C1 controls and bidi overrides: replaced one for one so offsets into the text stay valid
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def make_console(options: RenderOptions | None = None, file: TextIO | None = None) -> Console:
    """A Console that honours ``options.color`` and NO_COLOR: colour only on a terminal."""
    opts = options or RenderOptions()
    kwargs: dict[str, Any] = {"file": file, "theme": THEME, "highlight": False, "emoji": False,
                              "markup": False, "width": opts.width}
    if opts.color is False or (opts.color is None and os.environ.get("NO_COLOR")):
        kwargs["color_system"] = None                 # plain text: no ANSI sequences at all
    elif opts.color is True:
        kwargs["force_terminal"] = True
    return Console(**kwargs)


def clean(text: str) -> str:
    """Safe for a terminal, same length: breaks become spaces, controls become U+FFFD."""
    return _UNSAFE.sub("\ufffd", _BREAKS.sub(" ", text))


def highlighted(text: str, start: int, end: int, figures: Iterable[Figure]) -> Text:
    """``text[start:end]`` with the figures inside it styled."""
    out = Text(clean(text[start:end]))
    for f in figures:
        s, e = max(f.start, start), min(f.end, end)
        if s < e:
            out.stylize("fc.figure", s - start, e - start)
    return out


def number(x: Any) -> str:
    """A figure's value as written for a table: 20,000,000,000 / 1.12 / 2030-11."""
    if x is None:
        return ""
    if isinstance(x, (bool, str)):
        return clean(str(x))
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e21):
        return f"{int(x):,}"
    if isinstance(x, float):
        return f"{x:,.15g}"
    return clean(str(x))


def figure_value(f: Figure) -> str:
    if f.value is not None:
        return number(f.value)
    if f.low is None and f.high is None:
        return ""
    return f"{number(f.low)} – {number(f.high)}"


def _console(console: Console | None) -> Console:
    return console if console is not None else make_console()


def _doc_header(console: Console, report_or_extraction: Report | Extraction) -> None:
    ext = report_or_extraction.extraction if isinstance(report_or_extraction, Report) \
        else report_or_extraction
    doc = ext.document
    head = Text(clean(doc.source), style="fc.file")
    bits = [f"language {ext.language}"]
    if doc.published:
        bits.append(f"published {doc.published}" +
                    (f" ({doc.published_from})" if doc.published_from else ""))
    head.append("  " + " · ".join(bits), style="fc.dim")
    console.print(head)


# ---- extract ------------------------------------------------------------------------------

def print_figures(extraction: Extraction, console: Console | None = None,
                  options: RenderOptions | None = None) -> None:
    """One table of every figure: id, text, kind, value (or low–high), unit, bound."""
    console = _console(console)
    _doc_header(console, extraction)
    if not extraction.figures:
        console.print(Text("no figures", style="fc.dim"))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="fc.head")
    for name, justify in (("id", "left"), ("text", "left"), ("kind", "left"),
                          ("value", "right"), ("unit", "left"), ("bound", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for f in extraction.figures:
        table.add_row(Text(f.id), Text(clean(f.text), style="fc.figure"), Text(f.kind),
                      Text(figure_value(f)), Text(clean(f.unit or "")), Text(f.bound))
    console.print(table)


def render_figures(reports: Sequence[Report], rules: Sequence[Any] | None = None,
                   options: RenderOptions | None = None) -> str:
    """The ``table`` format as text (the figures of each file)."""
    console, buf = _capture(options)
    for report in reports:
        print_figures(report.extraction, console=console)
    return buf.getvalue()


# ---- claims -------------------------------------------------------------------------------

def print_claims(report: Report, console: Console | None = None,
                 options: RenderOptions | None = None) -> None:
    """Each claim: id, what it is about, its text with figures highlighted, figure roles."""
    console = _console(console)
    _doc_header(console, report)
    if not report.claims:
        console.print(Text("no claims", style="fc.dim"))
        return
    text = report.extraction.document.text
    figures = figure_index(report)
    for claim in sorted(report.claims, key=lambda c: (c.start, c.id)):
        head = Text(claim.id, style="fc.head")
        about = [f"{k} {clean(v)}" for k, v in (("subject", claim.subject),
                                                ("metric", claim.metric),
                                                ("period", claim.period),
                                                ("direction", claim.direction)) if v]
        if about:
            head.append("  " + " · ".join(about), style="fc.dim")
        roles = dict(claim.roles)
        figs = Text()
        for fid in claim.figures:
            if figs:
                figs.append("  ")
            fig = figures.get(fid)
            figs.append(fid, style="fc.dim")
            if fig is not None:
                figs.append(" " + clean(fig.text), style="fc.figure")
            if fid in roles:
                figs.append(f" ({clean(roles[fid])})", style="fc.dim")
        console.print(head)
        print_wrapped(console, highlighted(text, claim.start, claim.end,
                                           report.extraction.figures), indent=2)
        if figs:
            print_wrapped(console, figs, indent=2)
        console.print()
    if report.links:
        console.print(Text("links", style="fc.head"))
        for link in report.links:
            line = Text("  " + link.kind.replace("_", " "), style="fc.dim")
            for fid, arrow in ((link.a, "  "), (link.b, " → ")):
                fig = figures.get(fid)
                line.append(arrow + fid, style="fc.dim")
                if fig is not None:
                    line.append(" " + clean(fig.text), style="fc.figure")
            extra = ", ".join(f"{clean(str(k))} {clean(str(v))}" for k, v in link.info)
            if extra:
                line.append(f"  ({extra})", style="fc.dim")
            print_wrapped(console, line, indent=4)


# ---- check --------------------------------------------------------------------------------

# Line breaking: rich breaks only at spaces and folds a space-less CJK run anywhere, even inside
# "114%". Here a CJK character is its own unit, a Latin word or number is one unit, opening
# brackets stick to what follows and closing punctuation to what precedes (kinsoku).
_CJK = "\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_OPEN = "（「『【《〈“‘(\\[{"
_CLOSE = "，。、；：？！）」』】》〉”’％%,.;:!?)\\]}…"
_TOKEN = re.compile(f"\\s+|[{_OPEN}]*(?:[^\\s{_CJK}]+|[{_CJK}])[{_CLOSE}]*")
SEVERITY_WIDTH = 8          # "warning" and a space: where a finding's text starts


def wrap(text: Text, first: int, rest: int) -> list[Text]:
    """Lines of at most ``first`` cells, then ``rest`` cells; no trailing spaces."""
    plain = text.plain
    spans: list[tuple[int, int]] = []
    line_start, line_end, used = 0, 0, 0
    avail = max(first, 1)
    for m in _TOKEN.finditer(plain):
        s, e = m.span()
        if m.group().isspace():
            if used == 0:
                line_start = line_end = e
            else:
                used += cell_len(m.group())
            continue
        size = cell_len(m.group())
        if used and used + size > avail:
            spans.append((line_start, line_end))
            line_start, used, avail = s, 0, max(rest, 1)
        if size > avail:                                  # one unit wider than a line: fold it
            pos = s
            for i, ch in enumerate(plain[s:e], start=s):
                w = cell_len(ch)
                if used and used + w > avail:
                    spans.append((line_start, pos))
                    line_start, used, avail = pos, 0, max(rest, 1)
                used += w
                pos = i + 1
            line_end = e
            continue
        used += size
        line_end = e
    if line_end > line_start:
        spans.append((line_start, line_end))
    return [text[a:b] for a, b in spans] or [Text()]


def print_wrapped(console: Console, text: Text, *, indent: int,
                  prefix: Text | None = None) -> None:
    """``text`` with a hanging indent; ``prefix`` (if any) starts the first line."""
    width = console.width
    lead = prefix if prefix is not None else Text(" " * indent)
    for i, line in enumerate(wrap(text, width - cell_len(lead.plain), width - indent)):
        out = (lead.copy() if i == 0 else Text(" " * indent))
        out.append_text(line)
        console.print(out, soft_wrap=True)


def _print_finding(console: Console, f: Any, indent: int) -> None:
    label = Text(" " * indent)
    label.append(f.severity, style=f"fc.{f.severity}")
    label.append(" " * max(1, SEVERITY_WIDTH - len(f.severity)))
    body = Text(clean(f.rule), style="fc.rule")
    body.append(" " + clean(f.message))
    hang = indent + SEVERITY_WIDTH
    print_wrapped(console, body, indent=hang, prefix=label)
    for line in (f.explanation or "").splitlines():
        if line.strip():
            print_wrapped(console, Text(clean(line), style="fc.dim"), indent=hang)


def print_report(report: Report, console: Console | None = None,
                 options: RenderOptions | None = None, *, summary: bool = True) -> None:
    """One file's findings, grouped by claim: the claim with its figures, then its findings."""
    console = _console(console)
    opts = options or RenderOptions()
    groups = group_by_claim(report)
    if opts.quiet:
        for group in groups:
            for f in group.findings:
                console.print(quiet_line(report, f), soft_wrap=True)
        return
    doc = report.extraction.document
    if groups:
        console.rule(Text(clean(doc.source), style="fc.file"), align="left")
    for group in groups:
        claim = group.claim
        if claim is None:
            console.print(Text("not tied to a claim", style="fc.head"))
        else:
            head = Text(claim.id, style="fc.head")
            if not doc.carry_text:
                head.append(f"  line {locate(doc.text, claim.start, claim.end).line}",
                            style="fc.dim")
            console.print(head)
            print_wrapped(console, highlighted(doc.text, claim.start, claim.end,
                                               report.extraction.figures), indent=2)
        for f in group.findings:
            _print_finding(console, f, 2)
        console.print()
    if summary:
        console.print(Text(summary_line([report]), style="fc.summary"))


def quiet_line(report: Report, f: Any) -> Text:
    """``path:line:col: severity [rule] message``: the grep-able form."""
    doc = report.extraction.document
    where = clean(doc.source)
    span = finding_span(report, f)
    if span is not None and not doc.carry_text:
        pos = locate(doc.text, *span)
        where += f":{pos.line}:{pos.column}"
    line = Text(where + ": ")
    line.append(f.severity, style=f"fc.{f.severity}")
    line.append(f" [{clean(f.rule)}] ", style="fc.rule")
    line.append(" ".join(clean(f.message).split()))
    return line


def print_check(reports: Sequence[Report], console: Console | None = None,
                options: RenderOptions | None = None) -> None:
    """Every file's grouped findings, then one summary line (none in quiet mode)."""
    console = _console(console)
    opts = options or RenderOptions()
    for report in reports:
        print_report(report, console=console, options=opts, summary=False)
    if not opts.quiet:
        console.print(Text(summary_line(reports), style="fc.summary"))


def render_check(reports: Sequence[Report], rules: Sequence[Any] | None = None,
                 options: RenderOptions | None = None) -> str:
    """The ``rich`` format as text (colour only when ``options.color`` is True)."""
    console, buf = _capture(options)
    print_check(reports, console=console, options=options)
    return buf.getvalue()


def _capture(options: RenderOptions | None) -> tuple[Console, io.StringIO]:
    opts = options or RenderOptions()
    buf = io.StringIO()
    console = make_console(RenderOptions(color=opts.color, width=opts.width or 80,
                                         quiet=opts.quiet), file=buf)
    return console, buf


# ---- rules --------------------------------------------------------------------------------

def _examples(rule: Any) -> tuple[Sequence[Any], Sequence[Any]]:
    ex = getattr(rule, "examples", None)
    if ex is None:
        return (), ()
    if isinstance(ex, Mapping):
        return ex.get("fire", ()) or (), ex.get("no_fire", ()) or ()
    return getattr(ex, "fire", ()) or (), getattr(ex, "no_fire", ()) or ()


def _get(obj: Any, name: str, default: Any = "") -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def print_rules(rules: Sequence[Any], console: Console | None = None) -> None:
    """Rules grouped by category: id, severity, certainty, then the name, wrapped."""
    console = _console(console)
    if not rules:
        console.print(Text("no rules", style="fc.dim"))
        return
    rows = sorted(rules, key=lambda r: (str(_get(r, "category")), str(_get(r, "id"))))
    id_width = max(cell_len(clean(str(_get(r, "id")))) for r in rows)
    category = None
    for r in rows:
        if str(_get(r, "category")) != category:
            category = str(_get(r, "category"))
            console.print(Text(clean(category), style="fc.head"))
        rid, severity = clean(str(_get(r, "id"))), str(_get(r, "severity"))
        left = Text("  ")
        left.append(rid, style="fc.rule")
        left.append(" " * (id_width - cell_len(rid) + 2))
        left.append(f"{severity:<8}", style=f"fc.{severity}" if severity in
                    ("error", "warning", "info") else "")
        left.append(f"{clean(str(_get(r, 'certainty'))):<9}", style="fc.dim")
        name = Text(clean(str(_get(r, "name"))))
        if console.width - cell_len(left.plain) >= 24:
            print_wrapped(console, name, indent=cell_len(left.plain), prefix=left)
        else:                                         # too narrow: the name on its own lines
            left.rstrip()
            console.print(left, soft_wrap=True)
            print_wrapped(console, name, indent=4)
    console.print(Text(f"{len(rules)} rules · factcheck explain RULE shows one", style="fc.dim"))


def print_rule(rule: Any, console: Console | None = None) -> None:
    """Everything an editor needs about one rule: what, why, params and its examples."""
    console = _console(console)
    head = Text(clean(str(_get(rule, "id"))), style="fc.rule")
    head.append(" — " + clean(str(_get(rule, "name"))), style="fc.head")
    print_wrapped(console, head, indent=2, prefix=Text())
    meta = [f"{k} {clean(str(_get(rule, k)))}" for k in
            ("category", "severity", "certainty", "check") if _get(rule, k, None)]
    print_wrapped(console, Text(" · ".join(meta), style="fc.dim"), indent=2, prefix=Text())
    console.print()
    print_wrapped(console, Text(clean(str(_get(rule, "summary")))), indent=0)
    why = " ".join(str(_get(rule, "why")).split())
    if why:
        console.print()
        console.print(Text("Why", style="fc.head"))
        print_wrapped(console, Text(clean(why)), indent=2)
    params = _get(rule, "params", None) or {}
    if params:
        console.print()
        console.print(Text("Params", style="fc.head"))
        for k in sorted(params):
            print_wrapped(console, Text(f"{clean(str(k))} = {clean(repr(params[k]))}"), indent=4,
                          prefix=Text("  "))
    fire, no_fire = _examples(rule)
    for title, items in (("Reported", fire), ("Not reported", no_fire)):
        if items:
            console.print()
            console.print(Text(title, style="fc.head"))
            for e in items:
                lang = Text("  ")
                lang.append(f"[{clean(str(_get(e, 'lang')))}]", style="fc.dim")
                lang.append(" ")
                print_wrapped(console, Text(clean(str(_get(e, "text")))), indent=7, prefix=lang)
    path = _get(rule, "path", None)
    if path and str(path) != "<string>":
        console.print()
        print_wrapped(console, Text(f"file {clean(_display(path))}", style="fc.dim"), indent=2,
                      prefix=Text())


def _display(path: Any) -> str:
    """The rule file relative to the working folder when inside it, as errors show it."""
    try:
        from factcheck.rules_engine.loader import display_path

        return display_path(path)
    except (ImportError, TypeError, ValueError):
        return str(path)
