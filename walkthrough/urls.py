from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from campaigns.department_picker import department_lookup
from campaigns.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("walkthroughs/", include("campaigns.urls")),
    path("campaigns/", include("campaigns.campaign_urls")),
    path("roster/", include("campaigns.roster_urls")),
    path("issues/", include("issues.urls")),
    path("notifications/", include("issues.notification_urls")),
    path("reports/", include("reports.urls")),
    path("gongshi/", include("publicity.urls")),
    path("api/intake/v1/", include("intake.urls")),
    path("callbacks/", include("callbacks.urls")),
    path("departments/lookup/", department_lookup, name="department_lookup"),
]
# No route serves MEDIA_ROOT, not even under DEBUG: every stored file goes out through a view that checks access
# (campaigns/files.py).
