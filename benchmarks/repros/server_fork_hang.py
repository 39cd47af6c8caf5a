"""Repro: the language server hangs on ``backendOrganizer.plan`` once a workspace has 400 Python files.

    .venv/bin/python benchmarks/repros/server_fork_hang.py [N] [--spawn]

Writes N (default 400) one-line modules into a temporary git repository, starts
``python -m backend_organizer lsp`` over stdio, and sends ``initialize`` and ``backendOrganizer.plan``
with a 60 s timeout. With N = 399 the plan comes back in about a second; with N ≥ 400
(``core.project.PARALLEL_THRESHOLD``) ``scan`` parses in a fork-based ``ProcessPoolExecutor``, and the
forked workers block for ever in ``multiprocessing.util._close_stdin`` (``sys.stdin.close()``): the server
forks from a worker thread while its stdio reader thread holds the lock of ``sys.stdin``'s buffer. The
server then waits on the pool for ever. ``--spawn`` starts the same server with the "spawn" start method,
which answers.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

SPAWN = (
    "import multiprocessing, sys\n"
    "multiprocessing.set_start_method('spawn')\n"
    "from backend_organizer.cli.main import main\n"
    "sys.exit(main(['lsp']))\n"
)


async def plan(folder: Path, spawn: bool) -> str:
    client = LanguageClient("repro", "1")
    if spawn:
        await client.start_io(sys.executable, "-c", SPAWN, start_new_session=True)
    else:
        await client.start_io(sys.executable, "-m", "backend_organizer", "lsp", start_new_session=True)
    uri = folder.as_uri()
    start = time.perf_counter()
    try:
        await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(),
                    root_uri=uri,
                    workspace_folders=[types.WorkspaceFolder(uri=uri, name=folder.name)],
                )
            ),
            timeout=60,
        )
        client.initialized(types.InitializedParams())
        start = time.perf_counter()
        answer = await asyncio.wait_for(
            client.workspace_execute_command_async(
                types.ExecuteCommandParams(command="backendOrganizer.plan", arguments=[{"path": uri}])
            ),
            timeout=60,
        )
        outcome = f"answered in {time.perf_counter() - start:.1f} s ({type(answer).__name__})"
    except TimeoutError:
        outcome = f"NO ANSWER after {time.perf_counter() - start:.0f} s (hung)"
    server = getattr(client, "_server", None)
    if server is not None and server.returncode is None:
        os.killpg(server.pid, signal.SIGKILL)  # a hung server (and its pool) does not shut down
        await server.wait()
    await client.stop()
    return outcome


def main() -> int:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), "400"))
    spawn = "--spawn" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "backend"
        folder.mkdir()
        for i in range(n):
            (folder / f"m{i}.py").write_text("X = 1\n")
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        print(f"N={n}{' (spawn)' if spawn else ''}: {asyncio.run(plan(folder, spawn))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
