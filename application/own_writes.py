"""Reads that trust the aggregate cache: for aggregates no other process writes, what this
process last read or saved is the latest, so no query asks the store for newer events."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from copy import deepcopy
from typing import Any
from uuid import UUID

from eventsourcing.application import LRUCache

from application.replay import FastRepository


class NewestFirst(LRUCache[UUID, Any]):
    """The library's LRU cache, keeping the newer of two copies of an aggregate: a read begun
    before a save may put its older copy after the save put the newer one."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize)
        self._putting = threading.Lock()

    def put(self, key: UUID, value: Any) -> Any:
        with self._putting:
            link = self.cache.get(key)
            kept = link[self.RESULT] if link is not None else None
            if kept is not None and not kept.pending_events and kept.version >= value.version:
                return None, None
            return super().put(key, value)


class OwnWritesRepository(FastRepository):
    """The library's cached repository (with fast-forward: `get` asks the store for the
    events stored since the cached version) whose cache also takes what this process saves,
    plus `known`: the cached copy as it is, without that query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.cache, LRUCache):
            self.cache = NewestFirst(self.cache.maxsize)

    def get(self, aggregate_id: UUID, **options: Any) -> Any:
        self._cached(aggregate_id)  # a copy changed since its save must not be fast-forwarded
        return super().get(aggregate_id, **options)

    def known(self, aggregate_id: UUID) -> Any:
        """Only for an aggregate that no other process writes (its shop's owner reads it):
        another process's write is not seen until the next `get`."""
        cached = self._cached(aggregate_id)
        if cached is None:
            return self.get(aggregate_id)
        return deepcopy(cached) if self.deepcopy_from_cache else cached

    def saved(self, aggregates: Iterable[Any]) -> None:
        """Aggregates this process has just saved: the cache keeps them (the newest copy)."""
        if not self.cache:
            return
        for aggregate in aggregates:
            if not isinstance(aggregate, self.uncached):
                self.cache.put(aggregate.id, aggregate)

    def forget(self) -> None:
        """Drop every cached aggregate: other processes may have written them (a shop taken
        over from another process)."""
        if isinstance(self.cache, LRUCache):
            self.cache = NewestFirst(self.cache.maxsize)

    def _cached(self, aggregate_id: UUID) -> Any:
        if not self.cache:
            return None
        try:
            aggregate: Any = self.cache.get(aggregate_id)
        except KeyError:
            return None
        if aggregate.pending_events:
            # Changed after its save by whoever saved it, and not saved again: not a state the
            # store holds, so it is read again from the store.
            with contextlib.suppress(KeyError):
                self.cache.get(aggregate_id, evict=True)
            return None
        return aggregate
