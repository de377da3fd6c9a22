"""New ledger lines from sources other than walkthroughs: one at a time (登记问题) or a whole workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.form_tokens import repeated_submission, submit_once
from campaigns.selectors import department_list
from issues import services
from issues.forms import IssueImportForm, IssueReportForm
from issues.importing import read_issue_workbook, write_import_template
from issues.models import issue_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reporter(user):
    if not services.can_report_issue(user):
        raise PermissionDenied(_("只有中心工作人员可以登记问题"))


@login_required
def issue_report(request):
    _require_reporter(request.user)
    if request.method == "POST" and (repeat := repeated_submission(request)):
        return repeat
    form = IssueReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            issue, repeat = submit_once(
                request, lambda: services.issue_report(by=request.user, **form.issue_fields()),
                result_url=lambda issue: issue.get_absolute_url(),
            )
            if repeat:
                return repeat
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("已登记问题%(number)s") % {"number": issue_number(issue.year, issue.sequence)})
            return redirect(issue)
    return render(request, "issues/issue_report.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def issue_import(request):
    """Upload a filled-in template: every bad row listed with its row, column and reason, or all rows imported."""
    _require_reporter(request.user)
    form = IssueImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = read_issue_workbook(form.cleaned_data["file"], reader=request.user)
        if result.ok:
            try:
                created = services.issue_import(by=request.user, rows=result.rows)
            except ValidationError as refusal:  # a row that passed the checks but not the model (should not happen)
                form.add_error(None, refusal)
            else:
                numbers = [issue_number(issue.year, issue.sequence) for issue in created]
                messages.success(
                    request,
                    ngettext("已导入%(n)d个问题(%(first)s至%(last)s)", "已导入%(n)d个问题(%(first)s至%(last)s)",
                             len(created))
                    % {"n": len(created), "first": numbers[0], "last": numbers[-1]},
                )
                return redirect(f"{reverse('issues:issue_list')}?stage=experience")
    status = 400 if request.method == "POST" else 200
    return render(request, "issues/issue_import.html", {"form": form, "result": result}, status=status)


@login_required
def issue_import_template(request):
    _require_reporter(request.user)
    filename = _("问题导入模板-%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    write_import_template(response, departments=department_list(user=request.user))
    return response
