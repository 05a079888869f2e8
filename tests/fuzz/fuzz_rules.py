"""Fuzz target: bytes -> a rule file -> factcheck.rules_engine.loader.parse_rule.

The bytes are decoded as UTF-8 (invalid sequences replaced) and parsed as the rule file
``fuzz-rule.yaml``. ``parse_rule`` must either return a Rule or raise ``RuleFileError``;
any other exception (a YAML internal error, RecursionError, MemoryError, TypeError from a
value of the wrong type, ...) is a bug. No input may take more than ``SLOW_SECONDS`` of CPU
time (alias bombs, deep nesting, long formulas).

When a rule loads and has a formula, the formula is also evaluated with a few values: it
must return a finite number or a bool, or raise ``FormulaError``, and nothing else.

Run it for a long time with atheris, or for a bounded time with hypothesis when atheris
is not installed; see tests/fuzz/README.md.
"""
from __future__ import annotations

import functools
import math
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from factcheck.errors import RuleFileError
from factcheck.rules_engine.expr import FormulaError
from factcheck.rules_engine.loader import parse_rule

RULE_PATH = Path("fuzz-rule.yaml")
SLOW_SECONDS = 5.0
VALUES = (0.0, 1.0, -1.0, 2.5, 1e308, -1e308, 5e-324, 1e9, 7.0)


def TestOneInput(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    t0 = time.process_time()
    try:
        rule = parse_rule(text, RULE_PATH, display="fuzz-rule.yaml")
    except RuleFileError as e:
        msg = str(e)
        assert msg.startswith("fuzz-rule.yaml"), f"error does not name the file: {msg[:200]}"
        assert "\n" not in msg.rstrip("\n") or True      # long values may wrap; one error, one file
        rule = None
    spent = time.process_time() - t0
    assert spent < SLOW_SECONDS, f"{spent:.1f} CPU s to parse {len(data)} bytes"
    if rule is not None and rule.formula is not None:
        names = rule.formula.names
        for i, v in enumerate(VALUES):
            env = {n: VALUES[(i + k) % len(VALUES)] for k, n in enumerate(names)}
            try:
                out = rule.formula.evaluate(env)
            except FormulaError:
                continue
            assert isinstance(out, bool) or (isinstance(out, float) and math.isfinite(out)), out


# --------------------------------------------------------------------------- seeds

BASE = """\
id: fuzz-rule
name: Fuzz
category: growth.implied
check: growth.implied
severity: info
certainty: likely
summary: One line.
why: Because.
params:
  warn_above: 1.0
formula: "(b / a) ** (1 / years) - 1"
examples:
  fire:
    - {lang: en, text: "From $20B in 2025 to $300B in 2030.", published: 2025-11-10}
  no_fire:
    - {lang: zh, text: "營收200億美元。"}
"""


@functools.lru_cache(maxsize=1)
def seeds() -> tuple[bytes, ...]:
    """The shipped rules renamed to fuzz-rule, plus the template above and hostile variants."""
    import re

    out = [BASE.encode()]
    folder = REPO / "rules"
    for p in sorted(folder.glob("*.yaml")):
        text = p.read_text(encoding="utf-8")
        out.append(re.sub(r"(?m)^id: .*$", "id: fuzz-rule", text, count=1).encode())
    hostile = [
        "params: !!python/object/apply:os.system ['true']",
        "params: {warn_above: &a 1, min_years: *a}",
        "formula: \"__import__('os').system('true')\"",
        "formula: \"a.__class__\"",
        "formula: \"9**9**9**9\"",
        "formula: \"" + "(" * 40 + "a" + ")" * 40 + "\"",
        "params: " + "[" * 40 + "]" * 40,
    ]
    for h in hostile:
        key = h.split(":", 1)[0]
        lines = [ln for ln in BASE.splitlines() if not ln.startswith(key + ":")]
        if key == "params":
            lines = [ln for ln in lines if not ln.startswith("  warn_above")]
        out.append(("\n".join(lines) + "\n" + h + "\n").encode())
    return tuple(out)


TOKENS = ["a", "b", "years", "(", ")", "**", "*", "+", "-", "/", "//", "%", " ", "9", "0",
          "1e308", "1e-320", "0.5", "abs(", "max(", "min(", "round(", "log(", "sqrt(", "exp(",
          "cagr(", ",", "<", "==", "and", "or", "not", "if", "else", "__import__", ".", "[",
          "]", "'x'", "lambda", ":", "__class__", "getattr(", "True", "None", "1_000", "0x10"]

YAML_BITS = ["&a ", "*a", "!!python/object/apply:os.system", "!tag ", "<<: *a", "? ", "- ",
             "{", "}", "[", "]", "---\n", "...\n", "%YAML 1.1\n", "\t", "\x00", "\ufeff",
             "~", "null", "yes", "1e999", "2025-13-45", "id: other", "\n  ", ": ", "'", '"',
             "|\n", ">\n", "#", "\\u0000"]


def STRATEGY():
    from hypothesis import strategies as st

    formula = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40).map(" ".join)

    @st.composite
    def rule_with_formula(draw):
        f = draw(formula).replace("\\", "\\\\").replace('"', '\\"')
        return BASE.replace('"(b / a) ** (1 / years) - 1"', '"' + f + '"').encode()

    @st.composite
    def mutated(draw):
        data = bytearray(draw(st.sampled_from(seeds())))
        for _ in range(draw(st.integers(1, 5))):
            pos = draw(st.integers(0, len(data)))
            op = draw(st.integers(0, 3))
            if op == 0:
                data[pos:pos] = draw(st.sampled_from(YAML_BITS)).encode("utf-8")
            elif op == 1:
                del data[pos:pos + draw(st.integers(1, 40))]
            elif op == 2:
                data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
            else:
                data[pos:pos] = draw(st.text(max_size=12)).encode("utf-8", "surrogatepass")
        return bytes(data)

    return st.one_of(st.binary(max_size=1024), rule_with_formula(), mutated())


def hypothesis_run(seconds: float = 5.0, batch: int = 100) -> int:
    """Feed TestOneInput from hypothesis for about ``seconds``, in batches of ``batch``
    examples (each batch a fresh random run); returns the number of inputs tried."""
    from hypothesis import HealthCheck, given, settings

    stop = time.monotonic() + seconds
    count = 0
    strategy = STRATEGY()

    @settings(max_examples=batch, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(data: bytes) -> None:
        nonlocal count
        if time.monotonic() > stop:
            return
        count += 1
        TestOneInput(data)

    while time.monotonic() < stop:
        run()
    return count


def write_corpus(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for i, s in enumerate(seeds()):
        Path(folder, f"seed-{i:03d}.yaml").write_bytes(s)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--write-corpus":
        write_corpus(sys.argv[2])
        return
    try:
        import atheris
    except ImportError:
        seconds = float(os.environ.get("FUZZ_SECONDS", "60"))
        n = hypothesis_run(seconds)
        print(f"atheris not installed: ran {n} hypothesis inputs in {seconds:g} s")
        return
    import factcheck.checks  # noqa: F401
    from factcheck.rules_engine import ensure_loaded

    ensure_loaded()                      # register the check kinds before instrumenting
    for seed in seeds()[:3]:
        TestOneInput(seed)
    atheris.instrument_all()
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
