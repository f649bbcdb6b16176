"""FastAPI dependencies: the services and the caller's token, checked against roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from application.access import Principal
from interfaces.bootstrap import Services

bearer = HTTPBearer(auto_error=False)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_principal(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    token: Annotated[str | None, Query(include_in_schema=False)] = None,
    shop: Annotated[
        str | None,
        Query(
            max_length=128,
            description="Your shop, for the load balancer to route by (checked: 403 if not "
            "the token's). Reads then wait up to 2 s for this server's writes to be projected.",
        ),
    ] = None,
) -> Principal:
    supplied = credentials.credentials if credentials else token
    principal = services.access.authenticate(supplied or "")
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid token is needed",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if shop is not None and shop != principal.shop:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this token is not for that shop")
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*roles: str) -> object:
    def check(principal: PrincipalDep) -> Principal:
        if principal.role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"this needs the role {' or '.join(roles)}"
            )
        return principal

    return Depends(check)
