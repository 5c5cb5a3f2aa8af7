"""docs/performance.md's tables and the README's facts: what the commands wrote, as written."""

import pytest

from tools.compare import facts, measured


@pytest.fixture
def results(tmp_path, monkeypatch):
    folder = tmp_path / "results"
    folder.mkdir()
    monkeypatch.setattr(measured, "ROOT", tmp_path)
    for name, path in (
        ("BENCH", folder / "bench.md"),
        ("WHERE", folder / "where-time-goes.md"),
    ):
        monkeypatch.setattr(measured, name, path)
    return folder


def test_without_results_each_table_names_the_command_that_makes_it(results):
    assert "run `make bench`" in measured.bench()
    assert "run `make where-time-goes`" in measured.where_time_goes()


def test_the_bench_table_is_the_bench_s_own_markdown(results):
    (results / "bench.md").write_text("Bench of today: ...\n\n| point | django |\n")

    assert measured.bench() == "Bench of today: ...\n\n| point | django |"


def test_where_the_time_goes_is_the_script_s_own_markdown(results):
    (results / "where-time-goes.md").write_text("From `where-time-goes.json` ...\n\n| part |\n")

    assert measured.where_time_goes() == "From `where-time-goes.json` ...\n\n| part |"


def test_the_make_targets_are_the_makefile_s_help_lines(tmp_path, monkeypatch):
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "help: ## list the targets\n"
        "run: PORT ?= 8000\n"
        "run: setup ## run both apps\n"
        "\t$(BIN)/python -m x  ## not a target\n"
        "check: ## a check: N=01 APP=django|flask\n"
    )
    monkeypatch.setattr(facts, "MAKEFILE", makefile)

    assert facts.make_targets().splitlines()[2:] == [
        "| `make help` | list the targets |",
        "| `make run` | run both apps |",
        "| `make check` | a check: N=01 APP=django&#124;flask |",
    ]


@pytest.mark.parametrize(
    ("test_id", "folder"),
    [
        ("tests/contract/test_api.py::test_x[django-sqlite]", "tests/contract/"),
        ("tests/tools/test_compare.py::test_y", "tests/tools/"),
        ("tests/test_top.py::test_z", "tests/"),
    ],
)
def test_tests_are_counted_by_the_folder_under_tests(test_id, folder):
    assert facts.folder_of(test_id) == folder
