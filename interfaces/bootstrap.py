"""The one composition root: builds the store, services and adapters from Settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from application.access import Access
from application.khata import Khata
from application.ports import Clock
from application.reports import Reports
from application.store import EventStore
from infrastructure.clock import SystemClock
from infrastructure.eventstore import open_event_store
from infrastructure.settings import Settings


@dataclass
class Services:
    settings: Settings
    store: EventStore
    clock: Clock
    khata: Khata
    reports: Reports
    access: Access
    extras: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        self.store.close()


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None) -> Services:
    settings = settings or Settings()
    store = open_event_store(settings.database_url, settings)
    clock = clock or SystemClock(settings.timezone)
    khata = Khata(store, clock)
    return Services(
        settings=settings,
        store=store,
        clock=clock,
        khata=khata,
        reports=Reports(khata, settings.timezone),
        access=Access(store),
    )
