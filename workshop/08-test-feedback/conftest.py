"""How exercise 08's check runs the learner's tests: on the real code, then with each
planted bug (planted_bugs.py), in one pytest run, and which bug each run had.

The check sets WORKSHOP_BUGS in the pytest it starts: each test is then parametrized over
"none" and the bugs, the bug replaces the feedback service of both apps for that run only,
and each test's report carries the bug as a JUnit property. Nothing here gives a test a
way to ask which bug it runs with.

Your tests post forms without a CSRF token, as the frameworks' test clients allow; the
checks enforce it, as the running apps do (workshop/conftest.py).
"""

from __future__ import annotations

import os

import pytest

from workshop.support import load_exercise_module

planted = load_exercise_module(__file__, "planted_bugs")
VARIANTS = ["none", *planted.PLANTED_BUGS]
PROPERTY = "planted_bug"


@pytest.fixture
def csrf_checks() -> bool:
    return False


def pytest_generate_tests(metafunc):
    if os.environ.get("WORKSHOP_BUGS") and "_variant" in metafunc.fixturenames:
        metafunc.parametrize("_variant", VARIANTS, indirect=True)


@pytest.fixture(autouse=True)
def _variant(request, monkeypatch) -> None:
    bug = getattr(request, "param", "none")
    request.node.user_properties.append((PROPERTY, bug))
    if bug != "none":
        from django_app.predictions import services as django_services
        from flask_app import services as flask_services

        for services in (django_services, flask_services):
            bugged = planted.bugged_feedback_record(bug, services.prediction_feedback_record)
            monkeypatch.setattr(services, "prediction_feedback_record", bugged)
