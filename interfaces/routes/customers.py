"""Customers of the caller's shop: balances and each customer's ledger."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel

from application.access import Principal
from domain.errors import CustomerNotFound
from domain.money import format_rupees
from interfaces.deps import ServicesDep, require
from interfaces.routes.errors import AUTHENTICATED, NOT_FOUND

router = APIRouter(prefix="/api/customers", tags=["customers"], responses=AUTHENTICATED)
Reader = Annotated[Principal, require("operator", "auditor", "analyst")]


class CustomerBalance(BaseModel):
    customer_id: str
    name: str
    balance: int
    balance_text: str
    phone: str | None = None


class LedgerEntry(BaseModel):
    entry_id: str
    kind: str
    amount: int
    effect: int
    mode: str | None
    at: str
    reversed: bool
    items: list[dict[str, Any]]


class CustomerLedger(BaseModel):
    customer_id: str
    name: str
    balance: int
    balance_text: str
    entries: list[LedgerEntry]


@router.get("", response_model=list[CustomerBalance])
def list_customers(services: ServicesDep, principal: Reader) -> list[dict[str, Any]]:
    """Every active customer of your shop with the balance owed (paise), highest first."""
    rows = services.reports.balances(principal.shop)
    return [row | {"balance_text": format_rupees(row["balance"])} for row in rows]


@router.get("/{customer_id}/ledger", response_model=CustomerLedger, responses=NOT_FOUND)
def customer_ledger(
    customer_id: Annotated[str, Path(min_length=1, max_length=128)],
    services: ServicesDep,
    principal: Reader,
) -> dict[str, Any]:
    """One customer's entries in the order they happened."""
    try:
        ledger = services.reports.ledger(principal.shop, customer_id)
    except CustomerNotFound as error:
        raise HTTPException(404, str(error)) from None
    return ledger | {"balance_text": format_rupees(ledger["balance"])}
