"""Meta-tests over the shipped rule files: complete, uniquely named, every finding
category covered by examples in both languages, and visible through the CLI.

The category list is copied from shared/design/findings.md (the contract between the rule
engine, the reports and the evaluation corpus) so that this test runs from the repository
alone. A new category is added there first, then here, then to a rule.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.rules_engine.loader import load_rules, rule_files
from factcheck.rules_engine.schema import CATEGORIES as SCHEMA_CATEGORIES

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"

# the categories of findings.md, in its order
FINDINGS_CATEGORIES = (
    "arithmetic.sum",
    "arithmetic.change",
    "arithmetic.ratio",
    "consistency.repeated",
    "consistency.scale",
    "temporal.date",
    "temporal.span",
    "growth.implied",
    "growth.doubling",
    "qualifier.rounding",
    "context.rate-vs-total",
)
LANGS = ("en", "zh")
MIN_PER_CATEGORY = 3          # fire and no_fire examples, per language, per category

RULES = load_rules([RULES_DIR])
RULE_IDS = [r.id for r in RULES]


def _squash(s: str) -> str:
    """Text as the terminal shows it, minus every space and line break (wrapping moves them)."""
    s = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", s)
    return re.sub(r"\s+", "", s)


def test_rules_folder_is_not_empty():
    assert len(RULES) >= len(FINDINGS_CATEGORIES)


def test_schema_knows_exactly_the_findings_categories():
    assert tuple(SCHEMA_CATEGORIES) == FINDINGS_CATEGORIES


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_is_complete(rule):
    assert rule.summary.strip(), "summary is empty"
    assert rule.why.strip(), "why is empty"
    assert rule.name.strip(), "name is empty"
    assert len(rule.examples.fire) >= 1, "no fire example"
    assert len(rule.examples.no_fire) >= 1, "no no_fire example"


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_id_is_file_stem(rule):
    assert rule.id == Path(rule.path).stem
    assert Path(rule.path).resolve().is_relative_to(RULES_DIR.resolve())


def test_rule_ids_are_unique():
    stems = Counter(p.stem for p in rule_files(RULES_DIR))
    assert [s for s, n in stems.items() if n > 1] == []
    assert len(set(RULE_IDS)) == len(RULE_IDS) == sum(stems.values())


@pytest.mark.parametrize("category", FINDINGS_CATEGORIES)
def test_category_has_a_rule(category):
    assert any(r.category == category for r in RULES), f"no rule for {category}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("category", FINDINGS_CATEGORIES)
def test_category_has_examples_in_each_language(category, lang):
    """At least three fire and three no_fire examples per language, summed over the
    category's rules."""
    rules = [r for r in RULES if r.category == category]
    fire = sum(1 for r in rules for e in r.examples.fire if e.lang == lang)
    no_fire = sum(1 for r in rules for e in r.examples.no_fire if e.lang == lang)
    ids = ", ".join(r.id for r in rules) or "no rule"
    assert fire >= MIN_PER_CATEGORY, f"{category} [{lang}]: {fire} fire examples ({ids})"
    assert no_fire >= MIN_PER_CATEGORY, f"{category} [{lang}]: {no_fire} no_fire examples ({ids})"


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_explain_prints_the_rule_and_its_examples(rule, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.chdir(RULES_DIR.parent)
    code = main(["explain", rule.id])
    out, err = capsys.readouterr()
    assert code == 0, err
    shown = _squash(out)
    assert _squash(rule.id) in shown
    assert _squash(rule.summary) in shown
    for ex in (*rule.examples.fire, *rule.examples.no_fire):
        assert _squash(ex.text) in shown, f"example not printed: {ex.text!r}"


def test_explain_unknown_rule_fails(capsys):
    code = main(["explain", "no-such-rule"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "no-such-rule" in err


def test_rules_command_lists_every_rule():
    """`factcheck rules` as a user runs it: a separate process, plain output."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", "import sys; from factcheck.cli import main; "
                           "sys.exit(main(['rules']))"],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          cwd=RULES_DIR.parent, timeout=120)
    assert proc.returncode == 0, proc.stderr
    listed = set(re.findall(r"^\s+([a-z][a-z0-9-]*)\s", proc.stdout, re.M))
    assert sorted(set(RULE_IDS) - listed) == []
    for category in {r.category for r in RULES}:
        assert re.search(rf"^{re.escape(category)}\s*$", proc.stdout, re.M), category
