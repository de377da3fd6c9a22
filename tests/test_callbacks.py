"""回访台账: callbacks as records, a day's list imported all-or-nothing, a callback problem into the ledger in one
step, and the dashboard and briefing counting callbacks, complaints and satisfaction from these records."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from callbacks.models import Callback
from callbacks.report import callback_sentence
from callbacks.selectors import CallbackFigures, callback_figures
from callbacks.services import callback_raise_issue, callback_record
from issues.models import Issue
from reports.filters import ReportFilters
from tests.factories import PASSWORD, ServiceItemFactory

TODAY = timezone.localdate()


def record(users, department, result="satisfied", **fields):
    return callback_record(by=users["staff"], called_on=fields.pop("called_on", TODAY), department=department,
                           result=result, **fields)


def workbook(rows, header=("回访日期", "办件编号", "办理事项", "窗口单位", "窗口", "回访结果", "是否投诉", "情况说明",
                           "申请人电话")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "callbacks.xlsx"
    return buffer


@pytest.mark.django_db
def test_a_problem_found_on_a_callback_becomes_a_ledger_line_with_source_callback(org, users):
    item = ServiceItemFactory(department=org.market)
    callback = record(users, org.market, "dissatisfied", service_item=item, window="3号窗口", is_complaint=True,
                      note="营业执照邮寄一周未到")
    issue = callback_raise_issue(callback=callback, by=users["staff"], title="营业执照邮寄超时", category="time_limit")
    assert (issue.source, issue.stage, issue.department, issue.service_item) == ("callback", "experience",
                                                                                  org.market, item)
    assert issue.description == "营业执照邮寄一周未到" and issue.discovered_on == TODAY
    callback.refresh_from_db()
    assert callback.follow_up_issue == issue
    with pytest.raises(ValidationError):
        callback_raise_issue(callback=callback, by=users["staff"], title="再来一次")
    assert Issue.objects.count() == 1
    with pytest.raises(PermissionDenied):
        record(users | {"staff": users["leader"]}, org.market)


@pytest.mark.django_db
def test_the_days_list_is_imported_with_unknown_columns_ignored(client, org, users):
    client.login(username="staff", password=PASSWORD)
    upload = workbook([
        (TODAY.isoformat(), "BJ001", "", org.market.name, "5号窗口", "非常满意", "否", "", "13800000000"),
        (TODAY.isoformat(), "BJ002", "", org.police.code, "2号窗口", "不满意", "是", "等候太久", "13900000000"),
    ])
    response = client.post(reverse("callbacks:import"), {"file": upload}, follow=True)
    assert "已导入2条回访记录" in response.content.decode()
    rows = list(Callback.objects.order_by("case_reference").values_list("case_reference", "department", "result",
                                                                          "is_complaint"))
    assert rows == [("BJ001", org.market.pk, "very_satisfied", False), ("BJ002", org.police.pk, "dissatisfied", True)]
    assert "13800000000" not in str(list(Callback.objects.values()))


@pytest.mark.django_db
def test_a_bad_list_names_each_problem_and_imports_nothing(client, org, users):
    record(users, org.market, case_reference="BJ009")
    client.login(username="staff", password=PASSWORD)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    upload = workbook([
        (TODAY.isoformat(), "BJ001", "", org.market.name, "", "满意", "否", ""),
        (tomorrow, "BJ002", "", "不存在的局", "", "还行", "也许", ""),
        (TODAY.isoformat(), "BJ001", "", org.market.name, "", "满意", "", ""),
        (TODAY.isoformat(), "BJ009", "", org.market.name, "", "满意", "", ""),
    ])
    response = client.post(reverse("callbacks:import"), {"file": upload})
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["import_errors"]]
    assert errors == [(3, "窗口单位"), (3, "回访结果"), (3, "是否投诉"), (3, "回访日期"), (4, "办件编号"),
                      (5, "办件编号")]
    assert "还行" in response.content.decode() and Callback.objects.count() == 1


@pytest.mark.django_db
def test_figures_and_the_seed_sentence_come_from_the_callback_records(org, users):
    for result in ["very_satisfied", "satisfied", "satisfied", "basically_satisfied"]:
        record(users, org.market, result)
    record(users, org.police, "dissatisfied", is_complaint=True)
    record(users, org.market, "satisfied", called_on=TODAY - datetime.timedelta(days=400))
    filters = ReportFilters(date_from=TODAY - datetime.timedelta(days=30), date_to=TODAY)
    figures = callback_figures(user=users["staff"], filters=filters)
    assert figures == CallbackFigures(callbacks=5, complaints=1, good=3, problems=0)
    assert callback_sentence(figures) == "开展办件回访5人次,收到投诉1件,满意率60%。"
    assert callback_figures(user=users["liaison"], filters=filters).callbacks == 4  # his department only
    assert callback_sentence(CallbackFigures(callbacks=3600, good=3600)) == "开展办件回访3600人次,零投诉,满意率100%。"
    assert callback_sentence(CallbackFigures()) == ""


def test_the_english_callback_sentence_counts_in_singular_and_plural():
    from django.utils import translation

    with translation.override("en"):
        one = callback_sentence(CallbackFigures(callbacks=1, complaints=1, good=0, problems=1))
        many = callback_sentence(CallbackFigures(callbacks=5, complaints=2, good=3, problems=2))
    assert one.startswith("1 applicant was called back, 1 complaint was received")
    assert "1 problem was found on callbacks" in one
    assert many.startswith("5 applicants were called back, 2 complaints were received")
    assert "2 problems were found on callbacks" in many


@pytest.mark.django_db
def test_the_dashboard_and_the_briefing_show_the_callbacks(client, org, users):
    record(users, org.market, "very_satisfied")
    record(users, org.market, "dissatisfied", is_complaint=True)
    client.login(username="leader", password=PASSWORD)
    query = {"date_from": (TODAY - datetime.timedelta(days=7)).isoformat(), "date_to": TODAY.isoformat()}
    dashboard = client.get(reverse("reports:dashboard"), query)
    assert dashboard.context["callback_figures"].callbacks == 2
    assert 'data-figure="complaints">1<' in dashboard.content.decode()
    briefing = client.get(reverse("reports:briefing"), query)
    assert "开展办件回访2人次，收到投诉1件，满意率50%。" in briefing.context["paragraphs"]


@pytest.mark.django_db
def test_staff_enter_a_callback_on_the_page_and_a_participant_cannot_open_it(client, org, users):
    client.login(username="staff", password=PASSWORD)
    response = client.post(reverse("callbacks:list"), {
        "called_on": TODAY.isoformat(), "department": org.market.pk, "result": "satisfied", "window": "1号窗口",
    }, follow=True)
    assert "回访已登记" in response.content.decode() and Callback.objects.get().window == "1号窗口"
    client.logout()
    client.login(username="walker", password=PASSWORD)
    assert client.get(reverse("callbacks:list")).status_code == 403
