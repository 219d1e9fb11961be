from django.urls import path

from . import views

app_name = "coworking"

urlpatterns = [
    path("", views.reserve, name="reserve"),
    path("availability/", views.availability, name="availability"),
    path("r/<str:token>/", views.manage, name="manage"),
    path("r/<str:token>/cancel/", views.cancel, name="cancel"),
    path("r/<str:token>/change/", views.change, name="change"),
    path("r/<str:token>/qr.png", views.qr_image, name="qr"),
    path("r/<str:token>/ticket.pdf", views.ticket_pdf, name="ticket-pdf"),
    path("r/<str:token>/ticket.ics", views.ticket_ics, name="ticket-ics"),
    path("scan/", views.scan, name="scan"),
    path("today/", views.board, name="board"),
    path("today/<int:pk>/check-in/", views.manual_check_in, name="manual-check-in"),
    path("today/<int:pk>/check-out/", views.manual_check_out, name="manual-check-out"),
    path("today/<int:pk>/extend/", views.extend, name="extend"),
    path("today/<int:pk>/cancel/", views.staff_cancel, name="staff-cancel"),
    path("walk-in/", views.walk_in, name="walk-in"),
]
