from django.urls import path

from issues.views import duplicates, entry, handling, issue_page, ledger

app_name = "issues"
urlpatterns = [
    path("", ledger.issue_index, name="issue_list"),
    path("mine/", ledger.department_tasks, name="department_tasks"),
    path("returned/", handling.reassign_queue_page, name="reassign_queue"),
    path("new/", entry.issue_report, name="issue_report"),
    path("import/", entry.issue_import, name="issue_import"),
    path("import/template.xlsx", entry.issue_import_template, name="issue_import_template"),
    path("similar/", duplicates.similar_hints, name="similar"),
    path("<int:pk>/", issue_page.issue_detail, name="issue_detail"),
    path("<int:pk>/merge/", duplicates.merge, name="merge"),
    path("<int:pk>/edit/", issue_page.issue_edit, name="issue_edit"),
    path("<int:pk>/rectification/", issue_page.rectification_edit, name="rectification_edit"),
    path("<int:pk>/steps/<slug:action>/", issue_page.issue_step, name="issue_step"),
    path("<int:pk>/deadline/confirm/", issue_page.deadline_confirm, name="deadline_confirm"),
    path("<int:pk>/evidence/", issue_page.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/<int:evidence_pk>/", issue_page.evidence_download, name="evidence_download"),
    path("<int:pk>/callback/", issue_page.callback_record, name="callback_record"),
    path("<int:pk>/extensions/", issue_page.extension_request, name="extension_request"),
    path("<int:pk>/extensions/<int:extension_pk>/", issue_page.extension_decide, name="extension_decide"),
    path("<int:pk>/urge/", handling.urge, name="urge"),
    path("<int:pk>/urgings/<int:urging_pk>/reply/", handling.urging_reply, name="urging_reply"),
    path("<int:pk>/assisting/", handling.assisting_set, name="assisting_set"),
    path("<int:pk>/assistance/", handling.assistance_record, name="assistance_record"),
]
