"""Read-your-writes for a server whose read models are kept by projection workers.

The server remembers the notification id of the last event it stored for each shop; a read for
that shop waits until the read models have tracked that far. An event names its shop only when
it creates an aggregate, so the shop of later events is learned from those seen here; an event
of an aggregate this process never saw created counts for every shop (a longer wait, never a
stale read).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

# Aggregates whose shop is remembered; past this, the oldest are forgotten (their later events
# then count for every shop).
REMEMBERED = 100_000


class WriteMarks:
    def __init__(self, remembered: int = REMEMBERED) -> None:
        self._lock = threading.Lock()
        self._shops: OrderedDict[str, str] = OrderedDict()  # originator id -> shop
        self._last: dict[str, int] = {}  # shop -> last notification id stored here
        self._unattributed = 0
        self._latest = 0
        self._remembered = remembered

    def observe(self, recordings: Iterable[Any]) -> None:
        """The store's on_recorded hook: the recordings of one save."""
        with self._lock:
            for recording in recordings:
                position = recording.notification.id
                if position is None:
                    continue
                event = recording.domain_event
                originator = str(event.originator_id)
                shop = getattr(event, "shop", None)
                if isinstance(shop, str):
                    self._remember(originator, shop)
                else:
                    shop = self._shops.get(originator)
                if shop is None:
                    self._unattributed = max(self._unattributed, position)
                else:
                    self._last[shop] = max(self._last.get(shop, 0), position)
                self._latest = max(self._latest, position)

    def _remember(self, originator: str, shop: str) -> None:
        self._shops[originator] = shop
        self._shops.move_to_end(originator)
        while len(self._shops) > self._remembered:
            self._shops.popitem(last=False)

    def target(self, shop: str | None = None) -> int:
        """The position a read for `shop` (any shop: None) must see."""
        with self._lock:
            if shop is None:
                return self._latest
            return max(self._last.get(shop, 0), self._unattributed)
