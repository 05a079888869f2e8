"""Configuration files: discovery, validation, per-rule parameters, and the CLI using them."""
from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.errors import ConfigError
from factcheck.rules_engine import get_kind, load_rules
from factcheck.workflow.config import (
    apply_rule_params,
    discovery_start,
    find_config,
    load_config,
)

REPO = Path(__file__).resolve().parents[1]


@functools.cache
def _example(rule_id: str) -> str:
    rule = next(r for r in load_rules() if r.id == rule_id)
    return next(e.text for e in rule.examples.fire if e.lang == "en")


@functools.cache
def article_text() -> str:
    """The rules' own fire examples: change-mismatch and weekday-mismatch (errors),
    rate-vs-total (info)."""
    first, second = _example("rate-vs-total").split(". ", 1)
    return ("---\ntitle: Quarterly roundup\ndate: 2025-11-10\n---\n\n# Quarterly roundup\n\n"
            f"{_example('change-mismatch')}\n\n{_example('weekday-mismatch')}\n\n"
            f"{first}.\n{second}\n")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "article.md"
    path.write_text(article_text(), encoding="utf-8")
    return path


def _check(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def _rules(reports: list[dict]) -> set[str]:
    return {f["rule"] for r in reports for f in r["findings"]}


def _worst(reports: list[dict]) -> set[str]:  # the severities present
    return {f["severity"] for r in reports for f in r["findings"]}


# --------------------------------------------------------------------------- discovery

def test_nearest_config_upward_wins(tmp_path):
    _write(tmp_path / "pyproject.toml", "[tool.factcheck]\nfail-on = 'info'\n")
    _write(tmp_path / "a" / ".factcheck.toml", "fail-on = 'warning'\n")
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    assert find_config(tmp_path / "a" / "b" / "c") == (tmp_path / "a" / ".factcheck.toml").resolve()
    assert find_config(tmp_path) == (tmp_path / "pyproject.toml").resolve()


def test_pyproject_without_the_table_is_skipped(tmp_path):
    _write(tmp_path / ".factcheck.toml", "fail-on = 'info'\n")
    _write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path / "sub") == (tmp_path / ".factcheck.toml").resolve()


def test_dot_factcheck_toml_beats_pyproject_in_one_folder(tmp_path):
    _write(tmp_path / "pyproject.toml", "[tool.factcheck]\nfail-on = 'info'\n")
    _write(tmp_path / ".factcheck.toml", "fail-on = 'warning'\n")
    assert find_config(tmp_path).name == ".factcheck.toml"


def test_discovery_starts_at_the_first_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "arts" / "x").mkdir(parents=True)
    assert discovery_start(str(tmp_path / "arts" / "a.md")) == tmp_path / "arts"
    assert discovery_start(str(tmp_path / "arts" / "x")) == tmp_path / "arts" / "x"
    assert discovery_start("arts/**/*.md") == tmp_path / "arts"
    assert discovery_start("-") == tmp_path
    assert discovery_start(None) == tmp_path


# --------------------------------------------------------------------------- validation

def test_all_keys_parse(tmp_path):
    cfg = load_config(_write(tmp_path / ".factcheck.toml", """
select = ["arithmetic", "growth-cagr"]
ignore = "qualifier, temporal"
fail-on = "warning"
exit-zero = true
published = 2025-11-10
rules = ["house"]
include = ["*.md"]
exclude = ["drafts"]
format = "sarif"
jobs = 3
"""))
    assert cfg.select == ("arithmetic", "growth-cagr")
    assert cfg.ignore == ("qualifier", "temporal")
    assert (cfg.fail_on, cfg.exit_zero, cfg.published, cfg.format, cfg.jobs) == (
        "warning", True, "2025-11-10", "sarif", 3)
    assert cfg.rules == (tmp_path / "house",)             # relative to the config file
    assert cfg.include == ("*.md",) and cfg.exclude == ("drafts",)


def test_pyproject_table_and_rule_tables(tmp_path):
    cfg = load_config(_write(tmp_path / "pyproject.toml", """
[project]
name = "newsroom"

[tool.factcheck]
fail-on = "info"

[tool.factcheck.rules]
dirs = ["house"]

[tool.factcheck.rules.change-mismatch]
min_gap_pp = 0.5
"""))
    assert cfg.fail_on == "info"
    assert cfg.rules == (tmp_path / "house",)
    assert dict(cfg.rule_params["change-mismatch"]) == {"min_gap_pp": 0.5}


@pytest.mark.parametrize("body, words", [
    ("selct = ['x']\n", ["unknown key 'selct'", "did you mean 'select'"]),
    ("fail_on = 'error'\n", ["unknown key 'fail_on'", "did you mean 'fail-on'"]),
    ("zzz = 1\n", ["unknown key 'zzz'", "known keys"]),
    ("fail-on = 'eror'\n", ["'fail-on' must be one of", "did you mean 'error'"]),
    ("exit-zero = 'yes'\n", ["'exit-zero' must be true or false"]),
    ("published = '2025-13-40'\n", ["'published' must be a date"]),
    ("jobs = -1\n", ["'jobs' must be a whole number"]),
    ("select = [1, 2]\n", ["'select' must be a list of strings"]),
    ("format = 'xml'\n", ["'format' must be one of"]),
    ("rules = 3\n", ["'rules' must be"]),
    ("[rules.growth-cagr]\n", []),          # an empty table is fine
    ("fail-on = \n", ["invalid TOML"]),
])
def test_bad_config_is_one_line_naming_file_and_key(tmp_path, body, words):
    path = _write(tmp_path / ".factcheck.toml", body)
    if not words:
        load_config(path)
        return
    with pytest.raises(ConfigError) as info:
        load_config(path)
    msg = str(info.value)
    assert "\n" not in msg and ".factcheck.toml" in msg
    for w in words:
        assert w in msg


def test_unknown_key_in_pyproject_names_the_table(tmp_path):
    with pytest.raises(ConfigError, match=r"unknown key 'ignores' in \[tool.factcheck\].*'ignore'"):
        load_config(_write(tmp_path / "pyproject.toml", "[tool.factcheck]\nignores = []\n"))


# --------------------------------------------------------------------------- rule parameters

def test_rule_params_are_validated_by_the_kind():
    rules = load_rules()
    # any shipped rule with a number parameter that may be 1
    target, name = next((r, n) for r in rules for n, p in get_kind(r.check).params.items()
                        if p.type is float and (p.min is None or p.min <= 1)
                        and (p.max is None or p.max >= 1) and r.params[n] != 1)
    rid = target.id
    changed = apply_rule_params(rules, {rid: {name: 1}}, "x.toml")
    new = next(r for r in changed if r.id == rid)
    assert new.params[name] == 1.0 and isinstance(new.params[name], float)
    assert target.params[name] != 1.0                     # the loaded rule is untouched
    assert [r.id for r in changed] == [r.id for r in rules]
    with pytest.raises(ConfigError, match=rf"x.toml: \[tool.factcheck.rules.{rid}\]: "
                                          rf"parameter '{name}' must be a number"):
        apply_rule_params(rules, {rid: {name: "wide"}}, "x.toml")
    with pytest.raises(ConfigError, match=f"unknown parameter '{name}x'.*did you mean '{name}'"):
        apply_rule_params(rules, {rid: {name + "x": 0.2}}, "x.toml")
    with pytest.raises(ConfigError, match=f"no rule '{rid[:-1]}'.*'{rid}'"):
        apply_rule_params(rules, {rid[:-1]: {name: 0.2}}, "x.toml")
    with pytest.raises(ConfigError, match=r"\[rules.weekday-mismatch\]: unknown parameter 'x'"):
        apply_rule_params(rules, {"weekday-mismatch": {"x": 1}}, "y.toml", pyproject=False)


# --------------------------------------------------------------------------- through the CLI

def test_cli_uses_the_nearest_config(tmp_path, capsys):
    art = _article(tmp_path / "articles")
    code, reports, _ = _check(capsys, str(art))
    assert code == 1 and {"change-mismatch", "rate-vs-total"} <= _rules(reports)
    _write(tmp_path / "pyproject.toml",
           "[tool.factcheck]\nignore = ['change-mismatch', 'weekday-mismatch']\n")
    code, reports, _ = _check(capsys, str(art))
    assert "change-mismatch" not in _rules(reports) and "rate-vs-total" in _rules(reports)
    assert code == int("error" in _worst(reports))          # fail-on error


def test_cli_flags_override_the_config(tmp_path, capsys):
    art = _article(tmp_path)
    _write(tmp_path / ".factcheck.toml",
           "ignore = ['change-mismatch', 'weekday-mismatch']\nfail-on = 'info'\n")
    code, reports, _ = _check(capsys, str(art))
    assert code == 1 and "change-mismatch" not in _rules(reports)     # the info counts
    code, reports, _ = _check(capsys, str(art), "--ignore", "rate-vs-total", "--fail-on", "never")
    assert code == 0
    assert "change-mismatch" in _rules(reports) and "rate-vs-total" not in _rules(reports)


def test_isolated_and_explicit_config(tmp_path, capsys):
    art = _article(tmp_path / "a")
    _write(tmp_path / "a" / ".factcheck.toml", "ignore = ['change-mismatch']\n")
    other = _write(tmp_path / "elsewhere.toml", "select = ['change-mismatch']\n")
    _, reports, _ = _check(capsys, "--isolated", str(art))
    assert "change-mismatch" in _rules(reports)
    _, reports, _ = _check(capsys, "--config", str(other), str(art))
    assert _rules(reports) == {"change-mismatch"}


def test_cli_rule_parameters_change_findings(tmp_path, capsys):
    art = _article(tmp_path)
    _write(tmp_path / "pyproject.toml",
           "[tool.factcheck.rules.change-mismatch]\nmin_gap_pp = 50\n")
    _, reports, err = _check(capsys, str(art))
    assert "change-mismatch" not in _rules(reports) and "weekday-mismatch" in _rules(reports), err


def test_cli_config_published_format_exclude(tmp_path, capsys):
    (tmp_path / "arts" / "drafts").mkdir(parents=True)
    _write(tmp_path / "arts" / "a.txt", "Sales rose 2% to $11.1bn from $10.2bn last year.\n")
    _write(tmp_path / "arts" / "drafts" / "b.txt", "Sales rose 2% to $11.1bn.\n")
    _write(tmp_path / ".factcheck.toml", "published = 2024-05-01\nexclude = ['drafts']\n"
                                         "format = 'json'\nexit-zero = true\n")
    code = main(["check", "--jobs", "1", str(tmp_path / "arts")])
    out, _ = capsys.readouterr()
    reports = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [Path(r["source"]).name for r in reports] == ["a.txt"]
    assert reports[0]["published"] == "2024-05-01" and reports[0]["published_from"] == "option"


def test_config_rules_folder_is_relative_to_the_config(tmp_path, capsys, monkeypatch):
    house = tmp_path / "cfg" / "house"
    house.mkdir(parents=True)
    shutil.copy(REPO / "rules" / "change-mismatch.yaml", house / "house-change.yaml")
    text = (house / "house-change.yaml").read_text(encoding="utf-8")
    (house / "house-change.yaml").write_text(
        text.replace("id: change-mismatch", "id: house-change"), encoding="utf-8")
    _write(tmp_path / "cfg" / ".factcheck.toml",
           "select = ['house-change']\nrules = ['house']\n")
    art = _article(tmp_path / "cfg" / "articles")
    monkeypatch.chdir(tmp_path)                        # not the config's folder
    _, reports, err = _check(capsys, str(art))
    assert _rules(reports) == {"house-change"}, err


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, check=False,
                          text=True, timeout=120, cwd=cwd, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("body", [
    "selct = ['x']\n",
    "[tool.factcheck]\nfail-on = 'sometimes'\n",
    "rules = ['no-such-folder']\n",
    "[rules.no-such-rule]\nx = 1\n",
    "[rules.change-mismatch]\nmin_gap_pp = 'wide'\n",
    "this is not toml\n",
])
def test_cli_bad_config_exits_2_with_one_line(tmp_path, body):
    name = "pyproject.toml" if body.startswith("[tool.") else ".factcheck.toml"
    _write(tmp_path / name, body)
    _article(tmp_path)
    proc = _run("check", "article.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: ") and name in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
