from django.urls import path

from issues import views

app_name = "issues"
urlpatterns = [
    path("", views.issue_index, name="issue_list"),
    path("<int:pk>/", views.issue_detail, name="issue_detail"),
    path("<int:pk>/steps/<slug:action>/", views.issue_step, name="issue_step"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
]
