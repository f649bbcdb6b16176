"""Shop ownership: which process may change a shop's conversations (the port, and one process).

On PostgreSQL (infrastructure/ownership.py) a process owns a shop while it holds an advisory
lock; another process that gets a socket for the shop asks it to hand over. On SQLite there is
one process and it owns every shop: nothing is claimed, nothing is fenced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ShopUnavailable(RuntimeError):
    """The shop could not be taken over now (the database is away): try again later."""


class OwnershipEvents(Protocol):
    """What the owner is told, from a thread of the ownership's own."""

    def hand_over_requested(self, shop: str) -> None:
        """Another process wants the shop: finish, flush, close its sockets, then release."""
        ...

    def shops_lost(self, shops: Sequence[str]) -> None:
        """The locks are gone (the connection broke): the shops are no longer this process's."""
        ...


class ShopOwnership(Protocol):
    """One process owns a shop at a time; `fenced` when several processes share the store."""

    name: str  # this process, as written in Conversation.OwnerClaimed
    fenced: bool

    def start(self, events: OwnershipEvents) -> None: ...

    def owns(self, shop: str) -> bool:
        """From memory, cheap: the shop is held and the hold was confirmed recently."""
        ...

    def confirm(self, shop: str) -> bool:
        """Blocking: look at the lock's connection now (after a pause, say); True if held."""
        ...

    def acquire(self, shop: str) -> bool:
        """Blocking: own the shop, asking its owner to hand it over (and past a deadline
        cutting the owner off); True when newly acquired. Raises ShopUnavailable."""
        ...

    def release(self, shop: str) -> None:
        """Blocking: let the shop go (after a hand-over)."""
        ...

    def owned(self) -> list[str]: ...

    def close(self) -> None: ...


class LocalOwnership:
    """One process on one store: it owns every shop, and nothing needs fencing."""

    fenced = False

    def __init__(self, name: str = "local") -> None:
        self.name = name
        self.held: set[str] = set()

    def start(self, events: OwnershipEvents) -> None:
        pass

    def owns(self, shop: str) -> bool:
        return True

    def confirm(self, shop: str) -> bool:
        return True

    def acquire(self, shop: str) -> bool:
        fresh = shop not in self.held
        self.held.add(shop)
        return fresh

    def release(self, shop: str) -> None:
        self.held.discard(shop)

    def owned(self) -> list[str]:
        return sorted(self.held)

    def close(self) -> None:
        pass
