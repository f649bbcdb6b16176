"""A fake ElevenLabs on 127.0.0.1: realtime Scribe over WebSocket, streaming text-to-speech over HTTP.

It speaks the documented realtime protocol (`input_audio_chunk` in; `session_started`,
`partial_transcript`, `committed_transcript[_with_timestamps]` and the error message types out)
and plays back a script: each queued utterance is committed once enough non-silent audio has
arrived, the way VAD commits after speech. Tests can also push any message, drop the socket,
refuse new connections, and rely on the idle close that the real service applies.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import socket
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import Message as AsgiMessage
from starlette.websockets import WebSocket

Message = dict[str, Any]


@dataclass(frozen=True)
class Utterance:
    """One scripted commit; `repeat` > 1 reproduces the provider sending the same commit again."""

    text: str
    repeat: int = 1


@dataclass
class FakeSession:
    """What the fake saw on one realtime socket."""

    query: dict[str, str]
    api_key: str | None
    audio: bytearray = field(default_factory=bytearray)
    chunks: int = 0
    silent_chunks: int = 0
    commit_requests: int = 0
    sent: list[Message] = field(default_factory=list)
    closed_by: str = ""  # "client", "idle", "server" (a test's drop or an error), "shutdown"
    speech_since_commit: int = 0
    control: asyncio.Queue[tuple[str, Any]] = field(default_factory=asyncio.Queue)

    @property
    def open(self) -> bool:
        return not self.closed_by


class FakeElevenLabs:
    """Start with `async with FakeElevenLabs() as fake:` and point the adapter at `fake.base_url`."""

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        idle_timeout: float = 10.0,
        speech_bytes_per_utterance: int = 3200,
    ) -> None:
        self.api_key = api_key
        self.idle_timeout = idle_timeout
        self.speech_bytes_per_utterance = speech_bytes_per_utterance
        self.script: deque[Utterance] = deque()
        self.sessions: list[FakeSession] = []
        self.rejected = 0
        self.refuse_connections = False
        self.tts_requests: list[Message] = []
        self._changed = asyncio.Event()
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._serving: asyncio.Task[None] | None = None
        self._app = Starlette(
            routes=[
                WebSocketRoute("/v1/speech-to-text/realtime", self._realtime),
                Route("/v1/text-to-speech/{voice_id}/stream", self._tts, methods=["POST"]),
            ]
        )

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._socket is not None, "start the fake first"
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    async def start(self) -> None:
        # Binding here, before uvicorn runs, makes the random port known at once.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            self._app,
            lifespan="off",
            ws="websockets-sansio",
            log_level="warning",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._serving = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:
            if self._serving.done():
                await self._serving  # raises what stopped it
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._serving is not None:
            self._server.should_exit = True
            await self._serving
        if self._socket is not None:
            self._socket.close()

    async def __aenter__(self) -> FakeElevenLabs:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- what tests drive ------------------------------------------------------------------

    def say(self, *texts: str, repeat: int = 1) -> None:
        """Queue utterances; each is committed after `speech_bytes_per_utterance` of speech."""
        self.script.extend(Utterance(text, repeat) for text in texts)

    @property
    def current(self) -> FakeSession:
        """The most recent socket that is still open."""
        for session in reversed(self.sessions):
            if session.open:
                return session
        raise LookupError("no open realtime session")

    async def send(self, message: Message) -> None:
        """Push any server message to the open socket."""
        self.current.control.put_nowait(("send", message))

    async def send_error(self, code: str, error: str = "", *, close: bool = False) -> None:
        """Send an error message of the documented shape: {"message_type": code, "error": ...}."""
        session = self.current
        session.control.put_nowait(("send", {"message_type": code, "error": error or code}))
        if close:
            session.control.put_nowait(("close", 1008))

    async def drop(self, code: int = 1011) -> None:
        """Close the open socket as the provider would on an internal failure."""
        self.current.control.put_nowait(("close", code))

    async def wait_until(self, predicate: Callable[[], bool], limit: float = 5.0) -> None:
        """Wait (at most `limit` seconds) until `predicate` holds; checked after every change."""
        async with asyncio.timeout(limit):
            while not predicate():
                changed = self._changed
                await changed.wait()

    def received_audio(self) -> bytes:
        return b"".join(bytes(session.audio) for session in self.sessions)

    # -- realtime speech-to-text -----------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _realtime(self, websocket: WebSocket) -> None:
        if self.refuse_connections:
            self.rejected += 1
            self._notify()
            await websocket.close(code=1013)  # before accept: the handshake fails with HTTP 403
            return
        await websocket.accept()
        session = FakeSession(dict(websocket.query_params), websocket.headers.get("xi-api-key"))
        self.sessions.append(session)
        self._notify()
        try:
            await self._converse(websocket, session)
        finally:
            session.closed_by = session.closed_by or "shutdown"
            self._notify()

    async def _converse(self, websocket: WebSocket, session: FakeSession) -> None:
        async def emit(message: Message) -> None:
            session.sent.append(message)
            await websocket.send_text(json.dumps(message))

        async def close(code: int, reason: str, by: str) -> None:
            session.closed_by = by
            await websocket.close(code=code, reason=reason)

        if session.api_key != self.api_key and session.query.get("token") != self.api_key:
            await emit({"message_type": "auth_error", "error": "Invalid API key"})
            return await close(1008, "auth_error", "server")
        await emit(
            {"message_type": "session_started", "session_id": "fake", "config": _config(session)}
        )
        loop = asyncio.get_running_loop()
        last_audio = loop.time()
        receiving: asyncio.Task[AsgiMessage] = asyncio.create_task(websocket.receive())
        controlling: asyncio.Task[tuple[str, Any]] = asyncio.create_task(session.control.get())
        try:
            while True:
                remaining = self.idle_timeout - (loop.time() - last_audio)
                done, _ = await asyncio.wait(
                    {receiving, controlling},
                    timeout=max(remaining, 0),
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if not done:
                    return await close(1000, "No audio received", "idle")
                if controlling in done:
                    command, argument = controlling.result()
                    if command == "close":
                        return await close(argument, "fake drop", "server")
                    await emit(argument)
                    controlling = asyncio.create_task(session.control.get())
                if receiving in done:
                    received = receiving.result()
                    if received["type"] == "websocket.disconnect":
                        session.closed_by = "client"
                        return
                    last_audio = loop.time()
                    for reply in self._on_client_message(session, json.loads(received["text"])):
                        await emit(reply)
                    self._notify()
                    receiving = asyncio.create_task(websocket.receive())
        finally:
            for task in (receiving, controlling):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def _on_client_message(self, session: FakeSession, message: Message) -> list[Message]:
        if message.get("message_type") == "commit":
            session.commit_requests += 1
            return self._commit(session)
        if message.get("message_type") != "input_audio_chunk":
            return [{"message_type": "invalid_request", "error": "Unknown message type"}]
        pcm = base64.b64decode(message.get("audio_base_64") or "")
        session.audio += pcm
        session.chunks += 1
        if any(pcm):
            session.speech_since_commit += len(pcm)
        else:
            session.silent_chunks += 1
        if message.get("commit"):
            session.commit_requests += 1
            return self._commit(session)
        if self.script and session.speech_since_commit >= self.speech_bytes_per_utterance:
            return self._commit(session)
        return []

    def _commit(self, session: FakeSession) -> list[Message]:
        """Partials, then the commit(s) of the next utterance; a bare commit of silence is empty."""
        spoke = session.speech_since_commit > 0
        session.speech_since_commit = 0
        if not (self.script and spoke):
            return [{"message_type": "committed_transcript", "text": ""}]
        utterance = self.script.popleft()
        words = utterance.text.split()
        replies: list[Message] = [
            {"message_type": "partial_transcript", "text": " ".join(words[:n])}
            for n in range(1, len(words))
        ]
        with_timestamps = session.query.get("include_timestamps") == "true"
        for _ in range(utterance.repeat):
            replies.append({"message_type": "committed_transcript", "text": utterance.text})
            if with_timestamps:
                replies.append(_with_timestamps(utterance.text))
        return replies

    # -- text-to-speech --------------------------------------------------------------------

    async def _tts(self, request: Request) -> Response:
        if request.headers.get("xi-api-key") != self.api_key:
            detail = {"status": "invalid_api_key", "message": "Invalid API key"}
            return JSONResponse({"detail": detail}, status_code=401)
        body = await request.json()
        self.tts_requests.append(
            {
                "voice_id": request.path_params["voice_id"],
                "output_format": request.query_params.get("output_format"),
                **body,
            }
        )
        self._notify()
        if not body.get("text"):
            detail = {"status": "invalid_text", "message": "Text is empty"}
            return JSONResponse({"detail": detail}, status_code=400)
        audio = fake_mp3(body["text"])

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(audio), 1024):
                yield audio[start : start + 1024]

        return StreamingResponse(chunks(), media_type="audio/mpeg")


def fake_mp3(text: str) -> bytes:
    """Deterministic bytes that start like an MP3 file (an ID3 tag), a few KiB per text."""
    digest = hashlib.sha256(text.encode()).digest()
    frame = b"\xff\xfb\x90\x64" + digest * 13  # an MPEG-1 layer III frame header, then filler
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + frame * (3 + len(text) // 10)


def _config(session: FakeSession) -> Message:
    query = session.query
    return {
        "model_id": query.get("model_id"),
        "audio_format": query.get("audio_format"),
        "sample_rate": int(query.get("audio_format", "pcm_16000").rpartition("_")[2] or 16000),
        "commit_strategy": query.get("commit_strategy", "manual"),
        "language_code": query.get("language_code"),
        "include_timestamps": query.get("include_timestamps") == "true",
        "enable_logging": True,
    }


def _with_timestamps(text: str) -> Message:
    words = [
        {"text": word, "start": 0.5 * n, "end": 0.5 * n + 0.4, "type": "word", "logprob": -0.05}
        for n, word in enumerate(text.split())
    ]
    return {
        "message_type": "committed_transcript_with_timestamps",
        "text": text,
        "language_code": "hi",
        "words": words,
    }
