"""A small allow-list evaluator for the ``formula`` strings in rule files.

Rule files are data that anyone can copy in, so a formula gets arithmetic only: numbers,
declared names, ``+ - * / // % **``, comparisons, ``and/or/not``, ``x if c else y`` and a
fixed set of functions. There is no ``eval``, no attribute access and no strings. Sizes
are capped before parsing, and every intermediate number must stay finite, so a formula
runs in bounded time. There are no loops, and the node cap bounds the work.

Every problem, whether at compile time or at run time, is a :class:`FormulaError`. That
includes division by zero: a formula never returns NaN or infinity.
"""
from __future__ import annotations

import ast
import difflib
import keyword
import math
import operator
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

MAX_SOURCE = 500          # characters, checked before parsing (ast.parse itself is not bounded)
MAX_DEPTH = 30            # nesting of the syntax tree
MAX_NODES = 200           # nodes in the syntax tree
MAX_POW_BASE = 1e6        # |base| allowed by **
MAX_POW_EXP = 64          # |exponent| allowed by **
MAX_ROUND_DIGITS = 15     # |ndigits| allowed by round()

Value = float | bool
_Code = Callable[[Mapping[str, float]], Value]

_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_PRINTABLE = frozenset(chr(c) for c in range(32, 127)) | {"\t", "\n", "\r"}


class FormulaError(ValueError):
    """A formula is malformed, leaves the language, or cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A compiled formula: check once at load time, then evaluate per claim."""

    source: str
    names: tuple[str, ...]              # the names the check kind declared
    used: frozenset[str]                # the names the formula actually reads
    _code: _Code = field(repr=False, compare=False)

    def evaluate(self, env: Mapping[str, float]) -> Value:
        """Evaluate with ``env`` (name -> number); raise FormulaError, never anything else."""
        values: dict[str, float] = {}
        for name in self.used:
            if name not in env:
                raise FormulaError(f"no value given for '{name}'")
            values[name] = _number_arg(name, env[name])
        try:
            result = self._code(values)
        except FormulaError:
            raise
        except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
            raise FormulaError(f"cannot evaluate {self.source!r}: {exc}") from None
        if isinstance(result, bool):
            return result
        return _finite(float(result), self.source)


def compile_formula(src: str, names: Iterable[str]) -> Formula:
    """Check ``src`` against the allow-list and return a Formula that reads only ``names``."""
    if not isinstance(src, str):
        raise FormulaError("a formula must be text")
    if len(src) > MAX_SOURCE:
        raise FormulaError(f"formula is {len(src)} characters long; the limit is {MAX_SOURCE}")
    declared = check_names(names)
    for col, ch in enumerate(src, 1):
        if ch not in _PRINTABLE:
            raise FormulaError(f"character U+{ord(ch):04X} at column {col} is not allowed "
                               "(formulas are plain ASCII)")
    text = " ".join(src.split())  # a YAML block may wrap a formula over several lines
    if not text:
        raise FormulaError("formula is empty")
    try:
        with warnings.catch_warnings():  # "1and 2" warns; in a rule file that is an error
            warnings.simplefilter("error", SyntaxWarning)
            tree = ast.parse(text, mode="eval")
    except SyntaxWarning as exc:
        raise FormulaError(f"syntax error: {exc}") from None
    except SyntaxError as exc:
        raise FormulaError(f"syntax error at column {max(exc.offset or 1, 1)}: {exc.msg}") from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise FormulaError(f"cannot parse formula: {exc}") from None
    compiler = _Compiler(text, declared)
    code = compiler.compile(tree.body, 1)
    return Formula(text, declared, frozenset(compiler.used), code)


def check_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names come from check kinds (code), but a bad one must fail loudly, not shadow a function."""
    if isinstance(names, str):
        raise FormulaError("formula names must be a list of names, not one string")
    out = tuple(names)
    for name in out:
        if (not isinstance(name, str) or not _NAME_RE.match(name) or keyword.iskeyword(name)
                or name in FUNCTIONS or name in ("True", "False", "None")):
            raise FormulaError(f"invalid formula name {name!r}: use letters, digits and _, "
                               "not a keyword or a function name")
    return out


# ---------------------------------------------------------------- numbers and checks

def _number_arg(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaError(f"value for '{name}' is not a number")
    try:
        number = float(value)
    except OverflowError:
        raise FormulaError(f"value for '{name}' is too large") from None
    if not math.isfinite(number):
        raise FormulaError(f"value for '{name}' is not finite")
    return number


def _finite(x: float, where: str) -> float:
    if not math.isfinite(x):
        raise FormulaError(f"result of {where!r} is too large")
    return x


def _div(a: float, b: float, where: str) -> float:
    if b == 0:
        raise FormulaError(f"division by zero in {where!r}")
    return a / b


def _floordiv(a: float, b: float, where: str) -> float:
    if b == 0:
        raise FormulaError(f"division by zero in {where!r}")
    return a // b


def _mod(a: float, b: float, where: str) -> float:
    if b == 0:
        raise FormulaError(f"modulo by zero in {where!r}")
    return a % b


def _pow(a: float, b: float, where: str) -> float:
    if abs(b) > MAX_POW_EXP:
        raise FormulaError(f"exponent {b:g} in {where!r} is larger than {MAX_POW_EXP}")
    if abs(a) > MAX_POW_BASE:
        raise FormulaError(f"base {a:g} in {where!r} is larger than {MAX_POW_BASE:g}")
    if a == 0 and b < 0:
        raise FormulaError(f"division by zero in {where!r}")
    if a < 0 and not b.is_integer():
        raise FormulaError(f"negative number to a fractional power in {where!r}")
    try:
        return math.pow(a, b)
    except OverflowError:
        raise FormulaError(f"result of {where!r} is too large") from None


def _f_log(where: str, x: float, base: float | None = None) -> float:
    if x <= 0:
        raise FormulaError(f"log of a number that is not positive in {where!r}")
    if base is None:
        return math.log(x)
    if base <= 0 or base == 1:
        raise FormulaError(f"log base must be positive and not 1 in {where!r}")
    return math.log(x, base)


def _f_exp(where: str, x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise FormulaError(f"result of {where!r} is too large") from None


def _f_sqrt(where: str, x: float) -> float:
    if x < 0:
        raise FormulaError(f"square root of a negative number in {where!r}")
    return math.sqrt(x)


def _f_round(where: str, x: float, ndigits: float | None = None) -> float:
    if ndigits is None:
        return float(round(x))
    if not ndigits.is_integer() or abs(ndigits) > MAX_ROUND_DIGITS:
        raise FormulaError(f"round() digits must be a whole number up to {MAX_ROUND_DIGITS} "
                           f"in {where!r}")
    return round(x, int(ndigits))


def _f_cagr(where: str, a: float, b: float, years: float) -> float:
    """Compound yearly growth from a to b: (b/a) ** (1/years) - 1."""
    if a == 0:
        raise FormulaError(f"cagr() from zero in {where!r}")
    if years == 0:
        raise FormulaError(f"cagr() over zero years in {where!r}")
    ratio = b / a
    if ratio < 0:
        raise FormulaError(f"cagr() between numbers of different signs in {where!r}")
    if ratio == 0 and years < 0:
        raise FormulaError(f"division by zero in {where!r}")
    try:
        return math.pow(ratio, 1 / years) - 1
    except OverflowError:
        raise FormulaError(f"result of {where!r} is too large") from None


# name -> (implementation, min args, max args); the implementation gets the source first
FUNCTIONS: dict[str, tuple[Callable[..., float], int, int]] = {
    "abs": (lambda where, x: abs(x), 1, 1),
    "min": (lambda where, *xs: min(xs), 2, MAX_NODES),
    "max": (lambda where, *xs: max(xs), 2, MAX_NODES),
    "round": (_f_round, 1, 2),
    "log": (_f_log, 1, 2),
    "exp": (_f_exp, 1, 1),
    "sqrt": (_f_sqrt, 1, 1),
    "cagr": (_f_cagr, 3, 3),
}

_BINOPS: dict[type[ast.operator], Callable[[float, float, str], float]] = {
    ast.Add: lambda a, b, w: a + b,
    ast.Sub: lambda a, b, w: a - b,
    ast.Mult: lambda a, b, w: a * b,
    ast.Div: _div,
    ast.FloorDiv: _floordiv,
    ast.Mod: _mod,
    ast.Pow: _pow,
}

_CMPOPS: dict[type[ast.cmpop], Callable[[Value, Value], bool]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne,
}

# what the editor wrote, in words, for the constructs that are refused
_REFUSED = {
    ast.Attribute: "attribute access ('.')", ast.Subscript: "indexing ('[...]')",
    ast.JoinedStr: "f-strings", ast.Lambda: "lambda", ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions", ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions", ast.Starred: "'*' unpacking",
    ast.NamedExpr: "':=' assignment", ast.List: "lists", ast.Tuple: "tuples",
    ast.Set: "sets", ast.Dict: "dicts", ast.Await: "await", ast.Yield: "yield",
    ast.YieldFrom: "yield", ast.Slice: "slices",
}


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return f"{type(node.value).__name__} values (only numbers are)"
    if isinstance(node, (ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift,
                         ast.Invert, ast.MatMult)):
        return f"the operator {type(node).__name__}"
    if isinstance(node, (ast.Is, ast.IsNot, ast.In, ast.NotIn)):
        return "'is' and 'in'"
    return _REFUSED.get(type(node), type(node).__name__)


# ---------------------------------------------------------------- compiler

class _Compiler:
    """Walks a parsed formula once and turns each allowed node into a closure."""

    def __init__(self, text: str, names: tuple[str, ...]):
        self.text = text
        self.names = frozenset(names)
        self.used: set[str] = set()
        self.count = 0

    def fail(self, node: ast.AST, what: str) -> FormulaError:
        col = getattr(node, "col_offset", None)
        where = f" (column {col + 1})" if col is not None else ""
        return FormulaError(f"not allowed in a formula: {what}{where}")

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or self.text

    def compile(self, node: ast.AST, depth: int) -> _Code:
        self.count += 1
        if self.count > MAX_NODES:
            raise FormulaError(f"formula has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep")
        method: Callable[[ast.AST, int], _Code] | None = getattr(
            self, f"c_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, _describe(node))
        return method(node, depth)

    def c_Constant(self, node: ast.Constant, depth: int) -> _Code:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(node, _describe(node))
        try:
            number = float(v)
        except OverflowError:
            raise FormulaError(f"number {self.segment(node)[:20]}... is too large") from None
        if not math.isfinite(number):
            raise FormulaError(f"number {self.segment(node)!r} is too large")
        return lambda env: number

    def c_Name(self, node: ast.Name, depth: int) -> _Code:
        name = node.id
        if name in self.names:
            self.used.add(name)
            return lambda env: env[name]
        if name in FUNCTIONS:
            raise FormulaError(f"'{name}' is a function: call it, as in {name}(...)")
        close = difflib.get_close_matches(name, sorted(self.names), n=1)
        hint = f"did you mean '{close[0]}'?" if close else (
            "known names: " + (", ".join(sorted(self.names)) or "none"))
        raise FormulaError(f"unknown name '{name}' ({hint})")

    def c_UnaryOp(self, node: ast.UnaryOp, depth: int) -> _Code:
        operand = self.compile(node.operand, depth + 1)
        if isinstance(node.op, ast.USub):
            return lambda env: -float(operand(env))
        if isinstance(node.op, ast.UAdd):
            return lambda env: float(operand(env))
        if isinstance(node.op, ast.Not):
            return lambda env: not operand(env)
        raise self.fail(node, _describe(node.op))

    def c_BinOp(self, node: ast.BinOp, depth: int) -> _Code:
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise self.fail(node, _describe(node.op))
        exponent = node.right.value if isinstance(node.right, ast.Constant) else None
        if (isinstance(node.op, ast.Pow) and isinstance(exponent, (int, float))
                and abs(exponent) > MAX_POW_EXP):
            raise FormulaError(f"exponent in {self.segment(node)[:40]!r} is larger "
                               f"than {MAX_POW_EXP}")
        if isinstance(node.op, ast.Pow) and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow)
                                                for n in ast.walk(node.right)):
            raise FormulaError(f"a power in the exponent of {self.segment(node)[:40]!r} "
                               "(a tower like 9**9**9 is refused when the rule loads)")
        if isinstance(node.op, ast.Pow) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, (int, float)) and abs(node.left.value) > 1e6:
            raise FormulaError(f"base in {self.segment(node)[:40]!r} is larger than 1e6")
        left = self.compile(node.left, depth + 1)
        right = self.compile(node.right, depth + 1)
        where = self.segment(node)
        return lambda env: _finite(op(float(left(env)), float(right(env)), where), where)

    def c_BoolOp(self, node: ast.BoolOp, depth: int) -> _Code:
        parts = [self.compile(v, depth + 1) for v in node.values]
        if isinstance(node.op, ast.And):
            def run_and(env: Mapping[str, float]) -> Value:
                value: Value = True
                for part in parts:
                    value = part(env)
                    if not value:
                        return value
                return value
            return run_and

        def run_or(env: Mapping[str, float]) -> Value:
            value: Value = False
            for part in parts:
                value = part(env)
                if value:
                    return value
            return value
        return run_or

    def c_Compare(self, node: ast.Compare, depth: int) -> _Code:
        ops = []
        for op in node.ops:
            fn = _CMPOPS.get(type(op))
            if fn is None:
                raise self.fail(node, _describe(op))
            ops.append(fn)
        first = self.compile(node.left, depth + 1)
        rest = [self.compile(c, depth + 1) for c in node.comparators]

        def run(env: Mapping[str, float]) -> bool:
            left = first(env)
            for fn, part in zip(ops, rest, strict=True):
                right = part(env)
                if not fn(left, right):
                    return False
                left = right
            return True
        return run

    def c_IfExp(self, node: ast.IfExp, depth: int) -> _Code:
        test = self.compile(node.test, depth + 1)
        body = self.compile(node.body, depth + 1)
        orelse = self.compile(node.orelse, depth + 1)
        return lambda env: body(env) if test(env) else orelse(env)

    def c_Call(self, node: ast.Call, depth: int) -> _Code:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = node.func.id if isinstance(node.func, ast.Name) else self.segment(node.func)
            raise FormulaError(f"calling '{shown[:40]}' is not allowed; functions are: "
                               + ", ".join(FUNCTIONS))
        name = node.func.id
        if node.keywords:
            raise self.fail(node, f"keyword arguments to {name}()")
        fn, lo, hi = FUNCTIONS[name]
        if not lo <= len(node.args) <= hi:
            want = f"{lo}" if lo == hi else f"{lo} to {hi}" if hi < MAX_NODES else f"{lo} or more"
            raise FormulaError(f"{name}() takes {want} arguments, got {len(node.args)}")
        args = [self.compile(a, depth + 1) for a in node.args]
        where = self.segment(node)
        return lambda env: _finite(float(fn(where, *[float(a(env)) for a in args])), where)
