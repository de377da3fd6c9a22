"""How a deadline was derived, and counting it again when the calendar of a year it crosses changes.

A hand-off deadline that is the rule's (hand-off day + the working days of the severity/source rule) remembers
its rule on the issue: `deadline_start` and `deadline_working_days`; an approved extension remembers the working
days it added. When a year's calendar changes, every open deadline counted across that year is counted again from
that rule (issues.services writes it, with a history entry saying why, and the liaisons are told). A deadline the
staff typed by hand has no rule: it is never moved, only flagged for review (`deadline_review_since`).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from issues.models import DeadlineExtension, Issue
from issues.workdays import WorkCalendar


@dataclass(frozen=True)
class DeadlineRule:
    start: datetime.date
    working_days: int | None  # None: typed by hand


def hand_off_rule(
    *, deadline: datetime.date, today: datetime.date, rule_days: int, calendar: WorkCalendar
) -> DeadlineRule:
    """The rule behind a hand-off deadline: the rule's working days when the deadline is what the rule gives
    (the form proposes it), otherwise a hand-typed deadline."""
    if deadline == calendar.working_days_after(today, rule_days):
        return DeadlineRule(start=today, working_days=rule_days)
    return DeadlineRule(start=today, working_days=None)


def rule_deadline(*, start: datetime.date, working_days: int, calendar: WorkCalendar) -> datetime.date:
    return calendar.working_days_after(start, working_days)


def open_deadlines_across(year: int) -> QuerySet[Issue]:
    """Open issues whose deadline is counted across `year`: some day of (start, deadline] lies in it. An issue
    with no recorded start (a deadline older than this rule) counts when its deadline falls in the year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    across = Q(deadline_start__lt=last, deadline__gte=first) | Q(deadline_start__isnull=True, deadline__year=year)
    return Issue.objects.filter(across, deadline__isnull=False).exclude(stage=Issue.Stage.CLOSED)


@dataclass
class Rederived:
    moved: list = field(default_factory=list)  # (issue, old deadline)
    flagged: list = field(default_factory=list)  # hand-typed deadlines now marked for review
    unchanged: int = 0


def rederive_deadlines(*, years, by, calendar: WorkCalendar, reason: str) -> Rederived:
    """Counts again, on `calendar`, every open deadline counted across one of `years`; moves those made by the
    rule (history entry: `reason`), flags the hand-typed ones for review. Runs in the caller's transaction;
    the liaisons whose deadline moved are told in it (in-app) and by e-mail after it commits."""
    from issues import services

    result = Rederived()
    query = Q(pk__in=[])
    for year in years:
        query |= Q(pk__in=open_deadlines_across(year).values("pk"))
    candidates = list(Issue.objects.filter(query).order_by("pk").values_list("pk", flat=True))
    added = _approved_extension_days(candidates)
    now = timezone.now()
    for pk in candidates:
        with transaction.atomic():
            issue = Issue.objects.select_for_update().get(pk=pk)
            extra = added.get(pk, 0)
            if issue.deadline_working_days is None or issue.deadline_start is None or extra is None:
                if issue.deadline_review_since is None:
                    issue.deadline_review_since = now
                    services.save_with_reason(issue, by=by, reason=_("节假日安排变化,手工填写的整改时限待复核"))
                result.flagged.append(issue)
                continue
            new = rule_deadline(start=issue.deadline_start, working_days=issue.deadline_working_days + extra,
                                calendar=calendar)
            if new == issue.deadline:
                result.unchanged += 1
                continue
            old, issue.deadline = issue.deadline, new
            services.save_with_reason(issue, by=by, reason=reason)
            result.moved.append((issue, old))
    _tell_liaisons(result.moved, years=years)
    return result


def _approved_extension_days(issue_ids) -> dict[int, int | None]:
    """Working days added by approved extensions per issue; None when one of them predates counting them."""
    added: dict[int, int | None] = {}
    for issue_id, days in DeadlineExtension.objects.filter(
        issue_id__in=issue_ids, status=DeadlineExtension.Status.APPROVED
    ).values_list("issue_id", "working_days"):
        if days is None or added.get(issue_id, 0) is None:
            added[issue_id] = None
        else:
            added[issue_id] = added.get(issue_id, 0) + days
    return added


def _tell_liaisons(moved, *, years) -> None:
    from issues import notifications

    year = min(years)
    for issue, old in moved:
        notifications.notify_deadline_moved(issue=issue, old_deadline=old, year=year)


def can_confirm_deadline(user) -> bool:
    from campaigns.roles import Role, roles_of

    return Role.CENTER_STAFF in roles_of(user)


def confirm_deadline(*, issue: Issue, by) -> Issue:
    """Staff looked at a flagged hand-typed deadline and keep it: the review mark goes, with a history entry.
    Raises PermissionDenied for anyone but center staff."""
    from django.core.exceptions import PermissionDenied

    from issues import services

    if not can_confirm_deadline(by):
        raise PermissionDenied(_("只有中心工作人员可以复核整改时限"))
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.deadline_review_since is not None:
            locked.deadline_review_since = None
            services.save_with_reason(locked, by=by, reason=_("整改时限已复核"))
    return locked
