from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from issues.models import Issue


class Publication(models.Model):
    """A rectified ledger line shown on the public 整改公示 page, in words written for the public: what was found
    and what was done. Withdrawn publications stay as a record of what was shown and when."""

    issue = models.OneToOneField(Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="publication")
    found_text = models.TextField(_("发现的问题(公示文字)"), max_length=500)
    done_text = models.TextField(_("整改措施(公示文字)"), max_length=500)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撤回人"), on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("整改公示")
        verbose_name_plural = _("整改公示")
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["-published_at"], condition=Q(withdrawn_at__isnull=True),
                                name="publication_shown_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                name="publication_withdrawal_has_actor",
            ),
        ]

    def __str__(self):
        return f"{self.issue.number} {self.found_text[:30]}"

    @property
    def is_shown(self) -> bool:
        return self.withdrawn_at is None
