"""The library face: the same pipeline the CLI runs, as functions returning a Report."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator, Sequence

from factcheck.model import Document, Extraction, Link, Report


def link_document(doc: Document) -> Report:
    """Figures and claims (no checks)."""
    from factcheck.extraction import extract_document
    from factcheck.link import link

    linked = link(extract_document(doc))
    links = tuple(Link(e["kind"], e["a"], e["b"], tuple((k, v) for k, v in e.items() if k not in ("kind", "a", "b")))
                  for e in linked.graph.to_dict()["edges"])
    return Report(extraction=linked.extraction, claims=linked.claims, figure_claim=linked.figure_claim,
                  links=links)


def check_document(doc: Document, *, rules_dirs: Sequence[str | Path] = (), select: Sequence[str] = (),
                   ignore: Sequence[str] = (), rules: Sequence[Any] | None = None,
                   strict: bool = False) -> Report:
    """The whole pipeline on one document: figures, claims, findings."""
    from factcheck.checks.context import CheckContext
    from factcheck.extraction import extract_document
    from factcheck.link import link
    from factcheck.rules_engine import load_rules, run_rules, select_rules
    from factcheck.rules_engine.loader import default_rules_dir

    linked = link(extract_document(doc))
    if rules is None:
        rules = load_rules([default_rules_dir(), *[Path(d) for d in rules_dirs]])
    chosen = select_rules(rules, select, ignore)
    ctx = CheckContext.build(linked)
    findings = run_rules(chosen, ctx, strict=strict)
    findings = _dedupe(findings)
    return Report(extraction=linked.extraction, claims=linked.claims, findings=tuple(findings),
                  figure_claim=linked.figure_claim)


def check_sections(doc: Document, *, mode: str = "check", rules: Sequence[Any] | None = None,
                   select: Sequence[str] = (), ignore: Sequence[str] = (), strict: bool = False,
                   size: int | None = None) -> Iterator[Report]:
    """The pipeline of ``mode`` (check, claims, extract) run on one section of ``doc`` at a
    time (``factcheck.text.sections``), for texts too long to hold whole in memory.

    Each Report's offsets are into ``doc.text`` and its ids continue those of the section
    before (f1..fN, c1..cM), so the reports concatenated read as one. Claims, links and
    findings do not cross a section boundary."""
    from dataclasses import replace

    from factcheck.extraction import extract_document
    from factcheck.text.sections import split_sections

    if mode == "check" and rules is None:
        from factcheck.rules_engine import load_rules
        from factcheck.rules_engine.loader import default_rules_dir

        rules = load_rules([default_rules_dir()])
    n_fig = n_claim = 0
    for start, end in split_sections(doc.text, size):
        part = replace(doc, text=doc.text[start:end])
        if mode == "check":
            report = check_document(part, rules=rules, select=select, ignore=ignore, strict=strict)
        elif mode == "claims":
            report = link_document(part)
        else:
            report = Report(extraction=extract_document(part))
        yield _shift(report, doc, start, n_fig, n_claim)
        n_fig += len(report.extraction.figures)
        n_claim += len(report.claims)


def merge_reports(reports: Sequence[Report]) -> Report:
    """The reports of ``check_sections`` as one (for outputs that need the whole at once)."""
    first = reports[0]
    return Report(extraction=Extraction(document=first.extraction.document,
                                        language=first.extraction.language,
                                        figures=tuple(f for r in reports for f in r.extraction.figures)),
                  claims=tuple(c for r in reports for c in r.claims),
                  findings=tuple(x for r in reports for x in r.findings),
                  figure_claim=tuple(p for r in reports for p in r.figure_claim),
                  links=tuple(x for r in reports for x in r.links))


def _shift(report: Report, doc: Document, at: int, n_fig: int, n_claim: int) -> Report:
    """A section's report moved to its place in the whole document."""
    from dataclasses import replace

    if not (at or n_fig or n_claim):
        return replace(report, extraction=replace(report.extraction, document=doc))

    def fid(x: str) -> str:
        return f"f{int(x[1:]) + n_fig}"

    def cid(x: str) -> str:
        return f"c{int(x[1:]) + n_claim}"

    figures = tuple(replace(f, id=fid(f.id), start=f.start + at, end=f.end + at)
                    for f in report.extraction.figures)
    claims = tuple(replace(c, id=cid(c.id), start=c.start + at, end=c.end + at,
                           figures=tuple(fid(x) for x in c.figures),
                           roles=tuple((fid(x), r) for x, r in c.roles))
                   for c in report.claims)
    findings = []
    for f in report.findings:
        rule, _, rest = f.id.partition(":")
        ids = ":".join(fid(x) if x[:1] == "f" and x[1:].isdigit() else
                       cid(x) if x[:1] == "c" and x[1:].isdigit() else x for x in rest.split(":"))
        findings.append(replace(f, id=f"{rule}:{ids}" if rest else f.id,
                                figures=tuple(fid(x) for x in f.figures),
                                claims=tuple(cid(x) for x in f.claims)))
    return Report(extraction=replace(report.extraction, document=doc, figures=figures),
                  claims=claims, findings=tuple(findings),
                  figure_claim=tuple((fid(a), cid(b)) for a, b in report.figure_claim),
                  links=tuple(replace(x, a=fid(x.a), b=fid(x.b),
                                      info=tuple((k, fid(v) if _is_fid(v) else v) for k, v in x.info))
                              for x in report.links))


def _is_fid(v: Any) -> bool:
    return isinstance(v, str) and v[:1] == "f" and v[1:].isdigit()


def _dedupe(findings: list) -> list:
    """One finding per id, and one per category over the same figures (two rules that see the
    same slip say it once)."""
    seen, out = set(), []
    for f in findings:
        key2 = (f.category, frozenset(f.figures))
        if f.id in seen or key2 in seen:
            continue
        seen.update((f.id, key2))
        out.append(f)
    order = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: (min((int(x[1:]) for x in f.figures), default=0), order[f.severity]))
    return out


def check(text_or_path: str, *, published: str | None = None, **options: Any) -> Report:
    """Check a text, or a file when ``text_or_path`` names one that exists."""
    from factcheck.ingest import load_path, load_text

    if "\n" not in text_or_path and len(text_or_path) < 4096 and os.path.exists(text_or_path):
        doc = load_path(text_or_path, published=published)
    else:
        doc = load_text(text_or_path, published=published)
    return check_document(doc, **options)
