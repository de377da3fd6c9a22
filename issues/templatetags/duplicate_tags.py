from django import template

from campaigns.roles import Role, roles_of
from issues.models import Issue, IssueSighting
from issues.selectors import issue_list

register = template.Library()


@register.inclusion_tag("issues/_duplicates.html", takes_context=True)
def issue_duplicates(context, issue: Issue):
    """The issue page's "same blockage" box: who else met it, what was merged into it, and staff's merge form."""
    user = context["request"].user
    return {
        "issue": issue,
        "sightings": IssueSighting.objects.filter(issue=issue).select_related("walkthrough", "reported_by"),
        "merged": issue_list(user=user).filter(duplicate_of=issue),
        "kept": issue_list(user=user).filter(pk=issue.duplicate_of_id).first() if issue.duplicate_of_id else None,
        "can_merge": Role.CENTER_STAFF in roles_of(user) and issue.stage != Issue.Stage.CLOSED,
        "csrf_token": context.get("csrf_token"),
    }
