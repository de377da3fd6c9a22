from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard.xlsx", views.dashboard_export, name="dashboard_export"),
    path("briefing/", views.briefing, name="briefing"),
    path("briefing.docx", views.briefing_docx, name="briefing_docx"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("walkthroughs.xlsx", views.walkthrough_export, name="walkthrough_export"),
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("exports/<int:pk>/download/", views.export_job_download, name="export_job_download"),
    path("exports/<int:pk>/retry/", views.export_job_retry, name="export_job_retry"),
    path("issues/<int:pk>/print/", views.issue_print, name="issue_print"),
]
