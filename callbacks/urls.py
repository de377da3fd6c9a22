from django.urls import path

from callbacks import views

app_name = "callbacks"
urlpatterns = [
    path("", views.callback_index, name="list"),
    path("import/", views.callback_import, name="import"),
    path("import/template.xlsx", views.callback_template, name="template"),
    path("<int:pk>/issue/", views.callback_raise_issue, name="raise_issue"),
]
