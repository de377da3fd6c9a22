"""A year's calendar is complete only when staff say so (findings 1 and 2 of issue 11): entering one day of 2027
keeps 2027 provisional; completing it (by import or confirmation) counts every open deadline across it again.

The 2027 schedule below is written for these tests (the State Council had not published the real one): New
Year's Day on Friday 1 January, the Spring Festival from Saturday 6 to Sunday 14 February, Saturday 20 February
worked.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from issues import holidays
from issues.deadlines import confirm_deadline
from issues.models import CalendarDay, CalendarYear, DeadlineExtension, Issue, Notification
from issues.services import extension_decide, extension_request, issue_transition
from issues.workdays import CALENDAR_YEARS_CACHE_KEY, work_calendar
from tests.factories import PASSWORD, make_issue

D = datetime.date
SCHEDULE_2027 = "日期,类型,名称\n2027-01-01,放假,元旦\n" + "".join(
    f"2027-02-{day:02d},放假,春节\n" for day in range(6, 15)
) + "2027-02-20,上班,春节\n"


@pytest.fixture(autouse=True)
def no_cached_years():
    cache.delete(CALENDAR_YEARS_CACHE_KEY)
    yield
    cache.delete(CALENDAR_YEARS_CACHE_KEY)


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.gov.cn", PASSWORD)


@pytest.fixture
def admin_client(client, root):
    client.login(username="root", password=PASSWORD)
    return client


def on(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def hand_off(issue, *, by, department, deadline=None):
    """The hand-off as the form sends it: the proposed rule deadline unless another one is typed."""
    from issues.selectors import default_deadline

    deadline = deadline or default_deadline(severity=issue.severity, source=issue.source).day
    return issue_transition(issue=issue, action="hand_off", by=by, changes={"department": department,
                            "deadline": deadline, "responsible_person": ""})


def csv_upload(text=SCHEDULE_2027, name="2027.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


# --- finding 1: one row does not complete a year ------------------------------------------------------------------

def test_entering_one_day_of_2027_keeps_the_year_provisional_and_the_warning_up(admin_client, monkeypatch):
    on(monkeypatch, D(2026, 11, 20))
    response = admin_client.post(reverse("admin:issues_calendarday_add"),
                                 {"date": "2027-01-01", "name": "元旦", "source": "admin"})
    assert response.status_code == 302
    calendar = work_calendar()
    # A 7-working-day deadline handed off on 3 February 2027 is still counted without the Spring Festival …
    assert calendar.working_days_after(D(2027, 2, 3), 7) == D(2027, 2, 12)
    # … and so it stays provisional, and staff are still told the year is not complete.
    assert calendar.is_provisional(D(2027, 2, 12))
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "2027年节假日安排尚未确认完整(已录入1天)" in page
    years = admin_client.get(reverse("admin:issues_calendaryear_changelist")).content.decode()
    assert "2027" in years and "2027年节假日安排尚未确认完整" in years


def test_staff_confirming_the_year_completes_it_and_the_warning_goes(admin_client, monkeypatch):
    on(monkeypatch, D(2026, 11, 20))
    for line in SCHEDULE_2027.splitlines()[1:]:
        day, kind, name = line.split(",")
        admin_client.post(reverse("admin:issues_calendarday_add"),
                          {"date": day, "name": name, "is_workday": "on" if kind == "上班" else "", "source": "admin"})
    assert work_calendar().is_provisional(D(2027, 2, 19))
    changelist = reverse("admin:issues_calendaryear_changelist")
    response = admin_client.post(changelist, {"action": "mark_complete", "_selected_action": ["2027"]})
    assert response.status_code == 302
    record = CalendarYear.objects.get(year=2027)
    assert record.is_complete and record.confirmed_by.username == "root"
    calendar = work_calendar()
    assert calendar.working_days_after(D(2027, 2, 3), 7) == D(2027, 2, 19)  # Thu 4, Fri 5, Mon 15 … Fri 19
    assert not calendar.is_provisional(D(2027, 2, 19))
    assert "节假日安排尚未" not in admin_client.get(changelist).content.decode()


def test_the_years_from_chinesecalendar_are_complete_and_next_year_is_not(db):
    assert CalendarYear.objects.get(year=2026).is_complete
    assert CalendarYear.objects.get(year=2026).source == "chinesecalendar"
    assert not CalendarYear.objects.filter(year=2027, is_complete=True).exists()


# --- the import with a preview -----------------------------------------------------------------------------------

def test_the_import_previews_the_schedule_and_writes_nothing_until_confirmed(admin_client, monkeypatch):
    on(monkeypatch, D(2026, 11, 20))
    url = reverse("admin:issues_calendaryear_import")
    assert admin_client.get(reverse("admin:issues_calendaryear_changelist")).content.decode().count(url) >= 1
    response = admin_client.post(url, {"year": 2027, "file": csv_upload()})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-preview"' in page
    assert "2027年 放假10天,调休上班1天" in page and "新增11天" in page
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    payload = page.split('name="payload" value="')[1].split('"')[0]
    response = admin_client.post(url, {"payload": payload})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027).count() == 11
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).is_workday
    assert CalendarYear.objects.get(year=2027).is_complete


def test_the_import_reads_an_xlsx_too(root):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime.datetime(2027, 1, 1), "放假", "元旦"])
    sheet.append(["2027/02/20", "上班", "春节"])
    data = io.BytesIO()
    book.save(data)
    preview = holidays.read_calendar_file(SimpleUploadedFile("2027.xlsx", data.getvalue()), year=2027)
    assert preview.errors == []
    assert [(row.date, row.is_workday) for row in preview.days] == [(D(2027, 1, 1), False), (D(2027, 2, 20), True)]


def test_a_bad_row_names_itself_and_nothing_is_imported(admin_client):
    bad = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-30,放假,春节\n2028-01-01,放假,元旦\n2027-03-03,上班,x\n"
    response = admin_client.post(reverse("admin:issues_calendaryear_import"), {"year": 2027, "file": csv_upload(bad)})
    page = response.content.decode()
    assert "第3行:日期“2027-02-30”无法识别" in page and "第4行:2028-01-01不在2027年" in page
    assert "第5行:2027-03-03是周一至周五" in page and 'name="payload"' not in page
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_forged_preview_is_refused(admin_client):
    response = admin_client.post(reverse("admin:issues_calendaryear_import"), {"payload": "2027:forged"})
    assert response.status_code == 302 and not CalendarDay.objects.filter(date__year=2027).exists()


def test_only_an_admin_may_import_a_calendar(users):
    with pytest.raises(Exception, match="系统管理员"):
        holidays.calendar_year_import(year=2027, days=[holidays.DayRow(D(2027, 1, 1), False, "元旦")],
                                      by=users["staff"])


# --- finding 2: deadlines are counted again ----------------------------------------------------------------------

def test_completing_2027_moves_a_rule_deadline_with_a_history_entry_and_tells_the_liaison(
    users, org, root, monkeypatch, client
):
    on(monkeypatch, D(2026, 12, 28))
    issue = make_issue(by=users["staff"], severity="major", source="review")
    issue = hand_off(issue, by=users["staff"], department=org.market)
    # Tue 29, Wed 30, Thu 31, Fri 1 January (not entered yet), Mon 4, Tue 5, Wed 6.
    assert issue.deadline == D(2027, 1, 6)
    assert (issue.deadline_start, issue.deadline_working_days) == (D(2026, 12, 28), 7)
    client.login(username="liaison", password=PASSWORD)
    assert 'data-testid="provisional"' in client.get(issue.get_absolute_url()).content.decode()

    preview = holidays.read_calendar_file(csv_upload(), year=2027)
    result = holidays.calendar_year_import(year=2027, days=preview.days, by=root)

    issue.refresh_from_db()
    assert issue.deadline == D(2027, 1, 7)  # New Year's Day is off: the rule's 7 working days end a day later
    assert [moved.pk for moved, old in result.moved] == [issue.pk]
    latest = issue.history.order_by("-history_id").first()
    assert latest.history_change_reason == "2027年节假日安排已导入,按规则重新计算整改时限"
    assert latest.history_user == root
    [notice] = Notification.objects.filter(recipient=users["liaison"], kind="deadline_recounted")
    assert "【整改时限调整】2027年节假日安排有变化" in notice.message
    assert "由2027-01-06调整为2027-01-07" in notice.message and issue.number in notice.message
    assert not Notification.objects.filter(recipient=users["other_liaison"]).exists()
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'data-testid="provisional"' not in page and "2027-01-07" in page
    assert "2027年节假日安排已导入,按规则重新计算整改时限" in page  # the timeline says why


def test_a_hand_typed_deadline_is_not_moved_but_flagged_for_review(users, org, root, monkeypatch, client):
    on(monkeypatch, D(2026, 12, 28))
    issue = hand_off(make_issue(by=users["staff"], severity="major", source="review"), by=users["staff"],
                     department=org.market, deadline=D(2027, 1, 8))
    assert issue.deadline_working_days is None
    holidays.calendar_year_import(year=2027, days=holidays.read_calendar_file(csv_upload(), year=2027).days, by=root)
    issue.refresh_from_db()
    assert issue.deadline == D(2027, 1, 8) and issue.deadline_review_since is not None
    client.login(username="staff", password=PASSWORD)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'data-testid="deadline-review"' in page and "整改时限待复核" in page
    response = client.post(reverse("issues:deadline_confirm", args=[issue.pk]))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.deadline_review_since is None and issue.deadline == D(2027, 1, 8)
    client.login(username="liaison", password=PASSWORD)
    assert client.post(reverse("issues:deadline_confirm", args=[issue.pk])).status_code == 403


def test_an_approved_extension_is_kept_when_the_deadline_is_counted_again(users, org, root, monkeypatch):
    on(monkeypatch, D(2026, 12, 28))
    issue = hand_off(make_issue(by=users["staff"], severity="major", source="review"), by=users["staff"],
                     department=org.market)
    issue = issue_transition(issue=issue, action="acknowledge", by=users["liaison"])
    request = extension_request(issue=issue, by=users["liaison"], reason="需采购设备",
                                requested_deadline=D(2027, 1, 8))  # Thu 7, Fri 8: two working days more
    extension_decide(extension=request, by=users["staff"], approve=True)
    assert DeadlineExtension.objects.get(pk=request.pk).working_days == 2
    holidays.calendar_year_import(year=2027, days=holidays.read_calendar_file(csv_upload(), year=2027).days, by=root)
    issue.refresh_from_db()
    assert issue.deadline == D(2027, 1, 11)  # 7 + 2 working days from 28 December, 1 January off


def test_closed_issues_and_deadlines_outside_the_year_are_left_alone(users, org, root, monkeypatch):
    on(monkeypatch, D(2026, 12, 1))
    december = hand_off(make_issue(by=users["staff"], severity="major", source="review"), by=users["staff"],
                        department=org.market)
    on(monkeypatch, D(2026, 12, 28))
    closed = hand_off(make_issue(by=users["staff"], severity="major", source="review"), by=users["staff"],
                      department=org.market)
    Issue.objects.filter(pk=closed.pk).update(stage=Issue.Stage.CLOSED)
    before = {issue.pk: issue.deadline for issue in (december, closed)}
    result = holidays.calendar_year_import(
        year=2027, days=holidays.read_calendar_file(csv_upload(), year=2027).days, by=root
    )
    assert result.moved == [] and result.flagged == []
    assert {issue.pk: issue.deadline for issue in Issue.objects.filter(pk__in=before)} == before


def test_changing_a_day_of_a_complete_year_in_the_admin_counts_its_deadlines_again(users, org, admin_client,
                                                                                     monkeypatch):
    on(monkeypatch, D(2026, 9, 18))
    issue = hand_off(make_issue(by=users["staff"], severity="severe", source="review"), by=users["staff"],
                     department=org.market)
    assert issue.deadline == D(2026, 9, 24)  # Sun 20 (worked), Mon 21, Tue 22, Wed 23, Thu 24
    day = CalendarDay.objects.get(date=D(2026, 9, 20))
    response = admin_client.post(reverse("admin:issues_calendarday_delete", args=[day.pk]), {"post": "yes"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.deadline == D(2026, 9, 28)  # the Sunday is off now; Fri 25 is Mid-Autumn: Mon 21–Thu 24, Mon 28


def test_confirming_a_deadline_is_for_center_staff_only(users, org):
    issue = make_issue(by=users["staff"], department=org.market, stage=Issue.Stage.FEEDBACK)
    with pytest.raises(Exception, match="中心工作人员"):
        confirm_deadline(issue=issue, by=users["liaison"])
