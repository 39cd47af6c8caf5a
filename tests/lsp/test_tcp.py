"""``backend-organizer lsp --tcp HOST:PORT`` serves the same protocol over a socket (for debugging)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def _read(sock: socket.socket) -> dict:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    header, _, rest = data.partition(b"\r\n\r\n")
    length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
    while len(rest) < length:
        rest += sock.recv(4096)
    return json.loads(rest[:length])


def test_initialize_over_tcp(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "backend_organizer", "lsp", "--tcp", f"127.0.0.1:{port}"])
    try:
        for _ in range(100):
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not listen")
        with sock:
            sock.sendall(
                _message(
                    {
                        "jsonrpc": "2.0",
                        "id": 1,
                        "method": "initialize",
                        "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()},
                    }
                )
            )
            reply = _read(sock)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert reply["id"] == 1
    assert reply["result"]["serverInfo"]["name"] == "backend-organizer"
    assert "backendOrganizer.organize" in reply["result"]["capabilities"]["executeCommandProvider"]["commands"]
