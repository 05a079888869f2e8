"""The rule engine: rule files (data) bound to check kinds (code), run over a context.

``load_rules`` reads and validates ``rules/**/*.yaml``. ``select_rules`` applies
``--select``/``--ignore``. ``run_rules`` calls each rule's check kind with the caller's
context, which stays opaque here. The check kinds live in ``factcheck/checks/`` and
register themselves with ``@check_kind``.
"""
from __future__ import annotations

from factcheck.rules_engine.expr import Formula, FormulaError, compile_formula
from factcheck.rules_engine.loader import default_rules_dir, load_rule_file, load_rules, parse_rule
from factcheck.rules_engine.registry import (
                                           REGISTRY,
                                           CheckKind,
                                           Param,
                                           ParamError,
                                           Registry,
                                           check_kind,
                                           ensure_loaded,
                                           get_kind,
                                           kinds,
                                           run_rules,
                                           select_rules,
)
from factcheck.rules_engine.schema import CATEGORIES, CERTAINTIES, Example, Examples, Rule

__all__ = [
    "CATEGORIES", "CERTAINTIES", "REGISTRY", "CheckKind", "Example", "Examples", "Formula",
    "FormulaError", "Param", "ParamError", "Registry", "Rule", "check_kind", "compile_formula",
    "default_rules_dir", "ensure_loaded", "get_kind", "kinds", "load_rule_file", "load_rules",
    "parse_rule", "run_rules", "select_rules",
]
