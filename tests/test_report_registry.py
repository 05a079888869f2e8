"""The renderer registry and the layout helpers every renderer shares."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from test_report_data import all_reports, en_report, html_report, zh_report

from factcheck.report import (
    FORMATS,
    RENDERERS,
    Position,
    RenderOptions,
    counts_text,
    dumps_json,
    finding_span,
    group_by_claim,
    locate,
    render,
    summary_line,
    write,
)


def test_every_format_is_registered():
    assert set(FORMATS) == {"rich", "json", "sarif", "github", "markdown", "html", "table"}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_renderer_takes_a_list_and_returns_text(fmt):
    out = render(fmt, all_reports(), options=RenderOptions(width=80))
    assert isinstance(out, str) and out.endswith("\n")
    assert render(fmt, [], options=RenderOptions(width=80)) is not None


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_write_sends_the_same_text_to_a_stream(fmt):
    buf = io.StringIO()
    write(fmt, all_reports(), options=RenderOptions(width=80, color=False), stream=buf)
    assert buf.getvalue() == render(fmt, all_reports(), options=RenderOptions(width=80,
                                                                              color=False))


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", [])


def test_json_does_not_import_jinja2_or_rich():
    code = ("import sys; sys.path.insert(0, 'tests'); from test_report_data import zh_report;"
            "from factcheck.report import render; render('json', [zh_report()]);"
            "print('jinja2' in sys.modules, 'rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=str(__import__("pathlib").Path(__file__).parents[1]))
    assert out.stdout.split() == ["False", "False"]


def test_group_by_claim_orders_claims_by_text_and_findings_by_severity():
    groups = group_by_claim(en_report())
    assert [g.claim.id if g.claim else None for g in groups] == ["c1", "c2", None]
    assert [f.rule for g in groups for f in g.findings] == [
        "change-percent", "shares-sum", "publication-date"]


def test_a_finding_naming_two_claims_is_shown_once_under_the_first():
    groups = group_by_claim(zh_report())
    shown = [f.id for g in groups for f in g.findings]
    assert len(shown) == len(set(shown)) == 2
    assert groups[1].claim.id == "c2" and groups[1].findings[0].rule == "rate-vs-total"


def test_a_finding_without_claims_goes_home_through_its_figures():
    from dataclasses import replace

    report = zh_report()
    bare = replace(report.findings[0], claims=())
    report = replace(report, findings=(bare,))
    assert group_by_claim(report)[0].claim.id == "c1"


def test_locate_counts_code_points_and_lines():
    text = "一二三\nab𝟘cd\n"
    assert locate(text, 0, 3) == Position(1, 1, 1, 4)
    start = text.index("c")
    pos = locate(text, start, start + 1)
    assert (pos.line, pos.column, pos.end_column) == (2, 4, 5)     # 𝟘 is one code point
    assert locate(text, 1, 6).end_line == 2


def test_finding_span_prefers_figures_then_claims():
    report = en_report()
    f = report.findings[0]
    fig = next(x for x in report.extraction.figures if x.id == f.figures[0])
    assert finding_span(report, f) == (fig.start, fig.end)
    assert finding_span(report, report.findings[2]) is None


def test_summary_line_counts_files_claims_and_severities():
    assert summary_line(all_reports()) == (
        "3 files, 5 claims, 5 findings (2 errors, 1 warning, 2 info)")
    assert summary_line([html_report()]) == "1 file, 1 claim, 1 finding (1 warning)"
    assert counts_text({"error": 0, "warning": 0, "info": 0}) == "no findings"


def test_dumps_json_keeps_cjk_and_escapes_lone_surrogates():
    out = dumps_json({"t": "營收\ud800"})
    assert "營收" in out and "\\ud800" in out
    out.encode("utf-8")                      # would raise with a raw lone surrogate
