"""The library face: the same pipeline the CLI runs, as functions returning a Report."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

from factcheck.model import Document, Report


def link_document(doc: Document) -> Report:
    """Figures and claims (no checks)."""
    from factcheck.extraction import extract_document
    from factcheck.link import link

    linked = link(extract_document(doc))
    return Report(extraction=linked.extraction, claims=linked.claims, figure_claim=linked.figure_claim)


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
