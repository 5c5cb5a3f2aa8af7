"""The admin's door: staff only, whichever admin the framework brings."""

from __future__ import annotations

import pytest

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = pytest.mark.pages


@pytest.mark.security
def test_admin_sends_an_anonymous_visitor_to_login(client):
    response = client.get("/admin/")

    assert client.login_redirect_next(response) == "/admin/"


@pytest.mark.security
def test_admin_refuses_a_member_who_is_not_staff(member):
    response = member.client.get("/admin/")

    assert response.status_code == 403


@pytest.mark.security
def test_admin_opens_for_staff(staff):
    response = staff.client.get("/admin/")

    assert response.status_code == 200
