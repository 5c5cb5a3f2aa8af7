"""Check of exercise 01 in Django: the `prediction_stats` management command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workshop.support import SETOSA, VIRGINICA

MISSING = (
    "`manage.py prediction_stats` does not exist yet: write a management command in "
    "django_app/predictions/management/commands/prediction_stats.py."
)


def _seed(django_user):
    from django_app.predictions import services

    alice, bob = django_user("alice"), django_user("bob")
    made = [
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=bob, features=VIRGINICA),
    ]
    return [p.label for p in made]


def _run(*args):
    out = StringIO()
    try:
        call_command("prediction_stats", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        if "Unknown command" in str(error):
            pytest.fail(MISSING)
        raise
    return out.getvalue()


def test_prints_the_total_and_a_line_per_class(django_user):
    from shared_model.model.schema import CLASSES

    labels = _seed(django_user)
    lines = _run().splitlines()
    assert "Predictions: 3" in lines, (
        f"The first line should read `Predictions: 3` (all users' predictions); got {lines}"
    )
    for name in CLASSES:
        expected = f"{name}: {labels.count(name)}"
        assert expected in lines, f"Expected a line `{expected}` (every class, even at 0): {lines}"


def test_user_option_counts_one_user(django_user):
    _seed(django_user)
    output = _run("--user", "bob")
    assert "Predictions: 1" in output.splitlines(), (
        f"With --user bob, only bob's one prediction counts; got:\n{output}"
    )


def test_unknown_user_is_an_error(django_user):
    with pytest.raises(CommandError) as raised:
        _run("--user", "nobody")
    assert "nobody" in str(raised.value), "The CommandError should name the unknown user."
