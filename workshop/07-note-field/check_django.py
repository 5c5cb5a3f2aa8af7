"""Check of exercise 07 in Django: a `note` on each prediction, from the model to the API."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from workshop.support import SETOSA

NOTE = "Picked by the pond <north side>"


def _predict(client, note):
    from django_app.predictions.models import Prediction

    response = client.post("/predict/", {**SETOSA, "note": note})
    if response.status_code == 400 and "Unknown field: note" in response.content.decode():
        pytest.fail("The predict form has no `note` field yet (forms.py).")
    return response, Prediction.objects.order_by("-pk").first()


@pytest.mark.django_db
def test_the_model_change_has_its_migration():
    from django_app.predictions.models import Prediction

    names = {field.name for field in Prediction._meta.get_fields()}
    assert "note" in names, "Prediction has no `note` field yet (models.py)."
    try:
        call_command("makemigrations", "predictions", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        pytest.fail("models.py changed without a migration: run `manage.py makemigrations`.")


def test_the_predict_form_stores_the_note_and_the_page_shows_it(django_client_for, django_user):
    client = django_client_for(django_user())
    response, prediction = _predict(client, NOTE)
    assert response.status_code == 303, f"The predict form answered {response.status_code}."
    assert prediction.note == NOTE, "The note typed in the form is stored with the prediction."
    page = client.get(f"/predictions/{prediction.pk}/").content.decode()
    assert "Picked by the pond &lt;north side&gt;" in page, (
        "The prediction's page shows its note (escaped, as every text from a user)."
    )


def test_a_note_is_optional_and_at_most_200_characters(django_client_for, django_user):
    from django_app.predictions.models import Prediction

    client = django_client_for(django_user())
    response, prediction = _predict(client, "")
    assert response.status_code == 303 and prediction.note == "", "No note is fine."
    response, _ = _predict(client, "x" * 201)
    assert response.status_code == 400, "A note over 200 characters is refused with 400."
    page = response.content.decode()
    assert 'id="note-error"' in page, "Its error is beside the field."
    assert "At most 200 characters." in page, (
        "Both apps say it in the same words: put the limit and its message in shared_model."
    )
    assert Prediction.objects.count() == 1, "A refused note stores nothing."


def test_the_admin_searches_the_notes(django_client_for, django_user):
    _predict(django_client_for(django_user()), NOTE)
    staff = django_client_for(django_user("sam", is_staff=True))
    response = staff.get("/admin/predictions/prediction/", {"q": "pond"})
    found = list(response.context["cl"].result_list)
    assert len(found) == 1, "The admin's search finds a prediction by the words of its note."


def test_the_api_answers_the_note_and_documents_it(django_client_for, django_user):
    from django_app.predictions import services
    from shared_model.api.openapi import OPENAPI_DOCUMENT

    alice = django_user()
    _predict(django_client_for(alice), NOTE)
    token = services.api_token_issue(user=alice)
    api = django_client_for()
    body = api.get("/api/v1/predictions", headers={"Authorization": f"Bearer {token}"}).json()
    assert body["results"][0].get("note") == NOTE, (
        "A prediction's JSON has its note (shared_model/api/wire.py writes that JSON)."
    )
    schema = OPENAPI_DOCUMENT["components"]["schemas"]["Prediction"]["properties"]
    assert schema.get("note", {}).get("type") == "string", (
        "Document `note` in the Prediction schema of shared_model/api/openapi.py."
    )
