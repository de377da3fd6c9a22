from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "callbacks"
    verbose_name = _("回访台账")
