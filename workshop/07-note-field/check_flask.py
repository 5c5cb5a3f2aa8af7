"""Check of exercise 07 in Flask: a `note` on each prediction, from the model to the API."""

from __future__ import annotations

import re

import pytest

from workshop.support import SETOSA, shown

from .shared_checks import (
    NOTE,
    TYPED,
    check_the_api,
    check_the_openapi_document,
    check_the_page_shows_it,
    check_the_refusal,
    check_the_stored_note,
    predict_with_note,
)


def _newest():
    from sqlalchemy import select

    from flask_app.extensions import db
    from flask_app.models import Prediction

    db.session.expire_all()
    return db.session.scalars(select(Prediction).order_by(Prediction.id.desc())).first()


def _columns() -> set[str]:
    from sqlalchemy import inspect

    from flask_app.extensions import db

    return {column["name"] for column in inspect(db.engine).get_columns("prediction")}


def test_the_model_change_has_its_migration(flask_ctx):
    from flask_app.models import Prediction

    assert "note" in Prediction.__table__.columns, "Prediction has no `note` column yet."
    assert "note" in _columns(), (
        "After `flask db upgrade` the table has no note column: write the migration "
        '(`make db-migrate M="prediction notes"`, then read and tidy what it wrote).'
    )


def test_the_migration_runs_on_a_table_that_holds_rows(flask_ctx, flask_user):
    """Back to before the note, with predictions stored, then `flask db upgrade` again."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import select

    from flask_app import services
    from flask_app.extensions import db
    from flask_app.models import Prediction

    alice = flask_user()
    kept = [services.prediction_create(user=alice, features=SETOSA).id for _ in range(2)]
    db.session.remove()
    for _ in range(5):
        if "note" not in _columns():
            break
        downgrade(revision="-1")
    else:
        pytest.fail("Downgrading does not drop the note column: write the downgrade() too.")
    try:
        upgrade()
    except Exception as error:
        cause = getattr(error, "orig", error)  # the database's words, without SQLAlchemy's
        pytest.fail(
            f"`flask db upgrade` fails on a table that holds rows: {cause}. A NOT NULL column "
            "added to such a table needs a server_default in the migration."
        )
    notes = db.session.scalars(select(Prediction.note).where(Prediction.id.in_(kept))).all()
    assert notes == ["", ""], f"The rows already there get an empty note; they have {shown(notes)}."


def test_the_predict_form_stores_the_note_and_the_page_shows_it(flask_client_for, flask_user):
    client = flask_client_for(flask_user())
    response = predict_with_note(client, TYPED)
    assert response.status_code == 303, f"The predict form answered {response.status_code}."
    prediction = _newest()
    check_the_stored_note(prediction.note)
    check_the_page_shows_it(client.get(f"/predictions/{prediction.id}/").text)


def test_a_note_is_optional_and_at_most_200_characters(flask_client_for, flask_user):
    from sqlalchemy import func, select

    from flask_app.extensions import db
    from flask_app.models import Prediction

    client = flask_client_for(flask_user())
    response = predict_with_note(client, "")
    assert response.status_code == 303 and _newest().note == "", (
        f"No note is fine: the form answered {response.status_code}."
    )
    check_the_refusal(predict_with_note(client, "x" * 201))
    count = db.session.scalar(select(func.count()).select_from(Prediction))
    assert count == 1, "A refused note stores nothing."


def test_the_admin_searches_and_shows_the_notes(flask_client_for, flask_user):
    predict_with_note(flask_client_for(flask_user()), NOTE)
    staff = flask_client_for(flask_user("sam", is_staff=True))
    page = staff.get("/admin/prediction/", query_string={"search": "pond"}).text
    found = sorted(set(re.findall(r"details/\?id=(\d+)", page)))
    assert len(found) == 1, (
        f"The admin's search finds a prediction by the words of its note "
        f"(column_searchable_list); searching `pond` found {found}."
    )
    details = staff.get(f"/admin/prediction/details/?id={found[0]}").text
    assert "Picked by the pond" in details, (
        "The admin's details page shows the note (column_details_list)."
    )


def test_the_api_answers_the_note_and_documents_it(flask_client_for, flask_user):
    from flask_app import services

    alice = flask_user()
    predict_with_note(flask_client_for(alice), NOTE)
    check_the_api(flask_client_for(), services.api_token_issue(user=alice))
    check_the_openapi_document()
