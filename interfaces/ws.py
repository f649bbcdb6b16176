"""`/ws/voice`: one connection, a receive loop and a send loop over the session engine."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from typing import Any, NamedTuple

from anyio import to_thread
from fastapi import WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.types import Receive, Scope, Send

from application.access import Principal
from application.mailbox import Mailbox
from application.ports import SpeechToTextStream
from application.sessions import ConversationNotFound, NotAllowedNow, Session, Subscription
from application.sessions.ownership import ShopUnavailable
from domain.conversation import TaskNotFound
from domain.errors import NotOwner
from interfaces import frames
from interfaces.bootstrap import Services
from interfaces.frames import Frame
from interfaces.protocol import (
    ClarifyAnswer,
    FrameError,
    Ping,
    QueueStatusRequest,
    SessionResume,
    TaskCancel,
    TaskStatusRequest,
    Transcript,
    VoiceStart,
    VoiceStop,
    parse_client_frame,
)
from interfaces.shop_sockets import MOVED
from interfaces.speaker import Speaker, cancel_queued

log = logging.getLogger(__name__)
PATH = "/ws/voice"
UNAUTHORIZED = 4401
TOO_SLOW = 4408
TRY_AGAIN = 1013
# uvicorn's own limit on one WebSocket message (its default, 16 MiB, closes with 1009). Set far
# above MAX_FRAME_BYTES so that an oversize frame reaches the app and gets an `error` frame
# (`frame_too_large`) with the session kept; only a message past this ceiling closes with 1009.
MESSAGE_CEILING_BYTES = 32 * 2**20


def message_ceiling(max_frame_bytes: int) -> int:
    return max(MESSAGE_CEILING_BYTES, 2 * max_frame_bytes)


# The page offers `Sec-WebSocket-Protocol: bolkhata, bearer.<token>`: the token stays out of
# the URL, so out of every access log. The server selects `bolkhata`, never echoing the token.
SUBPROTOCOL = "bolkhata"
TOKEN_PREFIX = "bearer."


def _token(websocket: WebSocket) -> str:
    """From the subprotocol (the page), the bearer header or `?token=` (scripts)."""
    for offered in websocket.scope.get("subprotocols") or ():
        if offered.startswith(TOKEN_PREFIX):
            return str(offered[len(TOKEN_PREFIX) :])
    header = websocket.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return websocket.query_params.get("token", "")


async def voice(websocket: WebSocket) -> None:
    services: Services = websocket.app.state.services
    principal = await to_thread.run_sync(services.access.authenticate, _token(websocket))
    offered = websocket.scope.get("subprotocols") or ()
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    if principal is None or principal.role != "operator":
        await websocket.close(UNAUTHORIZED, "a valid operator token is needed")
        return
    shop = websocket.query_params.get("shop")  # for the load balancer (deploy/haproxy.cfg)
    if shop is not None and shop != principal.shop:
        await websocket.close(UNAUTHORIZED, "this token is not for that shop")
        return
    services.metrics.connection_opened()
    try:
        resume = _resume_asked(websocket)
        try:
            session = await _session_for(services, principal.shop, resume)
        except NotOwner:  # the shop is being handed over from here: its new owner serves it
            await websocket.close(MOVED, "this shop moved: reconnect and resume")
            return
        except ShopUnavailable:
            await websocket.close(TRY_AGAIN, "the shop cannot be served now: reconnect")
            return
        with services.sockets.held(principal.shop, websocket):
            connection = Connection(websocket, services, principal, session)
            await connection.run(resume)
    finally:
        services.metrics.connection_closed()


async def _session_for(
    services: Services, shop: str, resume: tuple[str, int | None] | None
) -> Session:
    """The conversation the URL resumes (no new one is started for it), else a new one."""
    if resume is not None and resume[1] is not None:
        with contextlib.suppress(ConversationNotFound, NotAllowedNow):
            return await services.engine.attach(shop, resume[0])
    return await services.engine.open(shop)


async def serve(scope: Scope, receive: Receive, send: Send) -> None:
    """`/ws/voice` as an ASGI app. The app calls it ahead of its middleware and router
    (interfaces/http.py: `App`): every layer's call (error, telemetry and exception middleware,
    FastAPI's exit stack, the router, the route's exception wrapper) would stay alive, frames and
    closures, for as long as the socket does, about 9 KB per idle session, and none of them has
    anything to do for a socket whose endpoint takes nothing but the socket."""
    await voice(WebSocket(scope, receive=receive, send=send))


# Names this process in every session:ready, so a client (and a test) sees where it landed.
SERVER = f"{socket.gethostname()}:{os.getpid()}"
MAX_SEQ = 2**53 - 1


def _resume_asked(websocket: WebSocket) -> tuple[str, int | None] | None:
    """`?resume=ID&after_seq=N`: resume at connect (after_seq None when it is not a number)."""
    conversation_id = websocket.query_params.get("resume")
    if not conversation_id:
        return None
    raw = websocket.query_params.get("after_seq", "0")
    after_seq = int(raw) if raw.isdigit() and int(raw) <= MAX_SEQ else None
    return conversation_id, after_seq


class Heard(NamedTuple):
    """One final transcript waiting its turn; the STT's confidence goes into the stored event."""

    text: str
    source: str
    confidence: float | None
    language: str | None  # the page's reply language, if it asked for one


class Connection:
    def __init__(
        self, websocket: WebSocket, services: Services, principal: Principal, session: Session
    ) -> None:
        self.websocket = websocket
        self.services = services
        self.settings = services.settings
        self.principal = principal
        self.session = session
        # Mailboxes, not asyncio.Queues: an idle session keeps them (application/mailbox.py).
        # The connection's own frames (answers, errors, replies' audio), sent before the
        # conversation's live frames that wait in the subscription.
        self.outbox: Mailbox[Frame | bytes] = Mailbox(services.settings.send_buffer_frames)
        # (text, source, confidence, reply language): finals in the order spoken
        self.transcripts: Mailbox[Heard | None] = Mailbox()
        self.worker: asyncio.Task[None] | None = None  # takes them; started by the first
        self.last_seq = 0
        self.subscription: Subscription | None = None
        self.live: Subscription | None = None  # the subscription once its frames may be sent
        # Runs while something waits to be sent, then ends: an idle connection keeps no task
        # (a sender and a pump waiting on queues were two tasks, about 2 KB, per idle session).
        self.sender: asyncio.Task[None] | None = None
        self.sending = True  # until the connection ends or the socket is gone
        self.stt: SpeechToTextStream | None = None
        self.stt_task: asyncio.Task[None] | None = None
        self.speak = False
        # Spoken replies and barge-in (interfaces/speaker.py, README "Barge-in").
        self.speaker = Speaker(
            services.text_to_speech,
            self.send,
            self.error,
            services.clock,
            services.settings.reply_audio_bytes_per_second,
        )
        self.interrupt = "none"
        self.background: set[asyncio.Task[None]] | None = None  # made by the first reply spoken
        # The bucket starts full: the first burst may be the documented 2 × FRAMES_PER_SECOND.
        self.allowance = 2 * services.settings.frames_per_second
        self.checked = time.monotonic()

    async def run(self, resume: tuple[str, int | None] | None = None) -> None:
        if resume is None:
            self._go_live(self._follow(self.session))
            await self._send_ready(resumed=False)
        else:
            await self._resume_at_connect(*resume)
        try:
            await self._receive_loop()
        finally:
            await self._stop_stt()
            # Finals already received are taken even though the client has gone.
            if self.worker is not None:
                await self.transcripts.put(None)
                await asyncio.wait({self.worker}, timeout=60)
            self.sending = False
            self._unfollow()
            if self.sender is not None:
                self.sender.cancel()
                # Awaited, so that no task of this connection outlives it.
                await asyncio.gather(self.sender, return_exceptions=True)
            if self.session.is_unused():
                with contextlib.suppress(NotOwner):  # moved: the new owner keeps it
                    await self.session.end()
            else:
                self.services.engine.release(self.session)

    # Outgoing

    def _follow(self, session: Session) -> Subscription:
        """Buffer the session's live frames from now on; `_go_live` sends them."""
        self._unfollow()
        self.session = session
        self.subscription = self.services.engine.feed.subscribe(session.id)
        return self.subscription

    def _go_live(self, subscription: Subscription) -> None:
        """Send the subscription's frames from now on, those buffered first."""
        self.live = subscription
        subscription.offered = self._move_live
        self._move_live()

    def _unfollow(self) -> None:
        self.live = None
        if self.subscription is not None:
            self.subscription.close()

    def _move_live(self) -> None:
        """The conversation's frames go into the outbox, in the order they came, while it has
        room (the others wait in the subscription, which overflows past its limit); called on
        each frame offered and each frame taken out, instead of a pump task that waited."""
        live = self.live
        if live is not None:
            while not self.outbox.full() and (frame := live.take()) is not None:
                self.outbox.put_nowait(frame)
        self._wake_sender()

    async def send(self, frame: Frame | bytes) -> None:
        await self.outbox.put(frame)
        self._wake_sender()

    async def error(self, code: str, message: str, ref: str | None = None) -> None:
        await self.send(frames.error(code, message, ref, self.services.clock.now()))

    def _wake_sender(self) -> None:
        live = self.live
        waiting = not self.outbox.empty() or (live is not None and live.overflowed.is_set())
        if waiting and self.sending and self.sender is None:
            self.sender = asyncio.create_task(self._send_waiting())

    async def _send_waiting(self) -> None:
        """Send what the outbox holds, then end; `_wake_sender` starts it for the next frame."""
        try:
            while self.sending:
                live = self.live
                if live is not None and live.overflowed.is_set():
                    # The client could not keep up: cut it off; it resumes from the last seq
                    # it saw. Nothing more is sent on this socket.
                    self.live, self.sending = None, False
                    await self.websocket.close(TOO_SLOW, "client too slow: reconnect and resume")
                    return
                if self.outbox.empty():
                    return
                frame = self.outbox.get_nowait()
                self._move_live()  # into the room just made
                await self._send_one(frame)
        except (WebSocketDisconnect, RuntimeError):
            self.sending = False  # the socket is gone: what is queued stays unsent
        finally:
            self.sender = None

    async def _send_one(self, frame: Frame | bytes) -> None:
        if isinstance(frame, bytes):
            self.services.metrics.frame_out("binary")
            await self.websocket.send_bytes(frame)
            return
        seq = frame.get("seq")
        if seq is not None:
            if seq <= self.last_seq:
                return  # already sent by a replay
            self.last_seq = seq
        self.services.metrics.frame_out(frame["type"])  # before: a close may cut the await
        await self.websocket.send_json(frame)
        if self.speak and frame["type"] in ("task:completed", "task:failed"):
            self._spawn(self._say_reply(frame["task_id"], frame["reply"]))

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        if self.background is None:
            self.background = set()
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _say_reply(self, task_id: str, reply: dict[str, str]) -> None:
        await self.speaker.say(task_id, reply)

    async def _send_ready(self, *, resumed: bool) -> None:
        ready = frames.session_ready(
            conversation_id=self.session.id,
            shop_id=self.principal.shop,
            resumed=resumed,
            max_parallel=self.services.engine.config.max_parallel,
            server_stt=self.services.speech_to_text is not None,
            at=self.services.clock.now(),
        )
        ready["server"] = SERVER
        await self.send(ready)

    # Incoming

    def _admit(self) -> bool:
        """Token bucket per connection: a flood gets errors, the session stays up."""
        now = time.monotonic()
        rate = self.settings.frames_per_second
        self.allowance = min(rate * 2, self.allowance + (now - self.checked) * rate)
        self.checked = now
        if self.allowance < 1:
            return False
        self.allowance -= 1
        return True

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.websocket.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            if not self._admit():
                await self.error("rate_limited", "too many frames; slow down", None)
                continue
            if message.get("bytes") is not None:
                self.services.metrics.frame_in("binary")
                await self._audio(message["bytes"])
            elif message.get("text") is not None:
                await self._text(message["text"])

    async def _audio(self, chunk: bytes) -> None:
        if self.stt is None:
            await self.error("not_listening", "binary audio needs voice:start with stt server")
        elif len(chunk) > self.settings.max_frame_bytes:
            await self.error(
                "frame_too_large",
                f"audio frames are limited to {self.settings.max_frame_bytes} bytes",
            )
        else:
            await self.stt.send_audio(chunk)

    async def _text(self, raw: str) -> None:
        try:
            frame = parse_client_frame(raw, max_bytes=self.settings.max_frame_bytes)
        except FrameError as problem:
            self.services.metrics.frame_in("invalid")
            await self.error(problem.code, problem.message, problem.ref)
            return
        self.services.metrics.frame_in(frame.type)
        try:
            await self._handle(frame)
        except (TaskNotFound, ConversationNotFound, NotAllowedNow) as problem:
            code = getattr(problem, "code", "not_allowed")
            await self.error(code, str(problem).strip("'\""), frame.type)
        except ValidationError as problem:
            await self.error("invalid_frame", str(problem), frame.type)
        except Exception:  # a bug must cost one frame an answer, never the session its socket
            log.exception("frame %s failed", frame.type)
            await self.error("internal_error", "the server could not handle this frame", frame.type)

    async def _handle(self, frame: Any) -> None:
        session = self.session
        now = self.services.clock.now()
        match frame:
            case Ping():
                await self.send(frames.pong(now))
            case Transcript(text=text, final=final):
                if final:
                    await self._heard(Heard(text, "client", None, frame.language))
                else:
                    self.speaker.barge_in()  # the shopkeeper speaks: the reply stops
                    session.partial(text)
            case TaskCancel(task_id=task_id, all=every):
                if not await session.cancel(task_id, every):
                    # all: true with nothing pending: the answer is the queue, empty of them.
                    await self.send(frames.queue_status(session.queue_status(), now))
            case TaskStatusRequest(task_id=task_id):
                record = session.conversation.task(task_id)
                await self.send(frames.task_status(record, now))
            case QueueStatusRequest():
                await self.send(frames.queue_status(session.queue_status(), now))
            case ClarifyAnswer(utterance_id=utterance_id, customer_id=customer_id, answer=answer):
                await session.answer(utterance_id, customer_id=customer_id, answer=answer)
            case VoiceStart():
                await self._start_voice(frame)
            case VoiceStop():
                await self._stop_stt()
                await session.stop_listening()
            case SessionResume(conversation_id=conversation_id, after_seq=after_seq):
                await self._resume(conversation_id, after_seq)

    async def _resume(self, conversation_id: str, after_seq: int) -> None:
        target = await self.services.engine.attach(self.principal.shop, conversation_id)
        previous = self.session
        subscription = self._follow(target)  # live frames buffer while the replay is read
        try:
            replay = frames.frames_of(await to_thread.run_sync(target.replay, after_seq))
        except BaseException:
            # The connection keeps the conversation it had; the one attached is let go.
            self._go_live(self._follow(previous))
            if target is not previous:
                self.services.engine.release(target)
            raise
        self.last_seq = after_seq
        await self._send_ready(resumed=True)
        for frame in replay:
            await self.send(frame)
        self._go_live(subscription)  # buffered frames already replayed are skipped by seq
        if previous is not target:
            if previous.is_unused():
                await previous.end()
            else:
                self.services.engine.release(previous)

    async def _resume_at_connect(self, conversation_id: str, after_seq: int | None) -> None:
        """The URL asked to resume: session:ready (resumed) and the replay come first; when
        that conversation cannot be resumed, a fresh session's ready and then the error."""
        problem: Exception | None = None
        if after_seq is None:
            problem = ValueError("after_seq must be a whole number from 0 to 2^53 - 1")
        else:
            try:
                await self._resume(conversation_id, after_seq)
                return
            except (ConversationNotFound, NotAllowedNow) as error:
                problem = error
        if self.live is None:
            self._go_live(self._follow(self.session))
        await self._send_ready(resumed=False)
        code = getattr(problem, "code", "invalid_frame")
        await self.error(code, str(problem).strip("'\""), "session:resume")

    async def _heard(self, heard: Heard) -> None:
        """Queue a final for the worker, started here: a session that says nothing keeps no
        worker task."""
        if self.worker is None:
            self.worker = asyncio.create_task(self._transcript_loop())
        await self.transcripts.put(heard)

    async def _transcript_loop(self) -> None:
        """Finals are taken in the order spoken, without holding up cancel, stop or ping."""
        while (heard := await self.transcripts.get()) is not None:
            if self.interrupt == "cancel_queued":
                cancel_queued(self.session)  # before the new command's tasks are queued
            try:
                await self.session.receive_transcript(
                    heard.text,
                    source=heard.source,
                    confidence=heard.confidence,
                    language=heard.language,
                )
            except Exception as problem:  # the session stays up whatever one utterance does
                log.exception("transcript failed")
                await self.error("transcript_failed", str(problem), "transcript")

    # Server-side speech-to-text

    async def _start_voice(self, frame: VoiceStart) -> None:
        if self.session.conversation.listening is not None:
            raise NotAllowedNow("already listening; send voice:stop first")
        if frame.reply_audio and self.services.text_to_speech is None:
            raise NotAllowedNow("server speech is not configured; the client speaks the replies")
        if frame.stt == "server":
            stt = self.services.speech_to_text
            if stt is None:
                raise NotAllowedNow("server speech-to-text is not configured; use stt client")
            try:
                self.stt = await stt.open(sample_rate=frame.sample_rate, language=frame.language)
            except (ConnectionError, ValueError) as problem:
                code = getattr(problem, "code", "stt_unavailable")
                await self.error(code, str(problem), "voice:start")
                return
            self.stt_task = asyncio.create_task(self._listen(self.stt))
        self.speak = frame.reply_audio
        self.interrupt = frame.interrupt
        await self.session.start_listening(frame.stt, frame.language)

    async def _listen(self, stream: SpeechToTextStream) -> None:
        async for event in stream.events():
            if event.kind == "partial":
                self.speaker.barge_in()  # the shopkeeper speaks: the reply stops
                self.session.partial(event.text)
            elif event.kind == "final":
                await self._heard(Heard(event.text, "server", event.confidence, None))
            elif event.kind == "reconnected":
                self.services.metrics.stt_reconnected()
            elif event.kind == "error":
                await self.error(
                    event.code or "stt_error",
                    event.message or "speech-to-text failed",
                    "voice:start",
                )

    async def _stop_stt(self) -> None:
        stream, self.stt = self.stt, None
        if stream is not None:
            await stream.close()
        if self.stt_task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self.stt_task, 5)
            self.stt_task = None
