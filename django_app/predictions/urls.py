"""The app's URLs: pages end with a slash, API paths do not (as the contract says).

Flask counterpart: the routes of the blueprints in flask_app/views.py, auth.py and api.py.
"""

from __future__ import annotations

from django.urls import path

from . import api, auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("predict/", views.predict, name="predict"),
    path("predict/upload/", views.upload, name="upload"),
    path("predict/upload/sample.csv", views.upload_sample, name="upload_sample"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("uploads/<int:pk>/predictions.csv", views.upload_download, name="upload_download"),
    path("predictions/", views.prediction_list, name="prediction_list"),
    path("predictions/<int:pk>/", views.prediction_detail, name="prediction_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/signup/", auth.signup, name="signup"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/token/", auth.token, name="token"),
    path("api/v1/health", api.health, name="api_health"),
    path("api/v1/model", api.model_card, name="api_model"),
    path("api/v1/predict", api.predict, name="api_predict"),
    path("api/v1/predictions", api.prediction_list, name="api_predictions"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    path("api/v1/docs", views.api_docs, name="api_docs"),
]
