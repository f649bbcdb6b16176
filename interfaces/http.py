"""The FastAPI application: health, metrics, HTTP API and the web client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from infrastructure.settings import Settings
from interfaces import ws
from interfaces.bootstrap import Services, bootstrap
from interfaces.routes import analytics, audit, customers, operations

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or bootstrap(settings)
        app.state.services.projections.poke()  # catch the read models up at start
        await app.state.services.engine.recover()
        try:
            yield
        finally:
            # Tasks still running finish (their events stored) before the store closes.
            await app.state.services.engine.drain()
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="Bolkhata",
        summary="Voice backend for the credit ledgers (khata) of Indian shops.",
        lifespan=lifespan,
    )
    app.include_router(customers.router)
    app.include_router(audit.router)
    app.include_router(analytics.router)
    app.include_router(ws.router)
    app.include_router(operations.router)

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/metrics", tags=["operations"], response_class=Response)
    def metrics() -> Response:
        """Prometheus metrics of this process."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    # The web client: plain files, no build step; under /static so no API path is shadowed.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False, response_class=FileResponse)
    def web_client() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app
