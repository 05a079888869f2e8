"""The closed schema of a rule file, checked node by node so every error has a line.

The loader hands over a composed YAML tree that is already safe (plain tags only, bounded
size). This module turns it into a frozen :class:`Rule`, or raises RuleFileError for the
first problem: an unknown key (with a "did you mean"), a wrong type, a bad enum value, an
unknown check kind, a bad param, or a bad formula. Each error names the line of the
offending key or value. rules/README.md documents the same schema for editors.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from factcheck.errors import RuleFileError
from factcheck.model import SEVERITIES, Finding
from factcheck.rules_engine.expr import Formula, FormulaError, compile_formula
from factcheck.rules_engine.registry import ParamError, Registry

# the categories of ../shared/design/findings.md: a new one is added there first
CATEGORIES = ("arithmetic.sum", "arithmetic.change", "arithmetic.ratio",
              "consistency.repeated", "consistency.scale", "temporal.date", "temporal.span",
              "growth.implied", "growth.doubling", "qualifier.rounding",
              "context.rate-vs-total")
CERTAINTIES = ("definite", "likely", "possible")
LANGS = ("en", "zh")
ID_RE = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

REQUIRED = ("id", "name", "category", "check", "severity", "certainty", "summary", "why")
OPTIONAL = ("params", "formula", "examples", "enabled")
EXAMPLE_GROUPS = ("fire", "no_fire")
EXAMPLE_KEYS = ("lang", "text", "published")

_STR = "tag:yaml.org,2002:str"
_TYPE_WORDS = {"tag:yaml.org,2002:int": "a number", "tag:yaml.org,2002:float": "a number",
               "tag:yaml.org,2002:bool": "true/false", "tag:yaml.org,2002:null": "empty",
               "tag:yaml.org,2002:timestamp": "a date", _STR: "text",
               "tag:yaml.org,2002:seq": "a list", "tag:yaml.org,2002:map": "a mapping"}


@dataclass(frozen=True, slots=True)
class Example:
    """A text the rule must fire on (``fire``) or stay quiet on (``no_fire``)."""

    lang: str
    text: str
    published: str | None = None     # ISO date: what "next year" in the text is relative to
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Examples:
    """The rule's examples; the test suite runs them."""

    fire: tuple[Example, ...] = ()
    no_fire: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule file. ``params`` holds every declared param, defaults filled in."""

    id: str
    name: str
    category: str
    check: str
    severity: str
    certainty: str
    summary: str
    why: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    formula: Formula | None = None
    examples: Examples = Examples()
    enabled: bool = True
    path: Path = Path("<string>")
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}),
                                     compare=False, hash=False)

    def finding(self, message: str, explanation: str, *, figures: Sequence[str] = (),
                claims: Sequence[str] = (), key: str | None = None) -> Finding:
        """A Finding of this rule, with the id ``rule:fig:fig`` that stays stable across runs.

        ``key`` replaces the figure ids in the id when they do not identify the finding.
        """
        tail = [key] if key is not None else list(figures or claims)
        return Finding(id=":".join([self.id, *tail]), rule=self.id, category=self.category,
                       severity=self.severity, message=message, explanation=explanation,
                       figures=tuple(figures), claims=tuple(claims))


def show(value: str, limit: int = 40) -> str:
    """A short printable version of what the file said, for messages (never a raw repr)."""
    text = "".join(c if c.isprintable() else "?" for c in value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _File:
    """Error helpers bound to one file's display path."""

    def __init__(self, display: str):
        self.display = display

    def error(self, node: yaml.Node | None, problem: str, fix: str | None = None) -> RuleFileError:
        line = node.start_mark.line + 1 if node is not None else None
        return RuleFileError(self.display, line, problem, fix)

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys to (key node, value node); keys must be text and appear once."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping of keys, found "
                             f"{_TYPE_WORDS.get(node.tag, 'something else')}")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode) or knode.tag != _STR:
                raise self.error(knode, f"keys in {what} must be plain words")
            if knode.value in out:
                raise self.error(knode, f"key '{show(knode.value)}' appears twice in {what}",
                                 f"first at line {out[knode.value][0].start_mark.line + 1}")
            out[knode.value] = (knode, vnode)
        return out

    def unknown(self, knode: yaml.Node, key: str, allowed: Sequence[str],
                what: str) -> RuleFileError:
        close = difflib.get_close_matches(key, allowed, n=1)
        fix = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
        return self.error(knode, f"unknown key '{show(key)}'{what}", fix)

    def text(self, node: yaml.Node, key: str, *, one_line: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            found = _TYPE_WORDS.get(node.tag, "something else")
            fix = "put it in quotes" if isinstance(node, yaml.ScalarNode) else None
            raise self.error(node, f"'{key}' must be text, found {found}", fix)
        value = str(node.value).strip()
        if not value:
            raise self.error(node, f"'{key}' is empty")
        if one_line and "\n" in value:
            raise self.error(node, f"'{key}' must be a single line")
        return value

    def choice(self, node: yaml.Node, key: str, allowed: Sequence[str]) -> str:
        value = self.text(node, key)
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            fix = f"did you mean '{close[0]}'?" if close else None
            raise self.error(node, f"'{key}' must be one of {', '.join(allowed)}; "
                             f"found '{show(value)}'", fix)
        return value

    def plain(self, node: yaml.Node, constructor: yaml.constructor.SafeConstructor) -> Any:
        """Python value of a (size-checked) node, for params."""
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(n, constructor) for n in node.value]
        if isinstance(node, yaml.MappingNode):
            pairs = self.mapping(node, "a map").items()
            return {k: self.plain(v, constructor) for k, (_, v) in pairs}
        return constructor.construct_object(node)


def build_rule(root: yaml.Node, path: Path, display: str, registry: Registry) -> Rule:
    """Validate a composed rule file and return its Rule; RuleFileError names the line."""
    f = _File(display)
    items = f.mapping(root, "a rule file")
    for key, (knode, _) in items.items():
        if key not in REQUIRED + OPTIONAL:
            raise f.unknown(knode, key, REQUIRED + OPTIONAL, "")
    for key in REQUIRED:
        if key not in items:
            raise f.error(root, f"missing key '{key}'", "every rule needs: " + ", ".join(REQUIRED))
    val = {k: v for k, (_, v) in items.items()}
    lines = MappingProxyType({k: kn.start_mark.line + 1 for k, (kn, _) in items.items()})

    rule_id = f.text(val["id"], "id")
    if not ID_RE.match(rule_id):
        raise f.error(val["id"], f"id '{show(rule_id)}' must be lowercase letters, digits and "
                      "'-', starting with a letter (at most 64)", "for example: growth-cagr")
    if rule_id != path.stem:
        raise f.error(val["id"], f"id '{rule_id}' does not match the file name '{path.name}'",
                      f"rename the file to {rule_id}{path.suffix} or set id: {path.stem}")
    check = f.text(val["check"], "check", one_line=True)
    if check not in registry:
        known = [k.name for k in registry.kinds()]
        close = difflib.get_close_matches(check, known, n=1)
        fix = f"did you mean '{close[0]}'?" if close else "known: " + (", ".join(known) or "none")
        raise f.error(val["check"], f"unknown check kind '{show(check)}'", fix)
    kind = registry.get(check)

    enabled = True
    if "enabled" in val:
        node = val["enabled"]
        if node.tag != "tag:yaml.org,2002:bool":
            raise f.error(node, "'enabled' must be true or false")
        enabled = bool(yaml.constructor.SafeConstructor().construct_object(node))

    return Rule(
        id=rule_id,
        name=f.text(val["name"], "name", one_line=True),
        category=f.choice(val["category"], "category", CATEGORIES),
        check=check,
        severity=f.choice(val["severity"], "severity", SEVERITIES),
        certainty=f.choice(val["certainty"], "certainty", CERTAINTIES),
        summary=f.text(val["summary"], "summary", one_line=True),
        why=f.text(val["why"], "why"),
        params=_params(f, items.get("params"), kind),
        formula=_formula(f, items.get("formula"), kind),
        examples=_examples(f, val.get("examples")),
        enabled=enabled,
        path=path,
        lines=lines,
    )


def _params(f: _File, item: tuple[yaml.Node, yaml.Node] | None, kind: Any) -> Mapping[str, Any]:
    out = {name: p.default for name, p in kind.params.items()}
    if item is None or item[1].tag == "tag:yaml.org,2002:null":
        return MappingProxyType(out)
    constructor = yaml.constructor.SafeConstructor()
    for name, (knode, vnode) in f.mapping(item[1], "params").items():
        if name not in kind.params:
            allowed = sorted(kind.params)
            if not allowed:
                raise f.error(knode, f"unknown param '{show(name)}': check '{kind.name}' "
                              "takes no params")
            raise f.unknown(knode, name, allowed, f" in params of check '{kind.name}'")
        try:
            out[name] = kind.params[name].validate(f.plain(vnode, constructor))
        except ParamError as exc:
            raise f.error(vnode, f"param '{name}' {exc}") from None
    return MappingProxyType(out)


def _formula(f: _File, item: tuple[yaml.Node, yaml.Node] | None, kind: Any) -> Formula | None:
    if item is None:
        return None
    knode, vnode = item
    if not kind.formula_names:
        raise f.error(knode, f"check '{kind.name}' takes no formula")
    src = f.text(vnode, "formula")
    try:
        return compile_formula(src, kind.formula_names)
    except FormulaError as exc:
        fix = None if "did you mean" in str(exc) else (
            "names you can use: " + ", ".join(kind.formula_names))
        raise f.error(knode, f"formula: {exc}", fix) from None


def _examples(f: _File, node: yaml.Node | None) -> Examples:
    if node is None:
        return Examples()
    groups: dict[str, tuple[Example, ...]] = {}
    for group, (knode, vnode) in f.mapping(node, "examples").items():
        if group not in EXAMPLE_GROUPS:
            raise f.unknown(knode, group, EXAMPLE_GROUPS, " in examples")
        if not isinstance(vnode, yaml.SequenceNode):
            raise f.error(vnode, f"examples.{group} must be a list of "
                          "{lang: ..., text: ...} items")
        groups[group] = tuple(_example(f, item, group) for item in vnode.value)
    return Examples(**groups)


def _example(f: _File, node: yaml.Node, group: str) -> Example:
    items = f.mapping(node, f"an item of examples.{group}")
    for key, (knode, _) in items.items():
        if key not in EXAMPLE_KEYS:
            raise f.unknown(knode, key, EXAMPLE_KEYS, f" in examples.{group}")
    for key in ("lang", "text"):
        if key not in items:
            raise f.error(node, f"an item of examples.{group} has no '{key}'")
    published = None
    if "published" in items:
        pnode = items["published"][1]
        published = pnode.value.strip() if isinstance(pnode, yaml.ScalarNode) else ""
        try:
            if not _DATE_RE.match(published):
                raise ValueError(published)
            dt.date.fromisoformat(published)
        except ValueError:
            raise f.error(pnode, "'published' must be a date like 2025-11-10") from None
    return Example(lang=f.choice(items["lang"][1], "lang", LANGS),
                   text=f.text(items["text"][1], "text"), published=published,
                   line=node.start_mark.line + 1)
