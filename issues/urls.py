app_name = "issues"
urlpatterns = []
