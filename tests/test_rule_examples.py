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

KNOWN_GAPS: dict[str, str] = {
    "change-mismatch/fire/en#4":
        "'$3.40, or 9.5%, to $36.60': role_of reads 'or P%' as a share, so no change edge is built "
        "(and _absolute_partner allows ',' or 'or' between the amount and the percent, not both)",
    "change-mismatch/fire/en#5":
        "'from 1.24 million units to 1.55 million units': the unit noun before 'to' breaks the "
        "from/to pair (_FROM_TO_EN)",
    "share-of-total/fire/zh#0":
        "arithmetic.share has no Chinese shape: '占总营收的P%' is never matched",
    "share-of-total/fire/zh#1":
        "arithmetic.share has no Chinese shape: '佔總資產的P%' is never matched",
    "share-of-total/fire/zh#2":
        "arithmetic.share: '约占P%' passes _SHARE but _OF_TOTAL needs an English 'of the total'",
    "repeated-value/fire/zh#4":
        "subject_zh keeps the verb 达 ('比亚迪营收达'), so the two statements get different subjects",
    "repeated-value/no_fire/zh#4":
        "false positive: the clause after '；' keeps the first clause's year, so 2023 and 2024 sales "
        "look like one quantity",
    "weekday-mismatch/fire/en#4":
        "'Thursday 18 June 2025': the day-month-year pattern takes no leading weekday",
    "weekday-mismatch/fire/zh#4":
        "'2024年7月1日周二': a weekday after a Chinese date is attached only inside brackets",
    "span-vs-date/fire/zh#4":
        "'3年前（2020年）': the duration figure is '3年', so '前（' sits between it and the date",
    "span-vs-date/fire/en#0":
        "'(2028)' is masked as a stock code; the en duration text leaves out 'from now'",
    "span-vs-date/fire/en#1":
        "'(2030)' is masked as a stock code; the en duration text leaves out 'later'",
    "span-vs-date/fire/en#2":
        "'(2026)' is masked as a stock code; the en duration text leaves out 'from now'",
    "growth-cagr/fire/en#3":
        "rules/README.md's example: figure_period does not read 'by 2030' after a figure, so both "
        "amounts get this year's period and no series edge is built",
}


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
