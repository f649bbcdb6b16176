"""The FastAPI application: health, metrics, HTTP API and the web client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.types import Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from infrastructure.settings import Settings
from interfaces import ws
from interfaces.bootstrap import Services, bootstrap
from interfaces.routes import (
    analytics,
    audit,
    customers,
    messages,
    operations,
    routines,
    statements,
)

STATIC = Path(__file__).parent / "static"


class App(FastAPI):
    """FastAPI, with `/ws/voice` taken before the middleware stack (why: `ws.serve`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == scope.get("root_path", "") + ws.PATH:
            scope["app"] = self  # what the endpoint reads the services from, as Starlette sets it
            await ws.serve(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(
    settings: Settings | None = None,
    services: Services | None = None,
    *,
    create_tables: bool = True,
    own_shops: bool = False,
) -> FastAPI:
    """`create_tables` off: the tables must be there (`bolkhata migrate`, PostgreSQL);
    `own_shops`: this server owns the shops it serves (several servers, PostgreSQL)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or bootstrap(
            settings, create_tables=create_tables, own_shops=own_shops, serving=True
        )
        app.state.services.projections.poke()  # catch the read models up at start
        engine = app.state.services.engine
        engine.start()
        if not engine.ownership.fenced:
            await engine.recover()  # one process: every shop now (else each on acquisition)
        delivery = app.state.services.delivery
        if delivery is not None:
            delivery.start()  # due reminders and queued messages, with or without sessions
        try:
            yield
        finally:
            if delivery is not None:
                await delivery.stop()
            # Tasks still running finish (their events stored) before the store closes.
            await app.state.services.engine.drain()
            if owned:
                app.state.services.close()

    app = App(
        title="Bolkhata",
        summary="Voice backend for the credit ledgers (khata) of Indian shops.",
        lifespan=lifespan,
        docs_url=None,  # served below from the packaged Swagger UI, not from a CDN
        redoc_url=None,
    )
    app.include_router(customers.router)
    app.include_router(audit.router)
    app.include_router(analytics.router)
    app.include_router(operations.router)
    app.include_router(messages.router)
    app.include_router(statements.router)
    app.include_router(routines.router)

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers (on its event loop: no thread-pool wait)."""
        return {"status": "ok"}

    @app.get("/metrics", tags=["operations"], response_class=Response)
    def metrics() -> Response:
        """Prometheus metrics of this process (README: Metrics)."""
        current: Services = app.state.services
        return Response(current.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    # Swagger UI's own files from the swagger-ui-bundle-v2 package: /docs works offline.
    app.mount("/swagger-ui", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/swagger-ui/favicon-32x32.png",
            oauth2_redirect_url=None,
        )

    # The web client: plain files, no build step; under /static so no API path is shadowed.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False, response_class=FileResponse)
    def web_client() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app
