"""A customer's statement: JSON for the page, PDF to hand to the customer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response
from pydantic import BaseModel

from application.access import Principal
from application.statements import Statements
from domain.errors import CustomerNotFound
from infrastructure.statement_pdf import render_statement
from interfaces.deps import ServicesDep, require
from interfaces.routes.errors import AUTHENTICATED, NOT_FOUND

router = APIRouter(prefix="/api/customers", tags=["customers"], responses=AUTHENTICATED)
Reader = Annotated[Principal, require("operator", "auditor", "analyst")]


class StatementEntry(BaseModel):
    date: str
    at: str
    kind: Literal["credit", "payment", "invoice", "reversal"]
    what: str
    debit: int
    credit: int
    balance: int
    bill_number: int | None
    entry_id: str


class Totals(BaseModel):
    debit: int
    credit: int


class Share(BaseModel):
    statement_text: str
    reminder_text: str
    statement_url: str
    reminder_url: str


class CustomerMessage(BaseModel):
    message_id: str
    kind: str
    status: str
    error_code: str | None
    created_at: str


class Statement(BaseModel):
    customer_id: str
    name: str
    phone: str | None
    shop_name: str
    generated_on: str
    balance: int
    balance_text: str
    totals: Totals
    entries: list[StatementEntry]
    opted_out: bool
    share: Share
    messages: list[CustomerMessage]


PDF: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The statement; as a PDF file with `?format=pdf`.",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/{customer_id}/statement", response_model=Statement, responses=NOT_FOUND | PDF)
def customer_statement(
    customer_id: Annotated[str, Path(min_length=1, max_length=128)],
    services: ServicesDep,
    principal: Reader,
    format: Annotated[Literal["json", "pdf"], Query(description="json or pdf")] = "json",
) -> Any:
    """One customer's entries with what each was, debit/credit and the running balance."""
    statements = Statements(
        services.khata, services.projections, services.outbox, services.settings.timezone
    )
    try:
        statement = statements.statement(principal.shop, customer_id)
    except CustomerNotFound as error:
        raise HTTPException(404, str(error)) from None
    if format == "pdf":
        body = render_statement(statement)
        filename = f"hisaab-{statement['name'].replace(' ', '-')}.pdf".encode("ascii", "ignore")
        return Response(
            body,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename.decode()}"'},
        )
    return statement
