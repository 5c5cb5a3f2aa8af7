"""Two pure-ASGI middlewares: the security headers on every response, and the body size limit.

Plain ASGI classes (an app in, an app out) rather than Starlette's `BaseHTTPMiddleware`,
which runs the app in a task of its own (context variables set inside do not come back
out), buffers nothing but costs a task per request, and cannot refuse a body as it arrives.

The headers' values come from `shared_model.web.security`, the same ones Django's middleware
and Flask's `after_request` hook send. Starlette's own 500 answer comes from its outermost
layer, outside any middleware of the app, so errors.py puts the same headers on it.

Django counterpart: SecurityMiddleware, XFrameOptionsMiddleware and
django_app/predictions/security.py, and `DATA_UPLOAD_MAX_MEMORY_SIZE`; Flask counterpart:
`_init_security_headers` in flask_app/__init__.py, and `MAX_CONTENT_LENGTH`.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared_model.web import security

Headers = list[tuple[bytes, bytes]]


def _encoded(headers: dict[str, str]) -> Headers:
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]


PLAIN_HEADERS = _encoded(security.response_headers(secure=False))
SECURE_HEADERS = _encoded(security.response_headers(secure=True))


def security_headers(scope: Scope, *, https: bool) -> Headers:
    """The headers of a response to `scope`; HSTS only with HTTPS=1 and over https (the
    server takes the scheme from a trusted proxy's X-Forwarded-Proto), as Django's
    SecurityMiddleware: the app never redirects."""
    return SECURE_HEADERS if https and scope.get("scheme") == "https" else PLAIN_HEADERS


class SecurityHeaders:
    """Add the security headers to every response that does not set them itself."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope, https=self.https)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(header for header in extra if header[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimit:
    """Refuse a request body over `limit` bytes with Starlette's HTTPException(413), raised
    where the app reads the body: a declared Content-Length over the limit before a byte is
    read, a chunked body as soon as it passes the limit.

    Raised in the reading, not answered up front, so that the endpoint's earlier checks (the
    token: 401) come first, as in the other apps; the app's handler of HTTPException answers
    the contract's 413 `too_large` (errors.py). A body that is never read costs nothing.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next(
            (value for name, value in scope["headers"] if name == b"content-length"), None
        )
        declared_too_large = (
            declared is not None and declared.isdigit() and int(declared) > self.limit
        )
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared_too_large:
                raise HTTPException(413)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413)
            return message

        await self.app(scope, limited_receive, send)
