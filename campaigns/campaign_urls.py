from django.urls import path

from campaigns.views import campaigns

app_name = "campaign"
urlpatterns = [
    path("", campaigns.campaign_index, name="list"),
    path("new/", campaigns.campaign_create, name="create"),
    path("<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="edit"),
]
