"""One connection's spoken replies (server TTS) and barge-in (README "Barge-in").

Replies are spoken one at a time. Their audio goes out paced at its playback rate, a little
ahead of the listener, not all at once: so that when the shopkeeper starts speaking over a
reply (a partial transcript arrives) the server can stop it at once. The rest of that reply
is never sent; a `reply:stopped` frame says how much was, and replies heard before the
barge-in but not yet begun are dropped. Tasks are untouched: only the voice stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from application.ports import Clock, TextToSpeech
from application.replies import cancel_reason
from application.sessions import Session
from domain.conversation import QUEUED
from interfaces.protocol import ReplyAudio, ReplyStopped

Frame = dict[str, Any]
Send = Callable[[Frame | bytes], Awaitable[None]]
Report = Callable[[str, str, str], Awaitable[None]]
PIECE_BYTES = 1024  # the most sent between two looks at the stop signal
LEAD_SECONDS = 0.1  # how far ahead of playback the audio may run


@dataclass
class _Speech:
    task_id: str
    stopped: asyncio.Event = field(default_factory=asyncio.Event)


class Speaker:
    def __init__(
        self,
        tts: TextToSpeech | None,
        send: Send,
        report: Report,
        clock: Clock,
        bytes_per_second: int,
    ) -> None:
        self.tts = tts
        self.send = send
        self.report = report  # (code, message, ref): an error frame
        self.clock = clock
        self.rate = bytes_per_second
        self.turn = asyncio.Lock()  # one reply's bytes are never interleaved with another's
        self.generation = 0  # counts barge-ins: a reply from before the last one is not said
        self.current: _Speech | None = None
        self.stops = 0

    @property
    def speaking(self) -> bool:
        return self.current is not None

    def barge_in(self) -> bool:
        """The shopkeeper started speaking: stop the reply being spoken and drop the waiting
        ones. Returns whether a reply was being spoken."""
        self.generation += 1
        speech = self.current
        if speech is None:
            return False
        speech.stopped.set()
        return True

    async def say(self, task_id: str, reply: dict[str, str]) -> None:
        """Speak one reply: a reply:audio frame with the byte count, then the mp3 as binary."""
        if self.tts is None or not reply.get("text"):
            return
        heard = self.generation
        try:
            chunks = [
                chunk
                async for chunk in self.tts.synthesize(reply["text"], language=reply["language"])
            ]
        except Exception as problem:  # the text reply was sent; only the voice is missing
            await self.report(getattr(problem, "code", "tts_failed"), str(problem), "reply:audio")
            return
        async with self.turn:
            if self.generation != heard:
                return  # spoken over before its turn came: never begun, so nothing to stop
            audio = b"".join(chunks)
            announce = ReplyAudio(task_id=task_id, bytes=len(audio), ts=self._now())
            await self.send(announce.model_dump(mode="json"))
            speech = self.current = _Speech(task_id)
            try:
                sent = await self._stream(audio, speech)
            finally:
                self.current = None
            if sent < len(audio):
                self.stops += 1
                stopped = ReplyStopped(task_id=task_id, bytes_sent=sent, ts=self._now())
                await self.send(stopped.model_dump(mode="json"))

    async def _stream(self, audio: bytes, speech: _Speech) -> int:
        """Send `audio` no faster than it plays; returns how many bytes went before a stop."""
        began = time.monotonic()
        sent = 0
        while sent < len(audio) and not speech.stopped.is_set():
            ahead = sent / self.rate - (time.monotonic() - began)
            if ahead > LEAD_SECONDS:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(speech.stopped.wait(), ahead - LEAD_SECONDS)
                continue
            piece = audio[sent : sent + PIECE_BYTES]
            await self.send(piece)
            sent += len(piece)
        return sent

    def _now(self) -> str:
        return self.clock.now().isoformat()


def cancel_queued(session: Session) -> list[str]:
    """`interrupt: "cancel_queued"`: a new command cancels every task still queued. Running
    tasks go on, and a task held for an answer stays (the new words may be that answer)."""
    queued = [
        task.task_id
        for task in session.conversation.tasks.values()
        if task.status == QUEUED and not task.waiting and task.task_id not in session.runners
    ]
    for task_id in queued:
        session.request_cancel(task_id, cancel_reason("voice", session.language))
    return queued
