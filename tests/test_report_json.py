"""--format json: the contract, one object per file and per line."""
from __future__ import annotations

import json
from dataclasses import replace

from test_report_data import all_reports, assert_snapshot, zh_report

from factcheck.report import render


def test_json_lines_are_the_contract_objects():
    reports = all_reports()
    out = render("json", reports)
    lines = out.splitlines()
    assert len(lines) == len(reports) and out.endswith("\n")
    for line, report in zip(lines, reports):
        assert json.loads(line) == report.to_dict()
        assert json.loads(line)["schema"] == "factcheck.report/1"


def test_json_keeps_chinese_readable():
    assert "數千億美元" in render("json", [zh_report()])


def test_json_stays_valid_utf8_with_a_lone_surrogate():
    report = zh_report()
    doc = replace(report.extraction.document, source="bad\udcffname.txt")
    report = replace(report, extraction=replace(report.extraction, document=doc))
    out = render("json", [report])
    out.encode("utf-8")
    assert json.loads(out)["source"] == "bad\udcffname.txt"


def test_no_reports_no_lines():
    assert render("json", []) == ""


def test_json_snapshot():
    assert_snapshot("report.jsonl", render("json", all_reports()))
