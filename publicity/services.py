"""Publishing rectified problems on the public page, and taking them down again."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.roles import Role, has_role
from issues.models import Issue
from publicity.models import Publication
from publicity.personal import personal_data_found

CACHE_VERSION_KEY = "publicity:version"


def public_page_version() -> int:
    """Part of the public page's cache key: publishing or withdrawing moves it on, so the page is rebuilt."""
    return cache.get_or_set(CACHE_VERSION_KEY, 1, timeout=None)


def _invalidate() -> None:
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 2, timeout=None)


def can_publish(user) -> bool:
    return has_role(user, Role.CENTER_STAFF)


def _check_text(errors: dict, field: str, text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        errors[field] = _("请填写%(what)s") % {"what": label}
    elif len(text) > 500:
        errors[field] = _("不超过500字")
    elif found := personal_data_found(text):
        errors[field] = _("公示文字中不能含有%(kinds)s,请删除后再发布") % {"kinds": _("、").join(found)}
    return text


def publication_publish(*, issue: Issue, by, found_text: str, done_text: str) -> Publication:
    """Show a rectified (closed) issue on the public page in the given words; publishing a withdrawn one again
    shows it again with the new words. Raises PermissionDenied for anyone but center staff, ValidationError for
    an issue not yet rectified or for text that is empty, too long or holds a phone or ID number."""
    if not can_publish(by):
        raise PermissionDenied(_("只有中心工作人员可以发布整改公示"))
    errors = {}
    found_text = _check_text(errors, "found_text", found_text, _("发现的问题"))
    done_text = _check_text(errors, "done_text", done_text, _("整改措施"))
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.stage != Issue.Stage.CLOSED:
            errors["__all__"] = _("只有已整改完成(已销号)的问题可以公示")
        if errors:
            raise ValidationError(errors)
        publication, _created = Publication.objects.update_or_create(
            issue=locked,
            defaults={
                "found_text": found_text, "done_text": done_text, "published_by": by,
                "published_at": timezone.now(), "withdrawn_by": None, "withdrawn_at": None, "withdrawn_reason": "",
            },
        )
        transaction.on_commit(_invalidate)
    return publication


def publication_withdraw(*, publication: Publication, by, reason: str = "") -> Publication:
    """Take a publication off the public page at once; the row stays with who withdrew it, when and why."""
    if not can_publish(by):
        raise PermissionDenied(_("只有中心工作人员可以撤回整改公示"))
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.withdrawn_by = by
            locked.withdrawn_reason = reason.strip()[:200]
            locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
            transaction.on_commit(_invalidate)
    return locked
