"""Ports the application needs from the outside world; infrastructure/ implements them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from domain.messages import SendAnswer


@runtime_checkable
class ExclusiveWriter(Protocol):
    """A datastore that can hold its write turn across a read and its save (SQLite, whose
    writers in one process take turns); a writer that keeps losing its race takes it."""

    def exclusively(self) -> AbstractContextManager[None]: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


@dataclass(frozen=True)
class SpeechEvent:
    """What a speech-to-text stream reports.

    kind: "partial" (interim text), "final" (a committed transcript), "error" (`code` is one of
    the provider's error types, e.g. auth_error, quota_exceeded, rate_limited, input_error),
    "reconnected" (the provider socket dropped and was reopened; listening goes on).
    """

    kind: Literal["partial", "final", "error", "reconnected"]
    text: str = ""
    code: str = ""
    message: str = ""
    confidence: float | None = None


class SpeechToTextStream(Protocol):
    """One open listening stream, from voice:start to voice:stop."""

    async def send_audio(self, pcm: bytes) -> None: ...

    def events(self) -> AsyncIterator[SpeechEvent]: ...

    async def close(self) -> None: ...


class SpeechToText(Protocol):
    async def open(self, *, sample_rate: int, language: str | None) -> SpeechToTextStream: ...


class TextToSpeech(Protocol):
    def synthesize(self, text: str, *, language: str) -> AsyncIterator[bytes]:
        """Audio chunks (mp3) of the spoken text."""
        ...


class MessageSender(Protocol):
    """Sends one template message to a customer's WhatsApp (infrastructure/whatsapp.py)."""

    async def send(
        self, *, to: str, template: str, language: str, parameters: list[str]
    ) -> SendAnswer:
        """One attempt; every outcome, a lost connection included, comes back as an answer."""
        ...
