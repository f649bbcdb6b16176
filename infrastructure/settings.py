"""Typed settings, read once from BOLKHATA_* (and ELEVENLABS_*) environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOLKHATA_", extra="ignore")

    database_url: str = "sqlite:///var/bolkhata.db"
    max_parallel: int = Field(default=3, ge=1, le=32)
    global_max_running: int = Field(default=64, ge=1)
    customer_rate_per_minute: int = Field(default=10, ge=1)
    clarify_timeout_seconds: float = Field(default=60.0, gt=0)
    # A single write of this many rupees or more is read back and runs only on a yes.
    confirm_above_rupees: int = Field(default=10_000, ge=0)
    finished_task_ttl_seconds: float = Field(default=300.0, gt=0)
    # The most one entry may carry: an amount in rupees (a credit, payment, bill total,
    # reminder or price) and a quantity in the product's unit. Above them nothing is written.
    max_amount_rupees: int = Field(default=10_00_000, ge=1, le=10**12)
    max_quantity: int = Field(default=10_000, ge=1, le=10**9)
    timezone: str = "Asia/Kolkata"
    # Holds every task this long before its ledger work: for demos and crash-recovery tests.
    work_delay_ms: int = Field(default=0, ge=0, le=60_000)
    max_frame_bytes: int = Field(default=64 * 1024, ge=1024)
    frames_per_second: float = Field(default=50.0, gt=0)
    send_buffer_frames: int = Field(default=1000, ge=10)
    # WebSocket compression keeps a zlib pair per connection (46 KB, half an idle session's
    # memory) to shrink frames of a few hundred bytes: off unless asked for.
    ws_per_message_deflate: bool = False
    # Server-spoken replies go out at about their playback rate (mp3 at 128 kbit/s), so that
    # speaking over one can stop it (README "Barge-in"); tests lower it to lengthen replies.
    reply_audio_bytes_per_second: int = Field(default=16_000, ge=100)
    aggregate_cache_size: int = Field(default=10_000, ge=0)
    postgres_pool_size: int = Field(default=5, ge=1)
    postgres_max_overflow: int = Field(default=10, ge=0)
    # Check each pooled connection with a round trip before lending it, so that a server's
    # first call after a database restart does not fail. Projection workers turn it off: any
    # error restarts their loop from the tracked position, and the check was a seventh of
    # their CPU (bench/processes.py --profile).
    postgres_pre_ping: bool = True
    # inline: this server keeps the read models up to date itself (the only choice on SQLite);
    # external: `bolkhata projections run` workers do, and reads wait for this server's writes.
    projections: Literal["inline", "external"] = "inline"
    elevenlabs_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("ELEVENLABS_API_KEY", "BOLKHATA_ELEVENLABS_API_KEY"),
    )
    elevenlabs_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("ELEVENLABS_BASE_URL", "BOLKHATA_ELEVENLABS_BASE_URL"),
    )
    # Messages to customers through WhatsApp's Cloud API (README: Messages to customers).
    # Without a token nothing is sent: messages are recorded and the page offers share links.
    whatsapp_token: str | None = None
    whatsapp_phone_number_id: str = ""
    whatsapp_base_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    whatsapp_language: str = "hi"
    # One send's whole timeout; an attempt unanswered for twice this counts as lost.
    whatsapp_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
