from django.urls import path

from campaigns.views import roster

app_name = "roster"
urlpatterns = [
    path("", roster.roster_index, name="list"),
    path("new/", roster.official_create, name="create"),
    path("<int:pk>/edit/", roster.official_edit, name="edit"),
    path("<int:pk>/active/", roster.official_set_active, name="set_active"),
    path("import/", roster.roster_import, name="import"),
    path("template.xlsx", roster.roster_template, name="template"),
    path("export.xlsx", roster.roster_export, name="export"),
]
