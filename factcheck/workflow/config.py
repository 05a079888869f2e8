"""Configuration files: ``[tool.factcheck]`` in pyproject.toml, or ``.factcheck.toml``.

Discovery (ruff's model): from the folder of the first input (or the working folder)
upward, the first folder holding ``.factcheck.toml``, ``factcheck.toml`` or a
``pyproject.toml`` *with* a ``[tool.factcheck]`` table wins, in that order of preference
inside one folder; there is no merging across levels. ``--config FILE`` names the file
instead, ``--isolated`` ignores every file. Command-line flags override the file.

Keys (top level of .factcheck.toml, or under ``[tool.factcheck]``)::

    select    = ["arithmetic", "growth-cagr"]   # rule ids, id prefixes or categories
    ignore    = ["qualifier"]
    fail-on   = "warning"                      # error | warning | info | never
    exit-zero = false
    published = "2025-11-10"                   # or an unquoted TOML date
    rules     = ["house-rules"]                # extra rule folders, relative to this file
    include   = ["*.md", "*.txt"]              # for folders and globs
    exclude   = ["drafts", "archive/*"]
    format    = "json"                         # rich | json | sarif | github | markdown | html
    jobs      = 4                              # 0: all cores

    [tool.factcheck.rules.growth-cagr]         # per-rule parameters ([rules.ID] in .factcheck.toml)
    warn_above = 1.5

TOML cannot hold ``rules = [...]`` and ``[tool.factcheck.rules.ID]`` together; with
per-rule tables, put the folders under ``[tool.factcheck.rules]`` as ``dirs = [...]``.
Every error is a ``ConfigError`` whose one line names the file and the key.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from factcheck.errors import ConfigError

CONFIG_NAMES = (".factcheck.toml", "factcheck.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "exit-zero", "published", "rules", "include", "exclude",
        "format", "jobs")
FAIL_ON = ("error", "warning", "info", "never")
CHECK_FORMATS = ("rich", "json", "sarif", "github", "markdown", "html")
RULES_DIRS_KEY = "dirs"
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Config:
    """A validated configuration; ``None`` (or empty) means "not set here"."""

    path: Path | None = None                   # the file it came from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    exit_zero: bool | None = None
    published: str | None = None
    rules: tuple[Path, ...] | None = None      # extra rule folders, absolute
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    format: str | None = None
    jobs: int | None = None
    rule_params: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({}))    # rule id -> {param: raw value}

    @property
    def where(self) -> str:
        return display(self.path) if self.path else "configuration"

    def table(self) -> str:
        """How the user names the config table in messages."""
        if self.path is not None and self.path.name == "pyproject.toml":
            return "[tool.factcheck]"
        return "the top level"


def display(path: Path) -> str:
    """``path`` relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


# --------------------------------------------------------------------------- discovery

def discovery_start(first_input: str | None) -> Path:
    """The folder to search upward from: the first input's folder, else the working folder."""
    cwd = Path.cwd()
    if not first_input or first_input == "-":
        return cwd
    p = Path(first_input)
    if any(c in first_input for c in "*?["):          # a glob: its literal leading folders
        parts = []
        for part in p.parts:
            if any(c in part for c in "*?["):
                break
            parts.append(part)
        p = Path(*parts) if parts else cwd
    p = p if p.is_absolute() else cwd / p
    while not p.is_dir():
        if p.parent == p:
            return cwd
        p = p.parent
    return p


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a pyproject.toml needs the table)."""
    folder = start.resolve() if start.exists() else start
    for d in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:
                continue
            if name == "pyproject.toml" and not _has_tool_table(candidate):
                continue
            return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = _read_toml(path)
    except ConfigError:
        return True         # broken: let load_config report it rather than skip it silently
    tool = data.get("tool")
    return isinstance(tool, dict) and "factcheck" in tool


def load_config(path: Path) -> Config:
    """Read and validate one config file (its kind told by its name)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("factcheck", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{display(path)}: [tool.factcheck] must be a table")
    else:
        table = data
    return parse_config(table, path)


def _read_toml(path: Path) -> dict[str, Any]:
    shown = display(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{shown}: is a directory") from None
    except OSError as e:
        raise ConfigError(f"{shown}: cannot read: {(e.strerror or str(e)).lower()}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{shown}: larger than {MAX_CONFIG_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not valid UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{shown}: invalid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{shown}: invalid TOML: nested too deeply") from None


# --------------------------------------------------------------------------- validation

def parse_config(table: Mapping[str, Any], path: Path | None) -> Config:
    """Validate the keys of a config table; paths resolve against the file's folder."""
    shown = display(path) if path else "configuration"
    where = "[tool.factcheck]" if path is not None and path.name == "pyproject.toml" else None
    base = path.parent if path is not None else Path.cwd()

    def err(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{shown}: '{key}' {problem}")

    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(KEYS)})"
            inside = f" in {where}" if where else ""
            raise ConfigError(f"{shown}: unknown key '{_show(key)}'{inside}{hint}")

    values: dict[str, Any] = {}
    for key in ("select", "ignore", "include", "exclude"):
        if key in table:
            values[key] = _strings(table[key], err, key)
    if "fail-on" in table:
        values["fail_on"] = _choice(table["fail-on"], FAIL_ON, err, "fail-on")
    if "format" in table:
        values["format"] = _choice(table["format"], CHECK_FORMATS, err, "format")
    if "exit-zero" in table:
        if not isinstance(table["exit-zero"], bool):
            raise err("exit-zero", "must be true or false")
        values["exit_zero"] = table["exit-zero"]
    if "published" in table:
        values["published"] = _published(table["published"], err)
    if "jobs" in table:
        jobs = table["jobs"]
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
            raise err("jobs", "must be a whole number, 0 for all cores")
        values["jobs"] = jobs
    if "rules" in table:
        dirs, params = _rules(table["rules"], base, shown, where)
        if dirs is not None:
            values["rules"] = dirs
        values["rule_params"] = params
    return Config(path=path, **values)


def _show(key: Any) -> str:
    text = "".join(c if c.isprintable() else "?" for c in str(key))
    return text if len(text) <= 40 else text[:39] + "…"


def _strings(value: Any, err: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(x.strip() for x in value.split(",") if x.strip())
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return tuple(x.strip() for x in value if x.strip())
    raise err(key, "must be a list of strings")


def _choice(value: Any, allowed: Sequence[str], err: Any, key: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise err(key, f"must be one of {', '.join(allowed)}; found '{_show(value)}'{hint}")
    return value


def _published(value: Any, err: Any) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise err("published", f"must be a date YYYY-MM-DD; found '{_show(value)}'")


def _rules(value: Any, base: Path, shown: str, where: str | None
           ) -> tuple[tuple[Path, ...] | None, Mapping[str, Mapping[str, Any]]]:
    prefix = "[tool.factcheck.rules" if where else "[rules"
    if isinstance(value, (list, str)):
        folders = _strings(value, lambda k, p: ConfigError(f"{shown}: '{k}' {p}"), "rules")
        return tuple(_folder(base, f) for f in folders), MappingProxyType({})
    if not isinstance(value, dict):
        raise ConfigError(f"{shown}: 'rules' must be a list of rule folders, or tables of "
                          "per-rule parameters")
    dirs: tuple[Path, ...] | None = None
    params: dict[str, Mapping[str, Any]] = {}
    for key, item in value.items():
        if key == RULES_DIRS_KEY and not isinstance(item, dict):
            folders = _strings(item, lambda k, p: ConfigError(f"{shown}: 'rules.{k}' {p}"), "dirs")
            dirs = tuple(_folder(base, f) for f in folders)
            continue
        if not isinstance(item, dict):
            raise ConfigError(f"{shown}: {prefix}.{_show(key)}] must be a table of parameters "
                              f"(folders go in 'rules.{RULES_DIRS_KEY}')")
        params[key] = MappingProxyType(dict(item))
    return dirs, MappingProxyType(params)


def _folder(base: Path, folder: str) -> Path:
    p = Path(os.path.expanduser(folder))
    return p if p.is_absolute() else base / p


# --------------------------------------------------------------------------- rule params

def apply_rule_params(rules: Sequence[Any], overrides: Mapping[str, Mapping[str, Any]],
                      source: str = "configuration", pyproject: bool = True) -> list[Any]:
    """Rules with the configured parameters replaced, each value validated by the Param of
    the rule's check kind; ConfigError names the file, the rule table and the parameter."""
    if not overrides:
        return list(rules)
    from factcheck.rules_engine.registry import ParamError, get_kind

    prefix = "[tool.factcheck.rules" if pyproject else "[rules"
    by_id = {r.id: r for r in rules}
    changed: dict[str, Any] = {}
    for rule_id, params in overrides.items():
        table = f"{prefix}.{_show(rule_id)}]"
        rule = by_id.get(rule_id)
        if rule is None:
            close = difflib.get_close_matches(str(rule_id), list(by_id), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (`factcheck rules` lists them)"
            raise ConfigError(f"{source}: {table}: no rule '{_show(rule_id)}'{hint}")
        declared = get_kind(rule.check).params
        new = dict(rule.params)
        for name, raw in params.items():
            if name not in declared:
                if not declared:
                    raise ConfigError(f"{source}: {table}: unknown parameter '{_show(name)}' "
                                      f"(rule '{rule_id}' takes no parameters)")
                close = difflib.get_close_matches(str(name), list(declared), n=1)
                hint = f"did you mean '{close[0]}'?" if close else \
                    "known: " + ", ".join(sorted(declared))
                raise ConfigError(f"{source}: {table}: unknown parameter '{_show(name)}' ({hint})")
            try:
                new[name] = declared[name].validate(raw)
            except ParamError as e:
                raise ConfigError(f"{source}: {table}: parameter '{name}' {e}") from None
        changed[rule_id] = replace(rule, params=MappingProxyType(new))
    return [changed.get(r.id, r) for r in rules]


@dataclass(frozen=True)
class RuleSpec:
    """How to build the rule set: picklable, so worker processes can rebuild it."""

    dirs: tuple[str, ...] = ()                                # extra folders after the shipped one
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)   # plain dicts
    source: str = "configuration"                             # file named in errors
    pyproject: bool = True


def rule_spec(dirs: Sequence[Path | str], config: Config | None) -> RuleSpec:
    params = {k: dict(v) for k, v in (config.rule_params if config else {}).items()}
    return RuleSpec(tuple(str(d) for d in dirs), params,
                    config.where if config else "configuration",
                    bool(config and config.path and config.path.name == "pyproject.toml"))


def build_rules(spec: RuleSpec) -> list[Any]:
    """The shipped rules, then the extra folders, with the configured parameters applied."""
    from factcheck.errors import FactcheckError
    from factcheck.rules_engine import load_rules
    from factcheck.rules_engine.loader import default_rules_dir

    folders = [default_rules_dir()]
    for d in spec.dirs:
        p = Path(d)
        if not p.is_dir():
            raise FactcheckError(f"rules folder {display(p)}: not a folder")
        folders.append(p)
    rules = load_rules(folders)
    return apply_rule_params(rules, spec.params, spec.source, spec.pyproject)
