from django.urls import path

from campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.walkthrough_index, name="walkthrough_list"),
    path("new/", views.walkthrough_create, name="walkthrough_create"),
    path("<int:pk>/", views.walkthrough_detail, name="walkthrough_detail"),
]
