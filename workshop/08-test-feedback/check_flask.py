"""Check of exercise 08 in Flask: your tests of feedback (test_feedback_flask.py), run on the
real code and against planted bugs. The checks are written once, in learner_checks.py;
twin: check_django.py.
"""

from __future__ import annotations

import pytest

from workshop.support import load_exercise_module

checks = load_exercise_module(__file__, "learner_checks")
outcomes = checks.outcomes
test_your_tests_test_the_app_not_the_check = checks.test_your_tests_test_the_app_not_the_check
test_your_tests_pass_on_the_real_code = checks.test_your_tests_pass_on_the_real_code
test_your_tests_catch_the_planted_bug = checks.test_your_tests_catch_the_planted_bug


@pytest.fixture(scope="module")
def app_name() -> str:
    return "flask"
