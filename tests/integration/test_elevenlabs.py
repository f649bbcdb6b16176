"""The ElevenLabs adapters against a local fake that speaks the realtime and streaming protocols."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from application.ports import SpeechEvent
from infrastructure.elevenlabs_stt import (
    ElevenLabsSpeechToText,
    ScribeStream,
    SpeechServiceUnavailable,
)
from infrastructure.elevenlabs_tts import ElevenLabsTextToSpeech, SpeechSynthesisFailed
from tests.fakes.elevenlabs_server import FakeElevenLabs, fake_mp3

pytestmark = pytest.mark.anyio

SPEECH = b"\x01\x02" * 1600  # 100 ms of 16 kHz PCM that is not silence: the fake's VAD hears it
WAIT = 5.0  # generous: only for waiting, never asserted on


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def fake() -> AsyncIterator[FakeElevenLabs]:
    async with FakeElevenLabs(speech_bytes_per_utterance=len(SPEECH)) as server:
        yield server


def adapter(fake: FakeElevenLabs, **tuning: Any) -> ElevenLabsSpeechToText:
    tuning.setdefault("reconnect_delay", 0.05)
    tuning.setdefault("api_key", fake.api_key)
    return ElevenLabsSpeechToText(base_url=fake.base_url, **tuning)


@contextlib.asynccontextmanager
async def listening(
    fake: FakeElevenLabs, **tuning: Any
) -> AsyncIterator[tuple[ScribeStream, AsyncIterator[SpeechEvent]]]:
    stream = await adapter(fake, **tuning).open(sample_rate=16000, language="hi-IN")
    try:
        yield stream, stream.events()
    finally:
        await stream.close()


async def next_event(events: AsyncIterator[SpeechEvent]) -> SpeechEvent:
    async with asyncio.timeout(WAIT):
        return await anext(events)


async def next_final(events: AsyncIterator[SpeechEvent]) -> SpeechEvent:
    while (event := await next_event(events)).kind == "partial":
        pass
    return event


async def rest(events: AsyncIterator[SpeechEvent]) -> list[SpeechEvent]:
    async with asyncio.timeout(WAIT):
        return [event async for event in events]


# -- transcripts ---------------------------------------------------------------------------


async def test_partials_then_finals_over_one_socket(fake: FakeElevenLabs) -> None:
    fake.say("Rahul ka balance check karo", "100 credit add karo")
    async with listening(fake) as (stream, events):
        await stream.send_audio(SPEECH)
        first = [await next_event(events) for _ in range(4)]
        await stream.send_audio(SPEECH)
        second = await next_final(events)

    assert [(e.kind, e.text) for e in first] == [
        ("partial", "Rahul"),
        ("partial", "Rahul ka"),
        ("partial", "Rahul ka balance"),
        ("partial", "Rahul ka balance check"),
    ]
    assert (second.kind, second.text) == ("final", "Rahul ka balance check karo")
    assert len(fake.sessions) == 1
    query = fake.sessions[0].query
    assert query["model_id"] == "scribe_v2_realtime"
    assert query["audio_format"] == "pcm_16000"
    assert query["commit_strategy"] == "vad"
    assert query["language_code"] == "hi"
    assert fake.sessions[0].api_key == fake.api_key


async def test_second_final_follows_the_first(fake: FakeElevenLabs) -> None:
    fake.say("Rahul ka balance check karo", "100 credit add karo")
    async with listening(fake) as (stream, events):
        await stream.send_audio(SPEECH)
        first = await next_final(events)
        await stream.send_audio(SPEECH)
        second = await next_final(events)
    assert (first.text, second.text) == ("Rahul ka balance check karo", "100 credit add karo")
    assert fake.sessions[0].audio == SPEECH * 2


async def test_repeated_commit_is_reported_once(fake: FakeElevenLabs) -> None:
    fake.say("Rahul ka balance", repeat=3)
    fake.say("100 credit add karo")
    async with listening(fake) as (stream, events):
        await stream.send_audio(SPEECH)
        first = await next_final(events)
        await stream.send_audio(SPEECH)
        second = await next_final(events)
    assert (first.text, second.text) == ("Rahul ka balance", "100 credit add karo")
    commits = [m for m in fake.sessions[0].sent if m["message_type"] == "committed_transcript"]
    assert len(commits) == 4  # the fake did repeat itself


async def test_commit_and_its_timestamped_twin_give_one_final(fake: FakeElevenLabs) -> None:
    fake.say("Priya ka balance")
    async with listening(fake) as (stream, events):
        await stream.send_audio(SPEECH)
        final = await next_final(events)
        words = [{"text": "Priya", "type": "word", "logprob": -0.1}]
        twin = {"message_type": "committed_transcript_with_timestamps", "text": "Priya ka balance"}
        await fake.send({**twin, "words": words})
        fake.say("kal reminder bhejna")
        await stream.send_audio(SPEECH)
        after = await next_final(events)
    assert final.text == "Priya ka balance"
    assert after.text == "kal reminder bhejna"


async def test_word_logprobs_give_a_confidence(fake: FakeElevenLabs) -> None:
    words = [{"text": w, "type": "word", "logprob": -0.1} for w in ("kitna", "baaki", "hai")]
    async with listening(fake) as (_, events):
        await fake.send(
            {"message_type": "committed_transcript_with_timestamps", "text": "kitna baaki hai"}
            | {"words": words}
        )
        final = await next_final(events)
    assert final.text == "kitna baaki hai"
    assert final.confidence == pytest.approx(0.905, abs=0.001)


async def test_the_same_words_spoken_again_are_kept(fake: FakeElevenLabs) -> None:
    fake.say("haan", "haan")
    # A window shorter than one utterance of audio: the second "haan" was really spoken.
    async with listening(fake, duplicate_window=0.05) as (stream, events):
        await stream.send_audio(SPEECH)
        first = await next_final(events)
        await stream.send_audio(SPEECH)
        second = await next_final(events)
    assert (first.text, second.text) == ("haan", "haan")


async def test_empty_commits_are_ignored(fake: FakeElevenLabs) -> None:
    fake.say("", "Priya ka balance")
    async with listening(fake) as (stream, events):
        await stream.send_audio(SPEECH)
        await fake.send({"message_type": "committed_transcript", "text": "   "})
        await stream.send_audio(SPEECH)
        final = await next_final(events)
    assert (final.kind, final.text) == ("final", "Priya ka balance")


async def test_close_commits_the_last_words(fake: FakeElevenLabs) -> None:
    fake.speech_bytes_per_utterance = 10 * len(SPEECH)  # too little speech for a VAD commit
    fake.say("reminder set karo")
    async with listening(fake) as (stream, events):
        await stream.send_audio(SPEECH)
        await fake.wait_until(lambda: fake.sessions[0].chunks == 1)
    finals = [e for e in await rest(events) if e.kind == "final"]
    assert [e.text for e in finals] == ["reminder set karo"]
    assert fake.sessions[0].commit_requests == 1
    assert fake.sessions[0].closed_by == "client"


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "rate_limited",
        "input_error",
        "commit_throttled",
        "transcriber_error",
        "chunk_size_exceeded",
        "queue_overflow",
        "resource_exhausted",
        "insufficient_audio_activity",
        "invalid_request",
        "error",
    ],
)
async def test_error_messages_become_error_events(fake: FakeElevenLabs, code: str) -> None:
    fake.say("Suresh ne 500 UPI kiya")
    async with listening(fake) as (stream, events):
        await fake.send_error(code, "something broke")
        error = await next_event(events)
        await stream.send_audio(SPEECH)
        final = await next_final(events)
    assert (error.kind, error.code, error.message) == ("error", code, "something broke")
    assert final.text == "Suresh ne 500 UPI kiya"  # the stream listens on


@pytest.mark.parametrize("code", ["auth_error", "quota_exceeded", "unaccepted_terms"])
async def test_fatal_errors_end_the_stream(fake: FakeElevenLabs, code: str) -> None:
    async with listening(fake) as (_, events):
        await fake.send_error(code, "no more", close=True)
        seen = await rest(events)
    assert [(e.kind, e.code) for e in seen] == [("error", code)]
    assert len(fake.sessions) == 1  # no reconnect loop against a refusal


async def test_wrong_key_is_an_auth_error(fake: FakeElevenLabs) -> None:
    async with listening(fake, api_key="not-the-key") as (_, events):
        seen = await rest(events)
    assert [(e.kind, e.code) for e in seen] == [("error", "auth_error")]


async def test_unreachable_service_fails_to_open(fake: FakeElevenLabs) -> None:
    fake.refuse_connections = True
    with pytest.raises(SpeechServiceUnavailable):
        await adapter(fake).open(sample_rate=16000, language=None)


async def test_unsupported_sample_rate_is_refused(fake: FakeElevenLabs) -> None:
    with pytest.raises(ValueError, match="sample rate"):
        await adapter(fake).open(sample_rate=11025, language=None)


# -- keeping the socket ----------------------------------------------------------------------


async def test_keepalive_holds_the_socket_past_the_idle_timeout(fake: FakeElevenLabs) -> None:
    fake.idle_timeout = 0.5
    async with listening(fake, keepalive_interval=0.1, keepalive_silence=0.02):
        # Twelve keep-alives span two idle timeouts; without them the fake would have hung up.
        await fake.wait_until(lambda: fake.sessions[0].silent_chunks >= 12)
        assert [session.open for session in fake.sessions] == [True]


async def test_idle_close_without_keepalive_is_reopened(fake: FakeElevenLabs) -> None:
    fake.idle_timeout = 0.2
    async with listening(fake, keepalive_interval=None) as (_, events):
        event = await next_event(events)
    assert event.kind == "reconnected"
    assert fake.sessions[0].closed_by == "idle"


async def test_unexpected_close_reconnects_and_replays_gap_audio(fake: FakeElevenLabs) -> None:
    before, during = b"\x01\x00" * 1600, b"\x02\x00" * 1600
    fake.speech_bytes_per_utterance = len(before) + len(during)
    fake.say("Suresh ne 500 UPI kiya")
    async with listening(fake, reconnect_attempts=20) as (stream, events):
        await stream.send_audio(before)
        await fake.wait_until(lambda: fake.sessions[0].chunks == 1)
        fake.refuse_connections = True
        await fake.drop()
        await fake.wait_until(lambda: fake.rejected >= 1)  # the adapter noticed and is retrying
        await stream.send_audio(during)
        fake.refuse_connections = False
        reconnected = await next_event(events)
        final = await next_final(events)
    assert reconnected.kind == "reconnected"
    assert final.text == "Suresh ne 500 UPI kiya"
    first, *_, last = fake.sessions
    assert first.closed_by == "server"
    # Nothing was committed before the drop, so the whole utterance is replayed in order.
    assert bytes(last.audio[: len(before + during)]) == before + during


async def test_reconnect_gives_up_with_an_error(fake: FakeElevenLabs) -> None:
    async with listening(fake, reconnect_attempts=2) as (_, events):
        fake.refuse_connections = True
        await fake.drop()
        seen = await rest(events)
    assert [(e.kind, e.code) for e in seen] == [("error", "connection_lost")]
    assert fake.rejected == 2


# -- text-to-speech ------------------------------------------------------------------------


async def test_tts_streams_mp3_chunks(fake: FakeElevenLabs) -> None:
    tts = ElevenLabsTextToSpeech(api_key=fake.api_key, base_url=fake.base_url)
    text = "Rahul ka balance ₹500 hai"
    try:
        chunks = [chunk async for chunk in tts.synthesize(text, language="hi-IN")]
    finally:
        await tts.aclose()
    assert len(chunks) > 1
    assert b"".join(chunks) == fake_mp3(text)
    (request,) = fake.tts_requests
    assert request["text"] == text
    assert request["language_code"] == "hi"
    assert request["model_id"] == "eleven_flash_v2_5"
    assert request["output_format"] == "mp3_44100_128"


async def test_tts_refusal_is_a_synthesis_failure(fake: FakeElevenLabs) -> None:
    tts = ElevenLabsTextToSpeech(api_key="not-the-key", base_url=fake.base_url)
    try:
        with pytest.raises(SpeechSynthesisFailed) as failure:
            async for _ in tts.synthesize("namaste", language="hinglish"):
                pass
    finally:
        await tts.aclose()
    assert failure.value.status == 401
