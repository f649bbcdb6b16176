"""Operations end to end: no token in the server's log, metrics that move, task log lines,
and /docs served without any outside host. A real `bolkhata serve` with its output captured."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from interfaces.protocol import validate_server_frame
from tests.e2e.server import BIN, free_port, wait_until_healthy

pytestmark = [pytest.mark.e2e]
ENDED = ("task:completed", "task:failed", "task:cancelled")


@contextmanager
def logged_server(database_url: str, log_path: Path) -> Iterator[str]:
    """A live server whose standard output and error go to `log_path`, stopped cleanly."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w+b") as log:
        process = subprocess.Popen(
            [str(BIN / "bolkhata"), "serve", "--port", str(port), "--database-url", database_url],
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(base, process, log)
            yield base
        finally:
            process.terminate()
            process.wait(15)


async def talk(
    url: str, texts: list[str], *, subprotocols: list[str] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """One session: says each text as a final transcript, returns the conversation and frames."""
    options: dict[str, Any] = {"subprotocols": subprotocols} if subprotocols else {}
    async with websockets.connect(url, **options) as ws:
        if subprotocols:
            assert ws.subprotocol == "bolkhata"  # selected; the token is never echoed
        ready = await receive(ws)
        assert ready["type"] == "session:ready"
        for text in texts:
            await ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))
        frames: list[dict[str, Any]] = []

        def count(*kinds: str) -> int:
            return sum(f["type"] in kinds for f in frames)

        # Here each text is one task: wait until every one has ended.
        while count(*ENDED) < len(texts):
            frames.append(await receive(ws))
        return ready["conversation_id"], frames


async def receive(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 20))
    validate_server_frame(frame)
    return frame


def scrape(base: str) -> dict[str, float]:
    """Every bolkhata_* sample of /metrics, keyed by name and labels as written."""
    text = httpx.get(f"{base}/metrics", timeout=10).text
    samples = {}
    for line in text.splitlines():
        if line.startswith("bolkhata_"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_no_token_in_the_log_and_metrics_and_task_lines_move(
    seeded: tuple[str, str], tmp_path: Path
) -> None:
    database_url, token = seeded
    log_path = tmp_path / "server.log"
    with logged_server(database_url, log_path) as base:
        ws_base = base.replace("http://", "ws://") + "/ws/voice"
        before = scrape(base)
        # A script's way (?token=), then the page's way (the token as a subprotocol).
        by_query, frames = asyncio.run(
            talk(f"{ws_base}?token={token}", ["Rahul ko 100 rupay udhaar do"])
        )
        by_protocol, more = asyncio.run(
            talk(
                ws_base,
                ["Priya ka balance batao", "Rahul ko 50 rupay udhaar do"],
                subprotocols=["bolkhata", f"bearer.{token}"],
            )
        )
        assert httpx.get(f"{base}/api/customers?token={token}", timeout=10).status_code == 200
        assert httpx.get(f"{base}/api/customers?token=bk_wrong", timeout=10).status_code == 401
        after = scrape(base)
    log = log_path.read_text()

    assert token not in log
    assert token[3:] not in log and token[-12:] not in log
    assert "token=REDACTED" in log  # the query lines are still there, redacted
    assert re.search(r'"WebSocket /ws/voice\?token=REDACTED"', log)
    assert re.search(r'"GET /api/customers\?token=REDACTED HTTP/1.1" 200', log)
    assert "bk_wrong" not in log

    def moved(sample: str) -> float:
        return after.get(sample, 0.0) - before.get(sample, 0.0)

    assert moved('bolkhata_tasks_queued_total{intent="ADD_CREDIT"}') == 2
    assert moved('bolkhata_tasks_completed_total{intent="ADD_CREDIT"}') == 2
    assert moved('bolkhata_tasks_completed_total{intent="CHECK_BALANCE"}') == 1
    assert moved('bolkhata_task_wait_seconds_count{intent="ADD_CREDIT"}') == 2
    assert moved('bolkhata_task_run_seconds_count{intent="CHECK_BALANCE"}') == 1
    assert after['bolkhata_tasks_running{intent="ADD_CREDIT"}'] == 0
    assert after['bolkhata_tasks_waiting{intent="ADD_CREDIT"}'] == 0
    assert moved("bolkhata_sessions_started_total") == 2
    assert moved("bolkhata_websocket_connections_opened_total") == 2
    assert after["bolkhata_websocket_connections"] == 0
    assert moved('bolkhata_frames_in_total{type="transcript"}') == 3
    assert moved('bolkhata_frames_out_total{type="task:completed"}') == 3
    assert moved('bolkhata_frames_out_total{type="session:ready"}') == 2
    assert "bolkhata_stt_reconnects_total" in after
    lag = {k: v for k, v in after.items() if k.startswith("bolkhata_projection_lag_events")}
    for name in ("conversation_index", "task_metrics", "customer_balances"):
        assert f'bolkhata_projection_lag_events{{projection="{name}"}}' in lag
    assert all(v >= 0 for v in lag.values())

    # One key=value line per transition, with the conversation, task and intent.
    for conversation, seen in ((by_query, frames), (by_protocol, more)):
        for task in (f["task"] for f in seen if f["type"] == "task:queued"):
            ids = f"conversation={conversation} task={task['task_id']} intent={task['intent']}"
            for kind in ("queued", "started", "completed"):
                assert re.search(rf"task_{kind} {re.escape(ids)}\b", log), (kind, ids)
    completed = re.findall(r"task_completed .* outcome=ok wait_ms=(\d+) run_ms=(\d+)", log)
    assert len(completed) == 3


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_docs_load_swagger_ui_from_the_server(database_url: str, tmp_path: Path) -> None:
    with logged_server(database_url, tmp_path / "server.log") as base:
        page = httpx.get(f"{base}/docs", timeout=10)
        assert page.status_code == 200
        assert "http://" not in page.text and "https://" not in page.text
        parser = Assets()
        parser.feed(page.text)
        assert {Path(urlparse(u).path).suffix for u in parser.urls} >= {".js", ".css"}
        for url in parser.urls:
            assert not urlparse(url).netloc and url.startswith("/"), url  # this server
            asset = httpx.get(base + url, timeout=10)
            assert asset.status_code == 200, url
            assert len(asset.content) > 500, url
        assert "SwaggerUIBundle" in httpx.get(f"{base}/swagger-ui/swagger-ui-bundle.js").text
        assert httpx.get(f"{base}/openapi.json", timeout=10).status_code == 200


def test_make_run_takes_host_and_port() -> None:
    """README: `make run PORT=8080` (and HOST=…) serves elsewhere; -n shows without running."""
    root = Path(__file__).resolve().parents[2]
    shown = subprocess.run(
        ["make", "-n", "run", "PORT=8123", "HOST=0.0.0.0"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "bolkhata serve --host 0.0.0.0 --port 8123 --print-token" in shown
