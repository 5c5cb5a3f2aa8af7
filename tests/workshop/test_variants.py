"""The variants of the workshop's solutions still fit them: each edit finds its text once in
the solution patch, so a refreshed patch cannot silently turn a wrong variant into the
solution itself; each wrong one names a test its check has. `make workshop-verify` runs them."""

from __future__ import annotations

import re

import pytest

from workshop.exercises import Exercise, Variant, VariantError, exercises

VARIANTS = [
    variant
    for exercise in exercises()
    for app in exercise.apps
    for variant in exercise.variants(app)
]
PAIRS = [(exercise, app) for exercise in exercises() for app in exercise.apps]


def checks_tests(variant: Variant) -> set[str]:
    """The test names the exercise's check and the modules beside it define."""
    text = "".join(path.read_text() for path in variant.exercise.path.glob("*.py"))
    return set(re.findall(r"def (test_\w+)", text))


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_each_edit_of_a_variant_finds_its_text_once_in_the_solution(variant):
    patched = variant.patch()  # raises VariantError when a `find` occurs other than once

    assert patched != variant.exercise.solution(variant.app).read_text(encoding="utf-8")
    assert variant.what, "say what the variant gets wrong, or what else it does right"


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.kind == "wrong"], ids=str)
def test_each_wrong_variant_names_a_test_of_its_check_that_catches_it(variant):
    assert variant.caught_by, "name the test of the check that must fail (caught_by)"
    assert set(variant.caught_by) <= checks_tests(variant)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: f"{pair[0].name}-{pair[1]}")
def test_every_solution_has_wrong_variants_its_check_must_reject(pair):
    exercise, app = pair
    assert any(variant.kind == "wrong" for variant in exercise.variants(app)), (
        f"{exercise.variants_file(app).relative_to(exercise.path.parent)}: list the wrong "
        "solutions a hurried learner would write"
    )


def test_an_edit_that_no_longer_finds_its_text_is_an_error(tmp_path):
    folder = tmp_path / "09-example"
    folder.mkdir()
    (folder / "solution-flask.patch").write_text("+    flash('Deleted.')\n+    flash('Deleted.')\n")
    exercise = Exercise(folder)

    gone = Variant(exercise, "flask", "wrong", "no message", find="+    abort(403)\n")
    twice = Variant(exercise, "flask", "wrong", "no message", find="+    flash('Deleted.')\n")

    with pytest.raises(VariantError, match="occurs 0 times"):
        gone.patch()
    with pytest.raises(VariantError, match="occurs 2 times"):
        twice.patch()
