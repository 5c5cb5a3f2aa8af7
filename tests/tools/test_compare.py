"""The concept map, the compare pages, `make diff` and the generated blocks of the docs."""

from pathlib import Path

import pytest

from tools.compare import blocks, markdown
from tools.compare import concepts as concept_map

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


# (document, name) of each block a test holds to the code.
CHECKED = [(block.document, block.name) for block in blocks.blocks([]) if block.checked]


@pytest.mark.parametrize(("document", "name"), CHECKED, ids=lambda part: str(part))
def test_the_generated_blocks_match_the_code(concepts, document, name):
    block = next(
        made for made in blocks.blocks(concepts) if (made.document, made.name) == (document, name)
    )
    text = (concept_map.ROOT / document).read_text(encoding="utf-8")
    assert blocks.current(document, name, text) == block.make(), (
        f"{document}'s {name} block no longer matches the code (its line counts drifted, or "
        f"tools/compare/ changed): run `make compare` and commit {document}"
    )


def test_every_block_has_its_markers_in_its_document(concepts):
    for block in blocks.blocks(concepts):
        text = (concept_map.ROOT / block.document).read_text(encoding="utf-8")
        blocks.current(block.document, block.name, text)  # raises naming the missing block


def test_a_block_is_rewritten_between_its_markers_and_nothing_else(tmp_path: Path):
    document = tmp_path / "doc.md"
    text = "before\n<!-- table:begin (made by x) -->\n<!-- table:end -->\nafter\n"
    filled = blocks.replace(document, "table", text, "| a |\n| 1 |")
    assert (
        filled
        == "before\n<!-- table:begin (made by x) -->\n| a |\n| 1 |\n<!-- table:end -->\nafter\n"
    )
    assert blocks.current(document, "table", filled) == "| a |\n| 1 |"
    assert blocks.replace(document, "table", filled, "| b |") == text.replace(
        "-->\n<!-- table:end", "-->\n| b |\n<!-- table:end"
    )
    with pytest.raises(ValueError, match="no <!-- other:begin"):
        blocks.current(document, "other", text)


def test_the_committed_concept_pages_are_up_to_date(concepts):
    made = markdown.pages(concepts)
    on_disk = {
        path.relative_to(concept_map.ROOT)
        for path in (concept_map.ROOT / "docs" / "compare").glob("*.md")
    }
    assert on_disk == set(made), (
        "docs/compare/ holds other pages than the concept map makes: run `make compare` "
        "and commit docs/compare/"
    )
    stale = [
        str(path)
        for path, text in made.items()
        if (concept_map.ROOT / path).read_text(encoding="utf-8") != text
    ]
    assert not stale, (
        f"{', '.join(stale)} no longer match the code or tools/compare/concepts.toml: "
        "run `make compare` and commit docs/compare/"
    )


def test_a_concept_page_holds_the_note_the_files_and_their_code(concepts):
    forms = concept_map.find(concepts, "forms")
    text = markdown.pages(concepts)[Path("docs/compare/forms.md")]
    assert "# HTML forms" in text
    assert forms.note.split()[0] in text
    for side in concept_map.SIDES:
        for source in forms.sources[side]:
            assert f"[`{source.path}`](../../{source.path})" in text
            assert source.lines[-1] in text
    assert f"**Django**: {forms.code_count('django')} code lines" in text
    assert f"**Flask**: {forms.code_count('flask')} code lines" in text


def test_a_file_shown_in_part_is_shown_range_by_range_with_links_to_its_lines(concepts):
    static = concept_map.find(concepts, "static")
    settings = next(source for source in static.sources["django"] if source.selected)
    text = markdown.page(static, None, None)
    first, last = min(settings.selected), max(settings.selected)
    assert f"[Lines {first} to {last}](../../{settings.path}#L{first}-L{last}):" in text
    django = text.split("## Django")[1].split("## Flask")[0]
    fenced_lines = [
        line
        for block in django.split("```python\n")[1:]
        for line in block.split("\n```")[0].split("\n")
    ]
    assert fenced_lines == [settings.lines[number - 1] for number in sorted(settings.selected)]


def test_a_code_block_fence_is_longer_than_any_backticks_in_the_code():
    assert markdown.fenced(["x = '```'"], "python") == ["````python", "x = '```'", "````"]


def test_a_wrapped_note_keeps_code_spans_whole_and_starts_no_block():
    note = "word " * 7 + "`url_for('static', ...)` and - 1. # the end"
    wrapped = markdown.wrap(note, width=12).splitlines()
    assert "`url_for('static', ...)`" in wrapped
    assert not any(line.startswith(("-", "1.", "#")) for line in wrapped)
    assert " ".join(wrapped) == " ".join(note.split())


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
    "idempotency",
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
