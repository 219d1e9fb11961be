from django.urls import path

from . import views

app_name = "meetingroom"

urlpatterns = [path("", views.request_loan, name="request")]
