"""What happened to one issue — its stage events, deadline extensions, evidence, urgings (督办) and assisting
departments (协办) — read once for the issue page, which shows each of them and also its timeline, its facts for
the workflow, its reopen count and its pending extension. Reading them here once instead of in each of those
places is 9 queries fewer per page (31 → 22)."""

from dataclasses import dataclass

from issues import workflow
from issues.models import AssistingDepartment, DeadlineExtension, Evidence, Issue, IssueEvent, Urging
from issues.selectors import extension_list, reopen_pairs, urging_list


@dataclass(frozen=True)
class IssueRecords:
    """The issue's records, each list in its page order, with the people and departments they name joined."""

    events: list[IssueEvent]  # oldest first; actor, from_department, to_department
    extensions: list[DeadlineExtension]  # requested first first; requested_by, decided_by
    evidence: list[Evidence]  # uploaded first first; uploaded_by, department
    urgings: list[Urging]  # urged_by, replied_by, department
    assistants: list[AssistingDepartment]  # added_by, measures_by, department

    @property
    def last_event(self) -> IssueEvent | None:
        return max(self.events, key=lambda event: event.pk, default=None)

    @property
    def reopen_count(self) -> int:
        """How often the issue was reopened (退回整改 and the like): selectors.reopen_count, counted in memory."""
        pairs = reopen_pairs()
        return sum((event.from_stage, event.to_stage) in pairs for event in self.events)

    @property
    def pending_extension(self) -> DeadlineExtension | None:
        return next((item for item in self.extensions if item.status == DeadlineExtension.Status.PENDING), None)

    @property
    def was_handed_off(self) -> bool:
        return any(event.to_stage == workflow.Stage.FEEDBACK for event in self.events)


def issue_records(issue: Issue) -> IssueRecords:
    """Five queries, whatever the issue's history: one per kind of record."""
    return IssueRecords(
        events=list(issue.events.select_related("actor", "from_department", "to_department")),
        extensions=list(extension_list(issue=issue)),
        evidence=list(issue.evidence.select_related("uploaded_by", "department")),
        urgings=list(urging_list(issue=issue)),
        assistants=list(issue.assistants.select_related("added_by", "measures_by", "department")),
    )
