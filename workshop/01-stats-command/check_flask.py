"""Check of exercise 01 in Flask: the `prediction-stats` click command."""

from __future__ import annotations

from workshop.support import SETOSA, VIRGINICA

MISSING = (
    "`flask --app flask_app prediction-stats` does not exist yet: write a click command "
    "named prediction-stats in flask_app/cli.py and add it to the app in init_app()."
)


def _seed(flask_user):
    from flask_app import services

    alice, bob = flask_user("alice"), flask_user("bob")
    made = [
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=bob, features=VIRGINICA),
    ]
    return [p.label for p in made]


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=["prediction-stats", *args])
    assert "No such command" not in result.output, MISSING
    return result


def test_prints_the_total_and_a_line_per_class(flask_ctx, flask_user):
    from shared_model.model.schema import CLASSES

    labels = _seed(flask_user)
    result = _run(flask_ctx)
    assert result.exit_code == 0, f"The command failed:\n{result.output}"
    lines = result.output.splitlines()
    assert "Predictions: 3" in lines, (
        f"The first line should read `Predictions: 3` (all users' predictions); got {lines}"
    )
    for name in CLASSES:
        expected = f"{name}: {labels.count(name)}"
        assert expected in lines, f"Expected a line `{expected}` (every class, even at 0): {lines}"


def test_user_option_counts_one_user(flask_ctx, flask_user):
    _seed(flask_user)
    result = _run(flask_ctx, "--user", "bob")
    assert result.exit_code == 0, f"`prediction-stats --user bob` failed:\n{result.output}"
    assert "Predictions: 1" in result.output.splitlines(), (
        f"With --user bob, only bob's one prediction counts; got:\n{result.output}"
    )


def test_unknown_user_is_an_error(flask_ctx, flask_user):
    result = _run(flask_ctx, "--user", "nobody")
    assert result.exit_code != 0, "An unknown --user must end with an error (a non-zero exit)."
    assert "nobody" in result.output, (
        f"The error should name the unknown user; got:\n{result.output}"
    )
