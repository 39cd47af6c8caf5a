"""Turning ``results.json`` into the README table, the targets verdict and ``plot.png``.

``python -m benchmarks.report`` re-renders both from ``benchmarks/results.json`` without measuring again.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"
TARGET_N = 1000

# (label, metric, key, ratio base: "whole" | "inproc" | None)
TIME_ROWS = (
    ("floor: read + `ast.parse` every file (process)", "floor", "whole", "whole"),
    ("`python -c pass` (interpreter start-up)", "python", "whole", None),
    ("`backend-organizer --help`", "help", "whole", None),
    ("`backend-organizer plan --json`", "plan", "whole", "whole"),
    ("`backend-organizer apply --yes` (fresh copy; plans too)", "apply", "whole", "whole"),
    ("`backend-organizer check` (organized tree)", "check", "whole", "whole"),
    ("rope 1.15 `MoveModule` of every module (process)", "rope", "whole", "whole"),
    ("floor, in-process", "floor", "inproc", "inproc"),
    ("`plan_organize`, in-process", "plan", "inproc", "inproc"),
    ("`plan_organize` + `apply_plan`, in-process", "apply", "inproc", "inproc"),
    ("`apply_plan` alone, in-process", "apply", "inproc_apply_plan_only", "inproc"),
    ("`find_stale_imports(scan())`, in-process", "check", "inproc", "inproc"),
    ("rope, in-process (Project → last move)", "rope", "inproc", "inproc"),
    (
        "server: first diagnostics after `didOpen` of main.py (cold; one sample)",
        "server",
        "diagnostics_cold_s",
        "inproc",
    ),
    ("server: `backendOrganizer.plan`, first request (cold; one sample)", "server", "plan_cold_s", "inproc"),
    ("server: `backendOrganizer.plan`, warm", "server", "plan_warm", "inproc"),
)


def _get(entry: dict, metric: str, key: str) -> float | None:
    record = entry.get("metrics", {}).get(metric, {})
    value = record.get(key)
    if isinstance(value, dict) and "median" in value:
        return value["median"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def exponent(n1: int, t1: float | None, n2: int, t2: float | None) -> float | None:
    if not t1 or not t2 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def _sizes(results: dict) -> list[int]:
    return sorted(int(n) for n in results["sizes"])


def _scaling_row(
    label: str,
    sizes: list[int],
    values: list[float | None],
    floors: list[float | None],
    pairs: list[tuple[int, int]],
    ratios: bool,
) -> str:
    """One table row: each size's value (with its ratio to the floor), then the scaling exponents."""
    cells = []
    for value, floor in zip(values, floors, strict=True):
        if value is None:
            cells.append("–")
        else:
            cells.append(_fmt_s(value) + (f" ({value / floor:.1f}×)" if floor and ratios else ""))
    exps = []
    for a, b in pairs:
        e = exponent(a, values[sizes.index(a)], b, values[sizes.index(b)])
        exps.append("–" if e is None else f"{e:.2f}")
    return f"| {label} | " + " | ".join([*cells, *exps]) + " |"


def time_table(results: dict) -> str:
    sizes = _sizes(results)
    pairs = list(itertools.pairwise(sizes))
    header = "| | " + " | ".join([*(f"N = {n:,}" for n in sizes), *(f"exp. {a:,}→{b:,}" for a, b in pairs)]) + " |"
    lines = [header, "|" + " --- |" * (1 + len(sizes) + len(pairs))]
    for label, metric, key, base in TIME_ROWS:
        values = [_get(results["sizes"][str(n)], metric, key) for n in sizes]
        if all(v is None for v in values):
            continue
        floors = [_get(results["sizes"][str(n)], "floor", base) if base else None for n in sizes]
        lines.append(_scaling_row(label, sizes, values, floors, pairs, ratios=metric != "floor"))
    rename_cells = []
    for n in sizes:
        rename = results["sizes"][str(n)].get("metrics", {}).get("server", {}).get("rename")
        rename_cells.append(f"{rename['p50'] * 1000:.0f} / {rename['p95'] * 1000:.0f} ms" if rename else "–")
    if any(c != "–" for c in rename_cells):
        lines.append(
            "| server: `willRenameFiles`, one module, warm (p50 / p95) | "
            + " | ".join(rename_cells)
            + " |"
            + " – |" * len(pairs)
        )
    return "\n".join(lines)


CPU_ROWS = (
    ("floor (process)", "floor", "cpu", "cpu"),
    ("`plan --json`", "plan", "cpu", "cpu"),
    ("`apply --yes`", "apply", "cpu", "cpu"),
    ("`check`", "check", "cpu", "cpu"),
    ("rope (process)", "rope", "cpu", "cpu"),
    ("floor, in-process", "floor", "inproc_cpu", "inproc_cpu"),
    ("`plan_organize`, in-process", "plan", "inproc_cpu", "inproc_cpu"),
    ("`plan_organize` + `apply_plan`, in-process", "apply", "inproc_cpu", "inproc_cpu"),
    ("`find_stale_imports(scan())`, in-process", "check", "inproc_cpu", "inproc_cpu"),
)


def cpu_table(results: dict) -> str:
    """CPU seconds (user + system, child processes included): robust to other load on the machine."""
    sizes = _sizes(results)
    pairs = list(itertools.pairwise(sizes))
    lines = [
        "| CPU seconds (ratio to the floor's) | "
        + " | ".join([*(f"N = {n:,}" for n in sizes), *(f"exp. {a:,}→{b:,}" for a, b in pairs)])
        + " |",
        "|" + " --- |" * (1 + len(sizes) + len(pairs)),
    ]
    for label, metric, key, base in CPU_ROWS:
        values = [_get(results["sizes"][str(n)], metric, key) for n in sizes]
        if all(v is None for v in values):
            continue
        floors = [_get(results["sizes"][str(n)], "floor", base) for n in sizes]
        lines.append(_scaling_row(label, sizes, values, floors, pairs, ratios=metric != "floor"))
    loads = []
    for n in sizes:
        runs = [x for m in results["sizes"][str(n)].get("metrics", {}).values() for x in m.get("load", [])]
        loads.append(f"{min(runs):.1f}–{max(runs):.1f}" if runs else "–")
    lines.append("| load average during the runs (1 min) | " + " | ".join(loads) + " |" + " |" * len(pairs))
    return "\n".join(lines)


MEMORY_ROWS = (
    ("floor (process)", "floor", "memory"),
    ("`plan --json`", "plan", "memory"),
    ("`apply --yes`", "apply", "memory"),
    ("`check`", "check", "memory"),
    ("rope", "rope", "memory"),
    ("`plan_organize` ×(1 + repeats), in-process", "plan", "inproc_memory"),
    ("`plan_organize` + `apply_plan`, in-process", "apply", "inproc_memory"),
    ("`find_stale_imports(scan())`, in-process", "check", "inproc_memory"),
)


def memory_note(results: dict) -> str:
    interval = results["settings"].get("sample_interval", 0.05)
    if results["settings"].get("tree_memory") == "pss":
        return (
            "The tree figure sums the proportional set size (PSS) of the process and its children (parse "
            f"workers, git), sampled every {interval * 1000:.0f} ms; short-lived peaks can be missed."
        )
    return (
        "The tree figure sums the RSS of the process and its children, sampled every 50 ms. It over-counts: the "
        "parse workers are forked from the process and share its pages copy-on-write, and each one's RSS counts "
        "them again (worst for the in-process rows, which fork after a warm-up run has grown the parent). The "
        "largest-process figure is the reliable one; later runs sum PSS instead."
    )


def memory_table(results: dict) -> str:
    sizes = _sizes(results)
    tree = "PSS" if results["settings"].get("tree_memory") == "pss" else "RSS"
    lines = [
        f"| peak MB: largest process (`ru_maxrss`) / process tree ({tree} sum) | "
        + " | ".join(f"N = {n:,}" for n in sizes)
        + " |",
        "|" + " --- |" * (1 + len(sizes)),
    ]
    for label, metric, key in MEMORY_ROWS:
        cells = []
        for n in sizes:
            memory = results["sizes"][str(n)].get("metrics", {}).get(metric, {}).get(key)
            cells.append(f"{memory['maxrss_mb']:.0f} / {memory['tree_peak_mb']:.0f}" if memory else "–")
        if any(c != "–" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = []
    for n in sizes:
        memory = results["sizes"][str(n)].get("metrics", {}).get("server", {}).get("memory")
        cells.append(f"{memory['server_vm_hwm_mb']:.0f} / {memory['tree_peak_mb']:.0f}" if memory else "–")
    if any(c != "–" for c in cells):
        lines.append("| server (VmHWM of the server / client + server) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results: dict) -> list[dict]:
    """Each target of issue 6 with the measured value, met or missed, and by how much."""
    sizes = results["sizes"]
    out: list[dict] = []

    def add(
        name: str,
        measured: float | None,
        limit: float,
        unit: str,
        higher_is_better: bool = False,
        note: str = "",
    ) -> None:
        if measured is None:
            out.append({"target": name, "measured": None, "status": "not measured", "detail": note})
            return
        met = measured >= limit if higher_is_better else measured <= limit
        if higher_is_better:
            margin = f"{measured / limit:.2f}× the target" if met else f"short by {limit / measured:.1f}×"
        else:
            margin = f"{limit / measured:.2f}× headroom" if met else f"{measured / limit:.2f}× over the limit"
        out.append(
            {
                "target": name,
                "measured": measured,
                "limit": limit,
                "unit": unit,
                "status": "met" if met else "MISSED",
                "detail": margin + (f"; {note}" if note else ""),
            }
        )

    small = sizes.get("50")
    if small:
        for metric in ("plan", "check"):
            whole, floor = _get(small, metric, "whole"), _get(small, "floor", "whole")
            inproc, floor_in = _get(small, metric, "inproc"), _get(small, "floor", "inproc")
            add(
                f"`{metric}` ≤ 2× the floor (N = 50, whole process; issue 13)",
                whole / floor if whole and floor else None,
                2.0,
                "×",
                note=f"in-process: {inproc / floor_in:.1f}×" if inproc and floor_in else "",
            )
        helped, bare = _get(small, "help", "whole"), _get(small, "python", "whole")
        add(
            "`backend-organizer --help` ≤ 100 ms over `python -c pass` (issue 13)",
            (helped - bare) * 1000 if helped and bare else None,
            100,
            "ms",
        )
        cold = _get(small, "server", "diagnostics_cold_s")
        add(
            "server: first diagnostics after `didOpen`, cold 50-file workspace ≤ 300 ms (issue 13)",
            cold * 1000 if cold else None,
            300,
            "ms",
        )
    t = sizes.get(str(TARGET_N))
    if t:
        for metric, limit in (("plan", 1.5), ("apply", 1.8)):
            whole, floor = _get(t, metric, "whole"), _get(t, "floor", "whole")
            add(
                f"`{metric}` ≤ {limit:g}× the floor (N = 1,000, whole process; issue 13)",
                whole / floor if whole and floor else None,
                limit,
                "×",
            )
        rename = t.get("metrics", {}).get("server", {}).get("rename")
        add(
            "`willRenameFiles` one module, warm: p50 ≤ 20 ms (N = 1,000; issue 13)",
            rename["p50"] * 1000 if rename else None,
            20,
            "ms",
        )
        for metric, limit in (("plan", 3.0), ("apply", 5.0)):
            whole, floor = _get(t, metric, "whole"), _get(t, "floor", "whole")
            inproc, floor_in = _get(t, metric, "inproc"), _get(t, "floor", "inproc")
            note = f"in-process: {inproc / floor_in:.1f}×" if inproc and floor_in else ""
            add(
                f"`{metric}` ≤ {limit:g}× the floor (N = 1,000, whole process)",
                whole / floor if whole and floor else None,
                limit,
                "×",
                note=note,
            )
    if str(TARGET_N) in sizes and "5000" in sizes:
        for metric in ("plan", "apply"):
            e = exponent(1000, _get(sizes["1000"], metric, "whole"), 5000, _get(sizes["5000"], metric, "whole"))
            ei = exponent(1000, _get(sizes["1000"], metric, "inproc"), 5000, _get(sizes["5000"], metric, "inproc"))
            floor_e = exponent(1000, _get(sizes["1000"], "floor", "whole"), 5000, _get(sizes["5000"], "floor", "whole"))
            note = (f"in-process {ei:.2f}" if ei else "") + (
                f"; the floor's own exponent {floor_e:.2f}" if floor_e else ""
            )
            add(f"`{metric}` scales linearly: exponent ≤ 1.15 from 1,000 to 5,000", e, 1.15, "", note=note)
    s200 = sizes.get("200")
    if s200:
        rope, ours = _get(s200, "rope", "whole"), _get(s200, "apply", "whole")
        rope_in, ours_in = _get(s200, "rope", "inproc"), _get(s200, "apply", "inproc")
        note = f"in-process {rope_in / ours_in:.0f}×" if rope_in and ours_in else ""
        add(
            "organizing everything ≥ 50× faster than rope moving every module (N = 200; `apply` vs rope, "
            "whole process)",
            rope / ours if rope and ours else None,
            50.0,
            "×",
            higher_is_better=True,
            note=note,
        )
    if t:
        server = t.get("metrics", {}).get("server", {})
        rename = server.get("rename")
        skipped = server.get("skipped") or server.get("failed") or ""
        add(
            "`willRenameFiles` one module, warm: p50 ≤ 100 ms (N = 1,000)",
            rename["p50"] * 1000 if rename else None,
            100,
            "ms",
            note=skipped and "server not available" if not rename else "",
        )
        add(
            "`willRenameFiles` one module, warm: p95 ≤ 300 ms (N = 1,000)",
            rename["p95"] * 1000 if rename else None,
            300,
            "ms",
            note=skipped and "server not available" if not rename else "",
        )
        warm = (server.get("plan_warm") or {}).get("median")
        floor_in = _get(t, "floor", "inproc")
        add(
            "`backendOrganizer.plan` from a warm server ≤ 2× the floor (N = 1,000, in-process floor)",
            warm / floor_in if warm and floor_in else None,
            2.0,
            "×",
            note="server not available" if not warm else "",
        )
        peaks = []
        for metric, key in (
            ("plan", "memory"),
            ("apply", "memory"),
            ("check", "memory"),
            ("plan", "inproc_memory"),
            ("apply", "inproc_memory"),
        ):
            memory = t.get("metrics", {}).get(metric, {}).get(key)
            if memory:
                where = f"{metric} ({'process' if key == 'memory' else 'in-process'})"
                peaks.append((memory["maxrss_mb"], where))
        if server.get("memory"):
            peaks.append((server["memory"]["server_vm_hwm_mb"], "server"))
        if peaks:
            worst = max(peaks)
            for limit, issue in ((400, "issue 6"), (150, "issue 13")):
                add(
                    f"peak memory ≤ {limit} MB (N = 1,000; largest process, `ru_maxrss`; {issue})",
                    worst[0],
                    limit,
                    "MB",
                    note=f"highest: {worst[1]}",
                )
    return out


def targets_table(results: dict) -> str:
    lines = ["| target | measured | verdict |", "| --- | --- | --- |"]
    for t in targets(results):
        if t["measured"] is None:
            lines.append(f"| {t['target']} | – | not measured{': ' + t['detail'] if t['detail'] else ''} |")
            continue
        value = f"{t['measured']:.2f}{t['unit']}" if t["unit"] in {"×", ""} else f"{t['measured']:.0f} {t['unit']}"
        lines.append(f"| {t['target']} | {value} | **{t['status']}** ({t['detail']}) |")
    return "\n".join(lines)


def correctness_lines(results: dict) -> list[str]:
    lines = []
    for n in _sizes(results):
        entry = results["sizes"][str(n)]
        gen = entry.get("generated", {})
        plan = entry.get("metrics", {}).get("plan", {})
        verification = plan.get("verification", {})
        organized = entry.get("organized_runs", {})
        checks = organized.get("checks", {})
        rope_runs = entry.get("rope_result_runs")
        parts = [f"{gen.get('python_files', 0):,} files, {gen.get('total_lines', 0):,} lines"]
        if "verified" in gen:
            parts.append("generated backend runs: " + ("yes" if gen["verified"] else "**NO**"))
        if verification:
            parts.append(
                f"plan verification: {verification.get('checkedImports', '?'):,} imports, "
                + ("0 problems" if verification.get("ok") else "**problems**")
            )
        if checks:
            failed = [k for k, ok in checks.items() if not ok]
            parts.append(
                "after apply: "
                + (
                    "modules import, main/scripts/make/pytest pass"
                    if not failed
                    else "**failed: " + ", ".join(failed) + "**"
                )
            )
        stale = entry.get("metrics", {}).get("check", {}).get("stale")
        if stale is not None:
            parts.append(f"`check` after apply: {stale} stale")
        if rope_runs:
            failed = [k for k, ok in rope_runs.get("checks", {}).items() if not ok]
            parts.append("rope's result runs: " + ("yes" if not failed else "no (" + ", ".join(failed) + ")"))
        if entry.get("problems"):
            parts.append(f"**{len(entry['problems'])} problem(s)** (see results.json)")
        lines.append(f"- N = {n:,}: " + "; ".join(parts))
    return lines


def results_section(results: dict) -> str:
    env = results["environment"]
    settings = results["settings"]
    by_note: dict[str, list[str]] = {}
    for n in _sizes(results):
        for note in results["sizes"][str(n)].get("notes", []):
            by_note.setdefault(note, []).append(f"{n:,}")
    notes = [f"N = {', '.join(sizes)}: {note}" for note, sizes in by_note.items()]
    rope = next(
        (
            results["sizes"][str(n)]["metrics"]["rope"]
            for n in reversed(_sizes(results))
            if "rope" in results["sizes"][str(n)].get("metrics", {})
        ),
        None,
    )
    parts = [
        START,
        "<!-- Generated by `python -m benchmarks.run` from results.json; edits here are overwritten. -->",
        "",
        f"Measured {env['date']} on {env['cpu']} ({env['cpus']} CPUs, {env['memory_gb']} GB RAM), "
        f"{env['platform']}, {env['implementation']} {env['python']}; engine {env['engine_commit']}"
        f"{' + uncommitted changes' if env['engine_dirty'] else ''} "
        f"(sources sha256 {env['engine_sources_sha256']}), "
        f"rope {env['rope']}, libcst {env['libcst']}, jedi {env['jedi']}. Command: `{settings['command']}`; "
        f"median of {settings['repeats']} runs (rope: {settings['rope_repeats']}); "
        f"whole run took {results.get('elapsed_s', 0) / 60:.0f} min.",
        "",
        "### Time (median; in brackets the ratio to the floor of the same N and kind; last columns: scaling "
        "exponent between sizes)",
        "",
        time_table(results),
        "",
        "### CPU time",
        "",
        "User + system CPU of the measured process and its children. The machine is shared, so wall times "
        "above can include waiting for a CPU; CPU time does not (note that `plan` parses in 2 worker "
        "processes from 400 files on, so its CPU time can exceed its wall time).",
        "",
        cpu_table(results),
        *(
            []
            if results["settings"].get("inproc_cpu_live_children")
            else [
                "",
                "Caveat: the in-process CPU rows of this run count the worker process's own CPU and its reaped "
                "children only; the engine's parse pool lives for the whole process (from 400 files on), so its "
                "CPU is missing there. Later runs add the live workers.",
            ]
        ),
        "",
        "### Peak memory",
        "",
        memory_note(results),
        "",
        memory_table(results),
        "",
        "### Targets (issues 6 and 13)",
        "",
        targets_table(results),
        "",
        "### Correctness on the generated backends",
        "",
        *correctness_lines(results),
    ]
    if rope:
        parts += [
            "",
            f"rope moved {rope['moved_ok']}/{rope['moves']} files per run at the largest rope size "
            f"({rope['two_step']} same-named modules by the two-step workaround).",
        ]
    if notes:
        parts += ["", *[f"Note: {n}" for n in notes]]
    parts += ["", "![time against N, log-log](plot.png)", "", END]
    return "\n".join(parts)


README_TEMPLATE = """# Benchmarks

The benchmark of issue 6. See the top of `run.py` for what is measured and how.

{section}
"""


def write_readme(results: dict, path: Path) -> None:
    section = results_section(results)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if START in text and END in text:
            before, rest = text.split(START, 1)
            _, after = rest.split(END, 1)
            path.write_text(before + section + after, encoding="utf-8")
            return
        path.write_text(text.rstrip("\n") + "\n\n" + section + "\n", encoding="utf-8")
        return
    path.write_text(README_TEMPLATE.format(section=section), encoding="utf-8")


def write_plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = _sizes(results)
    fig, ax = plt.subplots(figsize=(10.5, 5.5), dpi=130)
    series = (
        ("floor (read + ast.parse)", "floor", "whole", dict(color="black", marker="o", linestyle="-")),
        ("plan --json", "plan", "whole", dict(color="tab:blue", marker="s")),
        ("apply --yes (plans too)", "apply", "whole", dict(color="tab:green", marker="^")),
        ("check", "check", "whole", dict(color="tab:purple", marker="D")),
        ("rope MoveModule, every module", "rope", "whole", dict(color="tab:red", marker="x", linewidth=2)),
        ("floor, in-process", "floor", "inproc", dict(color="black", marker="o", linestyle=":", alpha=0.6)),
        (
            "plan_organize, in-process",
            "plan",
            "inproc",
            dict(color="tab:blue", marker="s", linestyle=":", alpha=0.6),
        ),
        ("server plan, cold (first request)", "server", "plan_cold_s", dict(color="tab:orange", marker="*")),
        ("server plan, warm", "server", "plan_warm", dict(color="tab:orange", marker="*", linestyle="--")),
    )
    for label, metric, key, style in series:
        points = [(n, _get(results["sizes"][str(n)], metric, key)) for n in sizes]
        points = [(n, v) for n, v in points if v]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], label=label, **style)
    if sizes:
        first = sizes[0]
        base = _get(results["sizes"][str(first)], "floor", "whole")
        if base:
            ax.plot(
                sizes,
                [base * n / first for n in sizes],
                color="grey",
                linewidth=0.8,
                linestyle="--",
                label="linear (slope 1) from the floor",
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("N (Python files in the flat backend)")
    ax.set_ylabel("time, seconds (median)")
    env = results["environment"]
    ax.set_title(
        f"backend-organizer vs the parse floor vs rope\n{env['cpu']}, {env['cpus']} CPUs, Python {env['python']}",
        fontsize=10,
    )
    ax.set_xticks(sizes)
    ax.set_xticklabels([f"{n:,}" for n in sizes])
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_all(results: dict, folder: Path) -> None:
    write_readme(results, folder / "README.md")
    write_plot(results, folder / "plot.png")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(__file__).resolve().parent
    results_path = Path(argv[0]) if argv else folder / "results.json"
    write_all(json.loads(results_path.read_text()), folder)
    print(f"wrote {folder / 'README.md'} and {folder / 'plot.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
