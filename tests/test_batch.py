"""Batch runs: a process pool, input order, bad files, progress, Ctrl-C."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.workflow.batch import Runner, Settings, default_jobs, prepare

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "samples").iterdir()
                 if p.suffix in (".txt", ".md") and p.name != "README.md")
CHANGE = "Sales rose 2% to $11.1bn from $10.2bn.\n"          # change-mismatch: an error
# `python -m factcheck` with Ctrl-C handled as a terminal would: a shell's background job
# (CI runners, `cmd &`) inherits SIGINT ignored, and Python then leaves it ignored
_WITH_SIGINT = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                "sys.argv[0] = 'factcheck'; runpy.run_module('factcheck', run_name='__main__')")


def _run(*args: str, cwd: Path, timeout: float = 300, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, check=False,
                          text=True, timeout=timeout, cwd=cwd, **kw)


def _corpus(folder: Path, copies: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(copies):
        for s in SAMPLES:
            out.append(Path(shutil.copy(s, folder / f"{i:02d}-{s.name}")))
    return sorted(out)


def test_default_jobs_is_the_cores_we_may_use():
    assert default_jobs() >= 1


def test_pool_gives_the_same_output_in_input_order(tmp_path):
    files = _corpus(tmp_path / "arts")
    one = _run("check", "--isolated", "--format", "json", "--jobs", "1", "arts", cwd=tmp_path,
               stdin=subprocess.DEVNULL)
    two = _run("check", "--isolated", "--format", "json", "--jobs", "3", "arts", cwd=tmp_path,
               stdin=subprocess.DEVNULL)
    assert one.returncode == two.returncode and one.returncode in (0, 1), (one.stderr, two.stderr)
    assert one.stdout == two.stdout
    sources = [json.loads(line)["source"] for line in two.stdout.splitlines()]
    assert sources == [str(p.relative_to(tmp_path)) for p in files]
    # not a terminal: one plain summary line on stderr
    assert two.stderr.count("\n") == 1
    assert two.stderr.startswith(f"factcheck: {len(files)} files checked in ")
    assert "findings (" in two.stderr or "no findings" in two.stderr


def test_a_bad_file_is_reported_in_place_and_the_run_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(CHANGE, encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe\x00\xd8\x00\xd8garbage\x80\x81")
    (tmp_path / "d.txt").write_text(CHANGE, encoding="utf-8")
    for jobs in ("1", "2"):
        proc = _run("check", "--isolated", "--format", "json", "--jobs", jobs, "a.txt", "b.docx",
                    "missing.md", "c.txt", "d.txt", cwd=tmp_path, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2
        assert [json.loads(x)["source"] for x in proc.stdout.splitlines()] == ["a.txt", "d.txt"]
        err = proc.stderr.splitlines()
        assert err[:3] == ["factcheck: b.docx: not a .docx file (not a zip archive)",
                           "factcheck: missing.md: no such file",
                           "factcheck: c.txt: cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text"]
        assert err[3].startswith("factcheck: 2 files checked") and "3 inputs could not" in err[3]
        assert "Traceback" not in proc.stderr


def test_exit_2_wins_over_findings_and_exit_zero(tmp_path):
    (tmp_path / "a.txt").write_text(CHANGE, encoding="utf-8")
    proc = _run("check", "--isolated", "--exit-zero", "-q", "a.txt", "nope.txt", cwd=tmp_path,
                stdin=subprocess.DEVNULL)
    assert proc.returncode == 2


def test_json_lines_for_several_files_and_stdin(tmp_path):
    (tmp_path / "a.txt").write_text(CHANGE, encoding="utf-8")
    proc = _run("check", "--isolated", "--format", "json", "a.txt", "-", "a.txt", cwd=tmp_path,
                input="Profit fell 10% to $90m from $100m.\n")
    lines = proc.stdout.splitlines()
    assert [json.loads(x)["source"] for x in lines] == ["a.txt", "<stdin>"]   # a.txt once
    assert all(x.startswith("{") and x.endswith("}") for x in lines)


def test_runner_in_process_and_pool_agree(tmp_path):
    files = _corpus(tmp_path, copies=1)
    settings = Settings(mode="extract")
    prepare(settings, None)
    items = [(str(p), None) for p in files] + [(str(tmp_path / "missing.txt"), None)]
    seen: list[int] = []
    serial = list(Runner(items, settings, 1,
                         on_complete=lambda outs: seen.extend(o.index for o in outs)))
    assert [o.index for o in serial] == list(range(len(items))) == seen
    assert serial[-1].error and "no such file" in serial[-1].error
    with Runner(items, settings, 2) as runner:
        assert runner.parallel
        pooled = list(runner)
    assert [o.index for o in pooled] == list(range(len(items)))
    assert [o.report.extraction.to_dict() if o.report else o.error for o in pooled] == \
        [o.report.extraction.to_dict() if o.report else o.error for o in serial]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_writes_what_finished_and_exits_130(tmp_path, jobs):
    """A FIFO nobody writes to makes the run wait forever; SIGINT must end it cleanly."""
    (tmp_path / "a.txt").write_text(CHANGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Profit fell 10% to $90m from $100m.\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text(CHANGE, encoding="utf-8")
    os.mkfifo(tmp_path / "slow.txt")
    out_path = tmp_path / "out.jsonl"
    with open(out_path, "w") as out, open(tmp_path / "err.txt", "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", _WITH_SIGINT, "check", "--isolated",
                                 "--format", "json", "--jobs", jobs, "a.txt", "b.txt",
                                 "slow.txt", "d.txt"], cwd=tmp_path, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while out_path.read_text().count("\n") < 2:        # a and b are written
                assert proc.poll() is None, "finished without waiting for the FIFO"
                assert time.monotonic() < deadline, "a and b were never written"
                time.sleep(0.1)
            time.sleep(0.5 if jobs == "1" else 2.0)             # the pool finishes d.txt
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)              # the workers too
    assert code == 130
    sources = [json.loads(x)["source"] for x in out_path.read_text().splitlines()]
    assert sources[:2] == ["a.txt", "b.txt"]
    if jobs == "2":
        assert sources == ["a.txt", "b.txt", "d.txt"]           # finished, written in order
    err = (tmp_path / "err.txt").read_text()
    assert "Traceback" not in err
    assert err.splitlines() == [(f"factcheck: interrupted: {len(sources)} of 4 files checked, "
                                 "their reports written")]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_progress_bar_on_a_terminal(tmp_path):
    import pty
    import select

    _corpus(tmp_path / "arts", copies=1)
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", "check", "--isolated",
                             "--format", "json", "--jobs", "2", "arts"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL,
                            env=env)
    os.close(slave)
    chunks = []
    out = proc.stdout.read()
    proc.wait(timeout=300)
    while True:
        r, _, _ = select.select([master], [], [], 1)
        if not r:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode in (0, 1)
    assert len(out.splitlines()) == len(SAMPLES)                # stdout stays clean JSON
    assert "checking" in shown and "files/s" in shown and "findings" in shown
    assert "files checked in" in shown                         # the final line
    assert "Traceback" not in shown


def test_ten_thousand_files(tmp_path):
    arts = tmp_path / "arts"
    for i in range(10_000):
        d = arts / f"d{i % 10}"
        if i < 10:
            d.mkdir(parents=True)
        (d / f"a{i:05d}.txt").write_text("x", encoding="utf-8")
    proc = _run("check", "--isolated", "--format", "json", "arts", cwd=tmp_path, timeout=600,
                stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.count("\n") == 10_000
    assert proc.stderr.startswith("factcheck: 10000 files checked")
