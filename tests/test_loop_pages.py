"""The pages of the loop as departments work it: 退回 → 待改派 → 改派, the reason for a return at the top of the page,
the one-form 提交验收 that keeps typed text on refusal, 协办 and 督办 on the issue page, and each person's to-do panel
whose numbers link to the lists they count."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue, Reduction
from issues.services import issue_transition
from tests.factories import make_issue

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    client.force_login(user)
    return client


def handed_off(org, users, **fields):
    issue = make_issue(by=users["staff"], title=fields.pop("title", "企业开办需重复提交材料"), **fields)
    return issue_transition(
        issue=issue, action="hand_off", by=users["staff"],
        changes={"department": org.market, "deadline": timezone.localdate() + datetime.timedelta(days=5)},
    )


def test_send_back_then_reassign_through_the_pages(client, org, users):
    issue = handed_off(org, users)
    login(client, users["liaison"])
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'id="step-send_back"' in page
    response = client.post(reverse("issues:issue_step", args=[issue.pk, "send_back"]),
                           {"send_back-note": "不属于本单位职责", "send_back-seen_stage": "feedback"}, follow=True)
    # The issue has left his department's ledger: he lands on that ledger, told so, not on a 404.
    assert response.status_code == 200 and response.request["PATH_INFO"] == reverse("issues:issue_list")
    assert f"已退回{issue.number},它已交回政务服务中心" in response.content.decode()

    login(client, users["staff"])
    queue = client.get(reverse("issues:reassign_queue")).content.decode()
    assert issue.number in queue and "县市场监管局于" in queue and "不属于本单位职责" in queue
    page = client.get(issue.get_absolute_url()).content.decode()
    notice = page.split('id="return-notice"')[1].split("</div>\n</div>")[0]
    assert "县市场监管局退回了此问题,请改派" in notice and "不属于本单位职责" in notice
    assert 'id="step-reassign"' in page and 'id="step-hand_off"' not in page
    response = client.post(reverse("issues:issue_step", args=[issue.pk, "reassign"]), {
        "reassign-department": org.police.pk, "reassign-seen_stage": "experience", "reassign-note": "属公安局职责",
        "reassign-deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
    })
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.stage, issue.department) == (Issue.Stage.FEEDBACK, org.police)
    timeline = client.get(issue.get_absolute_url()).content.decode().split('id="issue-timeline"')[1]
    assert "退回:反馈交办 → 体验发现 · 县市场监管局退回中心" in timeline
    assert "改派:体验发现 → 反馈交办 · 县市场监管局 → 县公安局" in timeline
    assert "交办:体验发现 → 反馈交办 · 交给县市场监管局" in timeline


def test_the_reason_for_a_failed_evaluation_is_at_the_top_of_the_liaisons_page(client, org, users):
    issue = handed_off(org, users)
    Issue.objects.filter(pk=issue.pk).update(stage=Issue.Stage.EVALUATION, measures="已整改")
    issue.refresh_from_db()
    issue_transition(issue=issue, action="reject", by=users["leader"], note="回访群众仍需跑两次",
                     changes={"evaluation": "dissatisfied"})
    page = login(client, users["liaison"]).get(issue.get_absolute_url()).content.decode()
    top = page.split('class="row g-4"')[0]
    assert 'id="return-notice"' in top and "回访群众仍需跑两次" in top


def submit_data(**extra):
    data = {"submit-seen_stage": "rectification", "submit-measures": "三窗合一,材料一次提交",
            "submit-steps_before": "5", "submit-steps_after": "3", "submit-fixed_on_spot": "on"}
    data.update(extra)
    return data


def test_a_refused_submission_keeps_everything_typed_and_writes_nothing(client, org, users):
    issue = issue_transition(issue=handed_off(org, users), action="acknowledge", by=users["liaison"])
    response = login(client, users["liaison"]).post(
        reverse("issues:issue_step", args=[issue.pk, "submit"]), submit_data()
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请先上传整改佐证材料" in page
    assert "三窗合一,材料一次提交" in page and 'value="5"' in page and 'value="3"' in page
    assert 'data-testid="choose-files-again"' in page
    issue.refresh_from_db()
    assert (issue.stage, issue.measures, issue.reductions.count()) == (Issue.Stage.RECTIFICATION, "", 0)


def test_one_submission_saves_measures_reductions_and_files_and_moves_to_evaluation(client, org, users):
    issue = issue_transition(issue=handed_off(org, users), action="acknowledge", by=users["liaison"])
    files = [SimpleUploadedFile("before.pdf", PDF, "application/pdf"),
             SimpleUploadedFile("after.pdf", PDF, "application/pdf")]
    response = login(client, users["liaison"]).post(
        reverse("issues:issue_step", args=[issue.pk, "submit"]), submit_data(**{"submit-files": files})
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.stage, issue.measures, issue.fixed_on_spot) == (Issue.Stage.EVALUATION, "三窗合一,材料一次提交", True)
    assert issue.evidence.count() == 2
    assert list(issue.reductions.values_list("kind", "before", "after")) == [(Reduction.Kind.STEPS, 5, 3)]


def test_every_file_field_states_the_upload_limit_before_a_file_is_chosen(client, org, users, settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    issue = issue_transition(issue=handed_off(org, users), action="acknowledge", by=users["liaison"])
    page = login(client, users["liaison"]).get(issue.get_absolute_url()).content.decode()
    limit = re.compile(r"每个文件不超过5\.0\sMB")
    assert len(limit.findall(page)) == 2  # the submission's evidence and the evidence upload
    walker_form = login(client, users["walker"]).get(reverse("campaigns:walkthrough_create")).content.decode()
    assert len(limit.findall(walker_form)) >= 2


def test_assisting_and_urging_on_the_issue_page(client, org, users):
    issue = issue_transition(issue=handed_off(org, users), action="acknowledge", by=users["liaison"])
    login(client, users["staff"]).post(reverse("issues:assisting_set", args=[issue.pk]),
                                       {"departments": [org.police.pk]})
    police_page = login(client, users["other_liaison"]).get(issue.get_absolute_url()).content.decode()
    assert 'id="assistance-form"' in police_page and 'id="step-submit"' not in police_page
    client.post(reverse("issues:assistance_record", args=[issue.pk]), {"measures": "开通户籍信息共享"})
    login(client, users["leader"]).post(reverse("issues:urge", args=[issue.pk]), {"note": "本周内办结"})
    lead_page = login(client, users["liaison"]).get(issue.get_absolute_url()).content.decode()
    assert "开通户籍信息共享" in lead_page and 'data-testid="urging-count"' in lead_page
    urging = issue.urgings.get()
    client.post(reverse("issues:urging_reply", args=[issue.pk, urging.pk]), {"reply": "周五前完成"})
    urging.refresh_from_db()
    assert urging.reply == "周五前完成"
    refused = login(client, users["leader"]).post(reverse("issues:urge", args=[issue.pk]), {"note": " "})
    assert refused.status_code == 400


def todo_counts(page) -> dict:
    return dict(re.findall(r'data-todo="(\w+)".*?data-testid="todo-count">(\d+)<', page, re.S))


def test_each_to_do_number_links_to_a_list_of_exactly_that_many_issues(client, org, users):
    waiting = handed_off(org, users, title="待签收一")
    handed_off(org, users, title="待签收二")
    make_issue(by=users["staff"], title="待交办")
    issue_transition(issue=waiting, action="send_back", by=users["liaison"], note="非本单位")

    staff_home = login(client, users["staff"]).get(reverse("home")).content.decode()
    counts = todo_counts(staff_home)
    assert (counts["to_hand_off"], counts["to_reassign"], counts["to_evaluate"]) == ("1", "1", "0")
    queue = client.get(reverse("issues:reassign_queue")).content.decode()
    assert queue.count('data-testid="returned-issue"') == 1
    ledger = client.get(reverse("issues:issue_list") + "?todo=to_hand_off").content.decode()
    assert "待交办" in ledger and "待签收二" not in ledger

    liaison_home = login(client, users["liaison"]).get(reverse("home")).content.decode()
    assert todo_counts(liaison_home)["to_acknowledge"] == "1"
    ledger = client.get(reverse("issues:issue_list") + "?todo=to_acknowledge").content.decode()
    assert "待签收二" in ledger and "待签收一" not in ledger


def test_the_walker_sees_his_drafts_and_what_became_of_his_findings(client, org, users):
    home = login(client, users["walker"]).get(reverse("home")).content.decode()
    assert 'data-todo="drafts"' in home and "to_hand_off" not in home


def test_a_refused_request_is_logged_once_without_a_traceback(client, users):
    import logging

    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append((record.name, record.getMessage(), record.exc_info))

    keep = Keep()
    logging.getLogger().addHandler(keep)  # everything printed goes through the root's console
    try:
        response = login(client, users["walker"]).get(reverse("issues:reassign_queue"))
    finally:
        logging.getLogger().removeHandler(keep)
    forbidden = [record for record in records if "Forbidden" in record[1]]
    assert response.status_code == 403
    assert len(forbidden) == 1 and forbidden[0][2] is None
    assert logging.getLogger("django").handlers == []  # no second console of Django's own


def test_the_walkers_campaign_page_hides_the_roster_he_may_not_open(client, org, users):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory()
    page = login(client, users["walker"]).get(reverse("campaign:detail", args=[campaign.pk])).content.decode()
    assert 'id="roster-link"' not in page and reverse("roster:list") not in page
    page = login(client, users["staff"]).get(reverse("campaign:detail", args=[campaign.pk])).content.decode()
    assert 'id="roster-link"' in page


def test_drafts_are_listed_for_their_author_but_not_counted_in_the_mode_totals(client, org, users):
    from campaigns.models import WalkthroughSession
    from tests.factories import WalkthroughFactory

    walker = users["walker"]
    WalkthroughFactory(lead=walker.official, created_by=walker, department=org.market)
    WalkthroughFactory(lead=walker.official, created_by=walker, department=org.market,
                       status=WalkthroughSession.Status.DRAFT, submitted_at=None)
    page = login(client, walker).get(reverse("campaigns:walkthrough_list")).content.decode()
    counts = page.split('id="mode-counts"')[1].split("</div>")[0]
    assert "已提交合计 1" in counts and 'data-mode="simulated"' in counts
    assert re.search(r'data-mode="simulated"[^>]*>[^<]*<strong>1</strong>', counts)
    assert 'data-testid="draft-total"' in counts
    assert page.count('data-testid="draft-badge"') == 1  # the draft says so even where the status column is hidden


def test_while_the_department_holds_the_issue_staff_see_reassigning_as_another_action_not_the_next_step(
        client, org, users):
    issue = handed_off(org, users)
    login(client, users["staff"])
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "下一步" not in page
    side = page.split('id="side-step-reassign"')[1].split("</details>")[0]
    assert re.search(r"<summary[^>]*>改派</summary>", side) and 'id="step-reassign"' in side
    assert not re.search(r'id="side-step-reassign"[^>]*\bopen\b', page)

    # A reassignment refused (no reason given) comes back open, the input kept.
    response = client.post(reverse("issues:issue_step", args=[issue.pk, "reassign"]), {
        "reassign-department": org.police.pk, "reassign-seen_stage": "feedback", "reassign-note": "",
        "reassign-deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat()})
    page = response.content.decode()
    assert response.status_code == 400 and re.search(r'id="side-step-reassign"[^>]*\bopen\b', page)

    # The liaison's choices at 反馈交办 are both next steps: sign for it, or send it back.
    login(client, users["liaison"])
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "下一步:签收" in page and "下一步:退回" in page and "side-step" not in page
