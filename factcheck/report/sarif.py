"""SARIF 2.1.0 for GitHub code scanning: rules from the registry, one result per finding.

Columns count Unicode code points (``columnKind: unicodeCodePoints``), the unit of every
offset in a Report, so a region never needs re-encoding. HTML and .docx reports have offsets
into extracted text, not into the file, so their results point at line 1 of the file and
carry the offsets as properties instead of a wrong region.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from factcheck.model import Finding, Report
from factcheck.report import RenderOptions, dumps_json, figure_index, locate

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
PRECISION = {"definite": "very-high", "likely": "high", "possible": "medium"}
FINGERPRINT_KEY = "factcheckFindingId/v1"


def render(reports: Sequence[Report], rules: Sequence[Any] | None = None,
           options: RenderOptions | None = None) -> str:
    """One SARIF log with one run holding every file's results."""
    return dumps_json(build_log(reports, rules, options), indent=2) + "\n"


def build_log(reports: Sequence[Report], rules: Sequence[Any] | None = None,
              options: RenderOptions | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (tests validate it against the official schema)."""
    opts = options or RenderOptions()
    descriptors = _descriptors(rules or (), reports)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = [_result(r, f, index) for r in reports for f in r.findings]
    driver: dict[str, Any] = {"name": "factcheck", "version": _version(opts),
                              "semanticVersion": _version(opts), "rules": descriptors}
    return {"$schema": SCHEMA_URI, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
                      "results": results}]}


def _version(opts: RenderOptions) -> str:
    if opts.version:
        return opts.version
    from factcheck import __version__

    return __version__


def _descriptors(rules: Sequence[Any], reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Every known rule, plus a bare descriptor for any rule a finding names but the registry
    passed in lacks (SARIF needs ruleIndex to point somewhere)."""
    out = {r.id: _descriptor(r) for r in rules}
    for report in reports:
        for f in report.findings:
            if f.rule not in out:
                out[f.rule] = _bare_descriptor(f)
    return [out[k] for k in sorted(out)]


def _descriptor(rule: Any) -> dict[str, Any]:
    rid = rule.id
    name = getattr(rule, "name", None) or rid
    summary = getattr(rule, "summary", None) or name
    why = " ".join((getattr(rule, "why", None) or summary).split())
    severity = getattr(rule, "severity", "warning")
    category = getattr(rule, "category", None)
    props: dict[str, Any] = {"tags": [t for t in ("factcheck", category) if t],
                             "problem.severity": PROBLEM_SEVERITY.get(severity, "warning")}
    certainty = getattr(rule, "certainty", None)
    if certainty in PRECISION:
        props["precision"] = PRECISION[certainty]
    return {"id": rid, "name": name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": why},
            "help": {"text": f"{summary}\n\n{why}", "markdown": _help_markdown(rule, summary, why)},
            "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
            "properties": props}


def _help_markdown(rule: Any, summary: str, why: str) -> str:
    from factcheck.report.markdown import escape_inline

    lines = [f"**{escape_inline(getattr(rule, 'name', '') or rule.id)}**", "",
             escape_inline(summary), "", escape_inline(why)]
    examples = getattr(rule, "examples", None)
    fire = getattr(examples, "fire", ()) if examples is not None else ()
    if fire:
        lines += ["", "Reported:"]
        lines += [f"- ({escape_inline(getattr(e, 'lang', ''))}) "
                  f"{escape_inline(getattr(e, 'text', ''))}" for e in fire]
    return "\n".join(lines)


def _bare_descriptor(f: Finding) -> dict[str, Any]:
    text = f"factcheck rule {f.rule} ({f.category})"
    return {"id": f.rule, "name": f.rule, "shortDescription": {"text": text},
            "fullDescription": {"text": text}, "help": {"text": text},
            "defaultConfiguration": {"level": LEVELS.get(f.severity, "warning")},
            "properties": {"tags": ["factcheck", f.category],
                           "problem.severity": PROBLEM_SEVERITY.get(f.severity, "warning")}}


def artifact_uri(source: str) -> str:
    """A repo-relative path as a relative URI; absolute paths as file: URIs."""
    if source in ("-", "") or source.startswith("<"):
        return "stdin"
    if PureWindowsPath(source).drive:
        return PureWindowsPath(source).as_uri()
    path = PurePosixPath(source.replace("\\", "/"))
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix().removeprefix("./"), safe="/", errors="surrogateescape")


def _physical(report: Report, start: int, end: int) -> dict[str, Any]:
    doc = report.extraction.document
    uri = artifact_uri(doc.source)
    artifact = {"uri": uri}
    if doc.carry_text:
        return {"artifactLocation": artifact, "region": {"startLine": 1}}
    pos = locate(doc.text, start, end)
    return {"artifactLocation": artifact,
            "region": {"startLine": pos.line, "startColumn": pos.column,
                       "endLine": pos.end_line, "endColumn": pos.end_column,
                       "snippet": {"text": doc.text[start:end]}}}


def _spans(report: Report, f: Finding) -> list[tuple[int, int, str]]:
    """(start, end, text) of each figure the finding names, else of its claims."""
    figures = figure_index(report)
    spans = [(figures[i].start, figures[i].end, figures[i].text)
             for i in f.figures if i in figures]
    if not spans:
        claims = {c.id: c for c in report.claims}
        spans = [(claims[i].start, claims[i].end, claims[i].text)
                 for i in f.claims if i in claims]
    return spans


def _result(report: Report, f: Finding, index: Mapping[str, int]) -> dict[str, Any]:
    text = f.message if not f.explanation else f"{f.message}\n\n{f.explanation}"
    result: dict[str, Any] = {"ruleId": f.rule, "ruleIndex": index[f.rule],
                              "level": LEVELS.get(f.severity, "warning"),
                              "message": {"text": text or f.rule}}
    spans = _spans(report, f)
    if spans:
        start, end, _ = spans[0]
        result["locations"] = [{"physicalLocation": _physical(report, start, end)}]
        if len(spans) > 1:
            result["relatedLocations"] = [
                {"id": i, "physicalLocation": _physical(report, s, e), "message": {"text": t}}
                for i, (s, e, t) in enumerate(spans[1:], start=1)]
    else:
        uri = artifact_uri(report.extraction.document.source)
        result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                                     "region": {"startLine": 1}}}]
    result["partialFingerprints"] = {FINGERPRINT_KEY: f.id}
    props: dict[str, Any] = {"findingId": f.id, "category": f.category,
                             "figures": list(f.figures), "claims": list(f.claims)}
    if report.extraction.document.carry_text and spans:
        props["textOffsets"] = [spans[0][0], spans[0][1]]
    result["properties"] = props
    return result
