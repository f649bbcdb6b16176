"""Server-side speech-to-text through ElevenLabs realtime Scribe, via the `elevenlabs` SDK."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import math
from collections import deque
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from typing import Any

from elevenlabs.client import AsyncElevenLabs
from elevenlabs.realtime import (
    AudioFormat,
    CommitStrategy,
    RealtimeAudioOptions,
    RealtimeConnection,
    RealtimeEvents,
    ScribeRealtime,
)
from websockets.exceptions import ConnectionClosed, WebSocketException

from application.ports import SpeechEvent

DEFAULT_BASE_URL = "https://api.elevenlabs.io"
DEFAULT_MODEL_ID = "scribe_v2_realtime"
# How long a final waits for its twin with timestamps (its confidence) before it goes without.
TWIN_WAIT = 0.3

# After these the provider will not serve this key again soon: reconnecting would only repeat them.
FATAL_ERRORS = frozenset(
    {"auth_error", "quota_exceeded", "unaccepted_terms", "unaccepted_terms_error"}
)

log = logging.getLogger(__name__)


class SpeechServiceUnavailable(ConnectionError):
    """The realtime socket could not be opened (refused, unreachable, or timed out)."""

    code = "stt_unavailable"


@dataclass(frozen=True)
class _Tuning:
    keepalive_interval: float | None
    keepalive_silence: float
    reconnect_attempts: int
    reconnect_delay: float
    replay_seconds: float
    duplicate_window: float
    flush_timeout: float


class ElevenLabsSpeechToText:
    """Opens one realtime Scribe socket per listening stream (VAD commits)."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        model_id: str = DEFAULT_MODEL_ID,
        vad_silence_threshold_secs: float | None = None,
        keepalive_interval: float | None = 4.0,
        keepalive_silence: float = 0.5,
        reconnect_attempts: int = 6,
        reconnect_delay: float = 0.25,
        replay_seconds: float = 15.0,
        duplicate_window: float = 1.5,
        flush_timeout: float = 1.5,
    ) -> None:
        # The SDK derives the WebSocket URL from the client's base_url (http -> ws, https -> wss).
        client = AsyncElevenLabs(api_key=api_key, base_url=base_url)
        self._realtime: ScribeRealtime = client.speech_to_text.realtime
        self._model_id = model_id
        self._vad_silence = vad_silence_threshold_secs
        self._tuning = _Tuning(
            keepalive_interval=keepalive_interval,
            keepalive_silence=keepalive_silence,
            reconnect_attempts=reconnect_attempts,
            reconnect_delay=reconnect_delay,
            replay_seconds=replay_seconds,
            duplicate_window=duplicate_window,
            flush_timeout=flush_timeout,
        )

    async def open(self, *, sample_rate: int, language: str | None) -> ScribeStream:
        try:
            audio_format = AudioFormat(f"pcm_{sample_rate}")
        except ValueError:
            raise ValueError(
                f"unsupported sample rate for realtime Scribe: {sample_rate}"
            ) from None
        options: RealtimeAudioOptions = {
            "model_id": self._model_id,
            "audio_format": audio_format,
            "sample_rate": sample_rate,
            "commit_strategy": CommitStrategy.VAD,
            # Each commit is followed by its twin with the words' log-probabilities: the
            # transcript's confidence, stored with it.
            "include_timestamps": True,
        }
        if code := _language_code(language):
            options["language_code"] = code
        if self._vad_silence is not None:
            options["vad_silence_threshold_secs"] = self._vad_silence
        stream = ScribeStream(self._realtime, options, self._tuning)
        await stream.start()
        return stream


class ScribeStream:
    """One listening stream that outlives provider sockets: it reconnects and replays audio."""

    def __init__(self, realtime: ScribeRealtime, options: RealtimeAudioOptions, tuning: _Tuning):
        self._realtime = realtime
        self._options = options
        self._tuning = tuning
        self._bytes_per_second = options["sample_rate"] * 2  # 16-bit mono
        self._events: asyncio.Queue[SpeechEvent | None] = asyncio.Queue()
        self._lock = asyncio.Lock()  # one writer on the socket, so replays keep audio in order
        self._connection: RealtimeConnection | None = None
        self._generation = 0  # which socket callbacks belong to; stale ones are ignored
        # Caller audio since the last commit: what a dropped socket may not have transcribed.
        self._uncommitted: deque[bytes] = deque()
        self._uncommitted_bytes = 0
        self._caller_bytes = 0  # audio time, the clock for telling repeats from re-spoken words
        self._last_final: tuple[str, int] | None = None
        # A final held back for its twin with timestamps: (key, text, the timer that gives up).
        self._held: tuple[str, str, asyncio.TimerHandle] | None = None
        self._last_send = 0.0
        self._dropped = asyncio.Event()
        self._committed = asyncio.Event()
        self._fatal = False
        self._close_requested = False
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        try:
            await self._connect()
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise SpeechServiceUnavailable(f"cannot open realtime Scribe: {exc}") from exc
        self._spawn(self._supervise())
        if self._tuning.keepalive_interval:
            self._spawn(self._keep_alive(self._tuning.keepalive_interval))

    async def send_audio(self, pcm: bytes) -> None:
        if self._closing or not pcm:
            return
        self._caller_bytes += len(pcm)
        self._remember(pcm)
        async with self._lock:
            # Without a socket the chunk waits in _uncommitted and is replayed on reconnect.
            if self._connection is not None:
                await self._send(self._connection, self._generation, pcm)

    async def events(self) -> AsyncIterator[SpeechEvent]:
        while (event := await self._events.get()) is not None:
            yield event
        self._events.put_nowait(None)  # a later reader ends at once too

    async def close(self) -> None:
        if self._close_requested:
            return
        self._close_requested = True
        await self._flush()
        await self._teardown()

    # -- the socket ----------------------------------------------------------------------

    async def _connect(self) -> None:
        connection = await self._realtime.connect(self._options)
        self._generation += 1
        # The SDK starts its reader task without yielding, so no message arrives before this.
        self._listen(connection, self._generation)
        try:
            async with self._lock:
                self._connection = connection
                self._last_send = asyncio.get_running_loop().time()
                for chunk in list(self._uncommitted):
                    if not await self._send(connection, self._generation, chunk):
                        break
        except asyncio.CancelledError:  # closed while reconnecting: do not leak the new socket
            with contextlib.suppress(WebSocketException, OSError):
                await connection.close()
            raise

    def _listen(self, connection: RealtimeConnection, generation: int) -> None:
        def current() -> bool:
            return generation == self._generation and not self._closing

        def on_partial(data: dict[str, Any]) -> None:
            text = str(data.get("text") or "").strip()
            if current() and text:
                self._events.put_nowait(SpeechEvent(kind="partial", text=text))

        def on_commit(data: dict[str, Any]) -> None:
            if current():
                self._on_commit(data)

        def on_error(data: dict[str, Any]) -> None:
            if not current():
                return
            code = data.get("message_type")
            if code is None:  # a transport failure the SDK reports as an error; a close follows
                log.info("realtime Scribe socket failed: %s", data.get("error"))
                return
            message = str(data.get("error") or "")
            self._events.put_nowait(SpeechEvent(kind="error", code=str(code), message=message))
            if code in FATAL_ERRORS:
                self._fatal = True
                self._dropped.set()

        def on_close(info: dict[str, Any]) -> None:
            if current():
                log.info("realtime Scribe socket closed: %s", info)
                self._lost(generation)

        connection.on(RealtimeEvents.PARTIAL_TRANSCRIPT, on_partial)
        connection.on(RealtimeEvents.COMMITTED_TRANSCRIPT, on_commit)
        connection.on(RealtimeEvents.COMMITTED_TRANSCRIPT_WITH_TIMESTAMPS, on_commit)
        connection.on(RealtimeEvents.ERROR, on_error)
        connection.on(RealtimeEvents.CLOSE, on_close)

    async def _send(self, connection: RealtimeConnection, generation: int, pcm: bytes) -> bool:
        try:
            await connection.send({"audio_base_64": base64.b64encode(pcm).decode("ascii")})
        except ConnectionClosed:
            self._lost(generation)
            return False
        self._last_send = asyncio.get_running_loop().time()
        return True

    def _lost(self, generation: int) -> None:
        if generation == self._generation and not self._closing:
            self._connection = None
            self._dropped.set()

    # -- what arrives --------------------------------------------------------------------

    def _on_commit(self, data: dict[str, Any]) -> None:
        twin = data.get("message_type") == "committed_transcript_with_timestamps"
        spoken = " ".join(str(data.get("text") or "").split()).casefold()
        if twin and self._held is not None and self._held[0] == spoken:
            self._release(_confidence(data.get("words")))  # the held final, with its words
            return
        self._uncommitted.clear()
        self._uncommitted_bytes = 0
        self._committed.set()
        text = " ".join(str(data.get("text") or "").split())
        if not text:  # VAD committed silence or noise
            return
        key = text.casefold()
        window = self._tuning.duplicate_window * self._bytes_per_second
        if self._last_final is not None:
            last_key, at = self._last_final
            # The same words again with less new audio than it takes to say anything are a repeat
            # of one commit (or its _with_timestamps twin), not the shopkeeper speaking twice.
            if key == last_key and self._caller_bytes - at < window:
                return
        self._last_final = (key, self._caller_bytes)
        if not twin and self._options.get("include_timestamps"):
            # Its twin follows at once: hold the final for it, never longer than TWIN_WAIT.
            self._release(None)  # one held before goes first: finals keep their order
            timer = asyncio.get_running_loop().call_later(TWIN_WAIT, self._release, None)
            self._held = (key, text, timer)
            return
        confidence = _confidence(data.get("words"))
        self._events.put_nowait(SpeechEvent(kind="final", text=text, confidence=confidence))

    def _release(self, confidence: float | None) -> None:
        held, self._held = self._held, None
        if held is not None:
            _, text, timer = held
            timer.cancel()
            self._events.put_nowait(SpeechEvent(kind="final", text=text, confidence=confidence))

    def _remember(self, pcm: bytes) -> None:
        self._uncommitted.append(pcm)
        self._uncommitted_bytes += len(pcm)
        limit = self._tuning.replay_seconds * self._bytes_per_second
        while self._uncommitted_bytes > limit and len(self._uncommitted) > 1:
            self._uncommitted_bytes -= len(self._uncommitted.popleft())

    # -- background work -----------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _supervise(self) -> None:
        while True:
            await self._dropped.wait()
            self._dropped.clear()
            if self._closing:
                return
            if self._fatal:
                return await self._teardown()
            if not await self._reconnect():
                lost = SpeechEvent(kind="error", code="connection_lost", message="Scribe is gone")
                self._events.put_nowait(lost)
                return await self._teardown()
            self._events.put_nowait(SpeechEvent(kind="reconnected"))

    async def _reconnect(self) -> bool:
        for attempt in range(self._tuning.reconnect_attempts):
            if attempt:
                await asyncio.sleep(min(self._tuning.reconnect_delay * 2 ** (attempt - 1), 5.0))
            try:
                await self._connect()
            except (OSError, TimeoutError, WebSocketException) as exc:
                log.info("realtime Scribe reconnect %d failed: %s", attempt + 1, exc)
                continue
            return True
        return False

    async def _keep_alive(self, interval: float) -> None:
        # The provider closes a socket that hears nothing for ~10 s; silence keeps it open and
        # cannot trigger a VAD commit.
        silence = bytes(int(self._bytes_per_second * self._tuning.keepalive_silence) // 2 * 2)
        loop = asyncio.get_running_loop()
        while True:
            idle = loop.time() - self._last_send
            if idle < interval:
                await asyncio.sleep(interval - idle)
                continue
            async with self._lock:
                connection = self._connection
                sent = connection is not None and await self._send(
                    connection, self._generation, silence
                )
            if not sent:
                await asyncio.sleep(interval)

    async def _flush(self) -> None:
        """Ask for a last commit so words spoken just before voice:stop are not lost."""
        if self._tuning.flush_timeout <= 0 or not self._uncommitted_bytes:
            return
        self._committed.clear()
        async with self._lock:
            connection = self._connection
            if connection is None:
                return
            try:
                await connection.commit()
            except ConnectionClosed:
                return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._tuning.flush_timeout):
                await self._committed.wait()

    async def _teardown(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._generation += 1
        current = asyncio.current_task()
        others = [task for task in self._tasks if task is not current]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(WebSocketException, OSError):
                await connection.close()
        self._release(None)  # a final still waiting for its twin is not lost
        self._events.put_nowait(None)


def _language_code(language: str | None) -> str | None:
    """The ISO 639 code Scribe takes ("hi-IN" -> "hi"); None lets it detect the language."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _confidence(words: object) -> float | None:
    """exp(mean log-probability) of the words, when the provider sent them."""
    if not isinstance(words, list):
        return None
    logprobs = [
        float(word["logprob"])
        for word in words
        if isinstance(word, dict) and word.get("type", "word") == "word" and "logprob" in word
    ]
    if not logprobs:
        return None
    return math.exp(sum(logprobs) / len(logprobs))
