"""Check of exercise 05 in Flask: who may delete a prediction."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA


@pytest.fixture
def alice_and_bob(flask_user):
    from flask_app import services

    alice, bob = flask_user("alice"), flask_user("bob")
    plain = services.prediction_create(user=alice, features=SETOSA)
    judged = services.prediction_create(user=alice, features=SETOSA)
    services.prediction_feedback_record(prediction=judged, true_label="setosa")
    return alice, bob, plain.id, judged.id


def _exists(prediction: int) -> bool:
    from flask_app.extensions import db
    from flask_app.models import Prediction

    db.session.expire_all()
    return db.session.get(Prediction, prediction) is not None


def _delete(client, prediction: int):
    response = client.post(f"/predictions/{prediction}/delete/")
    return response


def test_owner_deletes_a_prediction_without_feedback(flask_client_for, alice_and_bob):
    alice, _, plain, _ = alice_and_bob
    response = _delete(flask_client_for(alice), plain)
    assert response.status_code != 404, (
        "POST /predictions/<id>/delete/ answers 404: add the URL and its view."
    )
    assert response.status_code == 303, "After deleting, answer 303 to the history page."
    assert response.headers["Location"] == "/predictions/"
    assert not _exists(plain), "The prediction should be gone."


def test_another_user_gets_404_and_nothing_is_deleted(flask_client_for, alice_and_bob):
    _, bob, plain, _ = alice_and_bob
    assert _delete(flask_client_for(), plain).status_code == 302, (
        "An anonymous visitor is sent to the login page."
    )
    response = _delete(flask_client_for(bob), plain)
    assert response.status_code == 404, "Another user's prediction is a 404, as on its page."
    assert _exists(plain)


def test_a_prediction_with_feedback_is_kept_403(flask_client_for, alice_and_bob):
    alice, _, _, judged = alice_and_bob
    response = _delete(flask_client_for(alice), judged)
    assert response.status_code == 403, (
        "A prediction with feedback counts in the live accuracy: even its owner may not "
        f"delete it (403). Got {response.status_code}."
    )
    assert _exists(judged)


def test_get_is_not_allowed(flask_client_for, alice_and_bob):
    alice, _, plain, _ = alice_and_bob
    response = flask_client_for(alice).get(f"/predictions/{plain}/delete/")
    assert response.status_code == 405, "Deleting changes data: only POST, GET is a 405."
    assert _exists(plain)


def test_detail_page_offers_the_button_only_when_allowed(flask_client_for, alice_and_bob):
    alice, _, plain, judged = alice_and_bob
    client = flask_client_for(alice)
    action = f'action="/predictions/{plain}/delete/"'
    assert action in client.get(f"/predictions/{plain}/").text, (
        f"The prediction's page needs a form with {action} (and its CSRF token)."
    )
    judged_page = client.get(f"/predictions/{judged}/").text
    assert "/delete/" not in judged_page, "No delete button where deleting is refused."
