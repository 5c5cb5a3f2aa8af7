"""examples/predict_csv.py against a live app: chunks, columns, errors with line numbers."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared_model.model.schema import FEATURE_NAMES
from shared_model.pages.csv_io import RESULT_COLUMNS, SAMPLE_FLOWERS, sample_csv
from tests.contract.test_uploads import upload

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "predict_csv.py"
HEADER = ",".join(FEATURE_NAMES)


def run(server, token: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IRIS_TOKEN": token or ""}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--url", server.base_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_help_says_how_to_use_it():
    shown = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True
    )

    assert "IRIS_TOKEN" in shown.stdout
    assert "--url" in shown.stdout


def test_2500_rows_are_predicted_in_chunks_with_the_downloads_columns(server, new_member, tmp_path):
    member = new_member()
    flowers = [",".join(map(str, SAMPLE_FLOWERS[i % 10])) for i in range(2500)]
    source = tmp_path / "flowers.csv"
    # A blank line after the header: the output's `line` is the input file's own line.
    source.write_text("\n".join([HEADER, "", *flowers]) + "\n", encoding="utf-8")
    output = tmp_path / "out.csv"

    done = run(server, member.token, str(source), str(output))

    assert done.returncode == 0, done.stderr
    rows = read(output)
    assert rows[0] == list(RESULT_COLUMNS)
    assert len(rows) == 2501
    assert [row[0] for row in rows[1:4]] == ["3", "4", "5"]
    assert rows[-1][0] == "2502"
    assert member.api.count() == 2500
    ids = {int(row[-1]) for row in rows[1:]}
    assert len(ids) == 2500
    assert {result["id"] for result in member.api.page()["results"]} <= ids


@pytest.mark.pages
def test_the_output_matches_the_upload_pages_download(server, member, tmp_path):
    source = tmp_path / "sample.csv"
    source.write_text(sample_csv(), encoding="utf-8")
    output = tmp_path / "out.csv"

    done = run(server, member.token, str(source), str(output))
    posted = upload(member.client, sample_csv())
    download = member.client.get(member.client.location(posted) + "predictions.csv")

    assert done.returncode == 0, done.stderr
    from_download = list(csv.reader(download.text.splitlines()))
    # Everything but the ids of the stored predictions is the same.
    assert [row[:-1] for row in read(output)] == [row[:-1] for row in from_download]


def test_a_bad_token_is_a_clear_error(server, tmp_path):
    source = tmp_path / "sample.csv"
    source.write_text(sample_csv(), encoding="utf-8")

    done = run(server, "not-a-token", str(source), str(tmp_path / "out.csv"))

    assert done.returncode == 1
    assert "401" in done.stderr and "IRIS_TOKEN" in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_no_token_is_a_usage_error(server, tmp_path):
    done = run(server, None, "in.csv", str(tmp_path / "out.csv"))

    assert done.returncode == 2
    assert "IRIS_TOKEN" in done.stderr


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("5.1,3.5,1.4,7", "Line 1503, petal_width: Must be between 0.1 and 5 cm."),
        ("5.1,abc,1.4,0.2", "Line 1503, sepal_width: Must be a number."),
    ],
)
def test_a_bad_row_is_named_by_its_line(server, member, tmp_path, bad, message):
    # Lines 3 to 1502 are good; the bad row, line 1503, is in the second chunk.
    rows = [",".join(map(str, SAMPLE_FLOWERS[0]))] * 1500
    source = tmp_path / "flowers.csv"
    source.write_text("\n".join([HEADER, "", *rows, bad]) + "\n", encoding="utf-8")
    output = tmp_path / "out.csv"

    done = run(server, member.token, str(source), str(output))

    assert done.returncode == 1
    assert message in done.stderr
    assert "The first 1000 rows were predicted and stored" in done.stderr
    assert not output.exists()
