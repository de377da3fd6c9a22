"""Small display helpers of the ledger pages: the stage badge and the overdue badge."""

from django import template
from django.utils.html import format_html

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


@register.inclusion_tag("issues/_overdue_badge.html")
def overdue_badge(issue, today, calendar):
    from issues.selectors import is_overdue, working_days_overdue

    return {
        "overdue": is_overdue(issue, today=today),
        "days": working_days_overdue(issue, today=today, calendar=calendar),
    }


@register.filter
def ledger_cells(table, record):
    """A ledger row's cells (issues.tables.IssueTable.cells_html)."""
    return table.cells_html(record)
