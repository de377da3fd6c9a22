from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The scale benchmark: `manage.py seed_bench` and the `make bench` harness. No pages, no URLs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bench"
    verbose_name = "benchmark"
