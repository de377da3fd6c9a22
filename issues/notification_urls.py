from django.urls import path

from issues import notification_views

app_name = "notifications"
urlpatterns = [
    path("", notification_views.notification_index, name="list"),
    path("<int:pk>/read/", notification_views.notification_read, name="read"),
    path("read-all/", notification_views.notification_read_all, name="read_all"),
]
