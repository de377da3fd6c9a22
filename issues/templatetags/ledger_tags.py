"""Small display helpers of the ledger pages: the stage badge and the overdue badge."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

register = template.Library()

STAGE_BADGE = {
    "experience": "text-bg-secondary",
    "feedback": "text-bg-info",
    "rectification": "text-bg-warning",
    "evaluation": "text-bg-primary",
    "closed": "text-bg-success",
}


@register.simple_tag
def stage_badge(issue):
    return format_html(
        '<span class="badge {}" data-testid="issue-stage">{}</span>',
        STAGE_BADGE.get(issue.stage, "text-bg-secondary"),
        issue.get_stage_display(),
    )


@register.filter
def overdue_days_badge(days: int) -> SafeString:
    """The red badge of an overdue issue: "超期N个工作日", or "已超期" when late only by days off."""
    late = ngettext("超期%(days)s个工作日", "超期%(days)s个工作日", days) % {"days": days}
    text = late if days else gettext("已超期")
    return format_html('<span class="badge text-bg-danger" data-testid="overdue-badge">{}</span>', text)


@register.simple_tag
def overdue_badge(issue, today, calendar) -> str:
    from issues.selectors import is_overdue, working_days_overdue

    if not is_overdue(issue, today=today):
        return ""
    return overdue_days_badge(working_days_overdue(issue, today=today, calendar=calendar))


@register.filter
def ledger_cells(table, record):
    """A ledger row's cells (issues.tables.IssueTable.cells_html)."""
    return table.cells_html(record)
