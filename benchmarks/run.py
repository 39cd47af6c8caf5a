"""The benchmark of issue 6: backend-organizer against the parse floor and rope, on generated flat backends.

Run from the repository root with the project's virtualenv (rope 1.15.2 and matplotlib installed: the
``bench`` extra)::

    .venv/bin/python -m benchmarks.run                 # N = 50, 200, 1000, 5000; 5 repeats (about an hour)
    .venv/bin/python -m benchmarks.run --quick         # N = 50, 200; 3 repeats
    .venv/bin/python -m benchmarks.run --sizes 1000 --repeats 3 --skip-rope

For each N it generates a flat backend (``benchmarks/generate.py``, fixed seed) into ``--workdir``
(default ``benchmarks/generated/``, git-ignored), then measures, median of ``--repeats`` runs each:

* the floor: read every ``.py`` file and ``ast.parse`` it, in one process (whole-process wall time, and the
  time inside that process);
* ``backend-organizer plan --json``, ``apply --yes`` (on a fresh copy each run) and ``check`` (on the
  organized copy) as whole processes, and the same through the Python API, each API measurement in its own
  child process (``benchmarks/workers.py``) after one untimed warm-up run;
* the language server (``backendOrganizer.plan`` and ``workspace/willRenameFiles``, warm), when
  ``backend_organizer.lsp.server`` exists;
* rope 1.15 ``MoveModule`` of every module into its package (N ≤ 200 by default);
* peak memory of each: ``ru_maxrss`` of the measured process (largest single process, reaped children
  included) and the sampled peak PSS summed over its process tree (parse workers, git).

It also checks correctness: the generated backend imports and its tests pass before, and after ``apply`` every
moved module imports under its new name, ``main.py`` and the scripts run, the tests pass and ``check`` finds
no stale import. Results go to ``benchmarks/results.json``, the table to ``benchmarks/README.md`` (between
markers) and the plot to ``benchmarks/plot.png``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import report
from benchmarks.generate import DEFAULT_SEED, SCRIPT_VERBS, generate, verify

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
WORKERS = BENCH / "workers.py"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
#: Environment of every measured process; ``main`` points PYTHONPATH at a frozen copy of the engine.
ENGINE_ENV: dict[str, str] | None = None


# -- measuring one process ------------------------------------------------------------------------------


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared with forked workers are split between them, not counted twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_KB


def _tree_rss_kb(pid: int) -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            total += _pss_kb(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


#: Seconds between two samples of a process tree's memory. Each sample reads every process's smaps_rollup
#: (about a millisecond each); at 50 ms the sampler took a tenth of a core, which a single-process floor never
#: notices but a command that keeps both cores busy (parse workers) pays for.
SAMPLE_INTERVAL = 0.25


class _Sampler(threading.Thread):
    """Samples the summed PSS of a process tree every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self.stop.wait(self.interval)


def measure(
    cmd: list[str], cwd: Path | None = None, timeout: float | None = None, env: dict[str, str] | None = None
) -> dict:
    """Run ``cmd``: wall time, exit status, peak RSS (ru_maxrss via wait4; sampled tree sum), output."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env if env is not None else ENGINE_ENV,
            start_new_session=True,
        )
        sampler = _Sampler(proc.pid)
        sampler.start()
        timed_out = False

        def kill() -> None:
            nonlocal timed_out
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        sampler.stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return {
        "wall_s": wall,
        "rc": proc.returncode,
        "timed_out": timed_out,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_peak_mb": sampler.peak_kb / 1024,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "stdout": stdout,
        "stderr": stderr,
    }


def _last_json(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return None
    return None


def cli() -> list[str]:
    script = Path(sys.executable).parent / "backend-organizer"
    return [str(script)] if script.exists() else [sys.executable, "-m", "backend_organizer"]


def copy_tree(src: Path, dst: Path) -> Path:
    """A fresh copy of ``src``, written to disk before it is returned: the copy is not timed, and neither is
    its write-back, which the kernel would otherwise do while the measured command runs (and its final sync
    would wait for)."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)
    if hasattr(os, "sync"):
        os.sync()
    return dst


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def _series(runs: list[dict], key: str = "wall_s") -> dict:
    return _stats([r[key] for r in runs])


def _peaks(runs: list[dict]) -> dict:
    return {
        "maxrss_mb": max(r["maxrss_mb"] for r in runs),
        "tree_peak_mb": max(r["tree_peak_mb"] for r in runs),
    }


def wait_idle(limit_s: float, log) -> None:
    """Wait (at most ``limit_s`` seconds) until the 1-minute load average drops below 1."""
    if limit_s <= 0 or os.getloadavg()[0] < 1.0:
        return
    log(f"  waiting for the machine to be idle (load {os.getloadavg()[0]:.1f})")
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and os.getloadavg()[0] >= 1.0:
        time.sleep(5)


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# -- one size -------------------------------------------------------------------------------------------


class SizeBench:
    def __init__(self, n: int, args: argparse.Namespace, log):
        self.n, self.args, self.log = n, args, log
        self.base = Path(args.workdir).resolve() / f"n{n}"
        self.pristine = self.base / "flat"
        self.entry: dict = {"n": n, "metrics": {}, "problems": [], "notes": []}
        self.python = sys.executable

    def problem(self, where: str, message: str) -> None:
        self.entry["problems"].append({"where": where, "message": message})
        self.log(f"  PROBLEM {where}: {message.splitlines()[0] if message else ''}")

    def metric(self, name: str, whole: list[dict] | None = None, inner: list[float] | None = None, **extra) -> None:
        record: dict = dict(extra)
        if whole:
            record["whole"] = _series(whole)
            record["cpu"] = _series(whole, "cpu_s")
            record["memory"] = _peaks(whole)
            record["load"] = [round(r["load_after"], 2) for r in whole]
        if inner:
            record["inproc"] = _stats(inner)
        self.entry["metrics"][name] = record

    def run(self) -> dict:
        args, n = self.args, self.n
        self.base.mkdir(parents=True, exist_ok=True)
        self.log(f"N={n}: generating into {self.pristine}")
        summary = generate(self.pristine, n, args.seed)
        summary.pop("modules")
        self.entry["generated"] = summary
        if not args.no_verify:
            started = time.perf_counter()
            problems = verify(self.pristine, per_module=n <= 200, python=self.python)
            self.entry["generated"]["verified"] = not problems
            self.entry["generated"]["verify_s"] = time.perf_counter() - started
            for p in problems:
                self.problem("generated backend", p)
            _clean_caches(self.pristine)
        self.entry["load_before"] = os.getloadavg()[0]
        plan = self.whole_process_rounds()
        if plan is None or "apply" not in self.entry["metrics"]:
            return self.entry
        self.inprocess()
        if n in args.rope_sizes and not args.skip_rope:
            self.rope(plan)
        if not args.skip_server:
            self.server(plan)
        if not args.no_verify:
            self.organized_correctness(plan)
        self.entry["load_after"] = os.getloadavg()[0]
        if not args.keep:
            for child in self.base.iterdir():
                if child.name not in {"flat", "apply-0"}:
                    shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
        return self.entry

    # whole processes, in rounds -------------------------------------------------------------------------

    def whole_process_rounds(self) -> dict | None:
        """``repeats`` rounds of floor, ``plan --json``, ``apply --yes`` (fresh copy) and ``check``.

        Interleaving the four in each round, instead of running each ``repeats`` times in a row, spreads any
        background load over all of them alike, so the ratios to the floor stay fair on a shared machine.
        """
        runs: dict[str, list[dict]] = {"floor": [], "plan": [], "apply": [], "check": [], "python": [], "help": []}
        plan: dict | None = None
        files = 0
        for i in range(self.args.repeats):
            wait_idle(self.args.wait_idle, self.log)
            run = measure([self.python, str(WORKERS), "floor", str(self.pristine), "1"])
            result = _last_json(run["stdout"])
            if run["rc"] != 0 or result is None:
                self.problem("floor", run["stderr"])
                return None
            run["inner"], run["inner_cpu"], files = result["times"][0], result["cpu_times"][0], result["files"]
            runs["floor"].append(run)
            runs["python"].append(measure([self.python, "-c", "pass"]))
            runs["help"].append(measure([*cli(), "--help"]))

            run = measure([*cli(), "plan", str(self.pristine), "--json"], timeout=self.args.timeout)
            if run["rc"] != 0:
                note = " (timed out)" if run["timed_out"] else ""
                self.problem("plan --json", f"exit {run['rc']}{note}\n" + _tail(run["stderr"]))
                return None
            if plan is None:
                plan = json.loads(run["stdout"])
            runs["plan"].append(run)

            target = copy_tree(self.pristine, self.base / f"apply-{i}")
            run = measure([*cli(), "apply", str(target), "--yes"], timeout=self.args.timeout)
            if run["rc"] != 0:
                self.problem("apply --yes", f"exit {run['rc']}\n{_tail(run['stderr'])}\n{_tail(run['stdout'])}")
                return plan
            runs["apply"].append(run)
            if i:
                shutil.rmtree(target)

            run = measure([*cli(), "check", str(self.base / "apply-0")], timeout=self.args.timeout)
            if run["rc"] not in {0, 1}:
                self.problem("check", f"exit {run['rc']}\n{_tail(run['stderr'])}")
                return plan
            runs["check"].append(run)
            self.log(
                f"  round {i + 1}/{self.args.repeats}: floor {runs['floor'][-1]['wall_s']:.2f} s, "
                f"plan {runs['plan'][-1]['wall_s']:.2f} s, apply {runs['apply'][-1]['wall_s']:.2f} s, "
                f"check {runs['check'][-1]['wall_s']:.2f} s (load {runs['check'][-1]['load_after']:.1f})"
            )
        assert plan is not None
        self.metric("floor", runs["floor"], [r["inner"] for r in runs["floor"]], files=files)
        self.entry["metrics"]["floor"]["inproc_cpu"] = _stats([r["inner_cpu"] for r in runs["floor"]])
        verification = plan.get("verification", {})
        self.metric(
            "plan",
            runs["plan"],
            moves=len(plan.get("moves", [])),
            summary=plan.get("summary"),
            verification=verification,
            unclassified=len(plan.get("unclassified", [])),
            warnings=[
                f"{w.get('path')}:{w.get('line')}: {w.get('code')}: {w.get('message')}"
                for w in plan.get("warnings", [])
            ][:50],
        )
        if not verification.get("ok", False):
            self.problem("plan verification", json.dumps(verification)[:2000])
        self.metric("apply", runs["apply"])
        self.metric("python", runs["python"])
        self.metric("help", runs["help"])
        stale = [line for line in runs["check"][0]["stdout"].splitlines() if "stale-import" in line]
        if stale:
            self.problem("check after apply", f"{len(stale)} stale imports, e.g.\n" + "\n".join(stale[:10]))
        self.metric("check", runs["check"], stale=len(stale))
        m = self.entry["metrics"]
        self.log(
            f"  medians: floor {m['floor']['whole']['median']:.2f} s, plan {m['plan']['whole']['median']:.2f} s "
            f"({len(plan.get('moves', []))} moves, verification {verification}), "
            f"apply {m['apply']['whole']['median']:.2f} s, check {m['check']['whole']['median']:.2f} s "
            f"({len(stale)} stale)"
        )
        (self.base / "plan.json").write_text(json.dumps(plan))
        return plan

    # in-process -----------------------------------------------------------------------------------------

    def _worker(self, name: str, *argv: str) -> tuple[dict, dict] | None:
        run = measure([self.python, str(WORKERS), *argv], timeout=self.args.timeout * (self.args.repeats + 1))
        result = _last_json(run["stdout"])
        if run["rc"] != 0 or result is None:
            self.problem(f"in-process {name}", f"exit {run['rc']}\n{_tail(run['stderr'])}")
            return None
        return run, result

    def inprocess(self) -> None:
        r = str(self.args.repeats)
        for name, argv in (
            ("plan", ("plan", str(self.pristine), r)),
            ("apply", ("apply", str(self.pristine), str(self.base), r)),
            ("check", ("check", str(self.base / "apply-0"), r)),
        ):
            if name == "check" and not (self.base / "apply-0").is_dir():
                continue
            got = self._worker(name, *argv)
            if got is None:
                continue
            run, result = got
            metric = self.entry["metrics"].setdefault(name, {})
            metric["inproc"] = _stats(result["times"])
            if result.get("cpu_times"):
                metric["inproc_cpu"] = _stats(result["cpu_times"])
            metric["inproc_load"] = round(run["load_after"], 2)
            metric["inproc_memory"] = {"maxrss_mb": run["maxrss_mb"], "tree_peak_mb": run["tree_peak_mb"]}
            if name == "apply":
                metric["inproc_plan_part"] = _stats(result["plan_times"])
                metric["inproc_apply_plan_only"] = _stats(result["apply_times"])
            if name == "plan" and result.get("problems"):
                self.problem("in-process plan verification", f"{result['problems']} problems")
            self.log(f"  in-process {name}: {metric['inproc']['median']:.2f} s")

    # rope -----------------------------------------------------------------------------------------------

    def rope(self, plan: dict) -> None:
        moves_file = self.base / "moves.json"
        moves_file.write_text(json.dumps([[m["from"], m["to"]] for m in plan["moves"]]))
        runs = []
        repeats = self.args.rope_repeats or self.args.repeats
        for i in range(repeats):
            target = copy_tree(self.pristine, self.base / f"rope-{i}")
            run = measure(
                [self.python, str(WORKERS), "rope", str(target), str(moves_file)],
                timeout=self.args.rope_timeout,
            )
            result = _last_json(run["stdout"])
            if run["rc"] != 0 or result is None:
                note = " (timed out)" if run["timed_out"] else ""
                self.problem("rope", f"exit {run['rc']}{note}\n{_tail(run['stderr'])}")
                return
            run["inner"] = result["times"][0]
            run["result"] = result
            runs.append(run)
            self.log(
                f"  rope run {i + 1}/{repeats}: {run['wall_s']:.1f} s, moved {result['moved_ok']}/{result['moves']}"
            )
            if i == 0:
                self.entry["rope_result_runs"] = _runs_ok(target, self.python)
            shutil.rmtree(target)
        self.metric(
            "rope",
            runs,
            [r["inner"] for r in runs],
            moves=runs[0]["result"]["moves"],
            moved_ok=runs[0]["result"]["moved_ok"],
            two_step=runs[0]["result"]["two_step"],
            repeats=repeats,
        )

    # server ---------------------------------------------------------------------------------------------

    def server(self, plan: dict) -> None:
        probe = subprocess.run(
            [self.python, "-c", "import backend_organizer.lsp.server"],
            capture_output=True,
            text=True,
            env=ENGINE_ENV,
        )
        if probe.returncode != 0:
            note = (
                "server not available yet: `import backend_organizer.lsp.server` failed ("
                + (probe.stderr.strip().splitlines() or ["?"])[-1]
                + "); server figures skipped"
            )
            self.entry["notes"].append(note)
            self.entry["metrics"]["server"] = {"skipped": note}
            self.log("  " + note)
            return
        target = copy_tree(self.pristine, self.base / "server")
        (target / "moved").mkdir()
        (target / "moved" / "__init__.py").write_text('"""Destination package for the rename benchmark."""\n')
        library = [m["from"] for m in plan["moves"] if not m["to"].startswith(("tests/", "scripts/"))]
        rng = random.Random(f"{self.args.seed}:renames:{self.n}")
        chosen = rng.sample(library, min(20, len(library)))
        if "database.py" in library and "database.py" not in chosen:
            chosen[0] = "database.py"  # the module with the most importers
        floor = self.entry["metrics"].get("floor", {}).get("inproc", {}).get("median") or 1.0
        request = {
            "repeats": self.args.repeats,
            "rounds": 3,
            "budget_s": self.args.server_budget,
            "renames": [[m, f"moved/{m}"] for m in chosen],
            # a cold plan far slower than the CLI's means the server is stuck (see the fork deadlock)
            "plan_timeout": max(300.0, 60 * floor),
        }
        attempts = ["stock"] if self.args.server_mode == "stock" else ["spawn"]
        if self.args.server_mode == "auto":
            attempts = ["stock", "spawn"]
        record: dict = {}
        result: dict | None = None
        run: dict = {}
        for mode in attempts:
            request["spawn"] = mode == "spawn"
            request_file = self.base / f"server-request-{mode}.json"
            request_file.write_text(json.dumps(request))
            run = measure(
                [self.python, str(WORKERS), "server", str(target), str(request_file)],
                timeout=request["plan_timeout"] * (self.args.repeats + 2) + self.args.server_budget + 300,
            )
            result = _last_json(run["stdout"])
            if run["rc"] == 0 and result is not None:
                record["mode"] = mode
                break
            hung = run["timed_out"] or "TimeoutError" in run["stderr"]
            what = "did not answer `backendOrganizer.plan` in time (hung)" if hung else f"failed (exit {run['rc']})"
            self.problem(f"server ({mode})", f"{what}\n" + _tail(run["stderr"], 40))
            record[f"{mode}_failure"] = what
            result = None
        if result is None:
            self.entry["metrics"]["server"] = {"failed": record}
            return
        if record["mode"] == "spawn":
            self.entry["notes"].append(
                "the stock server hangs on `backendOrganizer.plan` from 400 Python files on (fork deadlock of the "
                "parse pool, see benchmarks/repros/server_fork_hang.py); server figures at this size are "
                "measured with the 'spawn' start-method workaround"
                + (" (the stock server hung here too)" if "stock_failure" in record else "")
            )
        renames = sorted(result.get("rename_times", []))
        record |= {
            "initialize_s": result.get("initialize_s"),
            "plan_cold_s": result.get("plan_cold_s"),
            "plan_moves": result.get("plan_moves"),
            "rename_first_s": result.get("rename_first_s"),
            "diagnostics_cold_s": result.get("diagnostics_cold_s"),
            "diagnostics_uri": result.get("diagnostics_uri"),
            "memory": {
                "server_vm_hwm_mb": (result.get("server_vm_hwm_kb") or 0) / 1024,
                "tree_peak_mb": run["tree_peak_mb"],
            },
            "renamed_modules": chosen,
            "rename_edits": result.get("rename_edits"),
        }
        if result.get("plan_times"):
            record["plan_warm"] = _stats(result["plan_times"])
        if renames:
            record["rename"] = {
                "p50": _percentile(renames, 50),
                "p95": _percentile(renames, 95),
                "max": renames[-1],
                "samples": len(renames),
                "runs": result["rename_times"],
            }
        self.entry["metrics"]["server"] = record
        self.log(
            f"  server ({record['mode']}): plan warm {record.get('plan_warm', {}).get('median', float('nan')):.2f} s, "
            f"willRenameFiles p50 {record.get('rename', {}).get('p50', float('nan')) * 1000:.0f} ms"
        )

    # correctness after apply ----------------------------------------------------------------------------

    def organized_correctness(self, plan: dict) -> None:
        organized = self.base / "apply-0"
        if not organized.is_dir():
            return
        modules = [
            m["to"][:-3].replace("/", ".")
            for m in plan["moves"]
            if m["to"].endswith(".py") and not m["to"].startswith("tests/")
        ]
        problems = _runs_ok(organized, self.python, modules=modules, scripts_dir="scripts")
        self.entry["organized_runs"] = problems
        for p in problems["problems"]:
            self.problem("organized backend", p)
        _clean_caches(organized)


def _percentile(sorted_values: list[float], pct: float) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = (len(sorted_values) - 1) * pct / 100
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _clean_caches(folder: Path) -> None:
    for cache in list(folder.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def _runs_ok(folder: Path, python: str, modules: list[str] | None = None, scripts_dir: str | None = None) -> dict:
    """Does the tree still work: every module imports, main.py and the scripts run, the tests pass."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    problems: list[str] = []
    checks: dict[str, bool] = {}

    def run(label: str, cmd: list[str], cwd: Path = folder) -> None:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
        checks[label] = proc.returncode == 0
        if proc.returncode != 0:
            problems.append(f"{label}: exit {proc.returncode}: {_tail(proc.stdout + proc.stderr, 12)}")

    if modules is None:
        modules = sorted(
            p.relative_to(folder).with_suffix("").as_posix().replace("/", ".")
            for p in folder.rglob("*.py")
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)
            and p.name != "conftest.py"
            and not p.name.startswith("test_")
            and p.name != "__init__.py"
        )
    code = (
        "import importlib, sys\nbad = []\nfor name in sys.argv[1:]:\n    try:\n"
        "        importlib.import_module(name)\n    except Exception as exc:\n"
        "        bad.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(bad[:20])); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([python, "-c", code, *modules], cwd=folder, env=env, capture_output=True, text=True)
    checks["import every module"] = proc.returncode == 0
    if proc.returncode != 0:
        problems.append(f"import every module by its dotted name: {_tail(proc.stdout + proc.stderr, 12)}")
    run("python main.py", [python, "main.py"])
    if scripts_dir:
        for script in sorted((folder / scripts_dir).glob("*.py")):
            if script.name.split("_", 1)[0] in SCRIPT_VERBS:
                run(
                    f"python {scripts_dir}/{script.name}",
                    [python, f"{scripts_dir}/{script.name}", "--dry-run"],
                )
                run(
                    f"python -m {scripts_dir}.{script.stem}",
                    [python, "-m", f"{scripts_dir}.{script.stem}", "--dry-run"],
                )
                break
        if shutil.which("make"):
            run("make seed", ["make", "seed", f"PYTHON={python}"])
    run("pytest", [python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"])
    return {"checks": checks, "problems": problems}


# -- environment ----------------------------------------------------------------------------------------


def snapshot_engine(workdir: Path) -> tuple[dict[str, str], Path]:
    """Copy the engine's sources aside and point PYTHONPATH at the copy, so that edits to ``server/`` made
    while the benchmark runs (it takes an hour) do not mix engine versions within one run."""
    target = workdir / "engine-snapshot"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        REPO / "server" / "backend_organizer",
        target / "backend_organizer",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    _byte_compile(target)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), env.get("PYTHONPATH")]))
    probe = subprocess.run(
        [sys.executable, "-c", "import backend_organizer; print(backend_organizer.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(str(target)), probe.stdout
    return env, target


def _byte_compile(folder: Path) -> None:
    """Write the ``.pyc`` files of a copied engine, as installing a package does: measured processes then load
    bytecode, not sources (with PYTHONDONTWRITEBYTECODE set, every run would compile the engine again)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], check=True, stdout=subprocess.DEVNULL)


def environment(engine: Path | None = None) -> dict:
    def git(*argv: str) -> str:
        proc = subprocess.run(["git", "-C", str(REPO), *argv], capture_output=True, text=True)
        return proc.stdout.strip()

    digest = hashlib.sha256()
    sources = engine or REPO / "server" / "backend_organizer"
    for path in sorted(sources.rglob("*.py")):
        digest.update(path.relative_to(sources).as_posix().encode() + b"\0" + path.read_bytes())
    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory_gb = None
    try:
        kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        memory_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass

    def version(dist: str) -> str | None:
        from importlib import metadata

        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "engine_commit": git("rev-parse", "--short", "HEAD"),
        "engine_dirty": bool(git("status", "--porcelain", "--", "server")),
        "engine_sources_sha256": digest.hexdigest()[:16],
        "engine_snapshot": bool(engine),
        "backend_organizer": version("backend-organizer"),
        "rope": version("rope"),
        "pygls": version("pygls"),
        "libcst": version("libcst"),
        "jedi": version("jedi"),
    }


# -- main -----------------------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def server_only(args: argparse.Namespace, fresh: dict, log) -> int:
    """Measure only the server for ``args.sizes`` and merge into an existing results file."""
    results = json.loads(args.output.read_text())
    for n in args.sizes:
        entry = results["sizes"].get(str(n))
        if entry is None:
            log(f"N={n}: not in {args.output}; skipped")
            continue
        bench = SizeBench(n, args, log)
        bench.entry = entry
        entry["problems"] = [p for p in entry["problems"] if not p["where"].startswith("server")]
        entry["notes"] = [note for note in entry["notes"] if "server" not in note]
        if not bench.pristine.is_dir():
            generate(bench.pristine, n, args.seed)
        plan_file = bench.base / "plan.json"
        if plan_file.is_file():
            plan = json.loads(plan_file.read_text())
        else:
            run = measure([*cli(), "plan", str(bench.pristine), "--json"], timeout=args.timeout)
            plan = json.loads(run["stdout"])
        log(f"N={n}: server only")
        bench.server(plan)
        entry["server_pass"] = {
            key: fresh["environment"][key] for key in ("date", "engine_commit", "engine_dirty", "engine_sources_sha256")
        }
        shutil.rmtree(bench.base / "server", ignore_errors=True)
        args.output.write_text(json.dumps(results, indent=1) + "\n")
    if not args.no_report:
        report.write_all(results, BENCH)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark backend-organizer (issue 6).")
    parser.add_argument("--sizes", type=_sizes, default=None, help="comma-separated N (default 50,200,1000,5000)")
    parser.add_argument("--repeats", type=int, default=None, help="runs per measurement (default 5; median)")
    parser.add_argument("--quick", action="store_true", help="N = 50,200 with 3 repeats")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--workdir", default=str(BENCH / "generated"), help="scratch folder (default benchmarks/generated)"
    )
    parser.add_argument("--rope-sizes", type=_sizes, default=[50, 200], help="sizes rope runs at (default 50,200)")
    parser.add_argument("--rope-repeats", type=int, default=None, help="rope runs per size (default: --repeats)")
    parser.add_argument("--rope-timeout", type=float, default=1800, help="seconds per rope run (default 1800)")
    parser.add_argument("--skip-rope", action="store_true")
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument(
        "--server-mode",
        choices=["auto", "stock", "spawn"],
        default="auto",
        help="auto: the stock server, and if it hangs the 'spawn' start-method workaround (default)",
    )
    parser.add_argument(
        "--server-only",
        action="store_true",
        help="only (re)measure the server, reusing the backends in --workdir; merges into --output",
    )
    parser.add_argument("--server-budget", type=float, default=300, help="seconds of willRenameFiles samples per N")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per engine command (default 3600)")
    parser.add_argument("--no-verify", action="store_true", help="skip running the backends before/after apply")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        help="before each round, wait up to this many seconds for the load average to drop below 1",
    )
    parser.add_argument("--keep", action="store_true", help="keep every scratch copy")
    parser.add_argument(
        "--live-engine",
        action="store_true",
        help="measure server/ as it is at each moment instead of a copy taken at the start",
    )
    parser.add_argument(
        "--engine",
        help="a folder holding a backend_organizer package to measure (e.g. a kept engine-snapshot)",
    )
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite README.md and plot.png")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or [50, 200]
        args.repeats = args.repeats or 3
    args.sizes = args.sizes or [50, 200, 1000, 5000]
    args.repeats = args.repeats or 5

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", flush=True)

    global ENGINE_ENV
    engine = None
    if args.engine:
        engine = Path(args.engine).resolve()
        _byte_compile(engine)
        ENGINE_ENV = dict(os.environ)
        ENGINE_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(engine), ENGINE_ENV.get("PYTHONPATH")]))
    elif not args.live_engine:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
        ENGINE_ENV, engine = snapshot_engine(Path(args.workdir).resolve())
    results = {
        "environment": environment(engine),
        "settings": {
            "sizes": args.sizes,
            "repeats": args.repeats,
            "seed": args.seed,
            "rope_sizes": args.rope_sizes,
            "rope_repeats": args.rope_repeats or args.repeats,
            "tree_memory": "pss",
            "sample_interval": SAMPLE_INTERVAL,
            "inproc_cpu_live_children": True,
            "skip_rope": args.skip_rope,
            "skip_server": args.skip_server,
            "command": " ".join(
                [
                    Path(sys.executable).name,
                    "-m",
                    "benchmarks.run",
                    *(argv if argv is not None else sys.argv[1:]),
                ]
            ),
        },
        "sizes": {},
    }
    env = results["environment"]
    log(
        f"engine {env['engine_commit']} (sources {env['engine_sources_sha256']}"
        f"{', dirty' if env['engine_dirty'] else ''}); sizes {args.sizes}, {args.repeats} repeats"
    )
    if args.server_only:
        return server_only(args, results, log)
    for n in args.sizes:
        entry = SizeBench(n, args, log).run()
        results["sizes"][str(n)] = entry
        results["elapsed_s"] = time.perf_counter() - started
        args.output.write_text(json.dumps(results, indent=1) + "\n")
    log(f"results in {args.output}")
    if not args.no_report:
        report.write_all(results, BENCH)
        log(f"table in {BENCH / 'README.md'}, plot in {BENCH / 'plot.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
