from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from intake import api

app_name = "intake"
urlpatterns = [
    path("hotline-tickets/", api.HotlineTicketView.as_view(), name="hotline_tickets"),
    path("reviews/", api.ReviewView.as_view(), name="reviews"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
