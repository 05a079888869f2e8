"""--format html: one standalone, script-free page with everything escaped."""
from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from test_report_data import (
    all_reports,
    assert_snapshot,
    html_report,
    sample_rules,
    zh_report,
)

from factcheck.model import Figure, Finding
from factcheck.report import RenderOptions, render
from factcheck.report.html import _environment, chart, series


class _Tree(HTMLParser):
    """Elements with their attributes and the ids of the elements around them."""

    VOID = frozenset({"meta", "input", "br", "img", "line", "circle", "polygon", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a, tuple(x[1].get("id", "") for x in self.stack)))
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a, tuple(x[1].get("id", "") for x in self.stack)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def _tree(page: str) -> _Tree:
    t = _Tree()
    t.feed(page)
    return t


@pytest.fixture(scope="module")
def page() -> str:
    return render("html", all_reports() + [html_report()], rules=sample_rules())


def test_nothing_from_the_article_becomes_markup(page):
    tags = {tag for tag, _, _ in _tree(page).elements}
    assert "script" not in tags and "img" not in tags and "b" not in tags and "i" not in tags
    assert re.search(r"<script", page, re.IGNORECASE) is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "samples/&lt;b&gt;bold&lt;/b&gt; report.md" in page
    assert "Stated change &lt;i&gt;vs&lt;/i&gt; values" in page


def test_page_is_standalone_and_forbids_script(page):
    csp = next(a["content"] for tag, a, _ in _tree(page).elements
               if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src" not in csp
    for tag, attrs, _ in _tree(page).elements:
        assert "src" not in attrs, tag
        assert attrs.get("href", "#").startswith("#"), attrs
        assert not any(k.startswith("on") for k in attrs), attrs
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_every_finding_sits_beside_its_claim(page):
    elements = _tree(page).elements
    cards = {a["id"]: around for tag, a, around in elements
             if tag == "article" and "finding" in a.get("class", "")}
    assert len(cards) == 6
    assert "file1-c1" in cards["file1-growth-cagr:f2:f4"]
    assert "file1-c2" in cards["file1-rate-vs-total:f6:f2"]
    assert "file2-c2" in cards["file2-shares-sum:f4:f5:f6"]
    assert not any(x.startswith("file2-c") for x in cards["file2-publication-date"])
    assert "file4-c1" in cards["file4-change-base:f1:f2"]


def test_severity_classes_and_filters(page):
    elements = _tree(page).elements
    classes = [a["class"] for tag, a, _ in elements if tag == "article"]
    assert sorted(c.split()[1] for c in classes) == [
        "sev-error", "sev-error", "sev-info", "sev-info", "sev-warning", "sev-warning"]
    boxes = [a for tag, a, _ in elements if tag == "input"]
    assert [b["id"] for b in boxes] == ["show-error", "show-warning", "show-info"]
    assert all(b["type"] == "checkbox" and "checked" in b for b in boxes)
    assert "body:has(#show-error:not(:checked)) .finding.sev-error" in page


def test_figures_are_highlighted_in_the_article(page):
    marks = [a["data-figure"] for tag, a, around in _tree(page).elements
             if tag == "mark" and "file1-c1" in around]
    assert marks == ["f1", "f2", "f3", "f4"]
    assert ('<mark class="fig" data-figure="f2" '
            'title="f2 · money · 20,000,000,000 · USD · more_than">200億美元</mark>') in page


def test_growth_finding_has_a_chart_of_its_series(page):
    svgs = [around for tag, _, around in _tree(page).elements if tag == "svg"]
    assert len(svgs) == 1 and "file1-growth-cagr:f2:f4" in svgs[0]
    c = chart(zh_report(), zh_report().findings[0])
    assert c is not None and c.scale == "log scale"
    assert [(m.year, m.label) for m in c.marks] == [("2025", "200億美元"), ("2030", "數千億美元")]
    low, high = c.marks
    assert low.y == low.y_high and high.y_high < high.y      # dot, then a range bar
    assert c.x_min <= low.x < high.x <= c.x_max
    assert len(c.bands) == 1 and len(c.lines) == 2


def test_series_pairs_values_with_the_nearest_date():
    assert series(zh_report(), zh_report().findings[0]) == [
        (2025, 20_000_000_000.0, 20_000_000_000.0, "200億美元"),
        (2030, 100_000_000_000.0, 1_000_000_000_000.0, "數千億美元")]


def test_no_chart_without_two_dated_values():
    report = zh_report()
    undated = replace(report.findings[0], figures=("f2", "f4"))
    report_nodate = replace(report, claims=tuple(replace(c, period=None) for c in report.claims))
    assert chart(report_nodate, undated) is None
    assert chart(report, replace(report.findings[0], category="arithmetic.sum")) is None


def test_chart_falls_back_to_the_claim_period_and_linear_scale():
    text = "2020 -5, 2021 10"
    figs = (Figure("f1", 0, 4, "2020", "date", "2020"), Figure("f2", 5, 7, "-5", "number", -5),
            Figure("f3", 9, 13, "2021", "date", "2021"), Figure("f4", 14, 16, "10", "number", 10))
    base = zh_report()
    doc = replace(base.extraction.document, text=text)
    report = replace(base, extraction=replace(base.extraction, figures=figs, document=doc))
    f = Finding("g", "g", "growth.implied", "info", "m", "e", ("f1", "f2", "f3", "f4"))
    c = chart(report, f)
    assert c is not None and c.scale == "linear scale"
    assert [m.year for m in c.marks] == ["2020", "2021"]


def test_environment_autoescapes():
    env = _environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_title_and_version_options():
    out = render("html", [zh_report()], options=RenderOptions(title="審稿 <x>", version="9.9"))
    assert "<title>審稿 &lt;x&gt;: samples/openai.zh.txt</title>" in out
    assert "factcheck 9.9" in out


def test_clean_file_says_no_findings():
    out = render("html", [all_reports()[2]])
    assert "No findings." in out and "Unemployment was" in out


def test_html_snapshot(page):
    assert_snapshot("report.html", page)
