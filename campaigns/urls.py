from django.urls import path

from campaigns.views import app, walkthroughs

app_name = "campaigns"
urlpatterns = [
    path("", walkthroughs.walkthrough_index, name="walkthrough_list"),
    path("new/", walkthroughs.walkthrough_create, name="walkthrough_create"),
    path("sw.js", app.service_worker, name="service_worker"),
    path("<int:pk>/", walkthroughs.walkthrough_detail, name="walkthrough_detail"),
    path("<int:pk>/edit/", walkthroughs.walkthrough_edit, name="walkthrough_edit"),
    path("<int:pk>/authorisation/", walkthroughs.authorisation_download, name="authorisation_download"),
    path("attachments/<int:pk>/", walkthroughs.attachment_download, name="attachment_download"),
    path("attachments/kept/<int:pk>/", walkthroughs.pending_attachment_download, name="pending_attachment_download"),
]
