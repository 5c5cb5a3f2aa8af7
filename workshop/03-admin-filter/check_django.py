"""Check of exercise 03 in Django: a "has warnings" filter in the predictions admin."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA, load_exercise_module

portability = load_exercise_module(__file__, "portability")

LIST = "/admin/predictions/prediction/"
# Inside the valid range, outside what the model was trained on: stored with a warning.
ODD = {**SETOSA, "petal_width": 4.0}


@pytest.fixture
def two_predictions(django_user):
    from django_app.predictions import services

    alice = django_user("alice")
    plain = services.prediction_create(user=alice, features=SETOSA)
    odd = services.prediction_create(user=alice, features=ODD)
    assert odd.warnings and not plain.warnings
    return plain, odd


@pytest.fixture
def staff(django_client_for, django_user):
    return django_client_for(django_user("sam", is_staff=True))


def _filtered(client, value):
    response = client.get(LIST, {"has_warnings": value})
    assert response.status_code == 200, (
        f"{LIST}?has_warnings={value} answered {response.status_code}: the admin redirects "
        "(with ?e=1) when no filter takes the `has_warnings` parameter. Add a filter with "
        "that parameter name to PredictionAdmin.list_filter."
    )
    return response.context["cl"]


def _shown(client, value) -> list[int]:
    return sorted(prediction.pk for prediction in _filtered(client, value).result_list)


def test_filter_keeps_the_predictions_with_warnings(staff, two_predictions):
    plain, odd = two_predictions
    shown = _shown(staff, "yes")
    assert shown == [odd.pk], (
        f"has_warnings=yes keeps only the prediction with a warning (#{odd.pk}); the list "
        f"shows {shown}."
    )
    shown = _shown(staff, "no")
    assert shown == [plain.pk], (
        f"has_warnings=no keeps only the prediction without warnings (#{plain.pk}); the list "
        f"shows {shown}."
    )


def test_filter_is_offered_in_the_sidebar(staff, two_predictions):
    page = staff.get(LIST).text
    assert "?has_warnings=yes" in page and "?has_warnings=no" in page, (
        "The sidebar offers the filter's choices `yes` and `no` (its lookups())."
    )
    assert "has warnings" in page.lower(), "Title the filter `has warnings`."


def test_filter_works_on_postgresql_too(staff, two_predictions):
    from django.db import connection
    from django.db.utils import load_backend

    queryset = _filtered(staff, "yes").queryset
    if connection.vendor == "postgresql":
        compiler = queryset.query.get_compiler(connection=connection)
    else:
        # The SQL Django would send to PostgreSQL, written without connecting to one.
        engine = "django.db.backends.postgresql"
        settings = {**connection.settings_dict, "ENGINE": engine, "OPTIONS": {}}
        postgresql = load_backend(engine).DatabaseWrapper(settings, alias="postgresql-preview")
        compiler = queryset.query.get_compiler(connection=postgresql)
    sql, _ = compiler.as_sql()
    column = f'"{queryset.model._meta.db_table}"."warnings"'
    found = portability.problems(sql, column=column, stored_as="jsonb")
    assert not found, (
        f"The filter works on SQLite only: {'; '.join(found)}. Let the ORM write the SQL: "
        "compare the JSONField with a Python value in filter() or exclude()."
    )
