from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reservations import views as shared_views

admin.site.site_header = "Pontive Center — Diskominfo Kota Pontianak"
admin.site.site_title = "Pontive Center"
admin.site.index_title = "Pontive Center"

urlpatterns = [
    path("", shared_views.home, name="home"),
    path("privasi/", shared_views.privacy, name="privacy"),
    path("healthz", shared_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", shared_views.staff_home, name="staff-home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("kunjungan/", include("visits.urls")),
    path("ruang-rapat/", include("meetingroom.urls")),
    path("permohonan/", include("reservations.request_urls")),
    path("admin/", admin.site.urls),
    path("coworking/", include("coworking.urls")),
    path("", include("reports.urls")),
]
