"""What the concept map's notes cite in backticks is in the code, where the note says."""

from dataclasses import replace

import pytest

from tools.compare import citations
from tools.compare import concepts as concept_map

CONCEPTS = concept_map.load()


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda concept: concept.key)
def test_every_name_a_note_cites_is_in_the_concepts_files(concept):
    found = citations.problems(concept)
    files = [str(source.path) for side in concept_map.SIDES for source in concept.sources[side]]
    assert not found, (
        f"tools/compare/concepts.toml, concept {concept.key!r} ({concept.title}): "
        "its text cites what its files do not hold:\n  "
        + "\n  ".join(found)
        + f"\nits files: {', '.join(files)}\nUpdate the note (or the files it lists); "
        "a framework's own word that is not in the code goes in the concept's `terms`."
    )


@pytest.fixture
def forms():
    """The forms concept, its files as they are, without terms of its own."""
    return replace(concept_map.find(CONCEPTS, "forms"), terms=())


def test_a_renamed_function_is_reported_with_the_note_and_its_name(forms):
    stale = replace(forms, note="Both call `signup_form_clean_password` and `forms.Form`.")

    assert citations.problems(stale) == ["note: `signup_form_clean_password`"]


def test_a_name_is_not_found_inside_a_longer_name():
    services = replace(concept_map.find(CONCEPTS, "services"), terms=())
    stale = replace(services, note="`feedback_record` and `prediction_feedback_record`")

    assert citations.problems(stale) == ["note: `feedback_record`"]


def test_a_name_is_looked_for_in_the_files_of_its_side_only_in_a_cell(forms):
    cells = {"django": "`FlaskForm`", "flask": "`FlaskForm`"}

    assert citations.problems(replace(forms, note="", cells=cells)) == ["django cell: `FlaskForm`"]


@pytest.mark.parametrize(
    "cited",
    [
        "`forms.py`",  # a file of the concept
        "`django_app/predictions/forms.py`",  # a path from the root
        "`shared_model.web.passwords`",  # a module of this repository
        "`UserCreationForm`",  # a name in the files
        "`forms.FileField(...)`",  # a call, its arguments left out
    ],
)
def test_paths_modules_names_and_calls_are_found(forms, cited):
    assert citations.problems(replace(forms, note=f"It uses {cited}.")) == []


@pytest.mark.parametrize(
    ("cited", "problem"),
    [
        ("`shared_model.no_such_module`", "note: `shared_model.no_such_module`"),
        (
            "`django_app/predictions/no_such_file.py`",
            "note: `django_app/predictions/no_such_file.py`",
        ),
        ("`Form.no_such_method()`", "note: `Form.no_such_method()`"),
    ],
)
def test_a_missing_module_path_or_method_is_reported(forms, cited, problem):
    assert citations.problems(replace(forms, note=f"It uses {cited}.")) == [problem]


def test_terms_skip_a_frameworks_word_and_must_stay_needed(forms):
    note = "CSRF is `CsrfViewMiddleware` in Django."
    assert citations.problems(replace(forms, note=note, terms=("CsrfViewMiddleware",))) == []
    assert citations.problems(replace(forms, note=note, terms=("CsrfViewMiddleware", "gone"))) == [
        "terms: `gone` is cited by neither the note nor the cells"
    ]
    in_code = replace(forms, note="`UserCreationForm`", terms=("UserCreationForm",))
    assert citations.problems(in_code) == [
        "terms: `UserCreationForm` is in the concept's files; take it out of terms"
    ]
