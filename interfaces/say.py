"""`bolkhata say`: a WebSocket client that speaks typed text and shows the task stream live."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from dataclasses import dataclass
from typing import Any

import websockets
from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.prompt import IntPrompt
from rich.table import Table
from rich.text import Text
from websockets.asyncio.client import ClientConnection

from interfaces.protocol import MAX_TRANSCRIPT_CHARS as MAX_TRANSCRIPT_CHARS  # cli.py reads it here

OK, TASK_PROBLEM, NO_CONNECTION = 0, 1, 2
ENDED = ("completed", "failed", "cancelled")
COLOURS = {
    "queued": "yellow",
    "running": "cyan",
    "completed": "green",
    "failed": "red",
    "cancelled": "magenta",
}


class SayError(Exception):
    """The conversation could not be held: no connection, a refused token, a dropped socket."""


@dataclass
class Row:
    task_id: str
    utterance_id: str
    intent: str
    customer: str
    status: str = "queued"
    reply: str = ""
    duration_ms: int | None = None


def too_long(texts: list[str]) -> str | None:
    """The first text the server would refuse as a transcript, if any."""
    return next((t for t in texts if len(t) > MAX_TRANSCRIPT_CHARS), None)


def run(url: str, token: str, texts: list[str], *, timeout: float, language: str | None) -> int:
    """Hold one session; returns the exit code (0 all completed, 1 a task did not, 2 no session)."""
    console = Console(highlight=False)
    client = SayClient(console, texts, language, interactive=sys.stdin.isatty())
    try:
        return asyncio.run(asyncio.wait_for(client.talk(url, token), timeout))
    except SayError as problem:
        console.print(f"[bold red]error:[/] {problem}", soft_wrap=True)
        return NO_CONNECTION
    except TimeoutError:
        console.print(f"[bold red]timed out[/] after {timeout:g} s with tasks still open")
        return TASK_PROBLEM


class SayClient:
    def __init__(
        self, console: Console, texts: list[str], language: str | None, *, interactive: bool
    ) -> None:
        self.console = console
        self.texts = texts
        self.language = language
        self.interactive = interactive
        self.rows: dict[str, Row] = {}
        self.outcomes: asyncio.Queue[str | None] = asyncio.Queue()  # utterance id, None: refused
        self.status: asyncio.Future[dict[str, Any]] | None = None
        self.expected: set[str] | None = None
        self.finished = asyncio.Event()
        self.lost_utterances = 0
        self.prompting = asyncio.Lock()
        self.asking: set[asyncio.Task[None]] = set()
        self.live: Live | None = None

    async def talk(self, url: str, token: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        try:
            async with websockets.connect(url, additional_headers=headers) as ws:
                return await self._session(ws)
        except websockets.ConnectionClosed as closed:
            raise SayError(_closed_reason(closed)) from None
        except websockets.InvalidStatus as refused:
            code = refused.response.status_code
            raise SayError(f"{url} refused the WebSocket handshake (HTTP {code})") from None
        except (OSError, websockets.InvalidURI, websockets.InvalidHandshake) as problem:
            raise SayError(f"cannot connect to {url}: {problem}") from None

    async def _session(self, ws: ClientConnection) -> int:
        ready = json.loads(await ws.recv())  # a refused token closes here with 4401
        session = f"{ready.get('conversation_id')} (shop {ready.get('shop_id')})"
        self.line(f"[dim]session {escape(session)}[/]")
        if self.console.is_terminal:
            self.live = Live(self.table(), console=self.console, refresh_per_second=8)
            self.live.start()
        reader = asyncio.create_task(self._read(ws))
        try:
            if self.language:
                await _send(ws, type="voice:start", stt="client", language=self.language)
            utterances = await self._speak(ws, reader)
            self.status = asyncio.get_running_loop().create_future()
            await _send(ws, type="queue:status")
            queue = await _first(self.status, reader)
            self.expected = {
                t["task_id"] for t in queue["tasks"] if t["utterance_id"] in utterances
            }
            self._check_finished()
            await _first(asyncio.ensure_future(self.finished.wait()), reader)
            if self.language:
                await _send(ws, type="voice:stop")
        finally:
            reader.cancel()
            self.show_final()
        rows = [self.rows[task_id] for task_id in self.expected]
        failed = self.lost_utterances or any(row.status != "completed" for row in rows)
        return TASK_PROBLEM if failed else OK

    async def _speak(self, ws: ClientConnection, reader: asyncio.Task[None]) -> set[str]:
        """Each text as a final transcript, one after the other as the server stores them."""
        utterances: set[str] = set()
        for text in self.texts:
            await _send(ws, type="transcript", text=text, final=True)
            outcome = await _first(asyncio.ensure_future(self.outcomes.get()), reader)
            if outcome is None:
                self.lost_utterances += 1
            else:
                utterances.add(outcome)
        return utterances

    async def _read(self, ws: ClientConnection) -> None:
        async for raw in ws:
            if isinstance(raw, str):
                self.handle(json.loads(raw), ws)
        raise SayError("the server closed the connection before every task ended")

    def handle(self, frame: dict[str, Any], ws: ClientConnection) -> None:
        kind = frame.get("type")
        if kind == "transcript:final":
            self.outcomes.put_nowait(frame["utterance_id"])
        elif kind == "task:queued":
            task = frame["task"]
            customer = (task.get("customer") or {}).get("name", "")
            self.rows[task["task_id"]] = Row(
                task["task_id"], task["utterance_id"], task["intent"], customer
            )
        elif kind in ("task:started", "task:completed", "task:failed", "task:cancelled"):
            self._task_changed(kind.split(":")[1], frame)
        elif kind == "context:customer":
            who = (frame.get("customer") or {}).get("name") or "nobody"
            self.line(
                f"[blue]focus →[/] {escape(who)} [dim]({escape(str(frame.get('reason')))})[/]"
            )
        elif kind == "clarify":
            self._clarify(frame, ws)
        elif kind == "reminder:due":
            self.line(f"[yellow]reminder due:[/] {escape(str(frame.get('message')))}")
        elif kind == "message:failed":
            text = (frame.get("reply") or {}).get("text", "")
            self.line(f"[red]not sent:[/] {escape(str(text))}")
        elif kind == "error":
            self._error(frame)
        elif kind == "queue:status" and self.status is not None and not self.status.done():
            self.status.set_result(frame)
        self.refresh()
        self._check_finished()

    def _task_changed(self, status: str, frame: dict[str, Any]) -> None:
        row = self.rows.get(frame["task_id"])
        if row is None:  # a task of this conversation that this client did not cause
            return
        row.status = "running" if status == "started" else status
        reply = (frame.get("reply") or {}).get("text") or frame.get("reason") or ""
        if status == "failed" and not reply:
            reply = frame.get("error", {}).get("message", "")
        row.reply = reply or row.reply
        row.duration_ms = frame.get("duration_ms", row.duration_ms)
        if not self.console.is_terminal and status != "started":
            self.console.print(
                f"{row.status:<9} {row.intent:<22} {row.customer or '-':<14} {row.reply}",
                soft_wrap=True,
                markup=False,
            )

    def _error(self, frame: dict[str, Any]) -> None:
        code, message = escape(str(frame.get("code"))), escape(str(frame.get("message")))
        self.line(f"[red]server error {code}:[/] {message}")
        ref = frame.get("ref")
        if ref in ("transcript", None) and self.expected is None and self.status is None:
            self.outcomes.put_nowait(None)  # the transcript just sent was refused
        elif ref in ("queue:status", None) and self.status is not None and not self.status.done():
            self.status.set_exception(SayError(f"queue:status refused: {frame.get('message')}"))

    def _clarify(self, frame: dict[str, Any], ws: ClientConnection) -> None:
        options = frame.get("options") or []
        self.line(f"[bold yellow]?[/] {escape(str(frame.get('question')))}")
        if self.interactive and options:
            asking = asyncio.create_task(self._ask(frame["utterance_id"], options, ws))
            self.asking.add(asking)
            asking.add_done_callback(self.asking.discard)
        else:
            self.line("[dim]stdin is not a terminal: not answering; the task will time out[/]")

    async def _ask(
        self, utterance_id: str, options: list[dict[str, Any]], ws: ClientConnection
    ) -> None:
        async with self.prompting:
            if self.live is not None:
                self.live.stop()
            choices = [str(i) for i in range(1, len(options) + 1)]
            for number, option in zip(choices, options, strict=True):
                self.console.print(f"  {number}) {option['name']}", markup=False)
            answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
            loop = asyncio.get_running_loop()

            def prompt() -> None:  # a daemon thread: an unanswered prompt never blocks exit
                picked = IntPrompt.ask("Which one?", choices=choices, console=self.console)
                loop.call_soon_threadsafe(answer.set_result, picked)

            threading.Thread(target=prompt, daemon=True).start()
            try:
                picked = await answer
            finally:
                if self.live is not None:
                    self.live.start()
            chosen = options[picked - 1]
            if "answer" in chosen:  # a confirm: Haan / Nahi
                await _send(
                    ws, type="clarify:answer", utterance_id=utterance_id, answer=chosen["answer"]
                )
                return
            for row in self.rows.values():
                if row.utterance_id == utterance_id and not row.customer:
                    row.customer = chosen["name"]
            await _send(
                ws,
                type="clarify:answer",
                utterance_id=utterance_id,
                customer_id=chosen["customer_id"],
            )

    def _check_finished(self) -> None:
        if self.expected is not None and all(
            task_id in self.rows and self.rows[task_id].status in ENDED for task_id in self.expected
        ):
            self.finished.set()

    def line(self, markup: str) -> None:
        self.console.print(markup, soft_wrap=True)

    def refresh(self) -> None:
        if self.live is not None:
            self.live.update(self.table())

    def table(self) -> Table:
        table = Table(expand=False)
        for name in ("task", "intent", "customer", "status"):
            table.add_column(name, no_wrap=True)
        table.add_column("reply", overflow="fold")
        table.add_column("ms", justify="right", no_wrap=True)
        for row in self.rows.values():
            table.add_row(
                row.task_id,
                row.intent,
                row.customer or "-",
                Text(row.status, style=COLOURS.get(row.status, "")),
                Text(row.reply),
                "" if row.duration_ms is None else str(row.duration_ms),
            )
        return table

    def show_final(self) -> None:
        if self.live is not None:
            self.live.update(self.table())
            self.live.stop()
            self.live = None
        elif self.rows and not self.console.is_terminal:
            done = sum(row.status == "completed" for row in self.rows.values())
            self.console.print(f"{done} of {len(self.rows)} tasks completed")


async def _send(ws: ClientConnection, **frame: Any) -> None:
    await ws.send(json.dumps(frame, ensure_ascii=False))


async def _first(wanted: asyncio.Future[Any], reader: asyncio.Task[None]) -> Any:
    """The result of `wanted`, unless the reader ends first (then its error)."""
    await asyncio.wait({wanted, reader}, return_when=asyncio.FIRST_COMPLETED)
    if wanted.done():
        return wanted.result()
    wanted.cancel()
    reader.result()  # raises what ended the reader
    raise SayError("the connection ended")


def _closed_reason(closed: websockets.ConnectionClosed) -> str:
    received = closed.rcvd
    if received is not None and received.code == 4401:
        reason = received.reason or "the token was refused"
        return f"not authorised (close 4401: {reason}); check --token or BOLKHATA_TOKEN"
    if received is not None:
        return f"the server closed the connection ({received.code} {received.reason})".strip()
    return "the connection was lost"
