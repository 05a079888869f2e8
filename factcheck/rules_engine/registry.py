"""The closed set of check kinds, the code that a rule file names with ``check:``.

A rule file is data. Its ``check`` key picks one kind registered here with the
:func:`check_kind` decorator, which is the single point of registration (no list to keep
in step with a ``switch``). The kind declares its parameters and its formula names, so
the loader can check a rule file completely before anything runs. The modules under
``factcheck/checks/`` register themselves when first imported, and :meth:`Registry.ensure_loaded`
imports them lazily. Tests build their own :class:`Registry` so they share no state.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import threading
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from factcheck.model import Finding
from factcheck.rules_engine.expr import FormulaError, check_names

if TYPE_CHECKING:
    from factcheck.rules_engine.schema import Rule

CheckFunc = Callable[[Any, "Rule"], Iterable[Finding]]
F = TypeVar("F", bound=Callable[..., Iterable[Finding]])

_SCALARS: dict[type, str] = {bool: "true or false", int: "a whole number",
                             float: "a number", str: "text"}


class ParamError(ValueError):
    """A parameter value does not fit its declaration; the loader adds file and line."""


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a check kind: its type, default and allowed values.

    ``type`` is ``bool``, ``int``, ``float``, ``str``, ``list[X]`` or ``dict[str, X]``,
    where X is one of those scalars. ``min``, ``max`` and ``choices`` apply to the
    scalars, including the items of a list and the values of a dict. Lists come back
    as tuples and dicts as read-only mappings, so a rule cannot be changed by accident.
    """

    type: Any
    default: Any
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] | None = None
    doc: str = ""

    def __post_init__(self) -> None:
        _shape(self.type)  # raises TypeError for an unsupported type
        if self.choices is not None:
            object.__setattr__(self, "choices", tuple(self.choices))
        try:
            object.__setattr__(self, "default", self.validate(self.default))
        except ParamError as exc:
            raise TypeError(f"default {self.default!r} {exc}") from None

    def describe(self) -> str:
        """The type in words, for error messages and generated docs."""
        outer, inner = _shape(self.type)
        if outer is list:
            return f"a list of {_SCALARS[inner]} items"
        if outer is dict:
            return f"a map from text to {_SCALARS[inner]}"
        return _SCALARS[inner]

    def validate(self, value: Any) -> Any:
        """Return ``value`` normalised, or raise ParamError saying what is wrong."""
        outer, inner = _shape(self.type)
        if outer is list:
            if not isinstance(value, (list, tuple)):
                raise ParamError(f"must be {self.describe()}")
            return tuple(self._scalar(inner, v, f"item {i + 1} ") for i, v in enumerate(value))
        if outer is dict:
            if not isinstance(value, Mapping):
                raise ParamError(f"must be {self.describe()}")
            out = {}
            for k, v in value.items():
                if not isinstance(k, str):
                    raise ParamError("must have text keys")
                out[k] = self._scalar(inner, v, f"entry '{k[:40]}' ")
            return MappingProxyType(out)
        return self._scalar(inner, value, "")

    def _scalar(self, tp: type, value: Any, where: str) -> Any:
        ok = isinstance(value, tp) and not (tp is not bool and isinstance(value, bool))
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            raise ParamError(f"{where}must be {_SCALARS[tp]}")
        if self.choices is not None and value not in self.choices:
            raise ParamError(f"{where}must be one of: " + ", ".join(map(str, self.choices)))
        if tp in (int, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ParamError(f"{where}must be a finite number")
            if self.min is not None and value < self.min:
                raise ParamError(f"{where}must be at least {self.min:g}")
            if self.max is not None and value > self.max:
                raise ParamError(f"{where}must be at most {self.max:g}")
        return value


def _shape(tp: Any) -> tuple[type | None, type]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is None and tp in _SCALARS:
        return None, tp
    if origin is list and len(args) == 1 and args[0] in _SCALARS:
        return list, args[0]
    if origin is dict and len(args) == 2 and args[0] is str and args[1] in _SCALARS:
        return dict, args[1]
    raise TypeError(f"unsupported Param type {tp!r}: use bool, int, float, str, "
                    "list[X] or dict[str, X]")


@dataclass(frozen=True, slots=True)
class CheckKind:
    """A registered kind: the function that runs a rule, and what a rule may set."""

    name: str
    func: CheckFunc
    params: Mapping[str, Param]
    formula_names: tuple[str, ...]
    doc: str


@dataclass(eq=False)
class Registry:
    """Check kinds by name. ``package`` names the modules that register themselves."""

    package: str | None = None
    _kinds: dict[str, CheckKind] = field(default_factory=dict, repr=False)
    _loaded: bool = field(default=False, repr=False)
    _loading: bool = field(default=False, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def check_kind(self, name: str, *, params: Mapping[str, Param] | None = None,
                   formula_names: Sequence[str] = (), doc: str | None = None
                   ) -> Callable[[F], F]:
        """Decorator: register ``func(ctx, rule) -> Iterable[Finding]`` as kind ``name``."""
        _check_kind_name(name)
        declared = dict(params or {})
        for pname, p in declared.items():
            if not isinstance(p, Param) or not pname.isidentifier():
                raise TypeError(f"check kind {name!r}: param {pname!r} must be a Param "
                                "with an identifier name")
        try:
            names = check_names(formula_names)
        except FormulaError as exc:
            raise TypeError(f"check kind {name!r}: {exc}") from None

        def register(func: F) -> F:
            kind = CheckKind(name, func, MappingProxyType(declared), names,
                             doc if doc is not None else (func.__doc__ or "").strip())
            with self._lock:
                old = self._kinds.get(name)
                if old is not None and _qualname(old.func) != _qualname(func):
                    raise ValueError(f"check kind {name!r} is registered twice: "
                                     f"{_qualname(old.func)} and {_qualname(func)}")
                self._kinds[name] = kind  # the same function again: a module reload
            return func
        return register

    def ensure_loaded(self) -> None:
        """Import every module of ``package`` once, so their decorators have run."""
        if self.package is None or self._loaded:
            return
        with self._lock:  # other threads wait here until every module is in
            if self._loaded or self._loading:  # _loading: a module being imported asks again
                return
            self._loading = True
            try:
                pkg = importlib.import_module(self.package)
                for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                    if not info.name.rsplit(".", 1)[-1].startswith("_"):
                        importlib.import_module(info.name)
                self._loaded = True
            finally:
                self._loading = False

    def get(self, name: str) -> CheckKind:
        """The kind called ``name``; KeyError lists the known kinds."""
        self.ensure_loaded()
        try:
            return self._kinds[name]
        except KeyError:
            raise KeyError(f"unknown check kind {name!r}; known: "
                           + ", ".join(sorted(self._kinds))) from None

    def __contains__(self, name: object) -> bool:
        self.ensure_loaded()
        return name in self._kinds

    def kinds(self) -> tuple[CheckKind, ...]:
        """All kinds, sorted by name (for docs and ``factcheck rules``)."""
        self.ensure_loaded()
        return tuple(self._kinds[k] for k in sorted(self._kinds))


def _check_kind_name(name: str) -> None:
    parts = name.split(".") if isinstance(name, str) else [""]
    if not all(p and p[0].isascii() and p[0].islower()
               and all(c.isascii() and (c.islower() or c.isdigit() or c in "-_") for c in p)
               for p in parts):
        raise ValueError(f"check kind name {name!r} must be dotted lowercase words, "
                         "like 'growth.implied'")


def _qualname(func: Callable[..., Any]) -> str:
    return f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', repr(func))}"


# ---------------------------------------------------------------- the default registry

REGISTRY = Registry("factcheck.checks")


def check_kind(name: str, *, params: Mapping[str, Param] | None = None,
               formula_names: Sequence[str] = (), doc: str | None = None
               ) -> Callable[[F], F]:
    """Register a check kind in the default registry (used by ``factcheck/checks/*``)."""
    return REGISTRY.check_kind(name, params=params, formula_names=formula_names, doc=doc)


def get_kind(name: str) -> CheckKind:
    """A kind of the default registry, importing ``factcheck.checks`` on first use."""
    return REGISTRY.get(name)


def kinds() -> tuple[CheckKind, ...]:
    """All kinds of the default registry."""
    return REGISTRY.kinds()


def ensure_loaded() -> None:
    """Import the ``factcheck.checks`` modules so their kinds are registered."""
    REGISTRY.ensure_loaded()


# ---------------------------------------------------------------- running and selecting

_reported: set[str] = set()
_reported_lock = threading.Lock()

ErrorHandler = Callable[["Rule", Exception], None]


def report_once(rule: Rule, exc: Exception) -> None:
    """Default error handler: one line on stderr per failing rule and process, no traceback."""
    with _reported_lock:
        if rule.id in _reported:
            return
        _reported.add(rule.id)
    msg = str(exc).splitlines()[0][:200] if str(exc) else ""
    print(f"factcheck: rule '{rule.id}' ({rule.path}) failed and was skipped: "
          f"{type(exc).__name__}{': ' + msg if msg else ''}", file=sys.stderr)


def run_rules(rules: Iterable[Rule], ctx: Any, *, registry: Registry | None = None,
              strict: bool = False, on_error: ErrorHandler | None = None) -> list[Finding]:
    """Run each enabled rule's kind over ``ctx`` and collect the findings.

    ``ctx`` is opaque here: whatever the caller passes reaches every check function. A
    rule whose check raises contributes no findings. With ``strict`` (tests) the exception
    propagates; otherwise ``on_error`` (default :func:`report_once`) is told and the run
    goes on, because one broken rule must not hide what the others found.
    """
    reg = registry or REGISTRY
    handler = on_error or report_once
    findings: list[Finding] = []
    for rule in rules:
        if not rule.enabled:
            continue
        try:
            produced = list(reg.get(rule.check).func(ctx, rule) or ())
            for f in produced:
                if not isinstance(f, Finding):
                    raise TypeError(f"check {rule.check!r} yielded {type(f).__name__}, "
                                    "not a Finding")
        except Exception as exc:
            if strict:
                raise
            handler(rule, exc)
            continue
        findings.extend(produced)
    return findings


def select_rules(rules: Iterable[Rule], select: Sequence[str] = (),
                 ignore: Sequence[str] = ()) -> list[Rule]:
    """Keep the rules that ``select`` picks and ``ignore`` does not, ruff style.

    A selector matches a rule by its id or a prefix of it (``growth`` matches
    ``growth-cagr``), by its category (``growth.implied``) or by a category prefix
    (``growth`` again). ``ALL`` matches everything, and an empty ``select`` means ALL. When
    both lists match a rule, the longer (more specific) selector wins, and ``ignore``
    wins a tie. A rule with ``enabled: false`` is kept only when ``select`` names its id
    exactly, and it comes back enabled.
    """
    chosen = []
    for rule in rules:
        s = _best_match(rule, select) if select else 0
        i = _best_match(rule, ignore)
        if s < 0 or i >= s:
            continue
        if not rule.enabled:
            if rule.id not in select:
                continue
            rule = replace(rule, enabled=True)
        chosen.append(rule)
    return chosen


def _best_match(rule: Rule, selectors: Sequence[str]) -> int:
    """Length of the most specific selector that matches ``rule``, or -1."""
    best = -1
    for sel in selectors:
        if sel == "ALL":
            hit = 0
        elif (rule.id.startswith(sel) or rule.category == sel
              or rule.category.startswith(sel + ".")):
            hit = len(sel)
        else:
            continue
        best = max(best, hit)
    return best
