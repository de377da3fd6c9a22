from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callbacks import services
from callbacks.forms import CallbackForm, CallbackImportForm, RaiseIssueForm
from callbacks.importing import read_callback_workbook, write_callback_template
from callbacks.selectors import callback_list
from campaigns.roles import Role, has_role
from campaigns.selectors import department_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(user):
    if not has_role(user, Role.CENTER_STAFF, Role.LEADER, Role.DEPT_LIAISON):
        raise PermissionDenied(_("回访台账仅对中心工作人员、领导和部门联络员开放"))


def _require_staff(user):
    if not services.can_record_callbacks(user):
        raise PermissionDenied(_("回访台账由中心工作人员登记"))


@login_required
def callback_index(request):
    """The callback ledger, newest first; staff also get the entry form."""
    _require_reader(request.user)
    page = Paginator(callback_list(user=request.user), 50).get_page(request.GET.get("page"))
    can_record = services.can_record_callbacks(request.user)
    form = None
    if can_record and request.method == "POST":
        form = CallbackForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.callback_record(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("回访已登记"))
                return redirect("callbacks:list")
    elif can_record:
        form = CallbackForm(user=request.user)
    return render(request, "callbacks/callback_list.html", {"page": page, "form": form, "can_record": can_record,
                                                            "import_form": CallbackImportForm()})


@login_required
@require_POST
def callback_import(request):
    _require_staff(request.user)
    form = CallbackImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        result = read_callback_workbook(form.cleaned_data["file"], reader=request.user)
        if result.ok:
            saved = services.callback_import(by=request.user, rows=result.rows)
            messages.success(request, _("已导入%(n)d条回访记录") % {"n": len(saved)})
            return redirect("callbacks:list")
        errors = result.errors
    else:
        messages.error(request, _("请选择要导入的 .xlsx 文件"))
    page = Paginator(callback_list(user=request.user), 50).get_page(1)
    return render(request, "callbacks/callback_list.html", {
        "page": page, "form": CallbackForm(user=request.user), "can_record": True, "import_form": form,
        "import_errors": errors,
    }, status=400 if errors else 200)


@login_required
def callback_template(request):
    _require_staff(request.user)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=_("回访清单模板.xlsx"))
    write_callback_template(response, departments=department_list(user=request.user))
    return response


@login_required
def callback_raise_issue(request, pk):
    """A problem the applicant raised becomes a ledger line (source 回访) in one step."""
    _require_staff(request.user)
    callback = get_object_or_404(callback_list(user=request.user), pk=pk)
    if callback.follow_up_issue_id:
        return redirect(callback.follow_up_issue)
    form = RaiseIssueForm(request.POST or None, initial={"description": callback.note})
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.callback_raise_issue(callback=callback, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已转为台账%(number)s,请交办责任单位") % {"number": issue.number})
            return redirect(issue)
    return render(request, "callbacks/raise_issue.html", {"form": form, "callback": callback})
