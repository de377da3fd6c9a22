from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from issues.selectors import issue_get
from publicity import qr, selectors, services
from publicity.forms import PublishForm, WithdrawForm
from publicity.models import Publication

PAGE_SIZE = 20
CACHE_SECONDS = 300


def public_list(request):
    """整改公示, open to anyone: the published rectified problems. The rendered page is cached until something is
    published or withdrawn (the cache key carries a version those services move on) or for CACHE_SECONDS."""
    page_number = request.GET.get("page", "1")
    page_number = page_number if page_number.isdigit() else "1"
    key = f"publicity:page:{services.public_page_version()}:{get_language()}:{page_number}"
    content = cache.get(key)
    if content is None:
        page = Paginator(selectors.public_publications(), PAGE_SIZE).get_page(page_number)
        content = render_to_string("publicity/public_list.html", {"page": page}, request=request)
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content)
    patch_cache_control(response, public=True, max_age=60)
    return response


def public_qr(request, fmt: str):
    """The QR code that opens the public page, as SVG (to print at any size) or PNG."""
    url = qr.public_page_url(request)
    if fmt == "svg":
        response = HttpResponse(qr.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.qr_png(url), content_type="image/png")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def _require_staff(user):
    if not services.can_publish(user):
        raise PermissionDenied(_("整改公示由中心工作人员管理"))


@login_required
def manage(request):
    """Staff: what is on the public page (withdraw it) and rectified problems that could be (publish them)."""
    _require_staff(request.user)
    context = {
        "candidates": selectors.publishable_issues(user=request.user)[:50],
        "publications": selectors.managed_publications(user=request.user)[:200],
        "public_url": qr.public_page_url(request),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "publicity/manage.html", context)


@login_required
def publish(request, issue_pk):
    _require_staff(request.user)
    issue = issue_get(user=request.user, pk=issue_pk)
    existing = Publication.objects.filter(issue=issue).first()
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.publication_publish(issue=issue, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    form.add_error(None if field == "__all__" else field, messages_)
            else:
                messages.success(request, _("已发布到整改公示页面"))
                return redirect("publicity:manage")
    else:
        form = PublishForm(initial={
            "found_text": existing.found_text if existing else issue.title,
            "done_text": existing.done_text if existing else issue.measures,
        })
    return render(request, "publicity/publish.html", {"form": form, "issue": issue})


@login_required
@require_POST
def withdraw(request, pk):
    _require_staff(request.user)
    publication = get_object_or_404(selectors.managed_publications(user=request.user), pk=pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.publication_withdraw(publication=publication, by=request.user, reason=reason)
    messages.success(request, _("已撤回,公示页面不再显示该问题"))
    return redirect("publicity:manage")
