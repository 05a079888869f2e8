"""--format rich and the tables: readable at 80 columns with CJK, plain when piped."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from rich.cells import cell_len
from rich.text import Text
from test_report_data import all_reports, assert_snapshot, en_report, sample_rules, zh_report

from factcheck.report import RenderOptions, render
from factcheck.report.table import (
    clean,
    make_console,
    print_claims,
    print_figures,
    print_report,
    print_rule,
    print_rules,
    wrap,
)


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    """Snapshots are plain text: no colour forced in from the environment running the tests."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _capture(fn, *args, width=80, **kw) -> str:
    buf = io.StringIO()
    fn(*args, console=make_console(RenderOptions(width=width), file=buf), **kw)
    return buf.getvalue()


@pytest.mark.parametrize("width", [80, 60, 40])
def test_rich_fits_the_width_with_cjk(width):
    out = render("rich", all_reports(), options=RenderOptions(width=width))
    for line in out.splitlines():
        assert cell_len(line) <= width, line
        assert line == line.rstrip(), repr(line)


def test_cjk_lines_never_break_inside_a_number():
    out = render("rich", [zh_report()], options=RenderOptions(width=40))
    assert "114%" in out and "1750億美元" in out and "8.75倍" in out


def test_wrap_keeps_closing_punctuation_with_its_word():
    lines = wrap(Text("一二三四五六七八，九十"), 16, 16)
    assert [x.plain for x in lines] == ["一二三四五六七", "八，九十"]


def test_grouped_by_claim_with_severity_and_arithmetic():
    out = render("rich", [en_report()], options=RenderOptions(width=80))
    assert out.index("c1  line 1") < out.index("error   change-percent") < out.index(
        "(100 − 80) / 80 = 25%") < out.index("c2  line 2") < out.index("not tied to a claim")
    assert out.rstrip().endswith("1 file, 2 claims, 3 findings (2 errors, 1 info)")


def test_no_ansi_when_piped_and_colour_on_a_terminal():
    assert "\x1b[" not in render("rich", all_reports())
    tty = _TTY()
    print_report(en_report(), console=make_console(RenderOptions(width=80), file=tty))
    assert "\x1b[" in tty.getvalue()
    assert "\x1b[" in render("rich", all_reports(), options=RenderOptions(color=True))


def test_no_colour_with_no_color_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    tty = _TTY()
    print_report(en_report(), console=make_console(RenderOptions(width=80), file=tty))
    assert "\x1b[" not in tty.getvalue() and "change-percent" in tty.getvalue()


def test_color_false_wins_on_a_terminal():
    tty = _TTY()
    print_report(en_report(), console=make_console(RenderOptions(width=80, color=False), file=tty))
    assert "\x1b[" not in tty.getvalue()


def test_quiet_prints_one_line_per_finding():
    out = render("rich", all_reports(), options=RenderOptions(quiet=True, width=80))
    assert out.splitlines() == [
        ("samples/openai.zh.txt:1:8: info [growth-cagr] "
         "200億美元（2025）到數千億美元（2030）意味著每年增長38%至114%。"),
        ("samples/openai.zh.txt:2:11: warning [rate-vs-total] "
         "1.4萬億美元分8年是每年1750億美元，是所述年營收的8.75倍。"),
        ("samples/<b>bold</b> report.md:1:51: error [change-percent] "
         "$80 million to $100 million is a 25% rise, not 30%."),
        ("samples/<b>bold</b> report.md:2:80: error [shares-sum] "
         "Shares of one whole add up to 105%, not 100%: <script>alert(1)</script>"),
        ('samples/<b>bold</b> report.md: info [publication-date] '
         'No publication date | "next year" read as 2026, 100% assumed, see: docs'),
    ]


def test_terminal_controls_and_markup_in_the_article_are_inert():
    report = en_report()
    evil = "\x1b[2J\x1b]0;title\x07[bold red]x[/] \u202eevil"
    doc = replace(report.extraction.document, source=evil)
    claim = replace(report.claims[0], text=report.claims[0].text)
    report = replace(report, extraction=replace(report.extraction, document=doc),
                     claims=(claim,) + report.claims[1:])
    out = render("rich", [report], options=RenderOptions(width=80, color=True))
    assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x07" not in out
    assert "\u202e" not in out and "[bold red]x[/]" in out
    assert clean("a\x1b\nb\u202e") == "a\ufffd b\ufffd"


def test_figures_table_has_the_columns_and_ranges():
    out = _capture(print_figures, zh_report().extraction)
    header = out.splitlines()[1]
    for col in ("id", "text", "kind", "value", "unit", "bound"):
        assert col in header
    assert "20,000,000,000" in out and "100,000,000,000 –" in out and "more_than" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())


def test_table_format_is_the_figures_of_each_file():
    out = render("table", all_reports(), options=RenderOptions(width=80))
    assert out.count(" language ") == 3 and "$100 million" in out


def test_figures_snapshot():
    assert_snapshot("figures.txt", render("table", all_reports(), options=RenderOptions(width=80)))


def test_claims_snapshot():
    out = "".join(_capture(print_claims, r) for r in all_reports())
    assert_snapshot("claims.txt", out)


def test_rules_and_rule_snapshots():
    rules = sample_rules()
    out = _capture(print_rules, rules) + "".join(_capture(print_rule, r) for r in rules)
    assert "tolerance_pp = 0.1" in out and "[zh] 今年營收200億美元" in out
    assert_snapshot("rules.txt", out)


def test_rules_accept_plain_objects():
    class R:
        id, name, category = "x-1", "X", "arithmetic.sum"
        severity, certainty = "warning", "possible"
        summary, why = "s", "w"
    out = _capture(print_rules, [R()]) + _capture(print_rule, R())
    assert "x-1" in out and "warning" in out


def test_rich_snapshots():
    assert_snapshot("report.rich.txt",
                    render("rich", all_reports(), options=RenderOptions(width=80)))
    assert_snapshot("report.rich-quiet.txt",
                    render("rich", all_reports(), options=RenderOptions(width=80, quiet=True)))
