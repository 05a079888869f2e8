"""Rule files and the registry: valid files load; every malformed file fails with path:line."""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from factcheck.errors import RuleFileError
from factcheck.model import Finding
from factcheck.rules_engine import registry as registry_mod
from factcheck.rules_engine.loader import (
    MAX_FILE_BYTES,
    default_rules_dir,
    load_rule_file,
    load_rules,
)
from factcheck.rules_engine.registry import (
    CheckKind,
    Param,
    Registry,
    check_kind,
    get_kind,
    kinds,
    run_rules,
    select_rules,
)
from factcheck.rules_engine.schema import CATEGORIES, Rule

REPO = Path(__file__).resolve().parents[1]

VALID = """\
id: growth-cagr
name: Implied yearly growth
category: growth.implied
check: growth.implied
severity: info
certainty: likely
summary: One line.
why: >
  Why it matters
  to an editor.
params:
  warn_above: 0.8
  caps: {revenue: 1.0}
formula: "cagr(a, b, years) > 0.5"
examples:
  fire:
    - {lang: en, text: "From $20B in 2025 to $300B in 2030.", published: 2025-11-10}
  no_fire:
    - {lang: zh, text: "營收200億美元。"}
"""


@pytest.fixture
def reg() -> Registry:
    """A registry of dummy kinds, private to each test."""
    r = Registry()

    @r.check_kind("growth.implied", formula_names=("a", "b", "years"), params={
        "warn_above": Param(float, 0.5, min=0, doc="yearly rate that earns a warning"),
        "caps": Param(dict[str, float], {}, min=0),
        "words": Param(list[str], ["about", "nearly"]),
        "mode": Param(str, "cagr", choices=("cagr", "simple")),
        "max_pairs": Param(int, 10, min=1, max=100),
    })
    def growth(ctx, rule):
        """Implied growth between two figures."""
        yield rule.finding("grew", "20 -> 300", figures=("f1", "f2"))

    @r.check_kind("plain.kind")
    def plain(ctx, rule):
        return []

    return r


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def fails(folder: Path, reg: Registry, text: str | bytes, line: int | None, fragment: str,
          name: str = "growth-cagr.yaml") -> RuleFileError:
    path = write(folder, name, text)
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path, registry=reg)
    err = info.value
    assert err.line == line, str(err)
    assert fragment in str(err), str(err)
    assert name in str(err)
    assert err.exit_code == 2
    return err


def edit(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


# ---------------------------------------------------------------- valid files

def test_valid_file_loads(tmp_path: Path, reg: Registry) -> None:
    rule = load_rule_file(write(tmp_path, "growth-cagr.yaml", VALID), registry=reg)
    assert isinstance(rule, Rule)
    assert (rule.id, rule.category, rule.check, rule.severity, rule.certainty) == (
        "growth-cagr", "growth.implied", "growth.implied", "info", "likely")
    assert rule.why == "Why it matters to an editor."
    assert rule.params["warn_above"] == 0.8
    assert dict(rule.params["caps"]) == {"revenue": 1.0}
    assert rule.params["words"] == ("about", "nearly")      # default, as a tuple
    assert rule.params["max_pairs"] == 10
    assert rule.formula is not None and rule.formula.evaluate({"a": 20, "b": 300, "years": 5})
    assert rule.examples.fire[0].published == "2025-11-10"
    assert rule.examples.fire[0].line == 17
    assert rule.examples.no_fire[0].lang == "zh"
    assert rule.enabled and rule.path.name == "growth-cagr.yaml"
    assert rule.lines["formula"] == 14
    with pytest.raises(TypeError):
        rule.params["warn_above"] = 1  # type: ignore[index]


def test_minimal_file_and_yml_suffix(tmp_path: Path, reg: Registry) -> None:
    text = "\n".join(VALID.splitlines()[:10]).replace("check: growth.implied", "check: plain.kind")
    rule = load_rule_file(write(tmp_path, "growth-cagr.yml", text), registry=reg)
    assert rule.formula is None and rule.examples.fire == () and dict(rule.params) == {}


def test_readme_example_is_valid_and_its_errors_are_real(tmp_path: Path, reg: Registry,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "rules" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    rule = load_rule_file(write(tmp_path / "rules", "growth-cagr.yaml", example), registry=reg)
    assert rule.examples.fire[1].lang == "zh"
    shown = re.search(r"```\n(rules/.*?)```", readme, re.S).group(1).strip().splitlines()
    mutations = [("severity:", "severty:"), ("check: growth.implied", "check: growth.implid"),
                 ("warn_above: 0.5", "warn_above: -1"), ("(a, b, years)", "(a, b, yeras)")]
    for (old, new), expected in zip(mutations, shown, strict=True):
        path = write(tmp_path / "rules", "growth-cagr.yaml", example.replace(old, new, 1))
        with pytest.raises(RuleFileError) as info:
            load_rule_file(path, registry=reg)
        assert str(info.value) == expected


# ---------------------------------------------------------------- malformed files

@pytest.mark.parametrize("text, line, fragment", [
    (edit("severity: info", "severty: info"), 5,
     "growth-cagr.yaml:5: unknown key 'severty' (did you mean 'severity'?)"),
    (edit("severity: info", "severity: eror"), 5, "did you mean 'error'?"),
    (edit("severity: info", "severity: fatal"), 5, "must be one of error, warning, info"),
    (edit("certainty: likely", "certainty: sure"), 6, "'certainty' must be one of"),
    (edit("category: growth.implied", "category: growth"), 3, "'category' must be one of"),
    (edit("name: Implied yearly growth", "name: [a, b]"), 2, "'name' must be text, found a list"),
    (edit("summary: One line.", "summary: 2025"), 7, "put it in quotes"),
    (edit("summary: One line.", "summary: yes"), 7, "'summary' must be text, found true/false"),
    (edit("summary: One line.", "summary: ''"), 7, "'summary' is empty"),
    (edit("check: growth.implied", "check: growth.implid"), 4,
     "unknown check kind 'growth.implid' (did you mean 'growth.implied'?)"),
    (edit("check: growth.implied", "check: nothing"), 4, "known: growth.implied, plain.kind"),
    (edit("id: growth-cagr\n", ""), 1, "missing key 'id'"),
    (VALID + "name: again\n", 20, "key 'name' appears twice"),
    (edit("  warn_above: 0.8", "  warn_above: -1"), 12, "param 'warn_above' must be at least 0"),
    (edit("  warn_above: 0.8", "  warn_above: high"), 12, "param 'warn_above' must be a number"),
    (edit("  warn_above: 0.8", "  warn_above: true"), 12, "must be a number"),
    (edit("  warn_above: 0.8", "  warn_above: .nan"), 12, "must be a finite number"),
    (edit("  warn_above: 0.8", "  warn_abov: 1"), 12, "(did you mean 'warn_above'?)"),
    (edit("  caps: {revenue: 1.0}", "  caps: {revenue: -2}"), 13,
     "entry 'revenue' must be at least 0"),
    (edit("  caps: {revenue: 1.0}", "  caps: [1]"), 13, "must be a map from text to a number"),
    (edit("  caps: {revenue: 1.0}", "  words: [about, 3]"), 13, "item 2 must be text"),
    (edit("  caps: {revenue: 1.0}", "  mode: fancy"), 13, "must be one of: cagr, simple"),
    (edit("  caps: {revenue: 1.0}", "  max_pairs: 2.5"), 13, "must be a whole number"),
    (edit("  caps: {revenue: 1.0}", "  max_pairs: 1000"), 13, "must be at most 100"),
    (edit("params:\n  warn_above: 0.8\n  caps: {revenue: 1.0}\n", "params: 3\n"), 11,
     "params must be a mapping"),
    (edit('"cagr(a, b, years) > 0.5"', '"cagr(a, b, years) >"'), 14, "formula: syntax error"),
    (edit('"cagr(a, b, years) > 0.5"', '"cagr(a, b, yeras)"'), 14,
     "formula: unknown name 'yeras' (did you mean 'years'?)"),
    (edit('"cagr(a, b, years) > 0.5"', '"__import__(\'os\').system(\'id\')"'), 14,
     "is not allowed"),
    (edit('"cagr(a, b, years) > 0.5"', "3"), 14, "'formula' must be text"),
    (edit("lang: en", "lang: fr"), 17, "'lang' must be one of en, zh"),
    (edit("published: 2025-11-10", "published: 2025-13-10"), 17, "'published' must be a date"),
    (edit("published: 2025-11-10", "published: 20251110"), 17, "'published' must be a date"),
    (edit("published: 2025-11-10", "publish: 2025-11-10"), 17, "did you mean 'published'?"),
    (edit("  no_fire:", "  nofire:"), 18,
     "unknown key 'nofire' in examples (did you mean 'no_fire'?)"),
    (edit("    - {lang: zh, text: \"營收200億美元。\"}", "    - {lang: zh}"), 19, "has no 'text'"),
    (edit("  fire:\n    - {lang: en", "  fire: 3\n  no_fire:\n    - {lang: en")
     .replace("  no_fire:\n    - {lang: zh", "    - {lang: zh"), 16,
     "examples.fire must be a list"),
    (VALID + "enabled: 1\n", 20, "'enabled' must be true or false"),
    ("- a\n- b\n", 1, "a rule file must be a mapping"),
    ("just text\n", 1, "a rule file must be a mapping"),
    ("? [a, b]\n: c\n", 1, "must be plain words"),
    (VALID + "---\nid: other\n", 20, "a second YAML document"),
])
def test_malformed(tmp_path: Path, reg: Registry, text: str, line: int, fragment: str) -> None:
    fails(tmp_path, reg, text, line, fragment)


@pytest.mark.parametrize("name, text, line, fragment", [
    ("Growth_CAGR.yaml", edit("id: growth-cagr", "id: Growth_CAGR"), 1,
     "id 'Growth_CAGR' must be lowercase"),
    ("growth-cagr.yaml", edit("id: growth-cagr", "id: 1growth"), 1, "starting with a letter"),
    ("growth-rate.yaml", VALID, 1,
     "id 'growth-cagr' does not match the file name 'growth-rate.yaml' "
     "(rename the file to growth-cagr.yaml or set id: growth-rate)"),
])
def test_bad_ids(tmp_path: Path, reg: Registry, name: str, text: str, line: int,
                 fragment: str) -> None:
    fails(tmp_path, reg, text, line, fragment, name=name)


def test_formula_on_a_kind_without_formula_names(tmp_path: Path, reg: Registry) -> None:
    text = edit("check: growth.implied", "check: plain.kind").replace(
        "params:\n  warn_above: 0.8\n  caps: {revenue: 1.0}\n", "")
    fails(tmp_path, reg, text, 11, "check 'plain.kind' takes no formula")


def test_param_on_a_kind_without_params(tmp_path: Path, reg: Registry) -> None:
    fails(tmp_path, reg, edit("check: growth.implied", "check: plain.kind"), 12,
          "check 'plain.kind' takes no params")


# ---------------------------------------------------------------- hostile files

def test_python_object_tag_is_refused_not_run(tmp_path: Path, reg: Registry) -> None:
    marker = tmp_path / "pwned"
    text = edit("summary: One line.",
                f"summary: !!python/object/apply:os.system ['touch {marker}']")
    fails(tmp_path, reg, text, 7, "tag '!!python/object/apply:os.system' is not allowed")
    assert not marker.exists()


@pytest.mark.parametrize("tagged, line", [
    ("params: !!python/name:os.system\n", 20),
    ("params: !!python/object/new:subprocess.Popen [[id]]\n", 20),
    ("enabled: !custom true\n", 20),
    ("enabled: !!binary aGVsbG8=\n", 20),
    ("enabled: !!set {a: null}\n", 20),
])
def test_other_tags_are_refused(tmp_path: Path, reg: Registry, tagged: str, line: int) -> None:
    fails(tmp_path, reg, VALID + tagged, line, "is not allowed")


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['lol0: &l0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*l{i - 1}"] * width)
        lines.append(f"lol{i}: &l{i} [{refs}]")
    return VALID + "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast(tmp_path: Path, reg: Registry) -> None:
    start = time.perf_counter()
    err = fails(tmp_path, reg, billion_laughs(), 25, "expands to more than 10000")
    assert time.perf_counter() - start < 1.0
    assert err.line is not None


def test_billion_laughs_inside_params_fails_fast(tmp_path: Path, reg: Registry) -> None:
    lines = ['  words: &l0 ["lol"]']
    text = VALID.replace("  caps: {revenue: 1.0}\n", "") .replace(
        "  warn_above: 0.8\n", "  warn_above: 0.8\n" + "\n".join(
            lines + [f"  w{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)])
        + "\n")
    start = time.perf_counter()
    with pytest.raises(RuleFileError, match="expands to more than"):
        load_rule_file(write(tmp_path, "growth-cagr.yaml", text), registry=reg)
    assert time.perf_counter() - start < 1.0


def test_too_many_aliases(tmp_path: Path, reg: Registry) -> None:
    text = VALID + "x: &x 1\n" + "".join(f"y{i}: *x\n" for i in range(101))
    fails(tmp_path, reg, text, 121, "more than 100 aliases")


def test_recursive_alias(tmp_path: Path, reg: Registry) -> None:
    fails(tmp_path, reg, VALID + "loop: &a [*a]\n", 20, "refers to the value that contains it")


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, reg: Registry) -> None:
    fails(tmp_path, reg, VALID + "deep: " + "[" * 5000 + "]" * 5000 + "\n", 20,
          "nested more than 32 levels")


def test_huge_file(tmp_path: Path, reg: Registry) -> None:
    text = VALID + "# " + "x" * MAX_FILE_BYTES + "\n"
    err = fails(tmp_path, reg, text, None, "file is larger than 256 KB")
    assert str(err).startswith(str(tmp_path / "growth-cagr.yaml") + ": ")


def test_non_utf8_bytes(tmp_path: Path, reg: Registry) -> None:
    data = edit("summary: One line.", "summary: caf\xe9").encode("latin-1", "replace")
    fails(tmp_path, reg, data, 7, "not valid UTF-8 (byte 0xe9) (save the file as UTF-8)")


def test_utf8_bom_is_fine(tmp_path: Path, reg: Registry) -> None:
    path = write(tmp_path, "growth-cagr.yaml", b"\xef\xbb\xbf" + VALID.encode())
    assert load_rule_file(path, registry=reg).id == "growth-cagr"


def test_tab_indentation_gives_its_line(tmp_path: Path, reg: Registry) -> None:
    text = edit("  warn_above: 0.8", "\twarn_above: 0.8")
    fails(tmp_path, reg, text, 12, "YAML syntax error: found character '\\t' that cannot start "
          "any token (indent with spaces, not tabs)")


def test_yaml_syntax_error_line(tmp_path: Path, reg: Registry) -> None:
    fails(tmp_path, reg, edit("summary: One line.", "summary: One: line."), 7,
          "YAML syntax error: mapping values are not allowed here")


def test_empty_file(tmp_path: Path, reg: Registry) -> None:
    fails(tmp_path, reg, "# nothing\n", None, "file is empty")


# ---------------------------------------------------------------- folders

def test_load_rules_walks_folders(tmp_path: Path, reg: Registry) -> None:
    write(tmp_path, "growth/growth-cagr.yaml", VALID)
    write(tmp_path, "other/plain-one.yml",
          edit("id: growth-cagr", "id: plain-one").split("params:")[0])
    write(tmp_path, "README.md", "# not a rule")
    write(tmp_path, ".hidden/broken.yaml", "nonsense: [")
    write(tmp_path, ".broken.yaml", "nonsense: [")
    rules = load_rules([tmp_path], registry=reg)
    assert [r.id for r in rules] == ["growth-cagr", "plain-one"]


def test_duplicate_ids_across_folders(tmp_path: Path, reg: Registry,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a/growth-cagr.yaml", VALID)
    write(tmp_path, "b/sub/growth-cagr.yaml", VALID)
    with pytest.raises(RuleFileError) as info:
        load_rules([Path("a"), Path("b")], registry=reg)
    assert str(info.value) == ("b/sub/growth-cagr.yaml:1: duplicate rule id 'growth-cagr' "
                               "(also in a/growth-cagr.yaml)")


def test_duplicate_ids_yaml_and_yml(tmp_path: Path, reg: Registry) -> None:
    write(tmp_path, "growth-cagr.yaml", VALID)
    write(tmp_path, "growth-cagr.yml", VALID)
    with pytest.raises(RuleFileError, match="duplicate rule id"):
        load_rules([tmp_path], registry=reg)


def test_missing_folder(tmp_path: Path, reg: Registry) -> None:
    with pytest.raises(RuleFileError, match="rules folder not found"):
        load_rules([tmp_path / "nope"], registry=reg)


def test_default_rules_dir_in_a_checkout() -> None:
    assert default_rules_dir() == REPO / "rules"
    assert (default_rules_dir() / "README.md").is_file()


def test_readme_categories_match_the_schema() -> None:
    readme = (REPO / "rules" / "README.md").read_text(encoding="utf-8")
    for category in CATEGORIES:
        assert f"`{category}`" in readme


# ---------------------------------------------------------------- the registry

def test_param_validation() -> None:
    assert Param(float, 1).default == 1.0 and type(Param(float, 1).default) is float
    with pytest.raises(TypeError):
        Param(float, -1, min=0)                 # a bad default fails at registration
    with pytest.raises(TypeError):
        Param(set, ())                          # unsupported type
    with pytest.raises(TypeError):
        Param(dict[int, float], {})
    p = Param(int, 1)
    with pytest.raises(ValueError, match="whole number"):
        p.validate(True)                        # a bool is not a number here
    words = Param(list[str], ["a"]).validate(["x", "y"])
    assert words == ("x", "y")
    caps = Param(dict[str, float], {}).validate({"revenue": 1})
    assert caps["revenue"] == 1.0 and type(caps["revenue"]) is float
    assert Param(dict[str, float], {}).describe() == "a map from text to a number"


def test_check_kind_registration_rules() -> None:
    r = Registry()

    @r.check_kind("a.b", params={"x": Param(int, 1)}, formula_names=("x",))
    def first(ctx, rule):
        """First line of the doc."""
        return []

    kind = r.get("a.b")
    assert isinstance(kind, CheckKind)
    assert (kind.name, kind.func, kind.formula_names, kind.doc) == (
        "a.b", first, ("x",), "First line of the doc.")
    r.check_kind("a.b")(first)                  # the same function again (a reload) is fine
    with pytest.raises(ValueError, match="registered twice"):
        r.check_kind("a.b")(lambda ctx, rule: [])
    for bad in ("A.b", "a..b", "a b", "", "ä"):
        with pytest.raises(ValueError):
            r.check_kind(bad)
    with pytest.raises(TypeError):
        r.check_kind("c.d", formula_names=("max",))
    with pytest.raises(TypeError):
        r.check_kind("c.d", params={"x": 1})  # type: ignore[dict-item]
    with pytest.raises(KeyError, match=r"known: a\.b"):
        r.get("zzz")
    assert [k.name for k in r.kinds()] == ["a.b"]


def test_default_registry_loads_check_modules_lazily(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "fc_fake_checks"
    write(pkg, "__init__.py", "")
    write(pkg, "growth.py", "from factcheck.rules_engine.registry import check_kind\n"
          "@check_kind('fake.growth')\ndef run(ctx, rule):\n    return []\n")
    write(pkg, "sub/__init__.py", "")
    write(pkg, "sub/deeper.py", "from factcheck.rules_engine.registry import check_kind\n"
          "@check_kind('fake.deeper')\ndef run(ctx, rule):\n    return []\n")
    write(pkg, "_private.py", "raise RuntimeError('must not be imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry_mod, "REGISTRY", Registry("fc_fake_checks"))
    assert "fc_fake_checks.growth" not in sys.modules
    assert get_kind("fake.growth").name == "fake.growth"
    assert [k.name for k in kinds()] == ["fake.deeper", "fake.growth"]

    @check_kind("fake.inline")
    def inline(ctx, rule):
        return []

    assert get_kind("fake.inline").func is inline
    for name in [m for m in sys.modules if m.startswith("fc_fake_checks")]:
        monkeypatch.delitem(sys.modules, name)


def test_the_real_check_package_imports() -> None:
    assert all(isinstance(k, CheckKind) for k in kinds())


# ---------------------------------------------------------------- running and selecting

def make_rule(id: str, category: str = "growth.implied", check: str = "k.ok",
              enabled: bool = True) -> Rule:
    return Rule(id=id, name=id, category=category, check=check, severity="info",
                certainty="likely", summary="s", why="w", enabled=enabled)


@pytest.fixture
def run_reg() -> Registry:
    r = Registry()

    @r.check_kind("k.ok")
    def ok(ctx, rule):
        yield rule.finding("m", "e", figures=("f1", "f2"), claims=("c1",))
        ctx.append(rule.id)

    @r.check_kind("k.boom")
    def boom(ctx, rule):
        yield rule.finding("m", "e", figures=("f9",))
        raise ZeroDivisionError("float division by zero")

    @r.check_kind("k.junk")
    def junk(ctx, rule):
        return ["not a finding"]

    return r


def test_run_rules_passes_ctx_and_collects_findings(run_reg: Registry) -> None:
    ctx: list[str] = []
    rules = [make_rule("one"), make_rule("two"), make_rule("off", enabled=False)]
    findings = run_rules(rules, ctx, registry=run_reg, strict=True)
    assert ctx == ["one", "two"]
    assert findings[0] == Finding(id="one:f1:f2", rule="one", category="growth.implied",
                                  severity="info", message="m", explanation="e",
                                  figures=("f1", "f2"), claims=("c1",))
    assert [f.id for f in findings] == ["one:f1:f2", "two:f1:f2"]


def test_run_rules_strict_reraises(run_reg: Registry) -> None:
    with pytest.raises(ZeroDivisionError):
        run_rules([make_rule("b", check="k.boom")], [], registry=run_reg, strict=True)
    with pytest.raises(TypeError, match="not a Finding"):
        run_rules([make_rule("j", check="k.junk")], [], registry=run_reg, strict=True)


def test_run_rules_skips_a_failing_rule(run_reg: Registry) -> None:
    seen: list[tuple[str, str]] = []
    rules = [make_rule("bad", check="k.boom"), make_rule("good"), make_rule("j", check="k.junk")]
    findings = run_rules(rules, [], registry=run_reg,
                         on_error=lambda rule, exc: seen.append((rule.id, type(exc).__name__)))
    assert [f.rule for f in findings] == ["good"]  # a failing rule's partial output is dropped
    assert seen == [("bad", "ZeroDivisionError"), ("j", "TypeError")]


def test_default_error_report_is_one_line_once(run_reg: Registry,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    rules = [make_rule("boom-once-test", check="k.boom")]
    run_rules(rules, [], registry=run_reg)
    run_rules(rules, [], registry=run_reg)
    err = capsys.readouterr().err
    assert err == ("factcheck: rule 'boom-once-test' (<string>) failed and was skipped: "
                   "ZeroDivisionError: float division by zero\n")


def test_select_rules() -> None:
    rules = [make_rule("growth-cagr"), make_rule("growth-double", "growth.doubling"),
             make_rule("date-weekday", "temporal.date"),
             make_rule("date-future", "temporal.date", enabled=False)]

    def ids(select=(), ignore=()):
        return [r.id for r in select_rules(rules, select, ignore)]

    assert ids() == ["growth-cagr", "growth-double", "date-weekday"]
    assert ids(["growth"]) == ["growth-cagr", "growth-double"]           # id prefix
    assert ids(["temporal"]) == ["date-weekday"]                         # category prefix
    assert ids(["growth.doubling"]) == ["growth-double"]                 # category
    assert ids(["ALL"], ["growth"]) == ["date-weekday"]
    assert ids(["growth-cagr"], ["growth"]) == ["growth-cagr"]           # more specific wins
    assert ids(["growth"], ["growth"]) == []                             # ignore wins a tie
    assert ids(["date"]) == ["date-weekday"]                             # disabled stays off
    chosen = select_rules(rules, ["date-future"], ())
    assert [r.id for r in chosen] == ["date-future"] and chosen[0].enabled


def test_finding_ids() -> None:
    rule = make_rule("growth-cagr")
    assert rule.finding("m", "e", figures=("f3", "f4")).id == "growth-cagr:f3:f4"
    assert rule.finding("m", "e", claims=("c2",)).id == "growth-cagr:c2"
    assert rule.finding("m", "e", figures=("f1",), key="2025").id == "growth-cagr:2025"
