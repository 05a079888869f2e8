"""Every example of every shipped rule runs as a test.

Each example is run through the whole pipeline (ingest, extraction, linking) with only
its own rule selected, in strict mode. A ``fire`` example must yield at least one
finding of that rule; a ``no_fire`` example must yield none of it. Test ids look like
``change-mismatch/fire/en#0``: the rule, the group, the language, and the example's
position among that rule's examples of that group and language.

KNOWN_GAPS lists examples that a reader would expect to work but that fail because of a
gap in the extractor, linker or check (not in the example). They are marked
``# gap: ...`` in the rule file and run here as non-strict xfails, so fixing the gap
turns them into XPASS and tells you to remove the entry.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.api import check_document
from factcheck.ingest import load_text
from factcheck.rules_engine.loader import load_rules

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"

KNOWN_GAPS: dict[str, str] = {}


def _rules():
    return load_rules([RULES_DIR])


def collect_examples(rules=None):
    """(test id, rule, group, example) for every example of every rule, in file order."""
    out = []
    for rule in rules if rules is not None else _rules():
        for group in ("fire", "no_fire"):
            seen: dict[str, int] = {}
            for ex in getattr(rule.examples, group):
                n = seen.get(ex.lang, 0)
                seen[ex.lang] = n + 1
                out.append((f"{rule.id}/{group}/{ex.lang}#{n}", rule, group, ex))
    return out


EXAMPLES = collect_examples()


def _params():
    for test_id, rule, group, ex in EXAMPLES:
        marks = []
        if test_id in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[test_id], strict=False))
        yield pytest.param(rule, group, ex, id=test_id, marks=marks)


@pytest.mark.parametrize(("rule", "group", "example"), list(_params()))
def test_rule_example(rule, group, example):
    doc = load_text(example.text, published=example.published)
    report = check_document(doc, rules=[rule], strict=True)
    mine = [f for f in report.findings if f.rule == rule.id]
    where = f"{rule.path.name}:{example.line}"
    if group == "fire":
        assert mine, f"{where}: expected a '{rule.id}' finding on: {example.text!r}"
    else:
        shown = "; ".join(f.message for f in mine)
        assert not mine, f"{where}: expected no '{rule.id}' finding on: {example.text!r}, got: {shown}"


def test_known_gaps_name_real_examples():
    """A stale KNOWN_GAPS entry (renamed rule, moved example) must not hide silently."""
    ids = {test_id for test_id, *_ in EXAMPLES}
    assert sorted(set(KNOWN_GAPS) - ids) == []


def test_known_gaps_match_the_gap_comments():
    """An example is in KNOWN_GAPS exactly when a '# gap:' comment sits right above it."""
    texts: dict[Path, list[str]] = {}
    marked = set()
    for test_id, rule, _, ex in EXAMPLES:
        lines = texts.setdefault(rule.path, Path(rule.path).read_text(encoding="utf-8").splitlines())
        if ex.line >= 2 and lines[ex.line - 2].strip().startswith("# gap:"):
            marked.add(test_id)
    assert sorted(set(KNOWN_GAPS) - marked) == [], "in KNOWN_GAPS but not marked '# gap:'"
    assert sorted(marked - set(KNOWN_GAPS)) == [], "marked '# gap:' but not in KNOWN_GAPS"
