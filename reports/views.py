from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from issues.filters import IssueFilter
from issues.selectors import issue_list, with_ledger_facts
from reports.exporters.ledger import write_ledger

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def ledger_export(request):
    """The ledger as .xlsx: exactly the rows of the current filter within the user's scope."""
    today = timezone.localdate()
    issue_filter = IssueFilter(request.GET, queryset=issue_list(user=request.user))
    issues = with_ledger_facts(issue_filter.qs, today=today).order_by("year", "sequence")
    campaign = issue_filter.form.cleaned_data.get("campaign") if issue_filter.is_valid() else None
    title = _("%(name)s问题整改台账") % {"name": campaign.theme if campaign else _("走流程")}
    response = xlsx_response(_("整改台账-%(date)s.xlsx") % {"date": today.strftime("%Y%m%d")})
    write_ledger(issues, response, title=title)
    return response
