"""The default rules ship inside the wheel.

Build the wheel from this checkout, install it into a fresh virtual environment, and run
the installed ``factcheck rules`` from a folder outside the checkout: every rule of the
source tree's rules/ folder must be listed, read from ``factcheck/_rules`` inside the
installed package. The venv sees the system site-packages so that no dependency has to be
downloaded; the wheel itself is installed with --no-deps and --no-index.

Skips (does not fail) when venv or pip cannot build here, e.g. offline without the
build backend in the pip cache.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from factcheck.rules_engine.loader import rule_files

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "rules"

# pip could not get the build backend: an environment limit, not a packaging bug
_OFFLINE = re.compile(r"No matching distribution found|Could not find a version that satisfies|"
                      r"NewConnectionError|Temporary failure in name resolution|"
                      r"Network is unreachable|ConnectTimeout|ReadTimeout|ProxyError", re.I)


def _run(args, **kw):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300, **kw)


def _source_ids() -> set[str]:
    return {p.stem for p in rule_files(RULES_DIR)}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if _run([sys.executable, "-m", "pip", "--version"]).returncode != 0:
        pytest.skip("pip is not available")
    out = tmp_path_factory.mktemp("wheelhouse")
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, ROOT])
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        if _OFFLINE.search(log):
            pytest.skip("cannot fetch the build backend: " + log.strip().splitlines()[-1])
        pytest.fail("pip wheel failed:\n" + log[-4000:])
    wheels = sorted(out.glob("factcheck-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("venv") / "env"
    proc = _run([sys.executable, "-m", "venv", "--system-site-packages", where])
    if proc.returncode != 0:
        pytest.skip("python -m venv is not available: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
    bindir = where / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    if _run([python, "-m", "pip", "--version"]).returncode != 0:
        pytest.skip("the new venv has no pip (ensurepip missing)")
    # --force-reinstall: the system site-packages may already hold factcheck (editable)
    proc = _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", wheel])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return where


def _bin(venv: Path, name: str) -> Path:
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    return bindir / (name + (".exe" if os.name == "nt" else ""))


def test_wheel_carries_the_rules(wheel):
    with zipfile.ZipFile(wheel) as z:
        packed = {Path(n).stem for n in z.namelist()
                  if re.fullmatch(r"factcheck/_rules/(?:.+/)?[^/.][^/]*\.ya?ml", n)}
    assert sorted(_source_ids() - packed) == []


def test_installed_package_has_rules_inside(venv, tmp_path):
    proc = _run([_bin(venv, "python"), "-c",
                 "import pathlib, factcheck; from factcheck.rules_engine.loader import default_rules_dir; "
                 "print(pathlib.Path(factcheck.__file__).resolve().parent); print(default_rules_dir().resolve())"],
                cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    package, rules_dir = (Path(line) for line in proc.stdout.strip().splitlines())
    assert package.is_relative_to(venv.resolve()), f"imported {package}, not the installed wheel"
    assert rules_dir == package / "_rules"
    installed = {p.stem for p in rules_dir.rglob("*.yaml")} | {p.stem for p in rules_dir.rglob("*.yml")}
    assert installed, "factcheck/_rules holds no rule file"
    assert sorted(_source_ids() - installed) == []


def test_installed_cli_lists_every_rule(venv, tmp_path):
    exe = _bin(venv, "factcheck")
    assert exe.exists(), "the wheel installed no factcheck script"
    proc = _run([exe, "rules"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    listed = set(re.findall(r"^\s+([a-z][a-z0-9-]*)\s", proc.stdout, re.M))
    assert sorted(_source_ids() - listed) == [], proc.stdout
