"""Reads for the public page (no user: only what is published) and for staff managing it (scoped)."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from issues.models import Issue, IssueEvent
from issues.selectors import issue_list
from publicity.models import Publication
from reports.selectors import closing_time


def public_publications() -> QuerySet[Publication]:
    """What anyone may read: shown (not withdrawn) publications of issues that are closed, newest first, with
    `closed_at` — and only public fields are loaded, so nothing personal can reach the template."""
    return (
        Publication.objects.filter(withdrawn_at__isnull=True, issue__stage=Issue.Stage.CLOSED)
        .annotate(closed_at=closing_time_of_issue())
        .select_related("issue__department", "issue__service_item")
        .only("found_text", "done_text", "published_at", "issue__category", "issue__department__name",
              "issue__department__short_name", "issue__service_item__name", "issue__discovered_on")
        .order_by("-published_at", "-pk")
    )


def closing_time_of_issue():
    """When the publication's issue was closed (its latest IssueEvent into `closed`)."""
    events = IssueEvent.objects.filter(issue=OuterRef("issue_id"), to_stage=Issue.Stage.CLOSED).order_by(
        "-created_at", "-pk")
    return Subquery(events.values("created_at")[:1])


def publishable_issues(*, user) -> QuerySet[Issue]:
    """Closed issues in the user's scope that are not on the public page now, most recently closed first."""
    shown = Publication.objects.filter(issue=OuterRef("pk"), withdrawn_at__isnull=True)
    return (
        issue_list(user=user)
        .filter(stage=Issue.Stage.CLOSED)
        .annotate(closed_at=closing_time(), is_shown=Exists(shown))
        .filter(is_shown=False)
        .order_by("-closed_at", "-pk")
    )


def managed_publications(*, user) -> QuerySet[Publication]:
    """Every publication (shown or withdrawn) of issues in the user's scope."""
    return Publication.objects.filter(issue__in=issue_list(user=user).values("pk")).select_related(
        "issue", "issue__department", "published_by", "withdrawn_by"
    )
