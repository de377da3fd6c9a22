from django.db import models


class BenchSeed(models.Model):
    """Marks a database filled by `manage.py seed_bench`: only such a database may be emptied and seeded again."""

    issues = models.PositiveIntegerField()
    random_seed = models.PositiveIntegerField(default=13)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "benchmark seed"

    def __str__(self):
        return f"{self.issues} issues ({'complete' if self.finished_at else 'unfinished'})"
