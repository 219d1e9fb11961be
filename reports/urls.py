from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "pdf|xlsx|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"

urlpatterns = [
    # staff
    path("laporan/", views.dashboard, name="dashboard"),
    path("laporan/rekap/", views.recap_list, name="recaps"),
    path("laporan/rekap/<str:slug>/", views.recap_detail, name="recap"),
    path("laporan/rekap/<str:slug>/<str:step>/", views.recap_step, name="recap-step"),
    path(
        "laporan/rekap/<str:slug>/v<int:number>.<fmt:fmt>",
        views.recap_download,
        name="recap-download",
    ),
    path("laporan/aduan/", views.complaints, name="complaints"),
    path("laporan/aduan/<int:pk>/jawab/", views.answer_complaint, name="answer-complaint"),
    path("laporan/berkas/<uuid:pk>/", views.job_page, name="job"),
    path("laporan/berkas/<uuid:pk>/status/", views.job_progress, name="job-progress"),
    path("laporan/berkas/<uuid:pk>/unduh/", views.job_file, name="job-file"),
    path("laporan/<str:report_kind>/<str:period>/", views.report_page, name="report"),
    path(
        "laporan/<str:report_kind>/<str:period>.<fmt:fmt>",
        views.report_download,
        name="report-download",
    ),
    # public
    path("survei/<str:token>/", views.survey, name="survey"),
    path("aduan/", views.complaint_form, name="complaint"),
    path("aduan/<str:service>/", views.complaint_form, name="complaint-service"),
]
