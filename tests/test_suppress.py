"""Inline suppressions and baselines, as pure functions and end to end through the CLI.

The test article is made of the rules' own ``fire`` examples (which test_rule_examples
keeps firing), one paragraph each, so these tests follow the rules as they change:
change-mismatch (error, one claim), weekday-mismatch (error, one claim) and rate-vs-total
(info, over two claims).
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from factcheck.api import check_document
from factcheck.cli import main
from factcheck.ingest import load_text
from factcheck.rules_engine import load_rules
from factcheck.workflow.baseline import (
    apply_baseline,
    entries_for,
    finding_key,
    source_key,
)
from factcheck.workflow.suppress import (
    Suppression,
    apply_suppressions,
    find_suppressions,
)


@functools.cache
def _example(rule_id: str) -> str:
    rule = next(r for r in load_rules() if r.id == rule_id)
    return next(e.text for e in rule.examples.fire if e.lang == "en")


@functools.cache
def article_text() -> str:
    first, second = _example("rate-vs-total").split(". ", 1)
    return ("---\ntitle: Quarterly roundup\ndate: 2025-11-10\n---\n\n# Quarterly roundup\n\n"
            f"{_example('change-mismatch')}\n\n"
            "About 300 people attended the meeting.\n\n"
            f"{_example('weekday-mismatch')}\n\n"
            f"{first}.\n{second}\n")


CHANGE = _example("change-mismatch")
MEETING = "About 300 people attended the meeting."
WEEKDAY = _example("weekday-mismatch")
SECOND = _example("rate-vs-total").split(". ", 1)[1]


def _article(tmp_path: Path, edits: dict[str, str] | None = None, name: str = "a.md") -> Path:
    """The article, with a comment line put before each anchor text."""
    text = article_text()
    for anchor, comment in (edits or {}).items():
        assert anchor in text
        text = text.replace(anchor, comment + "\n" + anchor, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


def _check(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", "--jobs", "1", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def _ids(report: dict) -> list[str]:
    return [f["rule"] for f in report["findings"]]


def _signature(report: dict, finding: dict) -> tuple[str, tuple[str, ...]]:
    """A finding without its ids: its rule and the texts of its figures."""
    texts = {f["id"]: " ".join(f["text"].split()) for f in report["figures"]}
    return finding["rule"], tuple(texts[x] for x in finding["figures"])


def _code(report: dict) -> int:
    """The exit code the findings left in ``report`` call for (fail-on error)."""
    return int(any(f["severity"] == "error" for f in report["findings"]))


def test_the_article_fires_what_these_tests_expect(tmp_path, capsys):
    code, [rep], err = _check(capsys, str(_article(tmp_path)))
    assert code == 1, err
    assert {"change-mismatch", "weekday-mismatch", "rate-vs-total"} <= set(_ids(rep))
    [rate] = [f for f in rep["findings"] if f["rule"] == "rate-vs-total"]
    assert len(rate["claims"]) == 2


# --------------------------------------------------------------------------- inline, CLI

def test_inline_comment_suppresses_the_next_claim(tmp_path, capsys):
    comment = '<!-- factcheck: ignore change-mismatch reason="the company\'s own rounding" -->'
    art = _article(tmp_path, {CHANGE: comment})
    code, [rep], err = _check(capsys, str(art))
    assert "change-mismatch" not in _ids(rep) and "weekday-mismatch" in _ids(rep)
    assert code == _code(rep) == 1
    assert rep["suppressed"] == [{"id": rep["suppressed"][0]["id"], "rule": "change-mismatch",
                                  "severity": "error", "by": "inline",
                                  "reason": "the company's own rounding",
                                  "line": _line(art, "<!--")}]
    assert rep["unused_suppressions"] == []
    assert err == ""


def test_the_comment_reaches_only_the_next_claim(tmp_path, capsys):
    art = _article(tmp_path, {MEETING: '<!-- factcheck: ignore change-mismatch reason="x" -->'})
    code, [rep], err = _check(capsys, str(art))
    assert "change-mismatch" in _ids(rep) and code == 1
    assert [u["rules"] for u in rep["unused_suppressions"]] == [["change-mismatch"]]
    assert err == (f"factcheck: {art}:{_line(art, '<!--')}: unused suppression: "
                   "no 'change-mismatch' finding on the next claim\n")


def test_a_finding_is_on_every_claim_it_involves(tmp_path, capsys):
    # rate-vs-total names both sentences; the comment stands before the second; "context"
    # is a category prefix (context.rate-vs-total)
    art = _article(tmp_path, {SECOND: '<!-- factcheck: ignore context reason="checked" -->'})
    _, [rep], err = _check(capsys, str(art))
    assert "rate-vs-total" not in _ids(rep), err
    assert [s["rule"] for s in rep["suppressed"]] == ["rate-vs-total"]


def test_missing_reason_warns_and_does_not_suppress(tmp_path, capsys):
    art = _article(tmp_path, {CHANGE: "<!-- factcheck: ignore change-mismatch -->"})
    code, [rep], err = _check(capsys, str(art))
    assert code == 1 and "change-mismatch" in _ids(rep)
    assert err.splitlines() == [(f"factcheck: warning: {art}:{_line(art, '<!--')}: suppression "
                                 'without a reason is ignored (write reason="why this finding '
                                 'is wrong")')]
    assert rep["unused_suppressions"] == [] and rep["suppressed"] == []


def test_several_rules_and_unknown_rule_names(tmp_path, capsys):
    art = _article(tmp_path, {
        CHANGE: '<!-- factcheck: ignore change-mismatch, no-such-rule reason="x" -->'})
    _, [rep], err = _check(capsys, str(art))
    assert "change-mismatch" not in _ids(rep)
    assert [u["rules"] for u in rep["unused_suppressions"]] == [["no-such-rule"]]
    assert "(there is no rule 'no-such-rule')" in err


def test_comment_with_no_claim_after_it_is_unused(tmp_path, capsys):
    art = tmp_path / "a.md"
    art.write_text(article_text() + '\n<!-- factcheck: ignore reason="trailing" -->\n',
                   encoding="utf-8")
    _, [rep], err = _check(capsys, str(art))
    assert rep["unused_suppressions"][0]["message"] == "unused suppression: no claim follows it"
    assert "no claim follows it" in err


def test_html_comment_is_placed_in_the_extracted_text(tmp_path, capsys):
    page = tmp_path / "a.html"
    page.write_text(f"""<!doctype html><html><head><title>t</title>
<meta name="date" content="2025-11-10"></head><body><nav>Home | Markets</nav><article>
<h1>Quarterly roundup</h1>
<!-- factcheck: ignore change-mismatch reason="the company's own rounding" -->
<p>{CHANGE.replace("Sales", "<b>Sales</b>", 1)}</p>
<p>{MEETING}</p>
<p>{WEEKDAY}</p></article></body></html>""", encoding="utf-8")
    code, [rep], err = _check(capsys, str(page))
    assert "change-mismatch" not in _ids(rep) and "weekday-mismatch" in _ids(rep), err
    assert [s["rule"] for s in rep["suppressed"]] == ["change-mismatch"]
    assert rep["suppressed"][0]["line"] == 4 and code == _code(rep)


def test_plain_text_has_no_comments(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text(f'<!-- factcheck: ignore ALL reason="x" -->\n{CHANGE}\n', encoding="utf-8")
    code, [rep], _ = _check(capsys, str(art))
    assert code == 1 and rep["suppressed"] == [] and rep["unused_suppressions"] == []


# --------------------------------------------------------------------------- inline, pure

def test_apply_suppressions_is_pure():
    doc = load_text(article_text(), fmt="markdown")
    report = check_document(doc)
    before = [f.rule for f in report.findings]
    assert "change-mismatch" in before
    start = doc.text.index(CHANGE)
    sup = Suppression(line=1, rules=("change-mismatch",), reason="r", offset=start - 1)
    out = apply_suppressions(report, [sup])
    assert [f.rule for f in report.findings] == before                   # untouched
    assert [f.rule for f in out.report.findings] == [r for r in before if r != "change-mismatch"]
    assert [s.finding.rule for s in out.suppressed] == ["change-mismatch"]
    assert out.unused == ()
    invalid = Suppression(line=1, rules=("change-mismatch",), reason="  ", offset=start - 1)
    assert apply_suppressions(report, [invalid]).report is report


def test_find_suppressions_in_markdown_keeps_offsets():
    raw = "# T\n\n<!-- factcheck: ignore[a, b] reason='why' -->\nSales rose 2% to $11.1bn.\n"
    doc = load_text(raw, fmt="markdown")
    [s] = find_suppressions(raw, doc)
    assert (s.line, s.rules, s.reason, s.offset) == (3, ("a", "b"), "why", raw.index("<!--"))
    assert find_suppressions(raw, load_text(raw, fmt="text")) == ()


# --------------------------------------------------------------------------- baselines

def test_baseline_round_trip_and_edits_elsewhere(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    art = _article(tmp_path)
    code, [orig], _ = _check(capsys, "a.md")
    n = len(orig["findings"])
    assert code == 1 and n >= 3
    code, _, err = _check(capsys, "a.md", "--write-baseline", "base.json")
    assert code == 0 and f"wrote {n} baseline entries for 1 file to base.json" in err
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert data["schema"] == "factcheck.baseline/1"
    assert [e["path"] for e in data["entries"]] == ["a.md"] * n
    assert all(e["reason"] == "baseline" for e in data["entries"])
    assert sorted(e["rule"] for e in data["entries"]) == sorted(_ids(orig))

    code, [rep], err = _check(capsys, "a.md", "--baseline", "base.json")
    assert code == 0 and rep["findings"] == [] and err == ""
    assert [s["by"] for s in rep["suppressed"]] == ["baseline"] * n

    # an edit elsewhere: a new paragraph with figures near the top shifts every id and offset
    before = {f["id"]: _signature(orig, f) for f in orig["findings"]}
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace("# Quarterly roundup\n", "# Quarterly roundup\n\n"
                                "Shares of 12 chipmakers rose 4% on Monday.\n", 1),
                   encoding="utf-8")
    _, [edited], _ = _check(capsys, "a.md")
    after = {f["id"]: _signature(edited, f) for f in edited["findings"]}
    survivors = set(before.values()) & set(after.values())
    assert {"change-mismatch", "weekday-mismatch", "rate-vs-total"} <= {s[0] for s in survivors}
    assert not set(before) & {i for i, s in after.items() if s in survivors}   # ids did move
    code, [rep], err = _check(capsys, "a.md", "--baseline", "base.json")
    assert len(rep["suppressed"]) == len(survivors)
    assert all(_signature(rep, f) not in survivors for f in rep["findings"])
    assert len(rep["unused_suppressions"]) == n - len(survivors), err

    # the sentence itself changes: that finding is back, its entry is reported unused
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace(CHANGE, CHANGE.replace("2%", "3%", 1)), encoding="utf-8")
    code, [rep], err = _check(capsys, "a.md", "--baseline", "base.json")
    assert "change-mismatch" in _ids(rep) and code == 1
    assert ["baseline", ["change-mismatch"]] in [[u["by"], u["rules"]]
                                               for u in rep["unused_suppressions"]]
    assert "a.md: baseline entry matches nothing: change-mismatch" in err


def test_rewriting_a_baseline_keeps_reasons_and_other_files(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _article(tmp_path, name="a.md")
    _article(tmp_path, name="b.md")
    _check(capsys, "a.md", "b.md", "--write-baseline", "base.json")
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    n = len(data["entries"])
    assert n >= 6 and n % 2 == 0
    for e in data["entries"]:
        e["reason"] = f"reviewed {e['rule']}"
        e["reviewer"] = "ed"
    (tmp_path / "base.json").write_text(json.dumps(data), encoding="utf-8")
    _check(capsys, "a.md", "--write-baseline", "base.json")       # only a.md this time
    again = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert sorted((e["path"], e["reason"], e["reviewer"]) for e in again["entries"]) == sorted(
        (e["path"], e["reason"], "ed") for e in data["entries"])


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "repo" / "articles").mkdir(parents=True)
    _article(tmp_path / "repo" / "articles")
    monkeypatch.chdir(tmp_path / "repo")
    _check(capsys, "articles", "--write-baseline", "base.json")
    entries = json.loads((tmp_path / "repo" / "base.json").read_text(encoding="utf-8"))["entries"]
    assert {e["path"] for e in entries} == {"articles/a.md"}
    monkeypatch.chdir(tmp_path / "repo" / "articles")                 # another working folder
    code, [rep], err = _check(capsys, "a.md", "--baseline", "../base.json")
    assert code == 0 and rep["findings"] == [], err


@pytest.mark.parametrize("doc, words", [
    ({"schema": "factcheck.baseline/1", "entries": [
        {"path": "a.md", "rule": "r", "key": "k"}]}, "entry 1 (a.md, r) has no reason"),
    ({"schema": "factcheck.baseline/1", "entries": [
        {"path": "a.md", "rule": "r", "key": "k", "reason": " "}]}, "has no reason"),
    ({"entries": [{"rule": "r", "key": "k", "reason": "x"}]}, 'entry 1 has no "path"'),
    ({"schema": "other/9", "entries": []}, "unsupported baseline schema"),
    ([], "not a baseline"),
])
def test_bad_baseline_exits_2_with_one_line(tmp_path, capsys, doc, words):
    art = _article(tmp_path)
    base = tmp_path / "base.json"
    base.write_text(json.dumps(doc), encoding="utf-8")
    code = main(["check", "--isolated", "--jobs", "1", str(art), "--baseline", str(base)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and words in err and str(base) in err


def test_missing_baseline_file(tmp_path, capsys):
    art = _article(tmp_path)
    code = main(["check", "--isolated", str(art), "--baseline", str(tmp_path / "nope.json")])
    assert code == 2 and "no such baseline file" in capsys.readouterr().err


def test_finding_keys_ignore_offsets_and_ids():
    text = article_text()
    one = check_document(load_text(text, fmt="markdown"))
    two = check_document(load_text(text.replace(
        "# Quarterly roundup\n", "# Quarterly roundup\n\nUp 4% in 12 days.\n", 1), fmt="markdown"))
    keep = {"change-mismatch", "weekday-mismatch"}         # one claim each: nothing to interact
    a = [f for f in one.findings if f.rule in keep]
    b = [f for f in two.findings if f.rule in keep]
    assert len(a) == 2 and [f.id for f in a] != [f.id for f in b]
    assert [finding_key(one, f) for f in a] == [finding_key(two, f) for f in b]
    entries = [e for e in entries_for(one, "a.md") if e.rule in keep]
    out = apply_baseline(two, entries)
    assert not {f.rule for f in out.report.findings} & keep and out.unused == ()
    assert source_key("-", Path(".")) == "<stdin>"
    assert source_key("x/a.md", Path("x")) == "a.md"
