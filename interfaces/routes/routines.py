"""Routines of the caller's shop (README "Routines"): list, create, change, delete.

The same use cases as the spoken commands (application/routines.py): a step must be a command
the parser knows, so a routine saved here runs as it would by voice.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Response
from pydantic import BaseModel, Field

from application.access import Principal
from application.routines import Routines
from domain.errors import DomainError
from domain.language import parse
from domain.routines import (
    MAX_NAME_CHARS,
    MAX_STEP_CHARS,
    MAX_STEPS,
    DuplicateRoutine,
    RoutineNotFound,
)
from interfaces.deps import ServicesDep, require
from interfaces.routes.errors import AUTHENTICATED, NOT_FOUND, Problem

router = APIRouter(prefix="/api/routines", tags=["routines"], responses=AUTHENTICATED)
Operator = Annotated[Principal, require("operator")]
Step = Annotated[str, Field(min_length=1, max_length=MAX_STEP_CHARS)]
Name = Annotated[str, Path(min_length=1, max_length=MAX_NAME_CHARS)]
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "A routine by that name exists already."}
}
UNUSABLE: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "A step is not a command the parser knows."}
}


class RoutineIn(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, examples=["Rahul"])
    steps: list[Step] = Field(
        min_length=1, max_length=MAX_STEPS, examples=[["balance batao", "100 udhaar likho"]]
    )


class StepsIn(BaseModel):
    steps: list[Step] = Field(min_length=1, max_length=MAX_STEPS)


class RoutineOut(BaseModel):
    key: str
    name: str
    steps: list[str]


def _routines(services: ServicesDep) -> Routines:
    return Routines(services.store, parse)


def _refused(error: DomainError) -> HTTPException:
    if isinstance(error, RoutineNotFound):
        return HTTPException(404, str(error))
    if isinstance(error, DuplicateRoutine):
        return HTTPException(409, str(error))
    return HTTPException(400, str(error))


def _out(result: dict[str, Any]) -> dict[str, Any]:
    return {"key": result["key"], "name": result["routine"], "steps": result["steps"]}


@router.get("", response_model=list[RoutineOut])
def list_routines(services: ServicesDep, principal: Operator) -> list[dict[str, Any]]:
    """Your shop's routines by name, each with its steps as spoken."""
    try:
        return _routines(services).all(principal.shop)
    except RoutineNotFound:
        return []  # a shop with no directory yet has no routines


@router.post(
    "", response_model=RoutineOut, status_code=201, responses=CONFLICT | UNUSABLE | NOT_FOUND
)
def create_routine(body: RoutineIn, services: ServicesDep, principal: Operator) -> dict[str, Any]:
    """A new routine; run it by saying its name ("Rahul routine")."""
    try:
        made = _routines(services).create(
            principal.shop, body.name, body.steps, services.clock.now()
        )
    except DomainError as error:
        raise _refused(error) from None
    return _out(made)


@router.put("/{name}", response_model=RoutineOut, responses=NOT_FOUND | UNUSABLE)
def change_routine(
    name: Name, body: StepsIn, services: ServicesDep, principal: Operator
) -> dict[str, Any]:
    """New steps for a routine, found by its name ("subah wala" and "subah" are one)."""
    try:
        changed = _routines(services).change(principal.shop, name, body.steps, services.clock.now())
    except DomainError as error:
        raise _refused(error) from None
    return _out(changed)


@router.delete("/{name}", status_code=204, response_class=Response, responses=NOT_FOUND)
def delete_routine(name: Name, services: ServicesDep, principal: Operator) -> Response:
    """Forget a routine; its past runs stay in the conversations that made them."""
    try:
        _routines(services).delete(principal.shop, name)
    except DomainError as error:
        raise _refused(error) from None
    return Response(status_code=204)
