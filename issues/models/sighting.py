from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import WalkthroughSession

from .issue import Issue


class IssueSighting(models.Model):
    """Another walker met an issue already in the ledger ("me too"): counted, with his walkthrough linked,
    instead of a duplicate ledger line."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="sightings")
    walkthrough = models.ForeignKey(
        WalkthroughSession, verbose_name=_("走流程记录"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="sightings",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发现人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("补充说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("同类发现")
        verbose_name_plural = _("同类发现")
        ordering = ["created_at", "pk"]
        constraints = [
            # One walkthrough counts once per issue, however often its form is sent.
            models.UniqueConstraint(
                fields=["issue", "walkthrough"], condition=Q(walkthrough__isnull=False),
                name="issue_sighting_once_per_walkthrough",
            ),
        ]

    def __str__(self):
        return f"{self.issue.number} +1"
