"""Who is calling: the bearer token, checked by a dependency.

FastAPI's security utilities read the credentials: `HTTPBearer` takes the token from
`Authorization: Bearer <token>` (the scheme in any case, the token stripped, as
`shared_model.web.tokens.bearer_token` reads it for the other two apps) and declares the
scheme for FastAPI's OpenAPI generator. With `auto_error=False` it leaves the refusal to
`current_user`, which answers every missing, malformed or unknown token alike: 401 with
`WWW-Authenticate`, through the app's handler of HTTPException (errors.py). An endpoint asks
for the user with a `CurrentUser` parameter; a session cookie never authenticates (there is
none).

Django counterpart: `api_endpoint` in django_app/predictions/api.py; Flask counterpart:
`token_required` in flask_app/api.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared_model.api.wire import WWW_AUTHENTICATE

from . import services
from .database import SessionDep
from .models import User

bearer = HTTPBearer(auto_error=False)


def current_user(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The active user the request's token belongs to; else 401."""
    token = credentials.credentials if credentials else None
    user = services.api_token_authenticate(session=session, token=token)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, headers={"WWW-Authenticate": WWW_AUTHENTICATE}
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]
