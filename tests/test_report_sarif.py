"""--format sarif: SARIF 2.1.0 as GitHub code scanning takes it, checked against the schema."""
from __future__ import annotations

import json

import pytest
from test_report_data import (
    SHARED,
    all_reports,
    assert_snapshot,
    en_report,
    html_report,
    sample_rules,
    zh_report,
)

from factcheck.report import RenderOptions, render
from factcheck.report.sarif import FINGERPRINT_KEY, artifact_uri, build_log

SCHEMA = SHARED / "schemas" / "sarif-2.1.0-rtm.5.json"


def _log(reports=None, rules=None):
    return json.loads(render("sarif", reports if reports is not None else all_reports(),
                             rules=sample_rules() if rules is None else rules))


def _validate(log):
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    errors = sorted(validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("reports", [all_reports(), [html_report()], []],
                         ids=["files", "html-input", "empty"])
def test_sarif_validates_against_the_official_schema(reports):
    _validate(_log(reports))


def test_sarif_without_registry_rules_still_validates():
    log = _log(all_reports(), rules=[])
    _validate(log)
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {
        "growth-cagr", "rate-vs-total", "change-percent", "shares-sum", "publication-date"}


def test_run_declares_code_point_columns():
    run = _log()["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert _log()["version"] == "2.1.0"


def test_region_comes_from_code_point_offsets():
    report = zh_report()
    result = _log([report])["runs"][0]["results"][1]          # rate-vs-total, first figure f6
    region = result["locations"][0]["physicalLocation"]["region"]
    text = report.extraction.document.text
    start = text.index("1.4萬億美元")
    line_start = text.rindex("\n", 0, start) + 1
    assert region["startLine"] == 2
    assert region["startColumn"] == start - line_start + 1 == 11
    assert region["endColumn"] == region["startColumn"] + len("1.4萬億美元")
    assert region["snippet"]["text"] == "1.4萬億美元"


def test_levels_map_error_warning_info_to_error_warning_note():
    results = _log()["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {
        ("growth-cagr", "note"), ("rate-vs-total", "warning"), ("change-percent", "error"),
        ("shares-sum", "error"), ("publication-date", "note")}


def test_fingerprints_and_rule_indexes():
    log = _log()
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"][FINGERPRINT_KEY] == result["properties"]["findingId"]
    ids = [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]
    assert ids == [f.id for rep in all_reports() for f in rep.findings]


def test_rules_come_from_the_registry_with_what_github_requires():
    rules = {r["id"]: r for r in _log()["runs"][0]["tool"]["driver"]["rules"]}
    cagr = rules["growth-cagr"]
    assert cagr["name"] == "Implied yearly growth"
    assert cagr["shortDescription"]["text"].startswith("Shows the yearly growth rate")
    assert cagr["defaultConfiguration"]["level"] == "note"
    assert cagr["properties"]["precision"] == "high"
    assert "growth.implied" in cagr["properties"]["tags"]
    assert rules["change-percent"]["properties"]["problem.severity"] == "error"
    for rule in rules.values():                      # GitHub rejects empty required strings
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip()


def test_html_input_points_at_line_one_and_keeps_offsets():
    result = _log([html_report()])["runs"][0]["results"][0]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["region"] == {"startLine": 1}
    text = html_report().extraction.document.text
    assert result["properties"]["textOffsets"] == [text.index("50%"), text.index("50%") + 3]


def test_finding_without_figures_points_at_the_file():
    result = _log([en_report()])["runs"][0]["results"][2]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_artifact_uris_are_relative_and_percent_encoded():
    assert artifact_uri("samples/<b>bold</b> report.md") == (
        "samples/%3Cb%3Ebold%3C/b%3E%20report.md")
    assert artifact_uri("./a/新聞.txt") == "a/%E6%96%B0%E8%81%9E.txt"
    assert artifact_uri("/abs/a.txt") == "file:///abs/a.txt"
    assert artifact_uri("-") == "stdin"


def test_version_option_is_stamped():
    log = build_log([], None, RenderOptions(version="9.9.9"))
    assert log["runs"][0]["tool"]["driver"]["version"] == "9.9.9"


def test_sarif_snapshot():
    assert_snapshot("report.sarif.json", render("sarif", all_reports(), rules=sample_rules()))
