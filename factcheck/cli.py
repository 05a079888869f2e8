"""Command line: parse options, run the pipeline, print, exit. No domain logic here.

Exit codes (contract.md): 0 no finding at or above --fail-on; 1 at least one; 2 the run
could not be done (unreadable file, bad rule file, bad option), one line on stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

from factcheck import __version__
from factcheck.errors import FactcheckError

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:          # one line, exit 2, like every other failure
        self.exit(2, f"factcheck: {message}\n")


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="factcheck", description="Check the figures of news articles (zh + en).")
    p.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="list every figure of each file")
    ex.add_argument("files", nargs="+", metavar="FILE", help="article files, or - for stdin")
    ex.add_argument("--format", choices=("table", "json"), default=None,
                    help="table on a terminal, json otherwise")
    ex.add_argument("--published", type=_date, help="publication date YYYY-MM-DD")

    ck = sub.add_parser("check", help="find contradictions and extraordinary implications")
    ck.add_argument("files", nargs="+", metavar="FILE", help="article files, or - for stdin")
    ck.add_argument("--format", choices=("rich", "json", "sarif", "github", "markdown", "html"), default=None,
                    help="rich on a terminal, json otherwise")
    ck.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    ck.add_argument("-q", "--quiet", action="store_true", help="one line per finding, no summary")
    ck.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    ck.add_argument("--published", type=_date, help="publication date YYYY-MM-DD")
    ck.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error")
    ck.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    ck.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule folder")
    ck.add_argument("--select", default="", help="rule ids or prefixes, comma separated")
    ck.add_argument("--ignore", default="", help="rule ids or prefixes, comma separated")

    cl = sub.add_parser("claims", help="show the claims and their links")
    cl.add_argument("files", nargs="+", metavar="FILE")
    cl.add_argument("--format", choices=("table", "json"), default=None)
    cl.add_argument("--published", type=_date)

    sub.add_parser("rules", help="list the rules")
    explain = sub.add_parser("explain", help="print one rule with its examples")
    explain.add_argument("rule", metavar="RULE")
    return p


def _tty() -> bool:
    return sys.stdout.isatty()


def cmd_extract(args: argparse.Namespace) -> int:
    from factcheck.extraction import extract_document
    from factcheck.ingest import load_path

    fmt = args.format or ("table" if _tty() else "json")
    for path in args.files:
        doc = load_path(path, published=args.published)
        result = extract_document(doc)
        if fmt == "json":
            _print_json(result.to_dict())
        else:
            from factcheck.report.table import print_figures

            print_figures(result)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from factcheck.api import check_document
    from factcheck.ingest import load_path
    from factcheck.report import RenderOptions, render, write
    from factcheck.rules_engine import load_rules
    from factcheck.rules_engine.loader import default_rules_dir

    fmt = args.format or ("rich" if _tty() and not args.output else "json")
    rules = load_rules([default_rules_dir(), *[_dir(d) for d in args.rules]])
    options = {"rules": rules, "select": _csv(args.select), "ignore": _csv(args.ignore)}
    color = {"auto": None, "always": True, "never": False}[args.color]
    ropts = RenderOptions(color=color, quiet=args.quiet)
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    reports = []
    worst = -1
    try:
        for path in args.files:
            doc = load_path(path, published=args.published)
            report = check_document(doc, **options)
            reports.append(report)
            if fmt == "json":          # JSON Lines: one object per file, as soon as it is ready
                out.write(render("json", [report], rules=rules, options=ropts))
                out.flush()
            for f in report.findings:
                worst = max(worst, SEVERITY_RANK[f.severity])
        if fmt != "json":
            write(fmt, reports, rules=rules, options=ropts, stream=out)
    finally:
        if args.output:
            out.close()
    if args.exit_zero or args.fail_on == "never":
        return 0
    return 1 if worst >= SEVERITY_RANK[args.fail_on] else 0


def _dir(d: str) -> "Path":
    from pathlib import Path

    p = Path(d)
    if not p.is_dir():
        raise FactcheckError(f"--rules {d}: not a folder")
    return p


def cmd_claims(args: argparse.Namespace) -> int:
    from factcheck.api import link_document
    from factcheck.ingest import load_path

    fmt = args.format or ("table" if _tty() else "json")
    for path in args.files:
        doc = load_path(path, published=args.published)
        report = link_document(doc)
        if fmt == "json":
            _print_json(report.to_dict())
        else:
            from factcheck.report.table import print_claims

            print_claims(report)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from factcheck.report.table import print_rules
    from factcheck.rules_engine.loader import default_rules_dir, load_rules

    print_rules(load_rules([default_rules_dir()]))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from factcheck.report.table import print_rule
    from factcheck.rules_engine.loader import default_rules_dir, load_rules

    rules = {r.id: r for r in load_rules([default_rules_dir()])}
    rule = rules.get(args.rule)
    if rule is None:
        raise FactcheckError(f"unknown rule {args.rule!r}; `factcheck rules` lists them")
    print_rule(rule)
    return 0


def _csv(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


COMMANDS = {"extract": cmd_extract, "check": cmd_check, "claims": cmd_claims,
            "rules": cmd_rules, "explain": cmd_explain}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``factcheck`` script."""
    args = build_parser().parse_args(argv)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except FactcheckError as e:
        sys.stderr.write(f"factcheck: {e}\n")
        return e.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("factcheck: interrupted\n")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


if __name__ == "__main__":
    sys.exit(main())
