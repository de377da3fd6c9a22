from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time token, spent by its first successful POST: a second POST of the same page (a double
    click, a resend after a slow answer) lands on what the first one made instead of making it again."""

    token = models.CharField(_("表单令牌"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.CASCADE,
                             related_name="+")
    result_url = models.CharField(_("提交结果地址"), max_length=300)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表单提交记录")
        verbose_name_plural = _("表单提交记录")

    def __str__(self):
        return self.token
