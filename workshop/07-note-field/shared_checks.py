"""What exercise 07's checks of both apps look for alike: the note typed in the form, what
the pages and the API then show, and the OpenAPI document."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA, api_call, html, shown, submit

NOTE = "Picked by the pond <north side>"
# As typed, with spaces around it: both apps keep the note without them.
TYPED = f"  {NOTE}  "
TOO_LONG = "At most 200 characters."


def predict_with_note(client, note: str):
    """Submit the predict form with a note, as a browser would (its CSRF token included)."""
    form = {name: str(value) for name, value in SETOSA.items()}
    response = submit(client, "/predict/", {**form, "note": note})
    if response.status_code == 400 and "Unknown field: note" in response.text:
        pytest.fail("The predict form has no `note` field yet (forms.py).")
    return response


def check_the_stored_note(stored: str) -> None:
    assert stored, (
        f"The note typed in the form ({TYPED!r}) was not stored: the form's note goes to "
        "prediction_create, which stores it with the prediction."
    )
    assert stored == NOTE, (
        f"The note typed in the form ({TYPED!r}) is stored without the spaces around it, "
        f"the same in both apps; it was stored as {shown(stored)}."
    )


def check_the_page_shows_it(page: str) -> None:
    escaped = NOTE.replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in page, (
        "The prediction's page shows its note, escaped as every text from a user: "
        f"{escaped!r} is not in it."
    )


def check_the_refusal(response) -> None:
    assert response.status_code == 400, (
        f"A note over 200 characters is refused with 400; it answered {response.status_code}."
    )
    error = html(response).find(id="note-error")
    assert error is not None, 'Its error is beside the field (id="note-error", _field.html).'
    assert error.get_text(" ", strip=True) == TOO_LONG, (
        f"Both apps say `{TOO_LONG}`: put the limit and its message in shared_model; it says "
        f"{shown(error.get_text(' ', strip=True))}."
    )


def check_the_api(client, token: str) -> None:
    """Every prediction JSON the API answers has its note: the list, and predict's."""
    _, page = api_call(client, "GET", "/api/v1/predictions", token)
    listed = page["results"][0]
    assert listed.get("note") == NOTE, (
        f"A prediction's JSON in /api/v1/predictions has its note (shared_model/api/wire.py "
        f"writes that JSON); it has {shown(listed.get('note'))} among the keys {sorted(listed)}."
    )
    _, one = api_call(client, "POST", "/api/v1/predict", token, {"features": SETOSA})
    assert one.get("note") == "", (
        f"POST /api/v1/predict answers the new prediction with its (empty) note; it answered "
        f"{shown(one)}."
    )
    _, batch = api_call(client, "POST", "/api/v1/predict", token, {"instances": [SETOSA]})
    assert [item.get("note") for item in batch.get("predictions", [])] == [""], (
        f"A batch's predictions have their note too; it answered {shown(batch)}."
    )


def check_the_openapi_document() -> None:
    from shared_model.api.openapi import OPENAPI_DOCUMENT

    schema = OPENAPI_DOCUMENT["components"]["schemas"]["Prediction"]["properties"]
    assert schema.get("note", {}).get("type") == "string", (
        "Document `note` (a string) in the Prediction schema of shared_model/api/openapi.py."
    )
