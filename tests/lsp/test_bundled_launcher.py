"""The server bundled in the VS Code extension: `<python> vscode-client/bundled/tool/lsp_server.py` runs the protocol
from vscode-client/bundled/libs with a Python that has none of its dependencies, for every bundled CPython found
on this machine (python3.11 … python3.14 on PATH; the others are skipped), and a Python the bundle has nothing for
gets a message instead of a traceback.

The bundle is built by `npm run package` (scripts/bundle_server.py, which returns at once when it is up to date);
this module runs that script itself, so the test sees the current server sources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CLIENT = REPO / "vscode-client"
LAUNCHER = CLIENT / "bundled" / "tool" / "lsp_server.py"
MANIFEST = CLIENT / "bundled" / "libs" / "manifest.json"
VERSIONS = ("3.11", "3.12", "3.13", "3.14")
ENV = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(CLIENT / "scripts" / "bundle_server.py")], capture_output=True, text=True, timeout=1200
    )
    if proc.returncode != 0:
        pytest.fail(f"bundle_server.py failed:\n{proc.stdout}\n{proc.stderr}")
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text())
    return manifest


def bare_python(version: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv without pip of CPython `version` (skips when this machine has none)."""
    base = shutil.which(f"python{version}")
    if base is None:
        pytest.skip(f"no python{version} on PATH")
    check = subprocess.run([base, "-c", "import sys; print(sys.implementation.name)"], capture_output=True, text=True)
    if check.returncode != 0 or check.stdout.strip() != "cpython":
        pytest.skip(f"python{version} does not run or is not CPython")
    venv = tmp_path_factory.mktemp(f"bare-{version}")
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300, env=ENV)
    python = venv / "bin" / "python"
    for module in ("backend_organizer", "libcst", "pygls"):
        assert subprocess.run([str(python), "-c", f"import {module}"], env=ENV, capture_output=True).returncode
    return python


def send(stream: IO[bytes], payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    stream.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    stream.flush()


def receive(stream: IO[bytes]) -> dict[str, Any]:
    length = 0
    while line := stream.readline().strip():
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length, "the server closed the connection"
    message: dict[str, Any] = json.loads(stream.read(length))
    return message


def response(stream: IO[bytes], request_id: int) -> dict[str, Any]:
    while (message := receive(stream)).get("id") != request_id:
        pass
    return message


@pytest.mark.parametrize("version", VERSIONS)
def test_bundled_server_speaks_lsp_with_a_python_without_dependencies(
    version: str, bundle: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    if version not in bundle["versions"]:
        pytest.skip(f"CPython {version} is not bundled: {bundle['skipped'].get(version)}")
    python = bare_python(version, tmp_path_factory)

    check = subprocess.run([str(python), str(LAUNCHER), "--check"], env=ENV, capture_output=True, text=True)
    report = json.loads(check.stdout)
    assert check.returncode == 0 and report["ok"] and report["source"] == "bundled", check.stdout + check.stderr
    assert Path(report["location"]).is_relative_to(CLIENT / "bundled" / "libs")

    (tmp_path / "app.py").write_text("import helpers\n")
    (tmp_path / "helpers.py").write_text("X = 1\n")
    server = subprocess.Popen(
        [str(python), str(LAUNCHER)], cwd=tmp_path, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert server.stdin and server.stdout
    try:
        root = tmp_path.as_uri()
        initialize = {"processId": None, "rootUri": root, "capabilities": {}}
        send(server.stdin, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize})
        result = response(server.stdout, 1)["result"]
        assert result["serverInfo"]["name"] == "backend-organizer"
        assert "backendOrganizer.plan" in result["capabilities"]["executeCommandProvider"]["commands"]
        send(server.stdin, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        command = {"command": "backendOrganizer.plan", "arguments": [{"path": root}]}
        send(server.stdin, {"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand", "params": command})
        plan = response(server.stdout, 2)
        assert [move["to"] for move in plan["result"]["moves"]] == ["utils/helpers.py"], plan
        send(server.stdin, {"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
        response(server.stdout, 3)
        send(server.stdin, {"jsonrpc": "2.0", "method": "exit"})
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_a_python_the_bundle_lacks_gets_a_message(bundle: dict[str, Any], tmp_path: Path) -> None:
    """A copy of the launcher whose manifest lists no version of this Python: exit 3 and a message, no traceback."""
    tool = tmp_path / "bundled" / "tool"
    tool.mkdir(parents=True)
    shutil.copy(LAUNCHER, tool)
    libs = tmp_path / "bundled" / "libs"
    libs.mkdir()
    (libs / "manifest.json").write_text(json.dumps({**bundle, "versions": ["3.99"], "libs": {"3.99": "cp399"}}))
    python = sys._base_executable  # this repo's venv has backend-organizer; its base Python does not
    if subprocess.run([python, "-c", "import backend_organizer"], env=ENV, capture_output=True).returncode == 0:
        pytest.skip(f"{python} has backend-organizer installed (the launcher would fall back to it)")

    proc = subprocess.run([python, str(tool / "lsp_server.py")], env=ENV, capture_output=True, text=True, timeout=60)

    assert proc.returncode == 3, proc.stderr
    assert "the bundle has CPython 3.99 for Linux x86-64" in proc.stderr
    assert "Traceback" not in proc.stderr
