"""Find and read rule files safely: YAML data only, bounded, every error with path:line.

PyYAML is used in two passes, both with SafeLoader. First, ``yaml.parse`` streams events
and refuses object tags, anchors used too often, too many nodes and deep nesting, before
any tree exists. PyYAML's composer is recursive and aliases share nodes, so a
"billion laughs" file is cheap to compose but explodes for anything that walks it.
Second, ``yaml.compose`` keeps line numbers. The tree's size with aliases expanded is
checked before :mod:`schema` reads it. Nothing is ever constructed from an object tag.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import yaml

from factcheck.errors import RuleFileError
from factcheck.rules_engine.registry import REGISTRY, Registry
from factcheck.rules_engine.schema import Rule, build_rule, show

# limits, in one place
MAX_FILE_BYTES = 256 * 1024
MAX_ALIASES = 100
MAX_NODES = 10_000         # YAML nodes, counted again after aliases are expanded
MAX_DEPTH = 32             # nesting of mappings and lists
MAX_RULE_FILES = 5_000
SUFFIXES = (".yaml", ".yml")
# libyaml's parser where PyYAML was built with it (about 10x faster; a check run reads every
# rule file at start-up), else the pure-Python one: the same events, nodes and marks
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in
                        ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def default_rules_dir() -> Path:
    """The shipped rules: ``factcheck/_rules`` in a wheel, ``<repo>/rules`` in a checkout."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parents[2] / "rules"


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def rule_files(folder: Path) -> list[Path]:
    """Every .yaml/.yml file under ``folder``, sorted; skips hidden names and folder links."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(SUFFIXES):
                found.append(Path(root) / name)
                if len(found) > MAX_RULE_FILES:
                    raise RuleFileError(display_path(folder), None,
                                        f"more than {MAX_RULE_FILES} rule files")
    return found


def load_rules(dirs: Sequence[Path] | None = None, *,
               registry: Registry | None = None) -> list[Rule]:
    """Load every rule file under ``dirs`` (default: the shipped rules), sorted by id.

    Raises RuleFileError for the first bad file, and for an id used twice.
    """
    reg = registry or REGISTRY
    folders = [default_rules_dir()] if dirs is None else [Path(d) for d in dirs]
    seen: dict[str, Rule] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleFileError(display_path(folder), None, "rules folder not found")
        for path in rule_files(folder):
            rule = load_rule_file(path, registry=reg)
            if rule.id in seen:
                raise RuleFileError(display_path(path), rule.lines.get("id"),
                                    f"duplicate rule id '{rule.id}'",
                                    f"also in {display_path(seen[rule.id].path)}")
            seen[rule.id] = rule
    return [seen[k] for k in sorted(seen)]


def load_rule_file(path: Path, *, registry: Registry | None = None) -> Rule:
    """Read, parse and validate one rule file."""
    display = display_path(path)
    text = _read_text(path, display)
    return parse_rule(text, path, registry=registry, display=display)


def parse_rule(text: str, path: Path, *, registry: Registry | None = None,
               display: str | None = None) -> Rule:
    """Validate rule-file ``text`` as if read from ``path`` (its stem must be the id)."""
    display = display or display_path(path)
    try:
        return _parse_rule(text, path, registry, display, _LOADER)
    except RuleFileError:
        if _LOADER is yaml.SafeLoader:
            raise
    # the pure-Python parser words its errors better ("found character '\t'..."): say it that way
    return _parse_rule(text, path, registry, display, yaml.SafeLoader)


def _parse_rule(text: str, path: Path, registry: Registry | None, display: str, loader: type) -> Rule:
    if len(text) > MAX_FILE_BYTES:
        raise RuleFileError(display, None, f"file is longer than {MAX_FILE_BYTES} characters")
    text = text.removeprefix("\ufeff")
    _scan_events(text, display, loader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, display) from None
    except yaml.YAMLError as exc:
        raise RuleFileError(display, None, f"not a YAML text: {str(exc).splitlines()[0]}") from None
    if root is None:
        raise RuleFileError(display, None, "file is empty", "see rules/README.md for the format")
    _check_expanded_size(root, display)
    return build_rule(root, Path(path), display, registry or REGISTRY)


def _read_text(path: Path, display: str) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RuleFileError(display, None, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise RuleFileError(display, None, f"file is larger than {MAX_FILE_BYTES // 1024} KB",
                            "a rule file holds one rule; move long word lists out")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RuleFileError(display, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                            "save the file as UTF-8") from None


def _scan_events(text: str, display: str, loader: type) -> None:
    """Refuse tags, alias floods, node floods and deep nesting while streaming."""
    aliases = nodes = depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise RuleFileError(display, line, "a second YAML document ('---')",
                                        "one rule per file")
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise RuleFileError(display, line, f"more than {MAX_ALIASES} aliases ('*')")
            elif isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_NODES:
                    raise RuleFileError(display, line, f"more than {MAX_NODES} YAML values")
                tag = event.tag
                if tag is not None and tag not in _PLAIN_TAGS:
                    written = tag.replace("tag:yaml.org,2002:", "!!", 1)
                    raise RuleFileError(display, line, f"tag '{show(written, 80)}' is not allowed",
                                        "rule files hold plain data: remove the '!' tag")
                if not isinstance(event, yaml.ScalarEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise RuleFileError(display, line,
                                            f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, display) from None
    except yaml.YAMLError as exc:               # e.g. a NUL or control character (ReaderError)
        line = getattr(exc, "position", None)
        where = text.count("\n", 0, line) + 1 if isinstance(line, int) else None
        raise RuleFileError(display, where, f"not a YAML text: {str(exc).splitlines()[0]}",
                            "remove control characters; rule files are plain UTF-8 text") from None


def _check_expanded_size(root: yaml.Node, display: str) -> None:
    """Count nodes as a walker would see them, aliases expanded; refuse cycles."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:  # depth is bounded by MAX_DEPTH, so recursion is safe
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise RuleFileError(display, node.start_mark.line + 1,
                                "an alias refers to the value that contains it")
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > MAX_NODES:
                raise RuleFileError(display, node.start_mark.line + 1,
                                    f"this value expands to more than {MAX_NODES} YAML values "
                                    "through aliases")
        open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root)


def _yaml_error(exc: yaml.MarkedYAMLError, display: str) -> RuleFileError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or exc.context or "not valid YAML"
    fix = "indent with spaces, not tabs" if "\\t" in problem or "\t" in problem else None
    return RuleFileError(display, line, f"YAML syntax error: {problem}", fix)
