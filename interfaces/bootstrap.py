"""The one composition root: builds the store, services and adapters from Settings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from application.access import Access
from application.delivery import DeliveryWorker
from application.khata import Khata
from application.outbox import Outbox
from application.ports import Clock, SpeechToText, TextToSpeech
from application.projections import Projections
from application.projections.marks import WriteMarks
from application.reports import Reports
from application.sessions import EngineConfig, LiveFeed, SessionEngine, WorkDelay
from application.sessions.ownership import LocalOwnership, ShopOwnership
from application.sessions.recovery import unfinished_of
from application.store import EventStore
from application.telemetry import TaskLog, TaskObserver
from domain.conversation import TaskRecord
from domain.language.name_odds import understand_names
from domain.limits import Limits
from infrastructure import name_model
from infrastructure.clock import SystemClock
from infrastructure.eventstore import is_postgres, open_event_store
from infrastructure.metrics import Metrics
from infrastructure.ownership import PostgresOwnership
from infrastructure.readmodels import open_projections
from infrastructure.schema import require_migrated, schema_of
from infrastructure.settings import Settings
from interfaces.frames import render
from interfaces.shop_sockets import ShopSockets


@dataclass
class Services:
    settings: Settings
    store: EventStore
    clock: Clock
    khata: Khata
    reports: Reports
    access: Access
    engine: SessionEngine
    projections: Projections
    speech_to_text: SpeechToText | None = None
    text_to_speech: TextToSpeech | None = None
    metrics: Metrics = field(default_factory=Metrics)
    extras: dict[str, Any] = field(default_factory=dict)
    outbox: Outbox | None = None
    delivery: DeliveryWorker | None = None
    sockets: ShopSockets = field(default_factory=ShopSockets)

    def close(self) -> None:
        self.engine.ownership.close()
        self.projections.close()
        self.store.close()


def engine_config(settings: Settings) -> EngineConfig:
    return EngineConfig(
        max_parallel=settings.max_parallel,
        global_max_running=settings.global_max_running,
        customer_rate_per_minute=settings.customer_rate_per_minute,
        clarify_timeout=settings.clarify_timeout_seconds,
        confirm_above_rupees=settings.confirm_above_rupees,
        finished_ttl=settings.finished_task_ttl_seconds,
    )


def speech_adapters(settings: Settings) -> tuple[SpeechToText | None, TextToSpeech | None]:
    """ElevenLabs only with a key; without one, clients transcribe and speak for themselves."""
    if not settings.elevenlabs_api_key:
        return None, None
    from infrastructure.elevenlabs_stt import ElevenLabsSpeechToText
    from infrastructure.elevenlabs_tts import ElevenLabsTextToSpeech

    options: dict[str, Any] = {"api_key": settings.elevenlabs_api_key}
    if settings.elevenlabs_base_url:
        options["base_url"] = settings.elevenlabs_base_url
    return ElevenLabsSpeechToText(**options), ElevenLabsTextToSpeech(**options)


def fixed_delay(seconds: float) -> WorkDelay:
    async def delay(_: object) -> None:
        await asyncio.sleep(seconds)

    return delay


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    work_delay: WorkDelay | None = None,
    create_tables: bool = True,
    own_shops: bool = False,
    serving: bool = False,
) -> Services:
    """Build everything; tests pass a fixed clock or controllable task durations by keyword.

    Without `create_tables` (servers and workers on PostgreSQL) the tables must exist already
    (`bolkhata migrate`): SchemaNotMigrated says so. With `own_shops` (a server on
    PostgreSQL) the process owns the shops it serves, one process per shop (README: Many
    processes). `serving`: this process serves the sessions, so it alone writes the ledgers of
    the shops it owns and reads them from its aggregate cache (README: Many processes)."""
    settings = settings or Settings()
    if work_delay is None and settings.work_delay_ms:
        work_delay = fixed_delay(settings.work_delay_ms / 1000)
    check_projections_mode(settings)
    store = open_event_store(settings.database_url, settings, create_tables=create_tables)
    clock = clock or SystemClock(settings.timezone)
    ownership: ShopOwnership = LocalOwnership()
    if own_shops and is_postgres(settings.database_url):
        ownership = PostgresOwnership(settings.database_url, schema_of(store))
    khata = Khata(
        store,
        clock,
        Limits.of(settings.max_amount_rupees, settings.max_quantity),
        sole_writer=ownership.owns if serving else Khata.shared,
    )
    projections = open_projections(store, settings.timezone, create_tables=create_tables)
    if not create_tables:
        try:
            require_migrated(store, projections)
        except BaseException:
            store.close()
            raise
    if settings.projections == "external":
        marks = WriteMarks()
        store.on_recorded.append(marks.observe)
        projections.external(marks)  # reads wait for the workers to reach this process's writes
    else:
        # Every save wakes the read models, once no command's answer is in progress.
        store.on_saved.append(partial(store.live.when_quiet, projections.poke))
    reports = Reports(khata, settings.timezone, projections)
    engine = SessionEngine(
        store,
        khata,
        reports,
        clock,
        partial(understand_names, odds=name_model.load()),
        config=engine_config(settings),
        feed=LiveFeed(settings.send_buffer_frames, render=render),
        work_delay=work_delay,
        ownership=ownership,
        unfinished_of=partial(unfinished_of, store, projections),
    )
    sockets = ShopSockets()
    engine.moved.append(sockets.close)  # a shop that moves closes its sockets (4409)
    speech_to_text, text_to_speech = speech_adapters(settings)
    outbox, delivery = messaging(settings, khata, projections, clock)
    store.on_recorded.append(lambda recordings: _wake_on_outbox(delivery, recordings))
    metrics = Metrics(
        projections,
        sessions_live=lambda: len(engine.sessions),
        ownership=lambda: (len(engine.ownership.owned()), engine.handovers, engine.fenced_writes),
    )
    observer = TaskObserver([metrics, TaskLog()], lookup=_task_lookup(engine))
    store.on_recorded.append(observer.observe)  # every stored task transition, counted once
    store.on_outage.append(lambda _: metrics.store_retries.inc())
    store.on_recorded.append(lambda recordings: _count_messages(metrics, recordings))
    return Services(
        settings=settings,
        store=store,
        clock=clock,
        khata=khata,
        reports=reports,
        access=Access(store),
        engine=engine,
        projections=projections,
        speech_to_text=speech_to_text,
        text_to_speech=text_to_speech,
        metrics=metrics,
        outbox=outbox,
        delivery=delivery,
        sockets=sockets,
    )


def check_projections_mode(settings: Settings) -> None:
    if settings.projections == "external" and not is_postgres(settings.database_url):
        raise ValueError(
            "BOLKHATA_PROJECTIONS=external needs PostgreSQL: on SQLite the server keeps its "
            "read models itself (inline)"
        )


def messaging(
    settings: Settings, khata: Khata, projections: Projections, clock: Clock
) -> tuple[Outbox, DeliveryWorker]:
    """The outbox and its worker; the Cloud API adapter only with a token (else share links)."""
    lease = timedelta(seconds=2 * settings.whatsapp_timeout_seconds)
    outbox = Outbox(khata, projections, lease=lease)
    sender = None
    if settings.whatsapp_token:
        from infrastructure.whatsapp import WhatsAppCloud

        sender = WhatsAppCloud(
            token=settings.whatsapp_token,
            phone_number_id=settings.whatsapp_phone_number_id,
            base_url=settings.whatsapp_base_url,
            timeout=settings.whatsapp_timeout_seconds,
        )
    return outbox, DeliveryWorker(outbox, sender, clock, settings.whatsapp_language)


# Saved events that give the delivery worker something to do at once.
OUTBOX_TOPICS = tuple(
    f"bolkhata:CustomerAccount.{name}"
    for name in ("MessageQueued", "ReminderScheduled", "ReminderRescheduled")
)


MESSAGE_EVENTS = {
    f"bolkhata:CustomerAccount.Message{name}": name.lower()
    for name in ("Queued", "Attempted", "RetryScheduled", "Sent", "Delivered", "Read", "Failed")
}


def _count_messages(metrics: Metrics, recordings: Any) -> None:
    """Messages are counted from the events each save stored, like tasks (an observer)."""
    for recording in recordings:
        event = MESSAGE_EVENTS.get(recording.notification.topic)
        if event:
            metrics.messages.labels(event=event).inc()


def _wake_on_outbox(delivery: DeliveryWorker, recordings: Any) -> None:
    if any(r.notification.topic in OUTBOX_TOPICS for r in recordings):
        delivery.poke()


def _task_lookup(engine: SessionEngine) -> Callable[[str, str], TaskRecord | None]:
    """A task this process did not see queued (recovered after a restart), from its session."""

    def lookup(conversation_id: str, task_id: str) -> TaskRecord | None:
        session = engine.sessions.get(conversation_id)
        return session.conversation.tasks.get(task_id) if session else None

    return lookup
