"""--format markdown: a PR comment or CMS note that article text cannot break."""
from __future__ import annotations

import re

from test_report_data import all_reports, assert_snapshot, en_report

from factcheck.report import RenderOptions, render
from factcheck.report.markdown import cell, escape_inline


def test_a_heading_per_file_and_a_section_per_claim_with_findings():
    out = render("markdown", all_reports())
    assert re.findall(r"^## (.*)$", out, re.MULTILINE) == [
        "samples/openai.zh.txt", "samples/&lt;b&gt;bold&lt;/b&gt; report.md", "samples/clean.txt"]
    assert re.findall(r"^### (.*)$", out, re.MULTILINE) == [
        "Claim c1 · line 1", "Claim c2 · line 2", "Claim c1 · line 1", "Claim c2 · line 2",
        "Not tied to a claim"]
    assert "No findings." in out


def test_article_html_is_escaped_everywhere():
    out = render("markdown", all_reports())
    assert "<script" not in out and "<img" not in out and "<b>bold" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_figures_are_bold_in_the_quoted_claim():
    out = render("markdown", [en_report()])
    assert "> Revenue rose from <b>$80 million</b> to <b>$100 million</b>, up <b>30%</b>." in out


def test_table_rows_keep_four_cells():
    out = render("markdown", all_reports())
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]
        assert len(cells) == 4, row
    assert r"No publication date \| " in out
    assert "file date: 2025-11-10<br>assumed: 2025 \\| 2026" in out


def test_escaping_helpers():
    assert cell("a|b\nc") == r"a\|b<br>c"
    assert escape_inline("*x* _y_ [l](u) #1") == r"\*x\* \_y\_ \[l\](u) \#1"
    assert escape_inline("- item\n1. item") == "\\- item\n1\\. item"
    assert escape_inline("1.4萬億 -5%") == "1.4萬億 -5%"


def test_title_option():
    assert render("markdown", [], options=RenderOptions(title="審稿 <x>")).startswith(
        "# 審稿 &lt;x&gt;\n")


def test_markdown_snapshot():
    assert_snapshot("report.md", render("markdown", all_reports()))
