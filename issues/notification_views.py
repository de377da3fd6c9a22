"""The notification centre: a user's own notifications, read one by one or all at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from issues import notifications

PER_PAGE = 20


@login_required
def notification_index(request):
    only_unread = request.GET.get("show") == "unread"
    queryset = notifications.notification_list(user=request.user)
    if only_unread:
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "only_unread": only_unread}
    return render(request, "issues/notifications.html", context)


@login_required
@require_POST
def notification_read(request, pk):
    notification = notifications.notification_get(user=request.user, pk=pk)
    notifications.mark_read(notification=notification)
    if request.POST.get("open") and notification.issue_id:
        return redirect(notification.issue)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications.mark_all_read(user=request.user)
    message = ngettext("已将%(count)d条通知标为已读", "已将%(count)d条通知标为已读", count)
    messages.success(request, message % {"count": count})
    return redirect("notifications:list")
