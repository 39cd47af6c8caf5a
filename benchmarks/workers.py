"""Child-process measurements for the benchmark; each prints one JSON object on its last stdout line.

Run by :mod:`benchmarks.run` as ``python benchmarks/workers.py OP ...`` (a script, so it needs nothing from
the ``benchmarks`` package), one process per measurement so that its peak RSS is its own:

* ``floor FOLDER REPEATS``: read every ``.py`` file and ``ast.parse`` it, ``REPEATS`` times, in this process.
* ``plan FOLDER REPEATS``: ``plan_organize`` (after one untimed warm-up run).
* ``apply PRISTINE WORK REPEATS``: per run, copy PRISTINE to WORK (untimed), then ``plan_organize`` and
  ``apply_plan``, timed separately.
* ``check FOLDER REPEATS``: ``find_stale_imports(scan(FOLDER))`` (after one untimed warm-up run).
* ``rope ROOT MOVES_JSON``: rope 1.15 ``MoveModule`` of every module into its package
  (see :func:`rope_moves`).
* ``server ROOT REQUEST_JSON``: the language server over stdio: ``backendOrganizer.plan`` and
  ``workspace/willRenameFiles`` latencies with a warm server (see :func:`server`).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import sys
import time
from pathlib import Path

SKIP = {".git", "__pycache__", ".venv", ".backend-organizer", ".ropeproject", ".pytest_cache"}


def py_files(folder: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP)
        found += [Path(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return found


def floor_once(folder: Path) -> int:
    """The floor: read every Python file and parse it. Returns the number of files."""
    files = py_files(folder)
    for path in files:
        with open(path, "rb") as handle:
            ast.parse(handle.read(), filename=str(path))
    return len(files)


def _live_descendants_cpu(pid: int) -> float:
    """CPU seconds of the live descendants of ``pid`` (a persistent parse pool is never reaped)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children = [int(c) for c in handle.read().split()]
                for child in children:
                    with open(f"/proc/{child}/stat") as handle:
                        fields = handle.read().rsplit(")", 1)[1].split()
                    total += (int(fields[11]) + int(fields[12])) / ticks
                    stack.append(child)
        except (OSError, ValueError, IndexError):
            continue
    return total


def _cpu() -> float:
    """User + system CPU seconds of this process, its reaped children and its live descendants."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    live = _live_descendants_cpu(os.getpid())
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + live


def _emit(result: dict) -> None:
    import resource

    result["ru_maxrss_kb_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["ru_maxrss_kb_children"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()


def op_floor(folder: str, repeats: str) -> None:
    times, cpu = [], []
    files = 0
    for _ in range(int(repeats)):
        start, cpu_start = time.perf_counter(), _cpu()
        files = floor_once(Path(folder))
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - cpu_start)
    _emit({"times": times, "cpu_times": cpu, "files": files})


def op_plan(folder: str, repeats: str) -> None:
    from backend_organizer.core.planner import plan_organize

    plan_organize(Path(folder))  # warm-up: lazy imports, caches of installed packages
    times, cpu = [], []
    plan = None
    for _ in range(int(repeats)):
        start, cpu_start = time.perf_counter(), _cpu()
        plan = plan_organize(Path(folder))
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - cpu_start)
    assert plan is not None
    _emit(
        {
            "times": times,
            "cpu_times": cpu,
            "moves": len(plan.moves),
            "changes": len(plan.changes),
            "problems": len(plan.verification.problems),
            "checked_imports": plan.verification.checked_imports,
        }
    )


def op_apply(pristine: str, work: str, repeats: str) -> None:
    from backend_organizer.core.apply.transaction import apply_plan
    from backend_organizer.core.planner import plan_organize

    plan_organize(Path(pristine))  # warm-up
    plan_times, apply_times, cpu = [], [], []
    for run in range(int(repeats)):
        target = Path(work) / f"inproc-{run}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(pristine, target, symlinks=True)
        if hasattr(os, "sync"):
            os.sync()  # the untimed copy's write-back is not apply's work (see run.copy_tree)
        start, cpu_start = time.perf_counter(), _cpu()
        plan = plan_organize(target)
        middle = time.perf_counter()
        result = apply_plan(plan)
        end = time.perf_counter()
        cpu.append(_cpu() - cpu_start)
        plan_times.append(middle - start)
        apply_times.append(end - middle)
        shutil.rmtree(target)
    _emit(
        {
            "plan_times": plan_times,
            "apply_times": apply_times,
            "times": [p + a for p, a in zip(plan_times, apply_times, strict=True)],
            "cpu_times": cpu,
            "moved": result.moved,
            "written": result.written,
        }
    )


def op_check(folder: str, repeats: str) -> None:
    from backend_organizer.core.scan.project import scan
    from backend_organizer.core.verify.stale import find_stale_imports

    find_stale_imports(scan(Path(folder)))  # warm-up (jedi's environment)
    times, cpu = [], []
    stale: list = []
    for _ in range(int(repeats)):
        start, cpu_start = time.perf_counter(), _cpu()
        stale = find_stale_imports(scan(Path(folder)))
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - cpu_start)
    _emit(
        {
            "times": times,
            "cpu_times": cpu,
            "stale": len(stale),
            "examples": [f"{s.path}:{s.line}: {s.message}" for s in stale[:5]],
        }
    )


# -- rope -----------------------------------------------------------------------------------------------


def rope_moves(root: str, moves_json: str) -> None:
    """Move every module into its package with rope 1.15, as a rope user would (one MoveModule each).

    ``moves_json`` is a list of ``[src, dst]`` paths relative to ``root`` (the engine's plan, so both tools do
    the same moves). rope does nothing when a module moves into a package of its own name (``database.py`` →
    ``database/``), so those go first with the two-step workaround of prior-art Appendix B.2: move into a
    temporary package, then ``Rename`` the package (``docs=True``) to its real name. Only then are the other
    packages created, so that ``import database`` never resolves to a half-made package. Destination
    packages are created through rope's resource API (``create_folder`` + ``__init__.py``).
    """
    from rope.base.project import Project
    from rope.refactor.move import MoveModule
    from rope.refactor.rename import Rename

    moves = [tuple(m) for m in json.loads(Path(moves_json).read_text())]
    moves = [(s, d) for s, d in moves if s.endswith(".py")]
    start = time.perf_counter()
    project = Project(root)
    made: set[str] = set()
    same_named = [(s, d) for s, d in moves if Path(s).stem == Path(d).parent.name and "/" not in s]
    others = [m for m in moves if m not in same_named]
    two_step = 0
    for src, dst in same_named:
        package = str(Path(dst).parent)
        tmp = project.root.create_folder(f"zz_tmp_{Path(package).name}")
        tmp.create_file("__init__.py")
        project.do(MoveModule(project, project.get_resource(src)).get_changes(tmp))
        project.do(Rename(project, tmp).get_changes(Path(package).name, docs=True))
        made.add(package)
        two_step += 1
    for src, dst in others:
        package = str(Path(dst).parent)
        if package not in made:
            if not (Path(root) / package).exists():
                folder = project.root.create_folder(package)
                folder.create_file("__init__.py")
            made.add(package)
        dest = project.get_resource(package)
        project.do(MoveModule(project, project.get_resource(src)).get_changes(dest))
    project.close()
    elapsed = time.perf_counter() - start
    moved = sum(1 for s, d in moves if (Path(root) / d).is_file() and not (Path(root) / s).exists())
    _emit({"times": [elapsed], "moves": len(moves), "moved_ok": moved, "two_step": two_step})


# -- the language server --------------------------------------------------------------------------------


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


SPAWN_SERVER = (
    "import multiprocessing, sys\n"
    "multiprocessing.set_start_method('spawn')\n"
    "from backend_organizer.cli.main import main\n"
    "sys.exit(main(['lsp']))\n"
)


def server(root: str, request_json: str) -> None:
    """Latencies of a warm server: ``backendOrganizer.plan`` and ``workspace/willRenameFiles``.

    ``request_json``: ``{"repeats": R, "renames": [[old_rel, new_rel], ...], "rounds": k, "budget_s": s,
    "plan_timeout": s, "spawn": bool}``. The server runs as ``python -m backend_organizer lsp`` over stdio,
    driven by pygls's LanguageClient; with ``spawn`` it is started with multiprocessing's start method set to
    "spawn" first (a workaround for the fork deadlock of the parse pool, see benchmarks/README.md).
    Right after ``initialized``, ``main.py`` is opened (``textDocument/didOpen``) and the time to its first
    ``publishDiagnostics`` is taken: the cold path an editor user waits for. The first ``backendOrganizer.plan``
    (cold) and the first ``willRenameFiles`` (index warm-up) are timed separately; then ``repeats`` warm plans
    and ``rounds`` passes over the renames.
    """
    import asyncio

    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    request = json.loads(Path(request_json).read_text())
    root_path = Path(root).resolve()
    root_uri = root_path.as_uri()

    async def main() -> dict:
        client = LanguageClient("backend-organizer-bench", "1.0")
        published: dict[str, float] = {}
        first_diagnostics = asyncio.Event()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
            published.setdefault(params.uri, time.perf_counter())
            first_diagnostics.set()

        if request.get("spawn"):
            # Workaround measurement: the parse pool of ``scan`` uses the "spawn" start method instead of
            # forking the server (forking while the stdio reader thread holds stdin's lock deadlocks).
            await client.start_io(sys.executable, "-c", SPAWN_SERVER)
        else:
            await client.start_io(sys.executable, "-m", "backend_organizer", "lsp")
        result: dict = {}
        try:
            start = time.perf_counter()
            await asyncio.wait_for(
                client.initialize_async(
                    types.InitializeParams(
                        process_id=os.getpid(),
                        root_uri=root_uri,
                        workspace_folders=[types.WorkspaceFolder(uri=root_uri, name=root_path.name)],
                        capabilities=types.ClientCapabilities(
                            workspace=types.WorkspaceClientCapabilities(
                                apply_edit=True,
                                workspace_edit=types.WorkspaceEditClientCapabilities(
                                    document_changes=True,
                                    resource_operations=[
                                        types.ResourceOperationKind.Create,
                                        types.ResourceOperationKind.Rename,
                                        types.ResourceOperationKind.Delete,
                                    ],
                                ),
                                file_operations=types.FileOperationClientCapabilities(
                                    will_rename=True, did_rename=True
                                ),
                                workspace_folders=True,
                                execute_command=types.ExecuteCommandClientCapabilities(),
                            ),
                        ),
                    )
                ),
                timeout=600,
            )
            client.initialized(types.InitializedParams())
            result["initialize_s"] = time.perf_counter() - start

            opened = root_path / "main.py"
            opened_uri = opened.as_uri()
            began = time.perf_counter()
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=opened_uri, language_id="python", version=1, text=opened.read_text()
                    )
                )
            )
            await asyncio.wait_for(first_diagnostics.wait(), timeout=600)
            result["diagnostics_uri"] = "main.py"
            result["diagnostics_cold_s"] = published.get(opened_uri, time.perf_counter()) - began

            async def plan() -> tuple[float, object]:
                began = time.perf_counter()
                answer = await asyncio.wait_for(
                    client.workspace_execute_command_async(
                        types.ExecuteCommandParams(command="backendOrganizer.plan", arguments=[{"path": root_uri}])
                    ),
                    timeout=float(request.get("plan_timeout", 1800)),
                )
                return time.perf_counter() - began, answer

            cold, answer = await plan()
            result["plan_cold_s"] = cold
            moves = answer.get("moves") if isinstance(answer, dict) else getattr(answer, "moves", None)
            result["plan_moves"] = len(moves) if moves is not None else None
            result["plan_times"] = [(await plan())[0] for _ in range(int(request["repeats"]))]

            async def rename(old: str, new: str) -> tuple[float, int]:
                params = types.RenameFilesParams(
                    files=[types.FileRename(old_uri=(root_path / old).as_uri(), new_uri=(root_path / new).as_uri())]
                )
                began = time.perf_counter()
                edit = await asyncio.wait_for(client.workspace_will_rename_files_async(params), timeout=600)
                elapsed = time.perf_counter() - began
                count = 0
                if edit is not None:
                    count = len(edit.document_changes or []) + len(edit.changes or {})
                return elapsed, count

            renames = request["renames"]
            first, count = await rename(*renames[0])
            result["rename_first_s"] = first
            times, edits = [], []
            deadline = time.perf_counter() + float(request.get("budget_s", 300))
            for _ in range(int(request.get("rounds", 3))):
                for old, new in renames:
                    elapsed, count = await rename(old, new)
                    times.append(elapsed)
                    edits.append(count)
                if time.perf_counter() > deadline:
                    break
            result["rename_times"] = times
            result["rename_edits"] = edits
            server_proc = getattr(client, "_server", None)
            if server_proc is not None:
                result["server_vm_hwm_kb"] = _vm_hwm_kb(server_proc.pid)
        finally:
            try:
                await asyncio.wait_for(client.shutdown_async(None), timeout=60)
                client.exit(None)
            except Exception as exc:
                result["shutdown_error"] = repr(exc)
            await client.stop()
        return result

    _emit(asyncio.run(main()))


OPS = {
    "floor": op_floor,
    "plan": op_plan,
    "apply": op_apply,
    "check": op_check,
    "rope": rope_moves,
    "server": server,
}

if __name__ == "__main__":
    OPS[sys.argv[1]](*sys.argv[2:])
