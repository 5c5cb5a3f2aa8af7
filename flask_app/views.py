"""The pages: home, predict, upload a CSV file and its results, a prediction, the history,
the dashboard and the API docs.

Thin on purpose: a view reads the request, calls a service or a selector, and renders.

Django counterpart: django_app/predictions/views.py
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup

from shared_model.api.docs import api_docs_html
from shared_model.model.schema import CLASSES, FEATURES
from shared_model.pages import charts
from shared_model.pages.csv_io import MAX_UPLOAD_BYTES, RESULT_COLUMNS, csv_text, sample_csv
from shared_model.pages.presentation import class_counts

from . import selectors, services
from .extensions import db, get_predictor
from .forms import FeedbackForm, PredictionForm, UploadForm
from .models import MAX_ID

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    return render_template("home.html")


@bp.route("/predict/", methods=["GET", "POST"])
@login_required
def predict():
    form = PredictionForm()
    if form.validate_on_submit():
        prediction = services.prediction_create(user=current_user, features=form.features)
        # 303: after a form POST, the browser GETs the result page.
        return redirect(url_for(".prediction_detail", prediction_id=prediction.id), 303)
    return render_template("predict.html", form=form), 400 if form.is_submitted() else 200


UPLOAD_PATH = "/predict/upload/"
# The multipart envelope around a file of MAX_UPLOAD_BYTES: its headers and the CSRF field.
UPLOAD_ENVELOPE_BYTES = 64 * 1024


def raise_upload_limit() -> None:
    """Let an upload's body be a little larger than the app-wide limit (an API body's), so
    that a file just over 1 MiB gets the form's message rather than a bare 413.

    Registered before CSRFProtect's own hook, which reads the body first."""
    if request.path == UPLOAD_PATH:
        request.max_content_length = MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES


def csv_download(text: str, filename: str):
    response = make_response(text)
    response.content_type = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route(UPLOAD_PATH, methods=["GET", "POST"])
@login_required
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        upload = services.upload_create(
            user=current_user, file_name=form.file.data.filename, rows=form.rows
        )
        return redirect(url_for(".upload_detail", upload_id=upload.id), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("upload.html", form=form, features=FEATURES), status


@bp.get(UPLOAD_PATH + "sample.csv")
def upload_sample():
    return csv_download(sample_csv(), "iris-sample.csv")


@bp.get(f"/uploads/<int(max={MAX_ID}):upload_id>/")
@login_required
def upload_detail(upload_id: int):
    upload = selectors.upload_get_for_user(user=current_user, upload_id=upload_id)
    if upload is None:
        # Another user's upload is a 404, as if it did not exist.
        abort(404)
    results = db.session.scalars(selectors.upload_results(upload=upload)).all()
    return render_template(
        "upload_detail.html",
        upload=upload,
        results=results,
        features=FEATURES,
        model_version=results[0].model_version if results else "",
        class_counts=class_counts(selectors.upload_class_counts(upload=upload)),
    )


@bp.get(f"/uploads/<int(max={MAX_ID}):upload_id>/predictions.csv")
@login_required
def upload_download(upload_id: int):
    upload = selectors.upload_get_for_user(user=current_user, upload_id=upload_id)
    if upload is None:
        abort(404)
    predictions = db.session.scalars(selectors.upload_results(upload=upload))
    rows = (prediction.result_row for prediction in predictions)
    return csv_download(csv_text(RESULT_COLUMNS, rows), upload.download_filename)


# An id past MAX_ID (the 64-bit limit) matches no route, so it is a 404 like any unknown id.
@bp.route(f"/predictions/<int(max={MAX_ID}):prediction_id>/", methods=["GET", "POST"])
@login_required
def prediction_detail(prediction_id: int):
    prediction = selectors.prediction_get_for_user(user=current_user, prediction_id=prediction_id)
    if prediction is None:
        # Another user's prediction is a 404, as if it did not exist.
        abort(404)
    form = FeedbackForm()
    if form.validate_on_submit():
        services.prediction_feedback_record(prediction=prediction, true_label=form.true_label.data)
        flash("Feedback saved. Thank you.")
        return redirect(url_for(".prediction_detail", prediction_id=prediction.id), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("prediction_detail.html", prediction=prediction, form=form), status


@bp.get("/api/v1/docs")
def api_docs():
    # Built from the OpenAPI document by shared_model, which escapes every text it uses.
    return render_template("api_docs.html", docs=Markup(api_docs_html()))


# The history lists the latest uploads above the predictions.
UPLOADS_LISTED = 10


@bp.get("/predictions/")
@login_required
def prediction_list():
    page = selectors.prediction_page_for_user(user=current_user, page=request.args.get("page"))
    latest = selectors.upload_list_for_user(user=current_user).limit(UPLOADS_LISTED)
    uploads = db.session.scalars(latest).all()
    return render_template("prediction_list.html", page=page, uploads=uploads)


@bp.get("/dashboard/")
@login_required
def dashboard():
    stats = selectors.dashboard_stats()
    metrics = get_predictor().card["metrics"]
    # The chart functions escape every text they draw, so their SVG is safe to insert.
    return render_template(
        "dashboard.html",
        stats=stats,
        upload_count=selectors.upload_count(),
        held_out_accuracy=metrics["accuracy"],
        per_class_metrics=[(name, metrics["per_class"][name]) for name in CLASSES],
        class_chart=Markup(charts.class_counts_chart(stats.per_class)),
        daily_chart=Markup(charts.daily_counts_chart(stats.per_day)),
        accuracy_chart=Markup(
            charts.accuracy_chart(
                live=stats.live_accuracy,
                held_out=metrics["accuracy"],
                feedback_count=stats.feedback_count,
            )
        ),
        confusion_chart=Markup(charts.confusion_matrix_chart(metrics["confusion_matrix"], CLASSES)),
    )
