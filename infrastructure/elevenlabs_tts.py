"""Spoken replies through ElevenLabs streaming text-to-speech, via the `elevenlabs` SDK."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from elevenlabs.client import AsyncElevenLabs
from elevenlabs.core.api_error import ApiError

DEFAULT_BASE_URL = "https://api.elevenlabs.io"
DEFAULT_VOICE_ID = "JBFqnCBsd6RMkjVDRZzb"  # a premade voice every account has
DEFAULT_MODEL_ID = "eleven_flash_v2_5"  # low latency, and it speaks Hindi as well as English
DEFAULT_OUTPUT_FORMAT = "mp3_44100_128"


class SpeechSynthesisFailed(RuntimeError):
    """The provider refused or broke off a synthesis; `status` is its HTTP status, if any."""

    code = "tts_failed"

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ElevenLabsTextToSpeech:
    """Streams mp3 chunks of a reply as the provider produces them."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        voice_id: str = DEFAULT_VOICE_ID,
        model_id: str = DEFAULT_MODEL_ID,
        output_format: str = DEFAULT_OUTPUT_FORMAT,
        timeout: float = 30.0,
    ) -> None:
        # Our own httpx client, so aclose() can release its connections deterministically.
        self._http = httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._client = AsyncElevenLabs(api_key=api_key, base_url=base_url, httpx_client=self._http)
        self._voice_id = voice_id
        self._model_id = model_id
        self._output_format = output_format

    async def synthesize(self, text: str, *, language: str) -> AsyncIterator[bytes]:
        code = _language_code(language)
        # Left out rather than sent as null when unknown: the provider then detects it.
        extra = {"language_code": code} if code else {}
        chunks = self._client.text_to_speech.stream(
            self._voice_id,
            text=text,
            model_id=self._model_id,
            output_format=self._output_format,
            **extra,
        )
        try:
            async for chunk in chunks:
                if chunk:
                    yield chunk
        except ApiError as exc:
            raise SpeechSynthesisFailed(
                f"text-to-speech refused: {exc.body}", exc.status_code
            ) from exc
        except httpx.HTTPError as exc:
            raise SpeechSynthesisFailed(f"text-to-speech failed: {exc}") from exc

    async def aclose(self) -> None:
        await self._http.aclose()


def _language_code(language: str) -> str | None:
    """ISO 639-1 for the provider ("hi-IN" -> "hi"); None lets it detect (e.g. for Hinglish)."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else None
