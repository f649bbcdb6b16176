"""Start a real `bolkhata serve` process on a free port for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

BIN = Path(sys.executable).parent


def bolkhata(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    """Run the real console script and return its standard output."""
    done = subprocess.run(
        [str(BIN / "bolkhata"), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def create_token(database_url: str, shop: str = "demo", role: str = "operator") -> str:
    """A new token through the real `bolkhata token create` (its last line)."""
    out = bolkhata(
        "token", "create", "--shop", shop, "--role", role, "--database-url", database_url
    )
    return out.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(database_url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Yields the base URL of a live server; stops it afterwards."""
    with server_process(database_url, env) as (base, _):
        yield base


@contextmanager
def server_process(
    database_url: str, env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Yields the base URL and the process, which a test may kill."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(BIN / "bolkhata"), "serve", "--port", str(port), "--database-url", database_url],
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(base, process, log)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"server did not start: {log.read().decode()[-2000:]}")
        time.sleep(0.1)
