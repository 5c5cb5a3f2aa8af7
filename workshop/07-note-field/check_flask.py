"""Check of exercise 07 in Flask: a `note` on each prediction, from the model to the API."""

from __future__ import annotations

import re

import pytest

from workshop.support import SETOSA

NOTE = "Picked by the pond <north side>"


def _predict(client, note):
    from sqlalchemy import select

    from flask_app.extensions import db
    from flask_app.models import Prediction

    response = client.post("/predict/", data={**SETOSA, "note": note})
    if response.status_code == 400 and "Unknown field: note" in response.text:
        pytest.fail("The predict form has no `note` field yet (forms.py).")
    db.session.expire_all()
    return response, db.session.scalars(select(Prediction).order_by(Prediction.id.desc())).first()


def test_the_model_change_has_its_migration(flask_ctx):
    from sqlalchemy import inspect

    from flask_app.extensions import db
    from flask_app.models import Prediction

    assert "note" in Prediction.__table__.columns, "Prediction has no `note` column yet."
    columns = {column["name"] for column in inspect(db.engine).get_columns("prediction")}
    assert "note" in columns, (
        "After `flask db upgrade` the table has no note column: write the migration "
        "(`flask --app flask_app db migrate -m ...`, then read and tidy what it wrote)."
    )


def test_the_predict_form_stores_the_note_and_the_page_shows_it(flask_client_for, flask_user):
    client = flask_client_for(flask_user())
    response, prediction = _predict(client, NOTE)
    assert response.status_code == 303, f"The predict form answered {response.status_code}."
    assert prediction.note == NOTE, "The note typed in the form is stored with the prediction."
    page = client.get(f"/predictions/{prediction.id}/").text
    assert "Picked by the pond &lt;north side&gt;" in page, (
        "The prediction's page shows its note (escaped, as every text from a user)."
    )


def test_a_note_is_optional_and_at_most_200_characters(flask_client_for, flask_user):
    from sqlalchemy import func, select

    from flask_app.extensions import db
    from flask_app.models import Prediction

    client = flask_client_for(flask_user())
    response, prediction = _predict(client, "")
    assert response.status_code == 303 and prediction.note == "", "No note is fine."
    response, _ = _predict(client, "x" * 201)
    assert response.status_code == 400, "A note over 200 characters is refused with 400."
    assert 'id="note-error"' in response.text, "Its error is beside the field."
    assert "At most 200 characters." in response.text, (
        "Both apps say it in the same words: put the limit and its message in shared_model."
    )
    count = db.session.scalar(select(func.count()).select_from(Prediction))
    assert count == 1, "A refused note stores nothing."


def test_the_admin_searches_the_notes(flask_client_for, flask_user):
    _predict(flask_client_for(flask_user()), NOTE)
    staff = flask_client_for(flask_user("sam", is_staff=True))
    page = staff.get("/admin/prediction/", query_string={"search": "pond"}).text
    found = set(re.findall(r"details/\?id=(\d+)", page))
    assert len(found) == 1, "The admin's search finds a prediction by the words of its note."
    details = staff.get(f"/admin/prediction/details/?id={found.pop()}").text
    assert "Picked by the pond" in details, "The admin's details page shows the note."


def test_the_api_answers_the_note_and_documents_it(flask_client_for, flask_user):
    from flask_app import services
    from shared_model.api.openapi import OPENAPI_DOCUMENT

    alice = flask_user()
    _predict(flask_client_for(alice), NOTE)
    token = services.api_token_issue(user=alice)
    api = flask_client_for()
    body = api.get("/api/v1/predictions", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body["results"][0].get("note") == NOTE, (
        "A prediction's JSON has its note (shared_model/api/wire.py writes that JSON)."
    )
    schema = OPENAPI_DOCUMENT["components"]["schemas"]["Prediction"]["properties"]
    assert schema.get("note", {}).get("type") == "string", (
        "Document `note` in the Prediction schema of shared_model/api/openapi.py."
    )
