"""`make where-time-goes` writes its tables beside its numbers, for docs/performance.md."""

import json

from benchmarks.where_time_goes import PARTS, write_markdown


def timings(total: float) -> dict:
    parts = dict.fromkeys(PARTS, total / len(PARTS))
    return {"single": {"total_us": total, "parts_us": parts}}


def test_where_the_time_goes_is_shown_before_and_after_with_the_baseline(tmp_path):
    after = {"baseline / sqlite": timings(165), "django / sqlite": timings(842)}
    after["flask / sqlite"] = timings(985)
    before = {"django / sqlite": timings(1754), "flask / sqlite": timings(2119)}
    (tmp_path / "where-time-goes.json").write_text(json.dumps(after))
    (tmp_path / "where-time-goes-before.json").write_text(json.dumps(before))

    text = write_markdown(tmp_path / "where-time-goes.json").read_text()

    assert "Django, sqlite, µs per request (before → after)" in text
    assert "| total | 1,754 → 842 |" in text
    assert "| total | 2,119 → 985 |" in text
    assert "The same-work baseline's whole request: sqlite: single 165 µs." in text


def test_without_an_older_run_the_parts_are_shown_alone(tmp_path):
    after = {"django / sqlite": timings(842), "flask / sqlite": timings(985)}
    (tmp_path / "where-time-goes.json").write_text(json.dumps(after))

    text = write_markdown(tmp_path / "where-time-goes.json").read_text()

    assert "→" not in text.split("\n", 1)[1]
    assert "| **total** | **842** |" in text
