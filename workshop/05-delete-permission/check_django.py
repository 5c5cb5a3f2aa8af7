"""Check of exercise 05 in Django: who may delete a prediction."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA, html, send_with_token, shown, submit


@pytest.fixture
def alice_and_bob(django_user):
    from django_app.predictions import services

    alice, bob = django_user("alice"), django_user("bob")
    plain = services.prediction_create(user=alice, features=SETOSA)
    judged = services.prediction_create(user=alice, features=SETOSA)
    services.prediction_feedback_record(prediction=judged, true_label="setosa")
    return alice, bob, plain.pk, judged.pk


BUTTON = (
    'The prediction\'s page has no delete button yet: a form with method="post" and '
    'action="/predictions/<id>/delete/", with its CSRF token.'
)


def _exists(prediction: int) -> bool:
    from django_app.predictions.models import Prediction

    return Prediction.objects.filter(pk=prediction).exists()


def _delete_url(prediction: int) -> str:
    return f"/predictions/{prediction}/delete/"


def _answered(response) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" to {location}" if location else "")


def test_owner_deletes_with_the_pages_button_and_a_message(django_client_for, alice_and_bob):
    alice, _, plain, _ = alice_and_bob
    client = django_client_for(alice)
    url = _delete_url(plain)
    assert f'action="{url}"' in client.get(f"/predictions/{plain}/").text, BUTTON
    response = submit(client, f"/predictions/{plain}/", {}, action=url)
    assert response.status_code != 404, f"POST {url} answers 404: add the URL and its view."
    assert (response.status_code, response.headers.get("Location")) == (303, "/predictions/"), (
        f"After deleting, answer 303 to the history page, /predictions/; it answered "
        f"{_answered(response)}."
    )
    assert not _exists(plain), "The prediction is still there after its owner deleted it."
    messages = [
        item.get_text(" ", strip=True)
        for item in html(client.get("/predictions/")).select(".messages li")
    ]
    assert any("deleted" in message.lower() for message in messages), (
        "The history page then says the prediction was deleted, with a message "
        f"(django.contrib.messages); it shows {shown(messages)}."
    )


def test_anonymous_visitor_is_sent_to_login(django_client_for, alice_and_bob):
    _, _, plain, _ = alice_and_bob
    response = send_with_token(django_client_for(), "POST", _delete_url(plain))
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"], (
        f"An anonymous visitor is sent to the login page; it answered {_answered(response)}."
    )
    assert _exists(plain), "An anonymous visitor deleted a prediction."


def test_another_user_gets_404_and_nothing_is_deleted(django_client_for, alice_and_bob):
    _, bob, plain, _ = alice_and_bob
    response = send_with_token(django_client_for(bob), "POST", _delete_url(plain))
    assert _exists(plain), "Bob deleted Alice's prediction: fetch it by id *and* owner."
    assert response.status_code == 404, (
        f"Another user's prediction is a 404, as on its page; it answered {_answered(response)}."
    )


def test_a_prediction_with_feedback_is_kept_403(django_client_for, alice_and_bob):
    alice, _, _, judged = alice_and_bob
    response = send_with_token(django_client_for(alice), "POST", _delete_url(judged))
    assert _exists(judged), "A prediction with feedback was deleted."
    assert response.status_code == 403, (
        "A prediction with feedback counts in the live accuracy: even its owner may not "
        f"delete it (403, the error page); it answered {_answered(response)}."
    )


def test_get_is_not_allowed(django_client_for, alice_and_bob):
    alice, _, plain, _ = alice_and_bob
    response = django_client_for(alice).get(_delete_url(plain))
    assert _exists(plain), "A GET deleted the prediction: deleting changes data, so POST only."
    assert response.status_code == 405, (
        f"Deleting changes data: only POST, a GET is a 405; it answered {_answered(response)}."
    )


def test_detail_page_offers_the_button_only_when_allowed(django_client_for, alice_and_bob):
    alice, _, plain, judged = alice_and_bob
    client = django_client_for(alice)
    page = client.get(f"/predictions/{plain}/").text
    assert f'action="{_delete_url(plain)}"' in page, BUTTON
    judged_page = client.get(f"/predictions/{judged}/").text
    assert "/delete/" not in judged_page, "No delete button where deleting is refused."
