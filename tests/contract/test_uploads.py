"""Uploading a CSV file of flowers: the form, the sample, the checks, the results, the download."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from tools.harness.web import Auth, Client, history_ids, html

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = pytest.mark.pages

HEADER = "sepal_length,sepal_width,petal_length,petal_width"
SETOSA_ROW = "5.1,3.5,1.4,0.2"
RESULT_HEADER = (
    "line,sepal_length,sepal_width,petal_length,petal_width,label,"
    "probability_setosa,probability_versicolor,probability_virginica,warnings,prediction_id"
)
UPLOAD = "/predict/upload/"
SAMPLE = "/predict/upload/sample.csv"


def upload(client: Client, content: bytes | str | None, name: str = "flowers.csv"):
    """POST a file to the upload form as a browser does, the form's hidden inputs included."""
    form = html(client.get(UPLOAD)).find("form", enctype="multipart/form-data")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input", type="hidden")}
    if isinstance(content, str):
        content = content.encode("utf-8")
    files = {} if content is None else {"file": (name, content, "text/csv")}
    # With no file, the body is still multipart, as a browser sends it.
    files = files or {"file": ("", b"", "application/octet-stream")}
    return client.post(UPLOAD, data=fields, files=files)


def form_errors(response) -> list[str]:
    box = html(response).find(id="form-errors")
    assert box is not None, "no #form-errors on the page"
    return [item.get_text(" ", strip=True) for item in box.find_all("li")]


def rows(n: int, row: str = SETOSA_ROW) -> str:
    return HEADER + "\n" + (row + "\n") * n


def stored(member) -> tuple[int, list[int], int]:
    """What a member has stored, seen from outside: API count, history, listed uploads."""
    soup = html(member.client.get("/predictions/"))
    return member.api.count(), history_ids(soup), len(soup.select("table.uploads tbody tr"))


def results_table(response) -> list[list[str]]:
    table = html(response).find(id="upload-results")
    assert table is not None, "no #upload-results on the page"
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in table.select("tbody tr")
    ]


@pytest.fixture(scope="module")
def uploader(sign_up):
    """A member with a token and one upload of the sample file (with a blank line added)."""
    member = sign_up()
    member.token = Auth(member.client).new_token()
    sample = member.client.get(SAMPLE).text
    lines = sample.splitlines()
    content = "\n".join([*lines[:3], "", *lines[3:]]) + "\n"
    response = upload(member.client, content, name="Field data (May).csv")
    assert response.status_code == 303, response.status_code
    member.upload_path = member.client.location(response)
    return member


def test_the_upload_form_has_a_csv_file_input_and_links_the_sample(member):
    response = member.client.get(UPLOAD)

    assert response.status_code == 200
    soup = html(response)
    form = soup.find("form", enctype="multipart/form-data")
    assert form is not None and form["method"].lower() == "post"
    file_input = form.find("input", type="file")
    assert file_input["name"] == "file"
    assert file_input["accept"] == ".csv,text/csv"
    assert soup.find("a", href=SAMPLE) is not None
    assert "sepal_length" in soup.get_text()


def test_the_sample_is_a_csv_of_ten_flowers_for_anyone(client):
    response = client.get(SAMPLE)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 11


@pytest.mark.parametrize("path", [UPLOAD, "/uploads/1/", "/uploads/1/predictions.csv"])
@pytest.mark.security
def test_upload_pages_send_an_anonymous_visitor_to_log_in(client, path):
    assert client.login_redirect_next(client.get(path)) == path


def test_a_valid_file_is_stored_as_one_upload_and_shown(uploader):
    assert uploader.upload_path.startswith("/uploads/")
    response = uploader.client.get(uploader.upload_path)

    assert response.status_code == 200
    text = html(response).get_text(" ", strip=True)
    assert "Field data (May).csv" in text
    table = results_table(response)
    # The blank line after line 3 still counts: the file's own line numbers.
    assert [row[0] for row in table] == ["2", "3", "5", "6", "7", "8", "9", "10", "11", "12"]
    assert [row[1:5] for row in table][:2] == [
        ["5.1", "3.5", "1.4", "0.2"],
        ["4.9", "3.0", "1.4", "0.2"],
    ]
    labels = [row[5] for row in table]
    for name in ("setosa", "versicolor", "virginica"):
        assert f"{labels.count(name)} {name}" in text


def test_the_upload_page_names_the_model_version(uploader, model_card):
    response = uploader.client.get(uploader.upload_path)

    assert model_card["version"] in html(response).get_text()


def test_uploaded_predictions_are_in_the_history_and_the_api(uploader):
    count, ids, uploads = stored(uploader)

    assert count == 10
    assert len(ids) == 10
    assert uploads == 1
    results = uploader.api.page()["results"]
    assert {result["id"] for result in results} == set(ids)


def test_each_uploaded_prediction_links_its_upload(uploader):
    first = uploader.api.page()["results"][0]["id"]
    soup = html(uploader.client.get(f"/predictions/{first}/"))

    assert soup.find("a", href=uploader.upload_path) is not None


def test_the_download_has_the_results_in_the_files_order(uploader):
    response = uploader.client.get(uploader.upload_path + "predictions.csv")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Field_data__May_-predictions.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert ",".join(records[0]) == RESULT_HEADER
    page = results_table(uploader.client.get(uploader.upload_path))
    assert [record[:6] for record in records[1:]] == [row[:6] for row in page]
    api = {result["id"]: result for result in uploader.api.page()["results"]}
    for record in records[1:]:
        result = api[int(record[10])]
        assert record[5] == result["label"]
        assert [float(p) for p in record[6:9]] == [
            result["probabilities"][name] for name in ("setosa", "versicolor", "virginica")
        ]
        assert record[9] == ""


def test_the_download_names_the_features_a_prediction_warns_about(sign_up):
    member = sign_up()
    response = upload(member.client, rows(1, "5.1,3.5,1.4,4.9"), name="wide.csv")
    download = member.client.get(member.client.location(response) + "predictions.csv")

    (record,) = list(csv.reader(io.StringIO(download.text)))[1:]
    assert record[9] == "petal_width"
    assert download.headers["Content-Disposition"] == 'attachment; filename="wide-predictions.csv"'


@pytest.mark.parametrize("suffix", ["", "predictions.csv"])
@pytest.mark.security
def test_another_users_upload_is_not_found(uploader, other_member, suffix):
    response = other_member.client.get(uploader.upload_path + suffix)

    assert response.status_code == 404


def test_an_upload_that_does_not_exist_is_not_found(member):
    assert member.client.get("/uploads/999999999/").status_code == 404


@pytest.mark.security
def test_an_upload_without_a_csrf_token_is_refused(sign_up):
    member = sign_up()
    response = member.client.post(UPLOAD, files={"file": ("f.csv", rows(1).encode(), "text/csv")})

    assert response.status_code == 403
    assert member.client.get("/predictions/").status_code == 200
    assert history_ids(html(member.client.get("/predictions/"))) == []


NOT_UTF8 = "The file is not UTF-8 text. Save it as CSV (UTF-8) and try again."
BAD_FILES = {
    "not CSV": (b"GIF89a\x01\x00\x01\x00\x00\x00,", ["The file is not a CSV file: "]),
    "not UTF-8": ("sepal_length\n5,1\n".encode("utf-16"), [NOT_UTF8]),
    "latin-1": (rows(1).replace("5.1", "5.1 µ").encode("latin-1"), [NOT_UTF8]),
    "empty": (b"", ["The file is empty."]),
    "no file": (None, ["Choose a CSV file to upload."]),
    "header only": (HEADER + "\n", ["The file has a header row but no data rows."]),
    "missing column": (
        "sepal_length,sepal_width,petal_length\n5.1,3.5,1.4\n",
        ["The header row must name exactly these columns, in any order: "],
    ),
    "unknown column": (
        HEADER + ",colour\n5.1,3.5,1.4,0.2,blue\n",
        ["The header row must name exactly these columns, in any order: "],
    ),
    "bad value on the last of 1000 lines": (
        rows(999) + "5.1,3.5,1.4,7\n",
        ["Line 1001, petal_width: Must be between 0.1 and 5 cm."],
    ),
    "1001 rows": (rows(1001), ["The file holds 1001 data rows; at most 1000 are allowed."]),
    "over 1 MiB": (
        HEADER + "\n" + " " * (1024 * 1024) + "\n" + SETOSA_ROW + "\n",
        ["The file is larger than 1 MiB."],
    ),
    "formula-looking value": (
        HEADER + "\n5.1,3.5,1.4,0.2\n=1+2,3.5,1.4,0.2\n",
        ["Line 3, sepal_length: Must be a number."],
    ),
    "wrong number of values": (
        HEADER + "\n\n5.1,3.5,1.4\n",
        ["Line 3: expected 4 values, found 3."],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_problem_and_nothing_is_stored(uploader, case):
    content, expected = BAD_FILES[case]
    before = stored(uploader)

    response = upload(uploader.client, content)

    assert response.status_code == 400
    problems = form_errors(response)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem
    assert stored(uploader) == before


def test_missing_and_unknown_columns_are_named(member):
    response = upload(member.client, "sepal_length,sepal_width,petal_length,petal_wdth\n1,1,1,1\n")

    (problem,) = form_errors(response)
    assert "missing column 'petal_width'" in problem
    assert "unknown column 'petal_wdth'" in problem


def test_a_bom_is_allowed(sign_up):
    member = sign_up()
    response = upload(member.client, ("\ufeff" + rows(2)).encode("utf-8"))

    assert response.status_code == 303
    table = results_table(member.client.get(member.client.location(response)))
    assert [row[0] for row in table] == ["2", "3"]


def test_at_most_twenty_problems_are_listed(uploader):
    before = stored(uploader)

    response = upload(uploader.client, rows(30, "0,3.5,1.4,0.2"))

    assert response.status_code == 400
    problems = form_errors(response)
    assert len(problems) == 21
    assert problems[0] == "Line 2, sepal_length: Must be between 0.1 and 15 cm."
    assert problems[-1] == "... and 10 more."
    assert stored(uploader) == before


def test_a_body_far_over_the_limit_is_refused_and_nothing_is_stored(uploader):
    before = stored(uploader)

    try:
        response = upload(uploader.client, rows(1) + " " * (1024 * 1024 + 256 * 1024))
    except requests.ConnectionError:
        # The server answered 413 before reading the body, and closed the connection.
        pass
    else:
        assert response.status_code in (400, 413)
    # A server that answered early closes the connection: drop it from the session's pool.
    uploader.client.session.close()
    assert stored(uploader) == before


def test_the_dashboard_counts_uploads(uploader):
    soup = html(uploader.client.get("/dashboard/"))

    values = {
        item.find(class_="name").get_text(strip=True): item.find(class_="value").get_text()
        for item in soup.select("ul.stats li")
    }
    assert int(values["uploads"]) >= 1
