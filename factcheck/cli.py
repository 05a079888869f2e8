"""Command line: parse options, run the pipeline, print, exit. No domain logic here.

Exit codes (contract.md): 0 no finding at or above --fail-on; 1 at least one; 2 the run
could not be done (unreadable file, bad rule file, bad option, bad config), one line on
stderr. In a batch an unreadable file is reported in its place and the run goes on; the
exit code is then 2. Ctrl-C writes what was finished and exits 130.

Settings come from the command line, else from the nearest config file
(factcheck/workflow/config.py), else from the defaults. Heavy modules are imported inside
the commands, so ``factcheck --help`` stays fast.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import Any, NoReturn, Self

from factcheck import __version__
from factcheck.errors import FactcheckError

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
CHECK_FORMATS = ("rich", "json", "sarif", "github", "markdown", "html")
FAIL_ON = ("error", "warning", "info", "never")
EXIT_INTERRUPTED = 130

EPILOG = """\
inputs: files, - (stdin), folders (recursive) and globs ('articles/**/*.md'); folders and
globs keep files matching --include (default *.txt *.md *.markdown *.html *.htm *.docx).
config: [tool.factcheck] in pyproject.toml, or .factcheck.toml, nearest upward from the
first input; keys select, ignore, fail-on, exit-zero, published, rules, include, exclude,
format, jobs, and [tool.factcheck.rules.RULE-ID] parameter tables. Flags override it.
suppress: <!-- factcheck: ignore RULE reason="..." --> before a claim (Markdown/HTML);
--write-baseline FILE / --baseline FILE for accepted findings.
exit codes: 0 nothing at or above --fail-on, 1 findings, 2 the run could not be done,
130 interrupted."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:          # one line, exit 2, like every other failure
        self.exit(2, f"factcheck: {message}\n")


def _date(value: str) -> str:
    import datetime as dt

    try:
        if len(value.strip()) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return n


def _inputs_options(p: argparse.ArgumentParser, *, jobs: bool = True) -> None:
    p.add_argument("files", nargs="+", metavar="PATH",
                   help="files, folders, globs, or - for stdin")
    p.add_argument("--published", type=_date, help="publication date YYYY-MM-DD")
    p.add_argument("--include", action="append", metavar="GLOB",
                   help="file patterns to take from folders and globs (repeatable, or comma separated)")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="file or folder patterns to skip (repeatable, or comma separated)")
    if jobs:
        p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                       help="worker processes (default: all cores; 1: no pool)")
    _config_options(p)


def _config_options(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--config", metavar="FILE",
                   help="use this config file (pyproject.toml or .factcheck.toml)")
    g.add_argument("--isolated", action="store_true", help="ignore every config file")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="factcheck", description="Check the figures of news articles (zh + en).",
                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="list every figure of each file")
    _inputs_options(ex)
    ex.add_argument("--format", choices=("table", "json"), default=None,
                    help="table on a terminal, json otherwise")

    ck = sub.add_parser("check", help="find contradictions and extraordinary implications",
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _inputs_options(ck)
    ck.add_argument("--format", choices=CHECK_FORMATS, default=None,
                    help="rich on a terminal, json otherwise (JSON Lines for several files)")
    ck.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    ck.add_argument("-q", "--quiet", action="store_true",
                    help="one line per finding, no summary, no progress")
    ck.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    ck.add_argument("--fail-on", choices=FAIL_ON, default=None,
                    help="lowest severity that makes the exit code 1 (default: error)")
    ck.add_argument("--exit-zero", action="store_true", default=None,
                    help="exit 0 even with findings (2 still means the run failed)")
    ck.add_argument("--rules", action="append", metavar="DIR", help="extra rule folder (repeatable)")
    ck.add_argument("--select", action="append", metavar="RULES",
                    help="rule ids, id prefixes or categories, comma separated")
    ck.add_argument("--ignore", action="append", metavar="RULES",
                    help="rule ids, id prefixes or categories, comma separated")
    ck.add_argument("--baseline", metavar="FILE", help="drop the findings accepted in FILE")
    ck.add_argument("--write-baseline", metavar="FILE",
                    help="write the current findings to FILE as accepted (reason: \"baseline\")")
    ck.add_argument("--no-progress", action="store_true", help="no progress bar on a terminal")

    cl = sub.add_parser("claims", help="show the claims and their links")
    _inputs_options(cl)
    cl.add_argument("--format", choices=("table", "json"), default=None)

    rl = sub.add_parser("rules", help="list the rules")
    rl.add_argument("--rules", action="append", metavar="DIR", help="extra rule folder")
    _config_options(rl)
    explain = sub.add_parser("explain", help="print one rule with its examples")
    explain.add_argument("rule", metavar="RULE")
    explain.add_argument("--rules", action="append", metavar="DIR", help="extra rule folder")
    _config_options(explain)
    return p


# --------------------------------------------------------------------------- settings

def _tty() -> bool:
    return sys.stdout.isatty()


def _csv(values: Sequence[str] | None) -> list[str]:
    return [x.strip() for v in values or () for x in v.split(",") if x.strip()]


def _load_config(args: argparse.Namespace) -> Any:
    """The Config that applies (None with --isolated or when there is none)."""
    from pathlib import Path

    from factcheck.workflow.config import discovery_start, find_config, load_config

    if getattr(args, "isolated", False):
        return None
    if getattr(args, "config", None):
        return load_config(Path(args.config))
    files = getattr(args, "files", None) or []
    found = find_config(discovery_start(files[0] if files else None))
    return load_config(found) if found else None


def _pick(cli: Any, cfg: Any, key: str, default: Any) -> Any:
    if cli is not None:
        return cli
    value = getattr(cfg, key, None) if cfg is not None else None
    return default if value is None else value


def _rule_dirs(args: argparse.Namespace, cfg: Any) -> list[Any]:
    from pathlib import Path

    from factcheck.errors import ConfigError

    if getattr(args, "rules", None):
        dirs = []
        for d in args.rules:
            if not Path(d).is_dir():
                raise FactcheckError(f"--rules {d}: not a folder")
            dirs.append(Path(d))
        return dirs
    dirs = list(getattr(cfg, "rules", None) or ())
    for d in dirs:
        if not d.is_dir():
            raise ConfigError(f"{cfg.where}: 'rules': {d}: not a folder")
    return dirs


def _inputs(args: argparse.Namespace, cfg: Any) -> Any:
    from factcheck.workflow.inputs import DEFAULT_INCLUDE, expand

    include = _csv(args.include) or list(_pick(None, cfg, "include", DEFAULT_INCLUDE))
    exclude = _csv(args.exclude) if args.exclude is not None else list(_pick(None, cfg, "exclude", ()))
    return expand(args.files, include, exclude)


def _jobs_for(args: argparse.Namespace, cfg: Any) -> int:
    from factcheck.workflow.batch import default_jobs

    n = _pick(getattr(args, "jobs", None), cfg, "jobs", 0)
    return n if n > 0 else default_jobs()


class _Diag:
    """stderr lines, through the progress bar's console while it is live."""

    def __init__(self) -> None:
        self.console: Any = None

    def __call__(self, line: str) -> None:
        line = "".join(c if c.isprintable() else "?" for c in line)
        text = f"factcheck: {line}"
        if self.console is not None:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()


class _Progress:
    """A rich progress bar on a terminal's stderr: files done, findings so far, rate."""

    def __init__(self, total: int, color: bool | None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                shown = f"{speed:.1f} files/s" if speed else "… files/s"
                return Text(shown, style="progress.data.speed")

        kwargs: dict[str, Any] = {"file": sys.stderr, "stderr": True}
        if color is False:
            kwargs["no_color"] = True
        self.progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[findings]} findings"), Rate(),
                                 TimeElapsedColumn(), console=Console(**kwargs), transient=True,
                                 redirect_stdout=False, redirect_stderr=False)
        self.task = self.progress.add_task("checking", total=total, findings=0)
        self.findings = 0

    @property
    def console(self) -> Any:
        return self.progress.console

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def done(self, outcomes: Sequence[Any]) -> None:
        self.findings += sum(len(o.report.findings) for o in outcomes if o.report is not None)
        self.progress.update(self.task, advance=len(outcomes), findings=self.findings)


def _open_output(path: str | None) -> Any:
    if not path:
        return None
    try:
        return open(path, "w", encoding="utf-8", errors="replace", newline="\n")
    except OSError as e:
        raise FactcheckError(f"-o {path}: cannot write: {(e.strerror or str(e)).lower()}") from None


def _items(paths: Sequence[str], diag: _Diag) -> tuple[list[tuple[str, bytes | None]], int]:
    """(path, bytes) pairs; standard input is read here, once, in the main process."""
    from factcheck.workflow.batch import read_input

    items: list[tuple[str, bytes | None]] = []
    errors = 0
    for p in paths:
        if p == "-":
            try:
                items.append((p, read_input("-")))
            except FactcheckError as e:
                diag(str(e))
                errors += 1
            continue
        items.append((p, None))
    return items, errors


# --------------------------------------------------------------------------- extract, claims

def _simple(args: argparse.Namespace, mode: str) -> int:
    from factcheck.workflow.batch import Runner, Settings, prepare

    diag = _Diag()
    cfg = _load_config(args)
    inputs = _inputs(args, cfg)
    for line in inputs.problems:
        diag(line)
    items, errors = _items(inputs.paths, diag)
    errors += len(inputs.problems)
    fmt = args.format or ("table" if _tty() else "json")
    settings = Settings(mode=mode, published=_pick(args.published, cfg, "published", None),
                        json_lines=fmt == "json")
    prepare(settings, None)
    runner = Runner(items, settings, _jobs_for(args, cfg))
    try:
        for outcome in runner:
            if outcome.error:
                diag(outcome.error)
                errors += 1
                continue
            if outcome.sectioned:
                errors += _print_sections(mode, fmt, items[outcome.index], diag)
                continue
            if outcome.line is not None:
                sys.stdout.write(outcome.line)
                sys.stdout.flush()
                continue
            _print_simple(mode, fmt, outcome.report)
    except KeyboardInterrupt:
        runner.close(terminate=True)
        for outcome in runner.leftovers():
            if outcome.line is not None:
                sys.stdout.write(outcome.line)
            elif outcome.report is not None:
                _print_simple(mode, fmt, outcome.report)
        sys.stdout.flush()
        diag("interrupted")
        return EXIT_INTERRUPTED
    finally:
        runner.close(terminate=True)
    return 2 if errors else 0


def _print_sections(mode: str, fmt: str, item: tuple[str, bytes | None], diag: Any) -> int:
    """A long input, one section at a time (JSON: one object, streamed); 1 on an input error."""
    from factcheck.workflow.batch import sections_of

    try:
        _, _, reports = sections_of(*item)
        stream = None
        for report in reports:
            if fmt != "json":
                _print_simple(mode, fmt, report)
                continue
            if stream is None:
                from factcheck.report.jsonout import JsonStream

                stream = JsonStream(sys.stdout, report,
                                    () if mode == "extract" else ("claims", "findings", "links"))
            stream.add(report)
        if stream is not None:
            stream.close()
            sys.stdout.flush()
    except FactcheckError as e:
        diag(str(e))
        return 1
    return 0


def _print_simple(mode: str, fmt: str, report: Any) -> None:
    if fmt == "json":
        from factcheck.report.jsonout import render_mode

        sys.stdout.write(render_mode(mode, report))
        sys.stdout.flush()
        return
    from factcheck.report import table

    if mode == "extract":
        table.print_figures(report.extraction)
    else:
        table.print_claims(report)


def cmd_extract(args: argparse.Namespace) -> int:
    return _simple(args, "extract")


def cmd_claims(args: argparse.Namespace) -> int:
    return _simple(args, "claims")


# --------------------------------------------------------------------------- check

class _CheckRun:
    """The state of one ``factcheck check`` while outcomes arrive in input order."""

    def __init__(self, args: argparse.Namespace, fmt: str, rules: list[Any], out: Any,
                 diag: _Diag, baseline: Any, write_path: Any, previous: Any):
        from factcheck.report import RenderOptions

        self.args, self.fmt, self.rules, self.diag = args, fmt, rules, diag
        self.out = out
        self.baseline, self.write_path, self.previous = baseline, write_path, previous
        color = {"auto": None, "always": True, "never": False}[args.color]
        self.ropts = RenderOptions(color=color, quiet=args.quiet)
        self.known = {r.id for r in rules} | {r.category for r in rules}
        self.reports: list[Any] = []
        self.worst = -1
        self.errors = 0
        self.files = 0
        self.severities = {"error": 0, "warning": 0, "info": 0}
        self.new_entries: list[Any] = []
        self.checked_keys: set[str] = set()

    def stream(self) -> Any:
        return self.out if self.out is not None else sys.stdout

    def handle(self, outcome: Any) -> None:
        if outcome.error:
            self.diag(outcome.error)
            self.errors += 1
            return
        if outcome.line is not None:      # rendered by the worker: nothing to filter
            self.files += 1
            for sev in outcome.severities:
                self.worst = max(self.worst, SEVERITY_RANK.get(sev, 0))
                self.severities[sev] = self.severities.get(sev, 0) + 1
            stream = self.stream()
            stream.write(outcome.line)
            stream.flush()
            return
        for line in self._missing_reasons(outcome.source, outcome.suppressions):
            self.diag(f"warning: {line}")
        report, suppressed, unused = self._filter(outcome.source, outcome.report, outcome.suppressions,
                                                  self._baseline_entries(outcome.source))
        self._diag_unused(outcome.source, unused)
        self.files += 1
        if self.fmt == "json":            # JSON Lines: one object per file, as soon as it is ready
            self._write_json(report, suppressed, unused)
        else:
            self.reports.append(report)

    def handle_sections(self, outcome: Any, item: tuple[str, bytes | None]) -> None:
        """An input too long to check whole: section by section, each written (JSON) or
        kept (other formats) before the next is checked."""
        from dataclasses import replace

        from factcheck.text.sections import split_sections
        from factcheck.workflow.batch import debug_mode, sections_of

        source = outcome.source
        try:
            doc, sups, reports = sections_of(*item)
        except FactcheckError as e:
            self.diag(str(e))
            self.errors += 1
            return
        for line in self._missing_reasons(source, sups):
            self.diag(f"warning: {line}")
        entries = list(self._baseline_entries(source) or ())
        stream = None
        kept: list[Any] = []
        unused: list[Any] = []
        last = None
        try:
            for (start, end), section in zip(split_sections(doc.text), reports):
                mine = [x for x in sups if x.offset is not None and start <= x.offset < end]
                if start == 0:
                    mine += [x for x in sups if x.offset is None]
                last, suppressed, section_unused = self._filter(source, section, mine, entries)
                unused.extend(u for u in section_unused if u.by == "inline")
                entries = self._left_over(section, suppressed, entries)
                if self.fmt == "json":
                    if stream is None:
                        from factcheck.report.jsonout import JsonStream

                        stream = JsonStream(self.stream(), last)
                    stream.add(last, suppressed)
                else:
                    kept.append(last)
        except Exception as e:          # the line already begun is ended, so the output stays JSON
            if stream is not None:
                stream.close({"unused_suppressions": []})
            if debug_mode():
                raise
            self.diag(f"{source}: internal error in a section: {type(e).__name__} (FACTCHECK_DEBUG=1 shows the traceback)")
            self.errors += 1
            return
        if entries and last is not None:    # baseline entries that no section used
            from factcheck.workflow.baseline import apply_baseline

            unused.extend(apply_baseline(replace(last, findings=()), entries).unused)
        self._diag_unused(source, unused)
        self.files += 1
        if stream is not None:
            stream.close({"unused_suppressions": [u.to_dict() for u in unused]})
            self.stream().flush()
        elif kept:
            from factcheck.api import merge_reports

            self.reports.append(merge_reports(kept))

    def _missing_reasons(self, source: str, sups: Sequence[Any]) -> list[str]:
        from factcheck.workflow.suppress import missing_reason_warnings

        return missing_reason_warnings(source, sups)

    def _baseline_entries(self, source: str) -> Sequence[Any] | None:
        if self.baseline is None:
            return None
        from factcheck.workflow.baseline import source_key

        return self.baseline.for_path(source_key(source, self.baseline.file.parent))

    def _filter(self, source: str, report: Any, sups: Sequence[Any],
                entries: Sequence[Any] | None) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
        """Inline suppressions, then the baseline; counts what is left. Returns the report
        as shown, the suppressed findings and the suppressions and entries that matched nothing."""
        from factcheck.workflow.suppress import Filtered, apply_suppressions

        first = apply_suppressions(report, sups, self.known)
        second = Filtered(first.report)
        if entries is not None:
            from factcheck.workflow.baseline import apply_baseline

            second = apply_baseline(first.report, entries)
        if self.write_path is not None:
            from factcheck.workflow.baseline import entries_for, source_key

            key = source_key(source, self.write_path.parent)
            self.checked_keys.add(key)
            self.new_entries.extend(entries_for(first.report, key, self.previous))
        for f in second.report.findings:
            self.worst = max(self.worst, SEVERITY_RANK.get(f.severity, 0))
            self.severities[f.severity] = self.severities.get(f.severity, 0) + 1
        return second.report, (*first.suppressed, *second.suppressed), (*first.unused, *second.unused)

    @staticmethod
    def _left_over(report: Any, suppressed: Sequence[Any], entries: list[Any]) -> list[Any]:
        """The baseline entries not used by this section (each accepts one finding)."""
        from collections import Counter

        from factcheck.workflow.baseline import finding_key

        used = Counter(finding_key(report, s.finding) for s in suppressed if s.by == "baseline")
        left = []
        for e in entries:
            if used[e.key]:
                used[e.key] -= 1
            else:
                left.append(e)
        return left

    def _diag_unused(self, source: str, unused: Sequence[Any]) -> None:
        for u in unused:
            where = f"{source}:{u.line}" if u.line is not None else source
            self.diag(f"{where}: {u.message}")

    def _write_json(self, report: Any, suppressed: Sequence[Any], unused: Sequence[Any]) -> None:
        from factcheck.report.jsonout import render_one

        stream = self.stream()
        stream.write(render_one(report, {"suppressed": [s.to_dict() for s in suppressed],
                                         "unused_suppressions": [u.to_dict() for u in unused]}))
        stream.flush()

    def finish_output(self) -> None:
        if self.fmt == "json":
            return
        if not self.reports and self.out is None:
            return
        from factcheck.report import write

        write(self.fmt, self.reports, rules=self.rules, options=self.ropts, stream=self.stream())
        self.stream().flush()


def cmd_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from factcheck.workflow.batch import Settings, prepare
    from factcheck.workflow.config import build_rules, rule_spec

    diag = _Diag()
    cfg = _load_config(args)
    select = _csv(args.select) if args.select is not None else list(_pick(None, cfg, "select", ()))
    ignore = _csv(args.ignore) if args.ignore is not None else list(_pick(None, cfg, "ignore", ()))
    fail_on = _pick(args.fail_on, cfg, "fail_on", "error")
    exit_zero = bool(_pick(args.exit_zero, cfg, "exit_zero", False))
    published = _pick(args.published, cfg, "published", None)
    spec = rule_spec(_rule_dirs(args, cfg), cfg)
    rules = build_rules(spec)

    baseline = previous = write_path = None
    if args.baseline:
        from factcheck.workflow.baseline import load_baseline

        baseline = load_baseline(Path(args.baseline))
    if args.write_baseline:
        from factcheck.workflow.baseline import load_baseline

        write_path = Path(args.write_baseline)
        if baseline is not None and write_path.resolve() == baseline.file.resolve():
            previous = baseline.entries
        elif write_path.exists():
            previous = load_baseline(write_path).entries
        else:
            previous = ()

    inputs = _inputs(args, cfg)
    for line in inputs.problems:
        diag(line)
    fmt = args.format or _pick(None, cfg, "format", None) or \
        ("rich" if _tty() and not args.output else "json")
    out = _open_output(args.output)
    try:
        items, stdin_errors = _items(inputs.paths, diag)
        run = _CheckRun(args, fmt, rules, out, diag, baseline, write_path, previous)
        run.errors += stdin_errors + len(inputs.problems)
        settings = Settings(mode="check", spec=spec, select=tuple(select), ignore=tuple(ignore),
                            published=published,
                            json_lines=fmt == "json" and baseline is None and write_path is None)
        prepare(settings, rules)
        interrupted = _run_check(run, items, settings, _jobs_for(args, cfg), args)
    finally:
        if out is not None:
            out.close()
    if interrupted:
        diag(f"interrupted: {run.files} of {len(inputs.paths)} files checked, "
             "their reports written")
        return EXIT_INTERRUPTED
    if write_path is not None:
        from factcheck.workflow.baseline import merge, write_baseline

        entries = merge(previous or (), run.checked_keys, run.new_entries)
        write_baseline(write_path, entries)
        from factcheck.report import plural

        n = len(run.new_entries)
        diag(f"wrote {n} baseline {'entry' if n == 1 else 'entries'} "
             f"for {plural(len(run.checked_keys), 'file')} to {write_path}")
    if run.errors:
        return 2
    if write_path is not None or exit_zero or fail_on == "never":
        return 0
    return 1 if run.worst >= SEVERITY_RANK[fail_on] else 0


def _run_check(run: _CheckRun, items: list[tuple[str, bytes | None]], settings: Any,
               jobs: int, args: argparse.Namespace) -> bool:
    """Run every input; True when interrupted (finished reports are written first)."""
    from factcheck.workflow.batch import Runner

    started = time.perf_counter()
    streaming_to_tty = run.fmt == "json" and run.out is None and _tty()
    show_bar = (len(items) > 1 and not args.quiet and not args.no_progress
                and sys.stderr.isatty() and not streaming_to_tty)
    progress = None
    runner = Runner(items, settings, jobs)
    interrupted = False
    try:
        runner.start()                         # fork the workers before the bar's thread exists
        if show_bar:
            progress = _Progress(len(items), run.ropts.color)
            runner.on_complete = progress.done
            progress.__enter__()
            run.diag.console = progress.console
        try:
            for outcome in runner:
                if outcome.sectioned:
                    run.handle_sections(outcome, items[outcome.index])
                else:
                    run.handle(outcome)
        except KeyboardInterrupt:
            interrupted = True
            runner.close(terminate=True)
            for outcome in runner.leftovers():
                if not outcome.sectioned:
                    run.handle(outcome)
    finally:
        runner.close(terminate=True)
        if progress is not None:
            progress.__exit__(None, None, None)
            run.diag.console = None
    run.finish_output()
    if len(items) > 1 and not interrupted and not args.quiet \
            and not (run.fmt == "rich" and run.out is None):
        run.diag(_summary(run, time.perf_counter() - started))
    return interrupted


def _summary(run: _CheckRun, seconds: float) -> str:
    from factcheck.report import counts_text, plural

    rate = run.files / seconds if seconds > 0 else 0.0
    text = (f"{plural(run.files, 'file')} checked in {seconds:.1f} s ({rate:.1f} files/s): "
            f"{counts_text(run.severities)}")
    if run.errors:
        text += f"; {plural(run.errors, 'input')} could not be checked"
    return text


# --------------------------------------------------------------------------- rules, explain

def _rules_for_listing(args: argparse.Namespace) -> list[Any]:
    from factcheck.workflow.config import build_rules, rule_spec

    cfg = _load_config(args)
    return build_rules(rule_spec(_rule_dirs(args, cfg), cfg))


def cmd_rules(args: argparse.Namespace) -> int:
    from factcheck.report.table import print_rules

    print_rules(_rules_for_listing(args))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from factcheck.report.table import print_rule

    rules = {r.id: r for r in _rules_for_listing(args)}
    rule = rules.get(args.rule)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(args.rule, list(rules), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "`factcheck rules` lists them"
        raise FactcheckError(f"unknown rule {args.rule!r} ({hint})")
    print_rule(rule)
    return 0


COMMANDS = {"extract": cmd_extract, "check": cmd_check, "claims": cmd_claims,
            "rules": cmd_rules, "explain": cmd_explain}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``factcheck`` script."""
    for stream in (sys.stdout, sys.stderr):     # an odd file name or a lone surrogate must not crash output
        try:
            stream.reconfigure(errors="replace")   # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
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
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit
        except OSError:
            pass
        return 0
    except Exception as e:
        if os.environ.get("FACTCHECK_DEBUG", "") not in ("", "0"):
            raise
        msg = " ".join(str(e).split())[:200]
        sys.stderr.write(f"factcheck: internal error: {type(e).__name__}"
                         f"{': ' + msg if msg else ''} (FACTCHECK_DEBUG=1 shows the traceback)\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
