"""The committed migrations match the models, and build the tables they describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from flask_app import services
from flask_app.extensions import db
from flask_app.models import ApiToken, Prediction, User

pytestmark = pytest.mark.usefixtures("app_context")


def test_migrations_are_in_sync_with_the_models():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_migrations_create_the_indexes_of_the_history_and_the_filters():
    indexes = {index["name"] for index in inspect(db.engine).get_indexes("prediction")}

    assert {
        "ix_prediction_user_id_created_at",
        "ix_prediction_created_at",
        "ix_prediction_label",
        "ix_prediction_model_version",
    } <= indexes


def test_session_token_migration_gives_each_user_a_token_and_keeps_their_data(
    make_user, make_prediction
):
    make_prediction(make_user("alice"))
    make_user("bob")
    db.session.remove()

    downgrade(revision="5041de6a4ba2")
    upgrade()

    tokens = db.session.scalars(select(User.session_token)).all()
    assert len(tokens) == len(set(tokens)) == 2
    assert db.session.scalar(select(func.count()).select_from(Prediction)) == 1


def test_the_64_bit_id_migration_keeps_the_rows_and_their_ids(make_user, make_prediction):
    alice = make_user("alice")
    prediction_ids = [make_prediction(alice).id for _ in range(3)]
    services.api_token_issue(user=alice)
    db.session.remove()

    downgrade(revision="f65a8c68adb4")
    upgrade()

    assert db.session.scalars(select(Prediction.id).order_by(Prediction.id)).all() == prediction_ids
    assert db.session.scalar(select(ApiToken.user_id)) == alice.id
    # An id past 32 bits fits now, and the next rows keep counting from the old ones.
    db.session.add(User(id=2**40, username="bob", password_hash="-"))
    db.session.commit()
    assert make_prediction(make_user("carol")).id == prediction_ids[-1] + 1


def test_the_insert_sentinel_migration_keeps_the_predictions(make_user, make_prediction):
    alice = make_user("alice")
    prediction_ids = [make_prediction(alice).id for _ in range(2)]
    db.session.remove()

    downgrade(revision="5a9c1ea440f0")
    upgrade()

    assert db.session.scalars(select(Prediction.id).order_by(Prediction.id)).all() == prediction_ids
    columns = {column["name"] for column in inspect(db.engine).get_columns("prediction")}
    assert "_sentinel" in columns
