"""The concept map, the compare page, `make diff` and the README's concept-map table."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tools.compare import concepts as concept_map
from tools.compare import page, readme, terminal
from tools.compare.align import Line, align

# The concepts of the README's concept map, in its order.
CONCEPT_KEYS = [
    "settings",
    "wiring",
    "tables",
    "migrations",
    "forms",
    "services",
    "selectors",
    "pages",
    "auth",
    "api",
    "admin",
    "commands",
    "errors",
    "security",
    "static",
    "templates",
    "template-helpers",
]


@pytest.fixture(scope="module")
def concepts():
    return concept_map.load()


@pytest.mark.parametrize("block", readme.CHECKED)
def test_the_readme_tables_match_the_code(concepts, block):
    in_readme = readme.current(block, readme.README.read_text(encoding="utf-8"))
    assert in_readme == readme.blocks(concepts)[block](), (
        f"README.md's {block} table no longer matches the code (its line counts drifted, or "
        "tools/compare/ changed): run `make compare` and commit README.md"
    )


def test_the_map_has_every_concept_with_files_on_both_sides(concepts):
    assert [concept.key for concept in concepts] == CONCEPT_KEYS
    for concept in concepts:
        for side in concept_map.SIDES:
            assert concept.code_count(side) > 0, (concept.key, side)
            assert concept.note, concept.key


# The concepts the FastAPI app (the API alone) implements.
FASTAPI_KEYS = [
    "settings",
    "wiring",
    "tables",
    "migrations",
    "services",
    "selectors",
    "pages",
    "auth",
    "api",
    "commands",
    "errors",
    "security",
    "static",
    "templates",
]


def test_the_fastapi_column_counts_the_concepts_it_implements(concepts):
    api = concept_map.API_SIDE
    assert [concept.key for concept in concepts if concept.has(api)] == FASTAPI_KEYS
    for concept in concepts:
        if concept.has(api):
            assert concept.code_count(api) > 0, concept.key
            for source in concept.sources[api]:
                assert str(source.path).startswith("fastapi_app/"), (concept.key, source.path)


def test_the_page_has_a_section_per_concept_with_both_sides_and_their_counts(concepts):
    html = BeautifulSoup(page.render(concepts), "html.parser")
    assert html.find("script") is None
    assert [section["id"] for section in html.find_all("section")] == CONCEPT_KEYS
    for concept in concepts:
        section = html.find("section", id=concept.key)
        counts = section.find("p", class_="counts").get_text(" ", strip=True)
        assert f"Django {concept.code_count('django')}" in counts
        assert f"Flask {concept.code_count('flask')}" in counts
        headers = [cell.get_text() for cell in section.select("tr.file td") if cell.get_text()]
        for side in concept_map.SIDES:
            for source in concept.sources[side]:
                assert str(source.path) in headers, (concept.key, source.path)
        assert section.select("td span[class]"), f"{concept.key}: nothing highlighted"


def test_a_missing_file_stops_the_map_with_its_name(tmp_path: Path):
    mapping = tmp_path / "concepts.toml"
    mapping.write_text(
        '[[concept]]\nkey = "forms"\ntitle = "Forms"\ndjango = ""\nflask = ""\nnote = ""\n'
        'django_files = ["django_app/predictions/forms.py"]\n'
        'flask_files = ["flask_app/no_such_forms.py"]\n'
    )
    with pytest.raises(concept_map.MappingError, match=r"flask_app/no_such_forms\.py"):
        concept_map.load(mapping)


def test_a_missing_name_in_a_file_stops_the_map_with_its_name(tmp_path: Path):
    mapping = tmp_path / "concepts.toml"
    mapping.write_text(
        '[[concept]]\nkey = "errors"\ntitle = "Errors"\ndjango = ""\nflask = ""\nnote = ""\n'
        'django_files = ["django_app/predictions/views.py::no_such_view"]\n'
        'flask_files = ["flask_app/views.py"]\n'
    )
    with pytest.raises(concept_map.MappingError, match="no top-level no_such_view"):
        concept_map.load(mapping)


def code(*texts: str) -> list[Line]:
    return [Line("code", text, number) for number, text in enumerate(texts, 1)]


def test_definitions_align_by_name_whatever_their_signatures():
    left = code("import django", "def prediction_create(*, user, features):", "    x = 1")
    right = code(
        "import flask",
        "import sqlalchemy",
        "def prediction_create(*, user: User, features: dict) -> Prediction:",
        "    x = 1",
    )
    rows = align(left, right)
    definition = next(row for row in rows if row.left and "prediction_create" in row.left.text)
    assert definition.same and "prediction_create" in definition.right.text
    # The unmatched imports sit side by side, the shorter side padded.
    assert [(row.left is None, row.same) for row in rows[:2]] == [(False, False), (True, False)]
    assert len(rows) == len(right)


def test_diff_prints_both_files_and_their_counts_with_colours_only_when_asked(concepts):
    forms = concept_map.find(concepts, "forms")
    plain = terminal.render(forms, width=160, color=False)
    assert f"Django {forms.code_count('django')}, Flask {forms.code_count('flask')}" in plain
    assert "django_app/predictions/forms.py" in plain
    assert "flask_app/forms.py" in plain
    assert "\033[" not in plain
    assert "\033[" in terminal.render(forms, width=160, color=True)


def test_an_unknown_concept_names_the_known_ones(concepts):
    with pytest.raises(concept_map.MappingError, match="settings, wiring"):
        concept_map.find(concepts, "nope")
