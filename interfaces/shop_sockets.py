"""The open WebSockets of each shop, so that a shop moving to another process closes them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fastapi import WebSocket

MOVED = 4409  # "this shop moved: reconnect and resume" (docs/protocol.md)


class ShopSockets:
    def __init__(self) -> None:
        self.open: dict[str, set[WebSocket]] = {}

    @contextlib.contextmanager
    def held(self, shop: str, websocket: WebSocket) -> Iterator[None]:
        self.open.setdefault(shop, set()).add(websocket)
        try:
            yield
        finally:
            self.open.get(shop, set()).discard(websocket)

    async def close(self, shop: str) -> None:
        """Close every socket of the shop with 4409: its client reconnects and resumes."""
        for websocket in list(self.open.pop(shop, ())):
            with contextlib.suppress(RuntimeError, OSError):
                await websocket.close(MOVED, "this shop moved: reconnect and resume")
