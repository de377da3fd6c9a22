"""The ledger list (filters, the derived overdue badge and filter), bulk hand-off, and the liaison's task page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from issues import workflow
from issues.models import Issue, IssueEvent
from issues.selectors import default_deadline, issue_list
from issues.services import issue_bulk_hand_off, issue_transition
from issues.workdays import work_calendar
from tests.factories import PASSWORD, CampaignFactory, WalkthroughFactory, make_issue

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def listed(client, query="") -> list[str]:
    """The ledger numbers the list page shows for a query string."""
    page = client.get(f"{reverse('issues:issue_list')}?{query}").content.decode()
    table = page.split('id="issue-table"')[1].split("</table>")[0]
    return sorted(issue.number for issue in Issue.objects.all() if f">{issue.number}<" in table)


def with_deadline(issue, deadline):
    Issue.objects.filter(pk=issue.pk).update(deadline=deadline)
    issue.refresh_from_db()
    return issue


def test_overdue_is_derived_and_filterable(client, org, users):
    staff = users["staff"]
    def at(stage, deadline):
        return with_deadline(make_issue(by=staff, department=org.market, stage=stage), deadline)

    late = at("rectification", TODAY - datetime.timedelta(days=1))
    late_but_closed = at("closed", TODAY - datetime.timedelta(days=9))
    due_today = at("feedback", TODAY)
    no_deadline = make_issue(by=staff)
    for issue in (late, late_but_closed, due_today, no_deadline):
        issue.refresh_from_db()
    client.login(username="staff", password=PASSWORD)
    assert listed(client, "overdue=true") == [late.number]
    assert listed(client, "overdue=false") == sorted([late_but_closed.number, due_today.number, no_deadline.number])
    not_overdue_page = client.get(reverse("issues:issue_list") + "?overdue=false").content.decode()
    assert 'data-testid="overdue-badge"' not in not_overdue_page
    assert 'data-testid="overdue-badge"' in client.get(reverse("issues:issue_list") + "?overdue=true").content.decode()


def test_the_overdue_badge_counts_working_days(client, org, users):
    calendar = work_calendar()
    # A deadline just before the 2026 National Day holiday: 7 calendar days, but only 1 working day late.
    issue = with_deadline(make_issue(by=users["staff"], department=org.market, stage="rectification"),
                          datetime.date(2026, 9, 30))
    days = calendar.working_days_between(issue.deadline, TODAY)
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("issues:issue_list") + "?overdue=true").content.decode()
    assert f"超期{days}个工作日" in page
    assert calendar.working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 10, 8)) == 1


def test_the_filters_narrow_the_list(client, org, users):
    staff = users["staff"]
    campaign = CampaignFactory(theme="走流程、解难题、优服务")
    session = WalkthroughFactory(campaign=campaign, department=org.market_unit, lead=users["walker"].official,
                                 created_by=staff)
    from campaigns.services import finding_create

    walked = finding_create(session=session, by=staff, title="窗口材料清单不一致", category="materials",
                            severity="severe")
    hotline = make_issue(by=staff, department=org.police, source="hotline_12345", category="trips")
    old = make_issue(by=staff, department=org.market, source="review", category="trips", campaign=None)
    Issue.objects.filter(pk=old.pk).update(discovered_on=datetime.date(2026, 1, 5))
    for issue in (walked, hotline, old):
        issue.refresh_from_db()
    client.login(username="staff", password=PASSWORD)
    assert listed(client, f"department={org.market.pk}") == sorted([walked.number, old.number])  # with its sub-unit
    # the hotline ticket came in during the campaign and belongs to it; staff put the review in no campaign
    assert listed(client, f"campaign={campaign.pk}") == sorted([walked.number, hotline.number])
    assert listed(client, "source=hotline_12345") == [hotline.number]
    assert listed(client, "category=trips") == sorted([hotline.number, old.number])
    assert listed(client, "severity=severe") == [walked.number]
    assert listed(client, "discovered_on_after=2026-01-01&discovered_on_before=2026-01-31") == [old.number]
    assert listed(client, "stage=experience") == sorted([walked.number, hotline.number, old.number])
    assert listed(client, f"q={hotline.number}") == [hotline.number]


def test_a_liaison_filtering_by_another_department_still_sees_only_his_own(client, org, users):
    make_issue(by=users["staff"], department=org.police)
    mine = make_issue(by=users["staff"], department=org.market)
    mine.refresh_from_db()
    client.login(username="liaison", password=PASSWORD)
    assert listed(client, f"department={org.police.pk}") == []
    assert listed(client) == [mine.number]


def test_staff_hand_off_many_issues_at_once_each_with_its_own_event(client, org, users):
    first, second = make_issue(by=users["staff"]), make_issue(by=users["staff"], department=org.police)
    deadline = TODAY + datetime.timedelta(days=14)
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("issues:issue_list")).content.decode()
    assert 'form="bulk-hand-off"' in page and 'id="bulk-hand-off"' in page
    response = client.post(reverse("issues:issue_list"), {
        "issues": [first.pk, second.pk], "department": org.market.pk, "deadline": deadline.isoformat(),
        "note": "请于两周内整改",
    })
    assert response.status_code == 302
    for issue in (first, second):
        issue.refresh_from_db()
        assert (issue.stage, issue.department, issue.deadline) == ("feedback", org.market, deadline)
        event = issue.events.last()
        assert (event.actor, event.from_stage, event.to_stage, event.note) == (
            users["staff"], "experience", "feedback", "请于两周内整改"
        )


def test_bulk_hand_off_without_department_or_deadline_uses_each_issues_own(org, users):
    severe = make_issue(by=users["staff"], department=org.police, severity="severe")
    minor = make_issue(by=users["staff"], department=org.market, severity="minor")
    issue_bulk_hand_off(issues=[severe, minor], by=users["staff"])
    severe.refresh_from_db()
    minor.refresh_from_db()
    severe_default = default_deadline(severity="severe", source=severe.source).day
    minor_default = default_deadline(severity="minor", source=minor.source).day
    assert severe_default < minor_default
    assert (severe.department, severe.deadline) == (org.police, severe_default)
    assert (minor.department, minor.deadline) == (org.market, minor_default)


def test_if_one_issue_cannot_be_handed_off_none_is(client, org, users):
    ready = make_issue(by=users["staff"], department=org.market)
    no_department = make_issue(by=users["staff"])
    no_department.refresh_from_db()
    client.login(username="staff", password=PASSWORD)
    response = client.post(f"{reverse('issues:issue_list')}?stage=experience",
                           {"issues": [ready.pk, no_department.pk], "note": "请尽快整改"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'action="/issues/?stage=experience"' in page and "请尽快整改" in page  # same list, same input
    assert f"{no_department.number}:请先指定责任单位;所选问题均未交办" in page
    assert f'value="{ready.pk}" checked' in page.replace('checked="checked"', "checked")  # the ticks stay
    assert not Issue.objects.exclude(stage="experience").exists()
    assert IssueEvent.objects.filter(to_stage="feedback").count() == 0


def test_bulk_hand_off_refuses_an_issue_someone_handed_off_meanwhile(org, users):
    first = make_issue(by=users["staff"], department=org.market)
    second = make_issue(by=users["staff"], department=org.market)
    stale_second = Issue.objects.get(pk=second.pk)
    issue_transition(issue=second, action="hand_off", by=users["staff"], changes={"deadline": TODAY})
    with pytest.raises(workflow.TransitionRefused, match="已被他人处理"):
        issue_bulk_hand_off(issues=[first, stale_second], by=users["staff"], deadline=TODAY)
    first.refresh_from_db()
    assert first.stage == "experience"


def test_a_ticked_issue_handed_off_meanwhile_is_named_by_its_ledger_number(client, org, users):
    first = make_issue(by=users["staff"], department=org.market)
    second = make_issue(by=users["staff"], department=org.market)
    issue_transition(issue=second, action="hand_off", by=users["staff"], changes={"deadline": TODAY})
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_list"), {"issues": [first.pk, second.pk]})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"{second.number}已不能批量交办(可能已被他人交办或已退回),所选问题均未交办;请取消勾选后重试" in page
    assert f"“{second.pk}”" not in page and "有效的选项" not in page
    first.refresh_from_db()
    assert first.stage == "experience"


def test_a_ticked_issue_outside_the_users_scope_is_not_named(client, org, users):
    mine = make_issue(by=users["staff"], department=org.market)
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_list"), {"issues": [mine.pk, 999999]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "所选问题中有的已不在“体验发现”环节或已不在您的台账中,所选问题均未交办;请刷新后重新勾选" in page
    assert "999999" not in page


def test_nothing_ticked_is_said_plainly(client, users):
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("issues:issue_list"), {"deadline": TODAY.isoformat()})
    assert response.status_code == 400 and "请先在列表中勾选要交办的问题" in response.content.decode()


@pytest.mark.parametrize("who", ["leader", "liaison", "walker"])
def test_only_center_staff_may_hand_off_in_bulk(client, org, users, who):
    issue = make_issue(by=users["staff"], department=org.market)
    client.login(username=users[who].username, password=PASSWORD)
    assert 'id="bulk-hand-off"' not in client.get(reverse("issues:issue_list")).content.decode()
    response = client.post(reverse("issues:issue_list"), {"issues": [issue.pk], "deadline": TODAY.isoformat()})
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.stage == "experience"


def test_the_liaisons_tasks_put_overdue_first_then_the_nearest_deadline(client, org, users):
    staff = users["staff"]
    with_deadline(make_issue(by=staff, department=org.market, stage="rectification", title="later"),
                  TODAY + datetime.timedelta(days=20))
    overdue = with_deadline(make_issue(by=staff, department=org.market_unit, stage="feedback", title="overdue"),
                            TODAY - datetime.timedelta(days=5))
    with_deadline(make_issue(by=staff, department=org.market, stage="evaluation", title="soon"),
                  TODAY + datetime.timedelta(days=2))
    make_issue(by=staff, department=org.market, stage="closed", title="closed")
    make_issue(by=staff, department=org.market, title="not handed off")
    make_issue(by=staff, department=org.police, stage="feedback", title="police")
    client.login(username="liaison", password=PASSWORD)
    page = client.get(reverse("issues:department_tasks")).content.decode()
    tasks = page.split('id="department-tasks"')[1]
    shown = [f" {title}<" for title in ("later", "overdue", "soon", "closed", "not handed off", "police")]
    assert sorted((mark for mark in shown if mark in tasks), key=tasks.index) == [" overdue<", " soon<", " later<"]
    assert "待您:签收" in tasks and "待您:提交验收" in tasks and "等待中心评价验收" in tasks
    assert tasks.count('data-testid="overdue-badge"') == 1
    assert overdue in issue_list(user=users["liaison"])


def test_the_task_page_is_for_liaisons(client, users):
    for username, status in [("liaison", 200), ("staff", 403), ("leader", 403), ("walker", 403)]:
        client.login(username=username, password=PASSWORD)
        assert client.get(reverse("issues:department_tasks")).status_code == status, username


def _row_of(page: str, number: str) -> str:
    table = page.split('id="issue-table"')[1].split("</table>")[0]
    return next(row for row in table.split("<tr") if f">{number}<" in row)


def _cells(row: str) -> list[str]:
    return [cell.split(">", 1)[1].split("</td>")[0] for cell in row.split("<td")[1:]]


def test_a_ledger_row_shows_each_column_as_the_reader_reads_it(client, org, users):
    from issues.models import IssueSighting

    staff = users["staff"]
    late = with_deadline(
        make_issue(by=staff, department=org.market, stage="rectification", title="<b>叫号机</b>故障",
                   category="materials", severity="severe"),
        TODAY - datetime.timedelta(days=30),
    )
    IssueEvent.objects.create(issue=late, actor=staff, from_stage="evaluation", to_stage="rectification")
    IssueSighting.objects.create(issue=late, reported_by=staff)
    IssueSighting.objects.create(issue=late, reported_by=users["leader"])
    fresh = make_issue(by=staff, title="没有责任单位")
    fresh.refresh_from_db()
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("issues:issue_list")).content.decode()

    late_row, fresh_row = _row_of(page, late.number), _row_of(page, fresh.number)
    days = work_calendar().working_days_between(late.deadline, TODAY)
    cells = _cells(late_row)
    assert cells[0] == ""  # only a line still at 体验发现 can be ticked for a bulk hand-off
    assert f'<a href="/issues/{late.pk}/">{late.number}</a>' == cells[1]
    assert "&lt;b&gt;叫号机&lt;/b&gt;故障" in cells[2] and "<b>" not in cells[2]  # typed text is never markup
    assert cells[3:7] == [late.get_source_display(), late.get_category_display(), late.get_severity_display(),
                          org.market.name]
    assert late_row.count(f"超期{days}个工作日") == 2  # under the title on a phone, beside the deadline on a desk
    assert late.deadline.isoformat() in cells[7]
    assert "整改中" in cells[8] and cells[9] == "1"
    assert cells[10] == '<span class="badge text-bg-info">+2</span>'
    assert 'class="d-md-table-cell d-none"' in late_row and 'class="text-nowrap"' in late_row  # hidden on a phone

    fresh_cells = _cells(fresh_row)
    assert f'name="issues" value="{fresh.pk}"' in fresh_cells[0] and 'form="bulk-hand-off"' in fresh_cells[0]
    assert fresh_cells[6] == fresh_cells[7] == fresh_cells[9] == fresh_cells[10] == "—"  # nothing yet: a dash

    client.cookies.load({"django_language": "en"})
    english = _row_of(client.get(reverse("issues:issue_list")).content.decode(), late.number)
    assert "Rectifying" in english or "rectif" in english.lower()
    assert f"{days} working day" in english


def test_the_to_do_filter_offers_one_empty_choice(client, users):
    client.login(username="staff", password=PASSWORD)
    page = client.get(reverse("issues:issue_list")).content.decode()
    todo = page.split('name="todo"')[1].split("</select>")[0]
    assert todo.count('value=""') == 1
