"""--format github: workflow-command annotations, escaped and capped per GitHub's limits."""
from __future__ import annotations

from dataclasses import replace

from test_report_data import all_reports, assert_snapshot, en_report, html_report, zh_report

from factcheck.model import Finding
from factcheck.report import RenderOptions, render
from factcheck.report.github import annotation, escape_data, escape_property


def test_escaping_follows_actions_toolkit():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_annotation_has_file_line_columns_and_title():
    report = en_report()
    line = annotation(report, report.findings[0])
    assert line.startswith("::error file=samples/<b>bold</b> report.md,line=1,endLine=1,"
                           "col=51,endColumn=54,title=change-percent::")
    assert "25%25 rise" in line and "%0A" in line and "\n" not in line


def test_properties_escape_colon_and_comma():
    report = en_report()
    doc = replace(report.extraction.document, source="dir,x/a:b.md")
    report = replace(report, extraction=replace(report.extraction, document=doc))
    line = annotation(report, report.findings[0])
    assert "file=dir%2Cx/a%3Ab.md," in line


def test_info_is_a_notice_and_unplaced_findings_have_no_line():
    report = en_report()
    line = annotation(report, report.findings[2])
    assert line.startswith("::notice file=samples/<b>bold</b> report.md,title=publication-date::")


def test_html_input_annotates_the_file_without_lines():
    line = annotation(html_report(), html_report().findings[0])
    assert line.startswith("::warning file=pages/news.html,title=change-base::")


def _many(n_error: int, n_warning: int, n_info: int):
    report = zh_report()
    fig = report.extraction.figures[1].id
    findings = tuple(
        Finding(f"r-{sev}-{i}:{fig}", f"r-{sev}", "arithmetic.sum", sev, f"{sev} {i}", "", (fig,))
        for sev, n in (("error", n_error), ("warning", n_warning), ("info", n_info))
        for i in range(n))
    return replace(report, findings=findings)


def _commands(out: str, kind: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(f"::{kind} ")]


def test_annotations_are_capped_per_level_and_the_rest_summarised():
    out = render("github", [_many(25, 12, 15)])
    assert len(_commands(out, "error")) == 10
    assert len(_commands(out, "warning")) == 10
    notices = _commands(out, "notice")
    assert len(notices) == 10                                  # 9 findings + the summary
    summary = [n for n in notices if "title=factcheck::" in n]
    assert len(summary) == 1 and "23 more findings not annotated" in summary[0]
    assert "error: 15, warning: 2, info: 6" in summary[0]
    plain = [line for line in out.splitlines() if line.startswith("samples/openai.zh.txt:1:")]
    assert len(plain) == 23
    assert out.splitlines()[-1].startswith("factcheck: 1 file, 2 claims, 52 findings")


def test_no_summary_notice_when_everything_fits():
    out = render("github", [_many(10, 10, 10)])
    assert len(_commands(out, "notice")) == 10
    assert "not annotated" not in out


def test_limit_is_an_option():
    out = render("github", [_many(5, 0, 0)], options=RenderOptions(annotation_limit=2))
    assert len(_commands(out, "error")) == 2 and "3 more findings" in out


def test_article_text_cannot_start_a_command():
    report = en_report()
    evil = replace(report.findings[0], message="x\n::error file=evil::pwned")
    out = render("github", [replace(report, findings=(evil,))])
    assert [line for line in out.splitlines() if line.startswith("::")] == [
        annotation(replace(report, findings=(evil,)), evil)]
    assert "%0A::error file=evil::pwned" in out


def test_github_snapshot():
    assert_snapshot("report.github.txt", render("github", all_reports()))
