"""Prometheus metrics of one server process, in a registry of its own.

Task figures come from `application.telemetry.TaskObserver` (the stored events); the transport
figures (connections, frames, speech-to-text reconnects) from the WebSocket endpoint; sessions
live and projection lag are read when scraped. A registry per process object, not the global
one, so that tests may build several apps in one interpreter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from application.projections import Projections
from application.telemetry import TaskTransition

# Waiting for a slot takes milliseconds to minutes (a clarification holds a task up to 60 s).
WAIT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
RUN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class ProjectionLag(Collector):
    """Events stored but not yet applied, per projection (read at scrape time)."""

    def __init__(self, projections: Projections) -> None:
        self.projections = projections

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "bolkhata_projection_lag_events",
            "Stored events a projection has not applied yet.",
            labels=["projection"],
        )
        try:
            last = self.projections.store.recorder.max_notification_id() or 0
            positions = self.projections.positions()
        except Exception:  # the database is away: report nothing rather than fail the scrape
            positions, last = {}, 0
        for name, position in positions.items():
            family.add_metric([name], max(0, last - position))
        yield family


class ShopOwnership(Collector):
    """Shops owned now, shops handed over and writes fenced off (read at scrape time)."""

    def __init__(self, figures: Callable[[], tuple[int, int, int]]) -> None:
        self.figures = figures

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        owned, handovers, fenced = self.figures()
        yield GaugeMetricFamily("bolkhata_shops_owned", "Shops this process owns now.", value=owned)
        yield CounterMetricFamily(
            "bolkhata_shop_handovers",
            "Shops this process handed over to another process that asked for them.",
            value=handovers,
        )
        yield CounterMetricFamily(
            "bolkhata_fenced_writes",
            "Changes refused because another process owns the shop or claimed the conversation.",
            value=fenced,
        )


class Metrics:
    """Every bolkhata_* metric of this process; a TelemetrySink for the task observer."""

    def __init__(
        self,
        projections: Projections | None = None,
        sessions_live: Callable[[], float] | None = None,
        ownership: Callable[[], tuple[int, int, int]] | None = None,
    ) -> None:
        self.registry = registry = CollectorRegistry()
        self.queued_total = Counter(
            "bolkhata_tasks_queued", "Tasks queued.", ["intent"], registry=registry
        )
        self.started_total = Counter(
            "bolkhata_tasks_started", "Tasks started.", ["intent"], registry=registry
        )
        self.completed = Counter(
            "bolkhata_tasks_completed", "Tasks completed.", ["intent"], registry=registry
        )
        self.failed = Counter(
            "bolkhata_tasks_failed", "Tasks failed.", ["intent", "code"], registry=registry
        )
        self.cancelled = Counter(
            "bolkhata_tasks_cancelled", "Tasks cancelled.", ["intent"], registry=registry
        )
        self.queued_now = Gauge(
            "bolkhata_tasks_waiting",
            "Tasks queued now, not started.",
            ["intent"],
            registry=registry,
        )
        self.running_now = Gauge(
            "bolkhata_tasks_running", "Tasks running now.", ["intent"], registry=registry
        )
        self.wait = Histogram(
            "bolkhata_task_wait_seconds",
            "Queued to started.",
            ["intent"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        self.run = Histogram(
            "bolkhata_task_run_seconds",
            "Started to completed, failed or cancelled.",
            ["intent"],
            buckets=RUN_BUCKETS,
            registry=registry,
        )
        self.sessions_started = Counter(
            "bolkhata_sessions_started", "Conversations started.", registry=registry
        )
        self.sessions_live = Gauge(
            "bolkhata_sessions_live", "Sessions held live in this process.", registry=registry
        )
        if sessions_live is not None:
            self.sessions_live.set_function(sessions_live)
        self.connections = Gauge(
            "bolkhata_websocket_connections", "Open WebSocket connections.", registry=registry
        )
        self.connections_total = Counter(
            "bolkhata_websocket_connections_opened",
            "WebSocket connections accepted.",
            registry=registry,
        )
        self.frames_in = Counter(
            "bolkhata_frames_in", "Frames received, by type.", ["type"], registry=registry
        )
        self.frames_out = Counter(
            "bolkhata_frames_out", "Frames sent, by type.", ["type"], registry=registry
        )
        self.stt_reconnects = Counter(
            "bolkhata_stt_reconnects", "Speech-to-text sockets reopened.", registry=registry
        )
        self.store_retries = Counter(
            "bolkhata_store_retries",
            "Saves tried again after the database went away.",
            registry=registry,
        )
        self.messages = Counter(
            "bolkhata_messages",
            "Message events stored for customers' WhatsApp messages, by event.",
            ["event"],
            registry=registry,
        )
        if projections is not None:
            registry.register(ProjectionLag(projections))
        if ownership is not None:
            registry.register(ShopOwnership(ownership))

    # TelemetrySink

    def task_transition(self, t: TaskTransition) -> None:
        intent = t.intent
        if t.was == "queued":
            self.queued_now.labels(intent).dec()
        elif t.was == "running":
            self.running_now.labels(intent).dec()
        if t.kind == "queued":
            self.queued_total.labels(intent).inc()
            self.queued_now.labels(intent).inc()
            return
        if t.kind == "started":
            self.started_total.labels(intent).inc()
            self.running_now.labels(intent).inc()
            if t.wait_ms is not None:
                self.wait.labels(intent).observe(t.wait_ms / 1000)
            return
        if t.kind == "completed":
            self.completed.labels(intent).inc()
        elif t.kind == "failed":
            self.failed.labels(intent, t.outcome or "").inc()
        elif t.kind == "cancelled":
            self.cancelled.labels(intent).inc()
        if t.run_ms is not None:
            self.run.labels(intent).observe(t.run_ms / 1000)

    def session_started(self) -> None:
        self.sessions_started.inc()

    # Transport

    def connection_opened(self) -> None:
        self.connections.inc()
        self.connections_total.inc()

    def connection_closed(self) -> None:
        self.connections.dec()

    def frame_in(self, kind: str) -> None:
        self.frames_in.labels(kind).inc()

    def frame_out(self, kind: str) -> None:
        self.frames_out.labels(kind).inc()

    def stt_reconnected(self) -> None:
        self.stt_reconnects.inc()

    def exposition(self) -> bytes:
        """The process and Python metrics, then ours (Prometheus text format)."""
        return generate_latest(REGISTRY) + generate_latest(self.registry)
