from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from campaigns import services
from campaigns.counting import BoundedPaginator
from campaigns.filters import RosterFilter
from campaigns.form_tokens import repeated_submission, submit_once
from campaigns.forms import OfficialForm, RosterImportForm
from campaigns.roster_io import read_roster, roster_workbook
from campaigns.selectors import (
    can_read_roster,
    current_campaign,
    department_list,
    roster_list,
    roster_official_get,
    with_walks,
)
from campaigns.tables import RosterTable
from campaigns.views.errors import show_service_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNFILTERED = {"campaign", "sort", "page"}  # parameters that leave the roster's default filters in place


def _require_reader(user):
    if not can_read_roster(user):
        raise PermissionDenied


def _require_manager(user):
    if not services.can_manage_roster(user):
        raise PermissionDenied


def _filtered_roster(request):
    """The roster filter with its defaults (the current campaign, its walking roster, people still on the roster),
    its queryset
    annotated with the walks that count under the campaign and dates chosen."""
    data = request.GET.copy()
    current = current_campaign(user=request.user)
    if "campaign" not in data and current is not None:
        data["campaign"] = str(current.pk)
    if data.get("campaign") and not set(data) - UNFILTERED:
        data["expected"] = "yes"  # opened unfiltered: the campaign's walking roster, whom its dashboard counts
    data.setdefault("is_active", "yes")
    roster_filter = RosterFilter(data, queryset=roster_list(user=request.user), request=request)
    chosen = roster_filter.form.cleaned_data if roster_filter.form.is_valid() else {}
    campaign, period = chosen.get("campaign"), chosen.get("occurred_at")
    roster_filter.queryset = with_walks(
        roster_list(user=request.user), campaign,
        start=period.start.date() if period and period.start else None,
        end=period.stop.date() if period and period.stop else None,
    )
    return roster_filter, campaign


def _walk_summary(roster_filter) -> dict:
    """How many people the chosen filters cover and how many of them walked, whatever `walked` is set to."""
    data = roster_filter.data.copy()
    data["walked"] = ""
    people = RosterFilter(data, queryset=roster_filter.queryset, request=roster_filter.request).qs
    return {"people": people.count(), "walked": people.filter(walked=True).count()}


@login_required
def roster_index(request):
    _require_reader(request.user)
    roster_filter, campaign = _filtered_roster(request)
    manager = services.can_manage_roster(request.user)
    table = RosterTable(
        roster_filter.qs, show_phone=manager,
        edit_url=(lambda official: reverse("roster:edit", args=[official.pk])) if manager else None,
    )
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": BoundedPaginator}).configure(table)
    context = {
        "filter": roster_filter, "table": table, "campaign": campaign, "can_manage": manager,
        "total": roster_filter.qs.count(), **_walk_summary(roster_filter),
        "walking_roster_only": roster_filter.data.get("expected") == "yes" and not roster_filter.form.errors,
    }
    return render(request, "campaigns/roster_list.html", context)


def _official_page(request, *, official=None):
    if request.method == "POST" and official is None and (repeat := repeated_submission(request)):
        return repeat
    form = OfficialForm(request.POST or None, instance=official, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if official is None:
                saved, repeat = submit_once(
                    request, lambda: services.official_create(by=request.user, fields=form.official_fields()),
                    result_url=lambda saved: reverse("roster:list"),
                )
                if repeat:
                    return repeat
            else:
                saved = services.official_update(official=official, by=request.user, fields=form.official_fields())
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s的信息已保存") % {"name": saved.name})
            return redirect("roster:list")
    return render(request, "campaigns/official_form.html", {"form": form, "official": official})


@login_required
def official_create(request):
    _require_manager(request.user)
    return _official_page(request)


@login_required
def official_edit(request, pk):
    _require_manager(request.user)
    return _official_page(request, official=roster_official_get(user=request.user, pk=pk))


@login_required
@require_POST
def official_set_active(request, pk):
    _require_manager(request.user)
    official = roster_official_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    services.official_set_active(official=official, by=request.user, active=active)
    if active:
        messages.success(request, _("%(name)s已恢复在册") % {"name": official.name})
    else:
        message = _("%(name)s已停用,不再出现在可选人员中;他的走流程记录仍保留") % {"name": official.name}
        messages.success(request, message)
    return redirect("roster:edit", pk=official.pk)


@login_required
def roster_import(request):
    _require_manager(request.user)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    reading = None
    if request.method == "POST" and form.is_valid():
        reading = read_roster(form.cleaned_data["workbook"], departments=department_list(user=request.user))
        if not reading.errors:
            counts = services.roster_import(by=request.user, rows=reading.rows)
            messages.success(
                request, _("导入完成:新增%(created)d人,更新%(updated)d人,无变化%(unchanged)d人") % counts
            )
            return redirect("roster:list")
    return render(request, "campaigns/roster_import.html", {"form": form, "reading": reading})


def _xlsx(content: bytes, name: str) -> FileResponse:
    return FileResponse(BytesIO(content), as_attachment=True, filename=name, content_type=XLSX)


@login_required
def roster_template(request):
    _require_manager(request.user)
    return _xlsx(roster_workbook(departments=department_list(user=request.user)), _("人员名册导入模板.xlsx"))


@login_required
def roster_export(request):
    _require_reader(request.user)
    roster_filter, _campaign = _filtered_roster(request)
    officials = roster_filter.qs
    # Full numbers only to those who see them on screen: the roster's managers.
    workbook = roster_workbook(officials, departments=department_list(user=request.user),
                               mask_phones=not services.can_manage_roster(request.user))
    return _xlsx(workbook, _("人员名册-%(day)s.xlsx") % {"day": timezone.localdate().isoformat()})
