"""Where the engine spends its time on a generated backend: phase timings and cProfile of plan and apply.

    .venv/bin/python -m benchmarks.profile_engine            # N = 1000, writes benchmarks/profiles/
    .venv/bin/python -m benchmarks.profile_engine --n 5000

Writes ``profiles/phases-N.txt`` (wall time per engine phase, measured by wrapping the planner's
module-level functions, no profiler overhead), ``profiles/plan-N.txt`` (cProfile of ``plan_organize`` with
``jobs=1`` so that parsing shows up in-process), ``profiles/apply-N.txt`` (cProfile of ``apply_plan`` on a
fresh copy) and ``profiles/apply-cli-N.txt`` (cProfile of the whole ``backend-organizer apply --yes``).
Each profile lists the top functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import os
import pstats
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import DEFAULT_SEED, generate

BENCH = Path(__file__).resolve().parent

#: Planner-level functions whose time is reported per phase (the ones that exist are wrapped).
PHASES = (
    "scan",
    "build_graph",
    "classify_backend",
    "decide",
    "rewrite_text_files",
    "notebook_changes",
    "verify_plan",
    "apply_edits",
)


def _stats_text(profile: cProfile.Profile, title: str, top: int = 45) -> str:
    out = io.StringIO()
    out.write(f"{title}\n\n== by cumulative time ==\n")
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    out.write("\n== by own time ==\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def phases(folder: Path, repeats: int = 1) -> str:
    from backend_organizer.core import planner

    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    depth = [0]

    def wrap(name: str, fn):
        @functools.wraps(fn)
        def timed(*a, **k):
            depth[0] += 1
            start = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                depth[0] -= 1
                totals[name] += time.perf_counter() - start
                calls[name] += 1

        return timed

    originals = {}
    for name in PHASES:
        if hasattr(planner, name):
            originals[name] = getattr(planner, name)
            setattr(planner, name, wrap(name, originals[name]))
    from backend_organizer.core.rules.registry import FILE_RULES

    method_originals = {}
    for rule in FILE_RULES:  # each rule's time, wherever it runs (files, notebook cells)
        cls = type(rule)
        method_originals[(cls, "rewrite")] = cls.rewrite
        cls.rewrite = wrap(f"rule {rule.name}", cls.rewrite)  # type: ignore[method-assign]
    from backend_organizer.core.verify import verify as verify_module

    verify_originals = {}
    for name in ("_check_attribute_uses", "build_index", "_bindings"):
        if hasattr(verify_module, name):
            verify_originals[name] = getattr(verify_module, name)
            setattr(verify_module, name, wrap(f"verify_plan → {name}", verify_originals[name]))
    try:
        planner.plan_organize(folder)  # warm-up
        totals.clear()
        calls.clear()
        start = time.perf_counter()
        for _ in range(repeats):
            planner.plan_organize(folder)
        total = (time.perf_counter() - start) / repeats
    finally:
        for name, fn in originals.items():
            setattr(planner, name, fn)
        for (cls, method), fn in method_originals.items():
            setattr(cls, method, fn)
        for name, fn in verify_originals.items():
            setattr(verify_module, name, fn)
    lines = [
        f"plan_organize({folder.name}): {total:.2f} s per run (mean of {repeats}, after a warm-up; "
        f"default jobs, parse workers included)",
        "",
        f"{'phase':45} {'seconds':>8} {'share':>6} {'calls':>7}",
    ]
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        lines.append(f"{name:45} {seconds / repeats:8.2f} {seconds / repeats / total:6.0%} {calls[name] // repeats:7d}")
    lines.append("")
    lines.append(
        "Phases nest (verify_plan → … is inside verify_plan; apply_edits inside the rewrite loop), so the "
        "shares do not add up to 100 %; the rest is the planner's own loop."
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile backend-organizer on a generated backend.")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=BENCH / "generated" / "profile")
    parser.add_argument("--out", type=Path, default=BENCH / "profiles")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    folder = args.workdir / f"n{args.n}"
    generate(folder, args.n, args.seed)
    n = args.n

    from backend_organizer.core.apply.transaction import apply_plan
    from backend_organizer.core.planner import plan_organize

    text = phases(folder)
    (args.out / f"phases-{n}.txt").write_text(text)
    print(text)

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(plan_organize, folder, jobs=1)
    took = time.perf_counter() - start
    (args.out / f"plan-{n}.txt").write_text(
        _stats_text(
            profile,
            f"cProfile of plan_organize(jobs=1) on the generated N={n} backend: {took:.1f} s under the profiler",
        )
    )

    copy = args.workdir / f"n{n}-apply"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(folder, copy, symlinks=True)
    plan = plan_organize(copy)
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(apply_plan, plan)
    took = time.perf_counter() - start
    (args.out / f"apply-{n}.txt").write_text(
        _stats_text(
            profile,
            f"cProfile of apply_plan (plan made beforehand) on a fresh copy of N={n}: {took:.1f} s under the profiler",
        )
    )

    shutil.rmtree(copy)
    shutil.copytree(folder, copy, symlinks=True)
    raw = args.workdir / f"apply-cli-{n}.prof"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(raw),
            "-m",
            "backend_organizer",
            "apply",
            str(copy),
            "--yes",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120"},
    )
    took = time.perf_counter() - start
    out = io.StringIO()
    out.write(
        f"cProfile of `backend-organizer apply --yes` on a fresh copy of N={n} (stdout to a file): "
        f"{took:.1f} s under the profiler; parse workers are separate processes and do not appear\n\n"
        "== by cumulative time ==\n"
    )
    stats = pstats.Stats(str(raw), stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    out.write("\n== by own time ==\n")
    stats.sort_stats("tottime").print_stats(45)
    (args.out / f"apply-cli-{n}.txt").write_text(out.getvalue())
    shutil.rmtree(copy)
    print(f"profiles in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
