"""The security headers on the page of an unhandled exception, a 500 that the contract suite
cannot provoke over HTTP; it checks every other kind of response, the cookies and `HTTPS=1`
(tests/contract/test_security.py, tests/contract/test_https.py).

Django counterpart: none.
"""

from __future__ import annotations

from shared_model.web.security import response_headers


def test_security_headers_are_on_an_unhandled_error(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom/")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom/")

    assert response.status_code == 500
    for name, value in response_headers(secure=False).items():
        assert response.headers.get(name) == value, name
