"""Check of exercise 07 in Django: a `note` on each prediction, from the model to the API."""

from __future__ import annotations

import pytest
from django.core.management import call_command

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

TABLE = "predictions_prediction"


def _newest():
    from django_app.predictions.models import Prediction

    return Prediction.objects.order_by("-pk").first()


def _columns() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, TABLE)}


@pytest.mark.django_db
def test_the_model_change_has_its_migration():
    from django_app.predictions.models import Prediction

    names = {field.name for field in Prediction._meta.get_fields()}
    assert "note" in names, "Prediction has no `note` field yet (models.py)."
    try:
        call_command("makemigrations", "predictions", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        pytest.fail("models.py changed without its migration: run `make makemigrations`.")


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_on_a_table_that_holds_rows(django_user):
    """Back to before the note, with predictions stored, then forward again."""
    from django.db.migrations.loader import MigrationLoader

    from django_app.predictions import services

    alice = django_user()
    kept = [services.prediction_create(user=alice, features=SETOSA).pk for _ in range(2)]
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    (node,) = graph.leaf_nodes("predictions")
    while "note" in _columns():
        parents = [p for p in graph.node_map[node].parents if p.key[0] == "predictions"]
        if not parents:
            pytest.fail("No migration of predictions adds the `note` column.")
        node = parents[0].key
        call_command("migrate", "predictions", node[1], verbosity=0)
    try:
        call_command("migrate", "predictions", verbosity=0)
    except Exception as error:
        pytest.fail(f"The migration fails on a table that holds rows: {error}")
    from django_app.predictions.models import Prediction

    rows = list(Prediction.objects.filter(pk__in=kept).values_list("note", flat=True))
    assert rows == ["", ""], f"The rows already there get an empty note; they have {shown(rows)}."


def test_the_predict_form_stores_the_note_and_the_page_shows_it(django_client_for, django_user):
    client = django_client_for(django_user())
    response = predict_with_note(client, TYPED)
    assert response.status_code == 303, f"The predict form answered {response.status_code}."
    prediction = _newest()
    check_the_stored_note(prediction.note)
    check_the_page_shows_it(client.get(f"/predictions/{prediction.pk}/").text)


def test_a_note_is_optional_and_at_most_200_characters(django_client_for, django_user):
    from django_app.predictions.models import Prediction

    client = django_client_for(django_user())
    response = predict_with_note(client, "")
    assert response.status_code == 303 and _newest().note == "", (
        f"No note is fine: the form answered {response.status_code}."
    )
    check_the_refusal(predict_with_note(client, "x" * 201))
    assert Prediction.objects.count() == 1, "A refused note stores nothing."


def test_the_admin_searches_the_notes(django_client_for, django_user):
    predict_with_note(django_client_for(django_user()), NOTE)
    staff = django_client_for(django_user("sam", is_staff=True))
    response = staff.get("/admin/predictions/prediction/", {"q": "pond"})
    found = [prediction.pk for prediction in response.context["cl"].result_list]
    assert len(found) == 1, (
        f"The admin's search finds a prediction by the words of its note (search_fields); "
        f"searching `pond` found {found}."
    )


def test_the_api_answers_the_note_and_documents_it(django_client_for, django_user):
    from django_app.predictions import services

    alice = django_user()
    predict_with_note(django_client_for(alice), NOTE)
    check_the_api(django_client_for(), services.api_token_issue(user=alice))
    check_the_openapi_document()
