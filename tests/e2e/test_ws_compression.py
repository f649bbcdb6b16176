"""WebSocket compression is off by default (a zlib pair per connection is half an idle
session's memory) and on with BOLKHATA_WS_PER_MESSAGE_DEFLATE; frames flow either way."""

from __future__ import annotations

import json

import pytest
import websockets

from tests.e2e.server import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize(("setting", "negotiated"), [(None, False), ("true", True)])
async def test_deflate_is_negotiated_only_when_asked_for(
    seeded: tuple[str, str], setting: str | None, negotiated: bool
) -> None:
    database_url, token = seeded
    env = {"BOLKHATA_WS_PER_MESSAGE_DEFLATE": setting} if setting else {}
    with running_server(database_url, env) as base:
        url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
        async with websockets.connect(url) as ws:  # the client offers permessage-deflate
            extensions = ws.response.headers.get("Sec-WebSocket-Extensions") or ""
            assert ("permessage-deflate" in extensions) is negotiated
            assert json.loads(await ws.recv())["type"] == "session:ready"
            await ws.send(json.dumps({"type": "ping"}))
            while json.loads(await ws.recv())["type"] != "pong":
                pass
