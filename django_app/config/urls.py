"""The project's URLs: the data admin, then the predictions app, then the error handlers.

Flask counterpart: the blueprints registered in flask_app/__init__.py (create_app).
"""

from __future__ import annotations

from django.urls import include, path

from django_app.predictions.admin import admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("", include("django_app.predictions.urls")),
]

handler400 = "django_app.predictions.errors.bad_request"
handler403 = "django_app.predictions.errors.permission_denied"
handler404 = "django_app.predictions.errors.page_not_found"
handler500 = "django_app.predictions.errors.server_error"
