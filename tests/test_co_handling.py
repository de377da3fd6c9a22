"""Joint handling (主办/协办, seed 004's 一哨联办) and urging (督办/催办): assisting liaisons see the issue in their
scope and add their part, marked with their department; only the lead department submits; a leader's urging reaches
the lead liaison, his reply reaches the leader, and urgings are counted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from campaigns.roles import Role
from issues import handling, workflow
from issues.models import Issue, Notification
from issues.selectors import issue_list, urging_count
from issues.services import evidence_add, issue_transition
from tests.factories import make_issue, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(org, users, django_capture_on_commit_callbacks):
    """A market-department issue (主办) that the police assist (协办), in rectification."""
    issue = make_issue(by=users["staff"], title="户籍迁移需两头跑")
    handling.assisting_set(issue=issue, by=users["staff"], departments=[org.police])
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_transition(
            issue=issue, action="hand_off", by=users["staff"],
            changes={"department": org.market, "deadline": timezone.localdate() + datetime.timedelta(days=7)},
        )
    return issue_transition(issue=issue, action="acknowledge", by=users["liaison"])


def inbox(user, language="zh-hans"):
    with translation.override(language):
        return [n.message for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_an_assisting_liaison_sees_the_issue_and_is_told_to_assist(joint, users):
    assert issue_list(user=users["other_liaison"]).filter(pk=joint.pk).exists()
    assert any("由县市场监管局主办,请县公安局协办" in text for text in inbox(users["other_liaison"]))


def test_a_liaison_of_a_department_neither_leading_nor_assisting_does_not_see_it(joint, org):
    township_liaison = user_with_role(Role.DEPT_LIAISON, "township", department=org.township)
    assert not issue_list(user=township_liaison).filter(pk=joint.pk).exists()


def test_a_sub_unit_liaison_sees_what_its_parent_department_assists(org, users, joint):
    joint.assistants.all().delete()
    handling.assisting_set(issue=joint, by=users["staff"], departments=[org.market_unit])
    parent = user_with_role(Role.DEPT_LIAISON, "market-head", department=org.market)
    unit = user_with_role(Role.DEPT_LIAISON, "unit", department=org.market_unit)
    assert issue_list(user=unit).filter(pk=joint.pk).count() == 1
    assert issue_list(user=parent).filter(pk=joint.pk).count() == 1  # leads it and its unit assists: listed once


def test_the_lead_department_cannot_also_assist(joint, org, users):
    with pytest.raises(ValidationError, match="主办单位"):
        handling.assisting_set(issue=joint, by=users["staff"], departments=[org.market])


def test_the_assisting_department_adds_measures_and_evidence_marked_with_its_name(joint, org, users):
    police = users["other_liaison"]
    row = handling.assistance_record(issue=joint, by=police, measures="公安局开通户籍迁移线上核验")
    proof = evidence_add(issue=joint, by=police, file=ContentFile(b"%PDF-1.4", name="police.pdf"))
    lead_proof = evidence_add(issue=joint, by=users["liaison"], file=ContentFile(b"%PDF-1.4", name="market.pdf"))
    assert (row.department, row.measures, row.measures_by) == (org.police, "公安局开通户籍迁移线上核验", police)
    assert (proof.department, lead_proof.department) == (org.police, None)


def test_only_the_lead_department_submits_or_asks_for_more_time(joint, users):
    joint.measures = "市场监管局与公安局数据共享"
    joint.save()
    evidence_add(issue=joint, by=users["other_liaison"], file=ContentFile(b"%PDF-1.4", name="p.pdf"))
    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        issue_transition(issue=joint, action="submit", by=users["other_liaison"],
                         changes={"measures": "公安局替主办提交"})
    assert not workflow.may("request_extension", stage=joint.stage, roles={workflow.ASSISTING_LIAISON})
    moved = issue_transition(issue=joint, action="submit", by=users["liaison"], changes={"measures": joint.measures})
    assert moved.stage == Issue.Stage.EVALUATION


def test_an_assisting_liaison_cannot_write_the_leads_measures_or_add_evidence_after_submission(joint, users):
    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        handling.assistance_record(issue=joint, by=users["liaison"], measures="主办写到协办栏")
    Issue.objects.filter(pk=joint.pk).update(stage=Issue.Stage.EVALUATION)
    joint.refresh_from_db()
    with pytest.raises(PermissionDenied):
        evidence_add(issue=joint, by=users["other_liaison"], file=ContentFile(b"%PDF-1.4", name="late.pdf"))


def test_a_leader_urges_the_lead_department_which_replies(joint, users, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="督办意见"):
        handling.issue_urge(issue=joint, by=users["leader"], note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        urging = handling.issue_urge(issue=joint, by=users["leader"], note="群众反映强烈,本周内办结")
    assert any("leader督办问题" in text and "本周内办结" in text for text in inbox(users["liaison"]))
    assert any(text.startswith("[Urged]") for text in inbox(users["liaison"], "en"))
    assert not any("督办" in text for text in inbox(users["other_liaison"]))  # the lead is urged, not the assistant

    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        handling.urging_reply(urging=urging, by=users["other_liaison"], reply="不归我们")
    with django_capture_on_commit_callbacks(execute=True):
        handling.urging_reply(urging=urging, by=users["liaison"], reply="已约谈窗口,周五前完成")
    assert any("县市场监管局回复了" in text and "周五前完成" in text for text in inbox(users["leader"]))
    with pytest.raises(workflow.TransitionRefused, match="已回复"):
        handling.urging_reply(urging=urging, by=users["liaison"], reply="再回复一次")


def test_urgings_are_counted_on_the_issue(joint, users):
    for note in ["请加快", "再次督办"]:
        handling.issue_urge(issue=joint, by=users["staff"], note=note)
    assert urging_count(joint) == 2
    with pytest.raises(workflow.TransitionRefused, match="没有权限"):
        handling.issue_urge(issue=joint, by=users["liaison"], note="自己催自己")
