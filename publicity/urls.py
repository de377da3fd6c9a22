from django.urls import path

from publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("qr.svg", views.public_qr, {"fmt": "svg"}, name="public_qr_svg"),
    path("qr.png", views.public_qr, {"fmt": "png"}, name="public_qr_png"),
    path("manage/", views.manage, name="manage"),
    path("manage/issues/<int:issue_pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
