from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _set_trigram_threshold(sender, connection, **kwargs):
    """pg_trgm's `%` operator (the similar-issue hints' indexed search) matches at the session's threshold: set it
    once per connection, not once per request."""
    if connection.vendor == "postgresql":
        from issues.similarity import NEARBY_ONLY_BELOW

        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(NEARBY_ONLY_BELOW)])


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("问题台账")

    def ready(self):
        connection_created.connect(_set_trigram_threshold, dispatch_uid="issues.trigram_threshold")
