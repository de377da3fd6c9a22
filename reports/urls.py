from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
]
