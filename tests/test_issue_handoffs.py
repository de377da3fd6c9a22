"""Wrong department: the liaison sends the issue back (退回) with a reason, the center re-dispatches it (改派) to
another department with a new deadline; the center may also reassign an issue a department is still working on.
Each is one IssueEvent naming the departments, and whoever must act next is told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from issues import workflow
from issues.models import Issue, Notification
from issues.selectors import issue_list, reassign_queue
from issues.services import issue_transition
from tests.factories import WalkthroughFactory, make_issue

pytestmark = pytest.mark.django_db


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def handed_off(org, users, django_capture_on_commit_callbacks):
    issue = make_issue(by=users["staff"], title="营业执照窗口不受理个体户变更")
    with django_capture_on_commit_callbacks(execute=True):
        return issue_transition(
            issue=issue, action="hand_off", by=users["staff"],
            changes={"department": org.market, "deadline": in_a_week()},
        )


def inbox(user, language="zh-hans"):
    with translation.override(language):
        return [n.message for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_the_liaison_sends_back_an_issue_that_is_not_his_departments(handed_off, org, users,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_transition(issue=handed_off, action="send_back", by=users["liaison"], note="不属于本单位职责")

    assert (issue.stage, issue.department) == (Issue.Stage.EXPERIENCE, None)
    event = issue.events.last()
    assert (event.action, event.from_department, event.to_department, event.note) == (
        "send_back", org.market, None, "不属于本单位职责"
    )
    # The center sees it waiting to be re-dispatched, with who returned it and why.
    [waiting] = reassign_queue(user=users["staff"])
    assert waiting == issue and waiting.sent_back_by == "县市场监管局" and waiting.sent_back_note == "不属于本单位职责"
    assert any("县市场监管局退回了问题" in text and "不属于本单位职责" in text for text in inbox(users["staff"]))
    # No longer his: it has left the liaison's scope.
    assert not issue_list(user=users["liaison"]).filter(pk=issue.pk).exists()


def test_a_send_back_needs_a_reason_and_only_the_departments_liaison_may_send_it(handed_off, users):
    with pytest.raises(workflow.TransitionRefused, match="理由"):
        issue_transition(issue=handed_off, action="send_back", by=users["liaison"], note="  ")
    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        issue_transition(issue=handed_off, action="send_back", by=users["other_liaison"], note="不是我们的")
    handed_off.refresh_from_db()
    assert handed_off.stage == Issue.Stage.FEEDBACK and handed_off.events.count() == 2


def test_the_center_reassigns_a_returned_issue_with_a_new_deadline(handed_off, org, users,
                                                                   django_capture_on_commit_callbacks):
    returned = issue_transition(issue=handed_off, action="send_back", by=users["liaison"], note="不属于本单位职责")
    with pytest.raises(workflow.TransitionRefused, match="改派"):
        issue_transition(issue=returned, action="hand_off", by=users["staff"],
                         changes={"department": org.police, "deadline": in_a_week()})
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_transition(
            issue=returned, action="reassign", by=users["staff"], note="户籍业务属公安局",
            changes={"department": org.police, "deadline": in_a_week() + datetime.timedelta(days=3)},
        )

    assert (issue.stage, issue.department, issue.deadline) == (
        Issue.Stage.FEEDBACK, org.police, in_a_week() + datetime.timedelta(days=3)
    )
    event = issue.events.last()
    assert (event.action, event.from_department, event.to_department) == ("reassign", org.market, org.police)
    assert reassign_queue(user=users["staff"]).count() == 0
    [told] = inbox(users["other_liaison"])
    assert "已由县市场监管局改派县公安局" in told
    [told_en] = inbox(users["other_liaison"], "en")
    assert "reassigned from 县市场监管局 to 县公安局" in told_en


def test_the_center_reassigns_an_issue_still_being_rectified(handed_off, org, users,
                                                             django_capture_on_commit_callbacks):
    rectifying = issue_transition(issue=handed_off, action="acknowledge", by=users["liaison"])
    with pytest.raises(ValidationError, match="另一个责任单位"):
        issue_transition(issue=rectifying, action="reassign", by=users["staff"], note="重新明确",
                         changes={"department": org.market, "deadline": in_a_week()})
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_transition(issue=rectifying, action="reassign", by=users["staff"], note="职责调整",
                                 changes={"department": org.police, "deadline": in_a_week()})

    assert (issue.stage, issue.department) == (Issue.Stage.FEEDBACK, org.police)
    event = issue.events.last()
    assert (event.from_stage, event.to_stage, event.from_department, event.to_department) == (
        "rectification", "feedback", org.market, org.police
    )
    assert any("县市场监管局无需继续办理" in text for text in inbox(users["liaison"]))
    assert any("请及时签收" in text for text in inbox(users["other_liaison"]))


def test_the_walker_hears_what_became_of_his_finding(org, users, django_capture_on_commit_callbacks):
    walker = users["walker"]
    session = WalkthroughFactory(lead=walker.official, created_by=walker, department=org.market)
    issue = make_issue(by=walker, title="自助机无法打印", source=Issue.Source.WALKTHROUGH, walkthrough=session)
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_transition(issue=issue, action="hand_off", by=users["staff"],
                                 changes={"department": org.market, "deadline": in_a_week()})
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_transition(issue=issue, action="send_back", by=users["liaison"], note="设备归大厅管理")
    assert inbox(walker) == [
        f"【您发现的问题】您发现的问题{issue.number}「自助机无法打印」已交办县市场监管局整改。",
        f"【您发现的问题】您发现的问题{issue.number}「自助机无法打印」被县市场监管局退回,中心将改派其他单位。",
    ]
    assert inbox(walker, "en")[0].startswith("[Your finding]")
