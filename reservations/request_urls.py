"""Public addresses of requests: the lookup by code and email, and the status page."""

from django.urls import path

from . import request_views

app_name = "requests"

urlpatterns = [
    path("", request_views.lookup, name="lookup"),
    path("<str:code>/<str:token>/", request_views.status, name="status"),
    path("<str:code>/<str:token>/jawab/", request_views.answer, name="answer"),
]
