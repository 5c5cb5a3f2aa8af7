"""`Idempotency-Key` on POST /api/v1/predict: a retry replays the first answer, stores nothing.

Every rule of the contract's "Retries without duplicates" against the running server: the
replay (same status, same body, same ids, no new row), a key reused with another body
(422), keys outside the rules (400 naming the header, nothing stored), keys per user,
refused input that keeps no key, and two requests with one key at the same moment.
"""

from __future__ import annotations

import http.client
import json
import threading
import uuid
from urllib.parse import urlsplit

import pytest

from shared_model.api.idempotency import HEADER, KEY_INVALID, MAX_KEY_LENGTH
from tools.harness.web import Api

CONCURRENT_ROUNDS = 5


def new_key() -> str:
    return f"test-{uuid.uuid4()}"


def predict(api: Api, body: dict, key: str) -> object:
    return api.post("/api/v1/predict", json=body, headers={HEADER: key})


def raw_predict(server, token: str, body: bytes, keys: list[str]) -> tuple[int, bytes]:
    """(status, body) of a predict request sending each of `keys` as a header of its own,
    which a dictionary of headers cannot."""
    url = urlsplit(server.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        connection.putrequest("POST", "/api/v1/predict")
        connection.putheader("Authorization", f"Bearer {token}")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        for key in keys:
            connection.putheader(HEADER, key)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def batch(flowers):
    return {"instances": flowers * 4}


def test_a_retried_single_prediction_gets_the_first_answer_and_stores_nothing(api, setosa):
    key = new_key()
    first = predict(api, {"features": setosa}, key)
    stored = api.count()

    again = predict(api, {"features": setosa}, key)

    assert first.status_code == 200
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert api.count() == stored


def test_a_retried_batch_gets_the_first_answer_and_stores_nothing(api, batch):
    key = new_key()
    first = predict(api, batch, key)
    stored = api.count()

    again = predict(api, batch, key)

    assert first.status_code == 200
    assert again.status_code == 200
    assert [p["id"] for p in again.json()["predictions"]] == [
        p["id"] for p in first.json()["predictions"]
    ]
    assert again.content == first.content
    assert api.count() == stored


def test_the_first_answer_is_stored_like_any_other(api, batch):
    answer = predict(api, batch, new_key()).json()

    newest = api.page()["results"]

    assert {p["id"] for p in answer["predictions"]} <= {p["id"] for p in newest}


def test_the_same_body_without_the_key_stores_anew(api, setosa):
    key = new_key()
    first = predict(api, {"features": setosa}, key)
    stored = api.count()

    plain = api.predict({"features": setosa})

    assert plain.status_code == 200
    assert plain.json()["id"] != first.json()["id"]
    assert api.count() == stored + 1


def test_the_same_key_with_another_body_is_422_and_stores_nothing(api, setosa, flowers):
    key = new_key()
    assert predict(api, {"features": setosa}, key).status_code == 200
    stored = api.count()

    reused = predict(api, {"features": flowers[1]}, key)
    as_batch = predict(api, {"instances": [setosa]}, key)

    assert reused.status_code == 422
    assert reused.json()["error"] == "idempotency_key_reused"
    assert set(reused.json()) == {"error", "message", "details"}
    assert as_batch.status_code == 422
    assert api.count() == stored


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param("k" * (MAX_KEY_LENGTH + 1), id="256-characters"),
        pytest.param("cl\u00e9", id="non-ascii"),
        pytest.param("a\tb", id="tab"),
    ],
)
def test_a_key_outside_the_rules_is_400_naming_the_header_and_stores_nothing(api, setosa, key):
    stored = api.count()

    response = predict(api, {"features": setosa}, key)

    assert response.status_code == 400
    assert response.json()["error"] == "validation_error"
    assert response.json()["details"] == {HEADER: KEY_INVALID}
    assert api.count() == stored


@pytest.mark.parametrize(
    "key", [pytest.param("a\x01b", id="control-character"), pytest.param("a\x7fb", id="delete")]
)
def test_a_key_the_http_server_refuses_is_400_and_stores_nothing(api, setosa, key):
    # gunicorn refuses a header value holding a control character other than a tab before
    # any app sees it, with its own 400 page; a tab reaches the app (the test above).
    stored = api.count()

    response = predict(api, {"features": setosa}, key)

    assert response.status_code == 400
    assert api.count() == stored


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("k", id="one-character"),
        pytest.param("k" * MAX_KEY_LENGTH, id="255-characters"),
        pytest.param("a b~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", id="punctuation-and-space"),
    ],
)
def test_a_key_inside_the_rules_is_taken(api, setosa, key):
    stored = api.count()

    first = predict(api, {"features": setosa}, key)
    again = predict(api, {"features": setosa}, key)

    assert first.status_code == 200
    assert again.content == first.content
    assert api.count() == stored + 1


def test_a_key_sent_twice_is_one_key_of_both_values_joined_with_a_comma(server, member, setosa):
    body = json.dumps({"features": setosa}).encode()
    key = new_key()
    stored = member.api.count()

    twice = raw_predict(server, member.token, body, [key, "part-two"])
    joined = raw_predict(server, member.token, body, [f"{key},part-two"])
    first_alone = raw_predict(server, member.token, body, [key])

    assert twice[0] == joined[0] == first_alone[0] == 200
    assert joined[1] == twice[1]
    assert first_alone[1] != twice[1]
    assert member.api.count() == stored + 2


def test_a_415_keeps_no_key(api, setosa):
    key = new_key()
    stored = api.count()

    refused = api.post(
        "/api/v1/predict",
        data=json.dumps({"features": setosa}),
        headers={HEADER: key, "Content-Type": "text/plain"},
    )
    accepted = predict(api, {"features": setosa}, key)

    assert refused.status_code == 415
    assert accepted.status_code == 200
    assert api.count() == stored + 1


def test_a_bad_key_is_named_before_a_bad_body(api):
    response = api.post(
        "/api/v1/predict",
        data=b"{not json",
        headers={HEADER: "", "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["details"] == {HEADER: KEY_INVALID}


def test_keys_are_per_user(api, other_member, setosa):
    key = new_key()
    mine = predict(api, {"features": setosa}, key)
    others_before = other_member.api.count()

    theirs = predict(other_member.api, {"features": setosa}, key)
    other_body = predict(other_member.api, {"instances": [setosa]}, new_key())

    assert theirs.status_code == 200
    assert theirs.json()["id"] != mine.json()["id"]
    assert other_body.status_code == 200
    assert other_member.api.count() == others_before + 2


def test_refused_input_keeps_no_key(api, setosa):
    key = new_key()
    stored = api.count()

    refused = predict(api, {"features": {**setosa, "petal_width": 99}}, key)
    corrected = predict(api, {"features": setosa}, key)
    again = predict(api, {"features": setosa}, key)

    assert refused.status_code == 400
    assert corrected.status_code == 200
    assert again.content == corrected.content
    assert api.count() == stored + 1


def test_an_oversized_batch_keeps_no_key(api, setosa):
    key = new_key()
    stored = api.count()

    refused = predict(api, {"instances": [setosa] * 1001}, key)
    accepted = predict(api, {"instances": [setosa] * 1000}, key)

    assert refused.status_code == 413
    assert accepted.status_code == 200
    assert api.count() == stored + 1000


def test_a_replay_needs_the_token_of_its_user(api, anonymous_api, setosa):
    key = new_key()
    predict(api, {"features": setosa}, key)

    response = predict(anonymous_api, {"features": setosa}, key)

    assert response.status_code == 401


def test_two_requests_with_one_key_at_once_store_once(api, batch):
    # Several rounds, each with a new key: the two requests meet at a different moment of
    # the first one's work each time.
    for _ in range(CONCURRENT_ROUNDS):
        key = new_key()
        stored = api.count()
        barrier = threading.Barrier(2)
        answers: list = [None, None]

        def send(slot: int, key=key, barrier=barrier, answers=answers) -> None:
            barrier.wait()
            answers[slot] = predict(api, batch, key)

        threads = [threading.Thread(target=send, args=(slot,)) for slot in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert api.count() == stored + len(batch["instances"])
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses in ([200, 200], [200, 409]), statuses
        if statuses == [200, 200]:
            assert answers[0].content == answers[1].content
        else:
            in_use = next(answer for answer in answers if answer.status_code == 409)
            assert in_use.json()["error"] == "idempotency_key_in_use"
            # Its retry, once the first is stored, is the replay.
            done = next(answer for answer in answers if answer.status_code == 200)
            assert predict(api, batch, key).content == done.content
