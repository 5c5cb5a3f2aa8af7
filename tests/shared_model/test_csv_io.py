"""Reading an uploaded CSV, the sample file, the results file and formula escaping."""

from __future__ import annotations

import csv
import io

import pytest
from sklearn.datasets import load_iris

from shared_model.model.schema import FEATURE_NAMES
from shared_model.pages.csv_io import (
    EMPTY,
    MAX_UPLOAD_BYTES,
    NO_ROWS,
    NOT_UTF8,
    RESULT_COLUMNS,
    SAMPLE_FLOWERS,
    TOO_BIG,
    UploadError,
    csv_text,
    download_filename,
    escape_cell,
    read_upload,
    result_row,
    sample_csv,
    upload_name,
)

HEADER = ",".join(FEATURE_NAMES)
GOOD = "5.1,3.5,1.4,0.2"


def problems(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(UploadError) as refused:
        read_upload(data)
    return refused.value.problems


def test_a_good_file_gives_each_row_with_its_line_and_clean_floats():
    rows = read_upload(f"{HEADER}\n{GOOD}\n6.3,3.3,6.0,2.5\n".encode())
    assert [row.line for row in rows] == [2, 3]
    assert rows[0].features == {
        "sepal_length": 5.1,
        "sepal_width": 3.5,
        "petal_length": 1.4,
        "petal_width": 0.2,
    }
    assert list(rows[1].features) == list(FEATURE_NAMES)


def test_columns_may_come_in_any_order():
    rows = read_upload(b"petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n")
    assert rows[0].features["petal_width"] == 0.2
    assert rows[0].features["sepal_length"] == 5.1


def test_a_bom_and_crlf_line_ends_are_accepted():
    rows = read_upload(f"\ufeff{HEADER}\r\n{GOOD}\r\n".encode())
    assert [row.line for row in rows] == [2]


def test_blank_lines_are_ignored_but_counted():
    rows = read_upload(f"{HEADER}\n\n{GOOD}\n,,,\n\n{GOOD}\n".encode())
    assert [row.line for row in rows] == [3, 6]


def test_a_bad_value_is_named_by_line_and_column_with_the_shared_message():
    text = f"{HEADER}\n{GOOD}\n\n\n\n\n5.1,3.5,1.4,7\n"
    assert problems(text) == ["Line 7, petal_width: Must be between 0.1 and 5 cm."]


def test_every_kind_of_bad_value_is_reported():
    text = f"{HEADER}\n,abc,nan,=1+2\n"
    assert problems(text) == [
        "Line 2, sepal_length: This field is required.",
        "Line 2, sepal_width: Must be a number.",
        "Line 2, petal_length: Must be a finite number.",
        "Line 2, petal_width: Must be a number.",
    ]


def test_a_row_with_the_wrong_number_of_values_is_reported():
    assert problems(f"{HEADER}\n5.1,3.5,1.4\n") == ["Line 2: expected 4 values, found 3."]


def test_at_most_twenty_problems_are_listed_then_how_many_more():
    text = HEADER + "\n" + "0,3.5,1.4,0.2\n" * 25
    listed = problems(text)
    assert len(listed) == 21
    assert listed[0] == "Line 2, sepal_length: Must be between 0.1 and 15 cm."
    assert listed[19].startswith("Line 21, ")
    assert listed[20] == "... and 5 more."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", EMPTY),
        (b"\n\n  \n", EMPTY),
        (b"\xef\xbb\xbf", EMPTY),
        (f"{HEADER}\n".encode(), NO_ROWS),
        (f"{HEADER}\n\n,,,\n".encode(), NO_ROWS),
        ("sepal_length;petal_width\n".encode("utf-16"), NOT_UTF8),
        (b"\x89PNG\r\n\x1a\n\x00\x00", NOT_UTF8),
    ],
)
def test_file_level_problems_are_one_message(data, message):
    assert problems(data) == [message]


def test_binary_data_is_not_csv():
    assert problems(b"GIF89a\x00\x01\x00") == ["The file is not a CSV file: it holds binary data."]


def test_a_broken_quote_is_not_csv_with_its_line():
    (message,) = problems(f'{HEADER}\n{GOOD}\n"5.1,3.5,1.4,0.2\n')
    assert message.startswith("The file is not a CSV file: line ")


def test_missing_unknown_and_repeated_columns_are_named():
    (message,) = problems("sepal_length,sepal_width,petal_length,petal_wdth,colour\n1,1,1,1,1\n")
    assert "missing column 'petal_width'" in message
    assert "unknown columns 'petal_wdth', 'colour'" in message
    (message,) = problems(f"{HEADER},sepal_length\n1,1,1,1,1\n")
    assert "repeated column 'sepal_length'" in message


def test_one_thousand_rows_pass_and_one_more_is_refused():
    assert len(read_upload((HEADER + "\n" + f"{GOOD}\n" * 1000).encode())) == 1000
    assert problems(HEADER + "\n" + f"{GOOD}\n" * 1001) == [
        "The file holds 1001 data rows; at most 1000 are allowed."
    ]


def test_a_file_over_one_mib_is_refused_unread():
    data = (HEADER + "\n").encode() + b" " * MAX_UPLOAD_BYTES
    assert problems(data) == [TOO_BIG]


def test_the_sample_file_holds_the_header_and_ten_iris_flowers():
    rows = read_upload(sample_csv().encode())
    assert len(rows) == 10
    iris = {tuple(float(v) for v in flower) for flower in load_iris().data.round(1)}
    assert {tuple(row.features.values()) for row in rows} <= iris
    assert sample_csv().splitlines()[0] == HEADER
    assert len(set(SAMPLE_FLOWERS)) == 10


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("flowers.csv", "flowers-predictions.csv"),
        ("Field Data (May).CSV", "Field_Data__May_-predictions.csv"),
        ("v1.2_final-x.csv", "v1.2_final-x-predictions.csv"),
        ('a"b;c.csv', "a_b_c-predictions.csv"),
        ("résumé.txt", "r_sum_.txt-predictions.csv"),
        (".csv", "upload-predictions.csv"),
    ],
)
def test_the_download_filename_keeps_only_safe_characters(name, expected):
    assert download_filename(name) == expected


def test_an_upload_name_drops_folders_and_is_cut_to_100_characters():
    assert upload_name("C:\\Users\\me\\flowers.csv") == "flowers.csv"
    assert upload_name("../../etc/flowers.csv") == "flowers.csv"
    assert upload_name("x" * 150 + ".csv") == "x" * 100
    assert upload_name("") == "upload.csv"


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1+2", "@cmd", "\tx", "\rx"])
def test_formula_looking_text_cells_are_escaped(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["setosa", "sepal_length;petal_width", "", 5.1, -1.0, 7])
def test_other_cells_are_left_alone(value):
    assert escape_cell(value) == value


def test_the_results_file_has_the_columns_and_escapes_text():
    row = result_row(
        line=3,
        features={"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 9},
        label="=evil",
        probabilities={"setosa": 0.9, "versicolor": 0.075, "virginica": 0.025},
        warnings=[{"feature": "petal_width"}, {"feature": "sepal_length"}],
        prediction_id=42,
    )
    text = csv_text(RESULT_COLUMNS, [row])
    assert not text.startswith("\ufeff")
    header, cells = list(csv.reader(io.StringIO(text)))
    assert header == list(RESULT_COLUMNS)
    assert cells == [
        "3",
        "5.1",
        "3.5",
        "1.4",
        "9",
        "'=evil",
        "0.9",
        "0.075",
        "0.025",
        "petal_width;sepal_length",
        "42",
    ]
