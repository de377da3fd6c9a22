"""What the issue page shows beside the loop: why it came back (退回 / 退回整改, on top), the assisting departments
and their part (协办), the urgings (督办) and the forms this user may use for them."""

from issues import workflow
from issues.handling import assistance_of
from issues.handling_forms import AssistanceForm, AssistingForm, UrgeForm, UrgingReplyForm


def return_notice(issue, last):
    """`last`, the issue's latest event, if it sent the issue back — a 退回整改 to the department or a 退回 to the
    center — else None."""
    if last is None:
        return None
    returned = {(workflow.Stage.RECTIFICATION, "reject"), (workflow.Stage.EXPERIENCE, "send_back")}
    return last if (issue.stage, last.action) in returned else None


def handling_context(issue, *, records, user, roles, bound) -> dict:
    """The page's 协办 / 督办 part, from the issue's records (issues.records.IssueRecords)."""
    def may(activity):
        return workflow.may(activity, stage=issue.stage, roles=roles)

    assistants, urgings = records.assistants, records.urgings
    assistance_form = None
    if may("record_assistance"):
        own = assistance_of(issue=issue, user=user)
        assistance_form = bound.get("assistance") or AssistanceForm(initial={"measures": own.measures if own else ""})
    reply_forms = {}
    if may("reply_urging"):
        for urging in urgings:
            if urging.replied_at is None:
                reply_forms[urging.pk] = bound.get(f"reply:{urging.pk}") or UrgingReplyForm()
    for urging in urgings:
        urging.reply_form = reply_forms.get(urging.pk)
    return {
        "return_notice": return_notice(issue, records.last_event),
        "assistants": assistants,
        "assisting_form": (bound.get("assisting") or AssistingForm(
            initial={"departments": [a.department_id for a in assistants]}, user=user,
        )) if may("set_assisting") else None,
        "assistance_form": assistance_form,
        "urgings": urgings,
        "urge_form": (bound.get("urge") or UrgeForm()) if may("urge") and issue.department_id else None,
        "reply_forms": reply_forms,
    }
