"""Many counties in one installation: every role sees its own part of the tree, and a city sees all its counties.

The tree: 云川市 (city) → 青山县 and 白溪县 (counties) → their service centres and market bureaus. Every list,
export, file, dashboard and notification is tried from one county against the other: 0 rows leak, by id or by
filter; the city's leader sees both counties side by side.
"""

import copy
import datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns.filters import RosterFilter, WalkthroughFilter
from campaigns.models import Department, Jurisdiction, Official
from campaigns.roles import Role
from campaigns.scope import users_overseeing
from campaigns.selectors import campaign_list, walkthrough_list
from campaigns.services import roster as roster_services
from issues.filters import IssueFilter
from issues.models import Issue, Notification
from issues.selectors import issue_list
from issues.services import issue_transition
from reports.filters import ReportFilters
from reports.selectors import dashboard_figures
from tests.factories import PASSWORD, CampaignFactory, OfficialFactory, WalkthroughFactory, make_issue, user_with_role

pytestmark = pytest.mark.django_db


def _child(parent, code, name, kind):
    parent = Department.objects.get(pk=parent.pk)
    return Department.objects.get(pk=Department.objects.add_child(parent, dict(code=code, name=name, kind=kind)).pk)


@pytest.fixture
def city():
    """A city with two counties, each with a service centre and a market bureau; a login per level and role."""
    root = Department.objects.get(pk=Department.objects.add_root(dict(code="YC", name="云川市", kind="city")).pk)
    bureau = _child(root, "YC01", "云川市数据局", Department.Kind.DEPARTMENT)
    qs = _child(root, "YC02", "青山县", Department.Kind.COUNTY)
    bx = _child(root, "YC03", "白溪县", Department.Kind.COUNTY)
    qs_center = _child(qs, "YC0201", "青山县政务服务中心", Department.Kind.SERVICE_CENTER)
    qs_market = _child(qs, "YC0202", "青山县市场监管局", Department.Kind.DEPARTMENT)
    bx_center = _child(bx, "YC0301", "白溪县政务服务中心", Department.Kind.SERVICE_CENTER)
    bx_market = _child(bx, "YC0302", "白溪县市场监管局", Department.Kind.DEPARTMENT)
    users = SimpleNamespace(
        city_leader=user_with_role(Role.LEADER, "city_leader", department=bureau),
        city_staff=user_with_role(Role.CENTER_STAFF, "city_staff", department=bureau),
        qs_staff=user_with_role(Role.CENTER_STAFF, "qs_staff", department=qs_center),
        qs_leader=user_with_role(Role.LEADER, "qs_leader", department=qs_center),
        bx_staff=user_with_role(Role.CENTER_STAFF, "bx_staff", department=bx_center),
        bx_leader=user_with_role(Role.LEADER, "bx_leader", department=bx_center),
        qs_liaison=user_with_role(Role.DEPT_LIAISON, "qs_liaison", department=qs_market),
        bx_liaison=user_with_role(Role.DEPT_LIAISON, "bx_liaison", department=bx_market),
        qs_walker=user_with_role(Role.PARTICIPANT, "qs_walker", department=qs_market),
    )
    return SimpleNamespace(root=root, bureau=bureau, qs=qs, bx=bx, qs_center=qs_center, qs_market=qs_market,
                           bx_center=bx_center, bx_market=bx_market, users=users)


@pytest.fixture
def ledgers(city):
    """Each county's own campaign walk and ledger lines, and one campaign run by the city across both."""
    u = city.users
    city_campaign = CampaignFactory(theme="我陪群众走流程(全市)", organiser="云川市数据局", level_unit=city.root)
    qs_head = OfficialFactory(department=city.qs_market, name="青山局长")
    bx_head = OfficialFactory(department=city.bx_market, name="白溪局长")
    qs_walk = WalkthroughFactory(campaign=city_campaign, department=city.qs_market, lead=qs_head, created_by=u.qs_staff)
    bx_walk = WalkthroughFactory(campaign=city_campaign, department=city.bx_market, lead=bx_head, created_by=u.bx_staff)
    return SimpleNamespace(
        campaign=city_campaign, qs_walk=qs_walk, bx_walk=bx_walk,
        qs_campaign=CampaignFactory(theme="青山县走流程", level_unit=city.qs),
        bx_campaign=CampaignFactory(theme="白溪县走流程", level_unit=city.bx),
        qs=make_issue(by=u.qs_staff, department=city.qs_market, title="青山窗口排队", stage=Issue.Stage.FEEDBACK),
        qs_new=make_issue(by=u.qs_staff, title="青山12345工单(未交办)"),
        bx=make_issue(by=u.bx_staff, department=city.bx_market, title="白溪材料重复", stage=Issue.Stage.FEEDBACK),
        bx_closed=make_issue(by=u.bx_staff, department=city.bx_market, title="白溪已整改", stage=Issue.Stage.CLOSED),
        bx_new=make_issue(by=u.bx_staff, title="白溪好差评差评(未交办)"),
    )


def titles(queryset):
    return set(queryset.values_list("title", flat=True))


def test_each_countys_staff_and_leader_see_only_their_own_county_ledger(city, ledgers):
    for username in ("qs_staff", "qs_leader"):
        assert titles(issue_list(user=getattr(city.users, username))) == {"青山窗口排队", "青山12345工单(未交办)"}
    assert titles(issue_list(user=city.users.bx_staff)) == {"白溪材料重复", "白溪已整改", "白溪好差评差评(未交办)"}


def test_the_citys_staff_and_leader_see_both_counties(city, ledgers):
    assert issue_list(user=city.users.city_leader).count() == 5
    assert issue_list(user=city.users.city_staff).count() == 5


def test_a_liaison_sees_his_department_only_and_no_untriaged_line(city, ledgers):
    assert titles(issue_list(user=city.users.qs_liaison)) == {"青山窗口排队"}
    assert titles(issue_list(user=city.users.bx_liaison)) == {"白溪材料重复", "白溪已整改"}


def test_another_countys_issue_walkthrough_and_campaign_are_404_by_id(client, city, ledgers):
    client.login(username="qs_staff", password=PASSWORD)
    for url in (
        reverse("issues:issue_detail", args=[ledgers.bx.pk]),
        reverse("issues:issue_detail", args=[ledgers.bx_new.pk]),
        reverse("reports:issue_print", args=[ledgers.bx.pk]),
        reverse("campaigns:walkthrough_detail", args=[ledgers.bx_walk.pk]),
        reverse("campaign:detail", args=[ledgers.bx_campaign.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("issues:issue_detail", args=[ledgers.qs.pk])).status_code == 200
    assert client.get(reverse("campaign:detail", args=[ledgers.campaign.pk])).status_code == 200


def test_filtering_the_ledger_by_another_countys_department_shows_nothing_of_it(client, city, ledgers):
    client.login(username="qs_staff", password=PASSWORD)
    page = client.get(reverse("issues:issue_list"), {"department": city.bx_market.pk}).content.decode()
    assert "白溪" not in page  # neither its lines nor its department's name in the picker
    page = client.get(reverse("issues:issue_list")).content.decode()
    assert "青山窗口排队" in page and "白溪材料重复" not in page
    # Another county's departments are not even offered as choices.
    assert "白溪县市场监管局" not in page


@pytest.mark.parametrize("filterset, url", [
    (IssueFilter, "issues:issue_list"),
    (WalkthroughFilter, "campaigns:walkthrough_list"),
    (RosterFilter, "roster:list"),
])
def test_another_countys_department_and_campaign_stay_refused_after_the_filters_fields_were_built(
    client, city, ledgers, monkeypatch, filterset, url
):
    """django-filter keeps a form field on the filter that built it, and every request's filterset deep-copies the
    class's filters: reading a class's own fields (reports.links does, for their widgets) must not give every later
    request the class-wide choices."""
    monkeypatch.setattr(filterset, "base_filters", copy.deepcopy(filterset.base_filters))
    for declared in filterset.base_filters.values():
        declared.field  # noqa: B018 - built and kept, as on first use
    client.login(username="qs_staff", password=PASSWORD)
    response = client.get(reverse(url), {"department": city.bx_market.pk, "campaign": ledgers.bx_campaign.pk})
    page = response.content.decode()
    assert city.bx_market.name not in page and ledgers.bx_campaign.theme not in page
    form = response.context["filter"].form
    assert {"department", "campaign"} <= set(form.errors)


def workbook(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(BytesIO(body)).active


def test_exports_of_a_county_hold_only_its_own_rows(client, city, ledgers):
    client.login(username="bx_staff", password=PASSWORD)
    sheet = workbook(client.get(reverse("reports:ledger_export")))
    exported = {str(cell) for row in sheet.iter_rows(min_row=4, values_only=True) for cell in row if cell}
    assert exported & {"白溪材料重复", "白溪已整改"} and not exported & {"青山窗口排队", "青山12345工单(未交办)"}
    sheet = workbook(client.get(reverse("reports:walkthrough_export")))
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert any("白溪" in cell for cell in cells) and not any("青山" in cell for cell in cells)
    sheet = workbook(client.get(reverse("roster:export")))
    names = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert "白溪局长" in names and "青山局长" not in names


def units(response) -> set[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {row[0] for row in load_workbook(BytesIO(body))["单位列表"].iter_rows(min_row=2, values_only=True)}


def test_the_roster_workbooks_list_only_the_units_the_reader_may_see(client, city, ledgers):
    """The 单位列表 sheet (and the unit column's drop-down) of the export and of the import template."""
    client.login(username="bx_liaison", password=PASSWORD)
    assert units(client.get(reverse("roster:export"))) == {"白溪县市场监管局"}
    client.login(username="qs_staff", password=PASSWORD)
    assert units(client.get(reverse("roster:template"))) == {"青山县", "青山县政务服务中心", "青山县市场监管局"}
    assert units(client.get(reverse("roster:export"))) == {"青山县", "青山县政务服务中心", "青山县市场监管局"}


def test_a_countys_roster_import_neither_adds_to_nor_changes_the_other_countys(client, city, ledgers):
    """By unit name or code the next county's units are not found (they are not in the template); by phone number
    its people are neither matched, moved, named nor in the way; the services refuse the same writes made without
    the page."""
    bx_head = Official.objects.get(name="白溪局长")
    bx_head.phone = "13900000077"
    bx_head.save()
    client.login(username="qs_staff", password=PASSWORD)
    before = sorted(Official.objects.values_list("pk", "name", "department_id", "phone", "is_active"))
    response = client.post(reverse("roster:import"), {"workbook": roster_workbook_upload([
        ["新来的", "白溪县市场监管局", "", "部门主要负责人", "", ""],
        ["另一个", "YC0302", "", "部门主要负责人", "", ""],
        ["白溪局长", "青山县市场监管局", "", "部门主要负责人", "13900000077", "否"],
    ])})
    page = response.content.decode()
    assert "找不到单位“白溪县市场监管局”" in page and "找不到单位“YC0302”" in page
    assert "白溪县市场监管局)" not in page and page.count("找不到单位") == 2  # the phone row itself was fine
    assert sorted(Official.objects.values_list("pk", "name", "department_id", "phone", "is_active")) == before

    # Alone, that row is a new 青山 entry: the 白溪 person with the same number is neither moved nor deactivated,
    # and a 白溪 clerk's own re-import of his roster is not blocked by it.
    response = client.post(reverse("roster:import"), {"workbook": roster_workbook_upload([
        ["白溪局长", "青山县市场监管局", "", "部门主要负责人", "13900000077", "否"]])}, follow=True)
    assert "新增1人" in response.content.decode()
    assert Official.objects.filter(phone="13900000077", department=city.qs_market, is_active=False).exists()
    bx_head.refresh_from_db()
    assert (bx_head.department, bx_head.is_active) == (city.bx_market, True)
    client.login(username="bx_staff", password=PASSWORD)
    response = client.post(reverse("roster:import"), {"workbook": roster_workbook_upload([
        ["白溪局长", "白溪县市场监管局", "局长", "部门主要负责人", "13900000077", "是"]])}, follow=True)
    assert "更新1人" in response.content.decode()
    bx_head.refresh_from_db()
    assert bx_head.position == "局长"
    before = sorted(Official.objects.values_list("pk", "name", "department_id", "phone", "is_active"))

    staff = city.users.qs_staff
    with pytest.raises(PermissionDenied):
        roster_services.official_create(by=staff, fields={"name": "新来的", "department": city.bx_market,
                                                          "level": "department_head"})
    with pytest.raises(PermissionDenied):
        roster_services.official_update(official=bx_head, by=staff, fields={"department": city.qs_market})
    with pytest.raises(PermissionDenied):
        roster_services.official_set_active(official=bx_head, by=staff, active=False)
    assert sorted(Official.objects.values_list("pk", "name", "department_id", "phone", "is_active")) == before


def test_a_countys_ledger_and_callback_imports_name_only_its_own_units(client, city, ledgers):
    """The other kind of the same hole: a 12345 list or a day's callbacks naming the next county's unit (by name or
    code) is refused row by row, nothing written; the services refuse it without the page too."""
    from callbacks import services as callback_services
    from callbacks.models import Callback
    from issues import services as issue_services
    from issues.importing import COLUMNS

    client.login(username="qs_staff", password=PASSWORD)
    issues_before, callbacks_before = Issue.objects.count(), Callback.objects.count()
    header = [f"{c.header}*" if c.required else str(c.header) for c in COLUMNS]
    rows = [{"问题来源": "12345热线", "来源单号": f"GD-{unit}", "问题标题": "电话无人接听", "问题类别": "工作作风",
             "责任单位": unit, "发现日期": "2026-11-20"} for unit in ("白溪县市场监管局", "YC0302", "青山县市场监管局")]
    ledger = rows_upload(header, [[row.get(name.rstrip("*"), "") for name in header] for row in rows])
    page = client.post(reverse("issues:issue_import"), {"file": ledger}).content.decode()
    assert "本辖区没有名称或编码为“白溪县市场监管局”的单位" in page and "本辖区没有名称或编码为“YC0302”的单位" in page
    assert page.count("本辖区没有") == 2 and Issue.objects.count() == issues_before
    template = load_workbook(BytesIO(client.get(reverse("issues:issue_import_template")).content))["可填单位和事项"]
    assert {row[0] for row in template.iter_rows(min_row=2, values_only=True)} - {None, ""} == {
        "青山县", "青山县政务服务中心", "青山县市场监管局"}

    header = ["回访日期", "办件编号", "办理事项", "窗口单位", "窗口", "回访结果", "是否投诉", "情况说明"]
    callbacks = rows_upload(header, [["2026-11-20", "BJ1", "", "白溪县市场监管局", "", "满意", "否", ""],
                                     ["2026-11-20", "BJ2", "", "青山县市场监管局", "", "满意", "否", ""]])
    page = client.post(reverse("callbacks:import"), {"file": callbacks}).content.decode()
    assert page.count("本辖区没有名称或编码为“白溪县市场监管局”的单位") == 1 and "BJ2" not in page
    assert Callback.objects.count() == callbacks_before
    # The sheet that message points to is in the callback template too, with this county's units only.
    template = load_workbook(BytesIO(client.get(reverse("callbacks:template")).content))["可填单位和事项"]
    assert {row[0] for row in template.iter_rows(min_row=2, values_only=True)} - {None, ""} == {
        "青山县", "青山县政务服务中心", "青山县市场监管局"}

    staff = city.users.qs_staff
    with pytest.raises(ValidationError) as refused:
        issue_services.issue_report(by=staff, title="跨县登记", discovered_on=datetime.date(2026, 11, 20),
                                    source=Issue.Source.HOTLINE_12345, department=city.bx_market)
    assert "department" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        callback_services.callback_record(by=staff, called_on=datetime.date(2026, 11, 20), case_reference="BJ3",
                                          department=city.bx_market, result="satisfied")
    assert "department" in refused.value.message_dict
    assert (Issue.objects.count(), Callback.objects.count()) == (issues_before, callbacks_before)


def test_a_ticket_in_the_next_countys_ledger_is_refused_without_its_ledger_number(client, city, ledgers):
    from issues import services as issue_services
    from issues.importing import COLUMNS

    qs_line = make_issue(by=city.users.qs_staff, department=city.qs_market, title="青山工单",
                         source=Issue.Source.HOTLINE_12345, source_reference="12345-2026-07315")
    client.login(username="bx_staff", password=PASSWORD)
    header = [f"{c.header}*" if c.required else str(c.header) for c in COLUMNS]
    row = {"问题来源": "12345热线", "来源单号": "12345-2026-07315", "问题标题": "电话无人接听", "问题类别": "工作作风",
           "责任单位": "白溪县市场监管局", "发现日期": "2026-11-20"}
    page = client.post(reverse("issues:issue_import"),
                       {"file": rows_upload(header, [[row.get(name.rstrip("*"), "") for name in header]])})
    text = page.content.decode()
    assert "该单号已由其他辖区登记" in text and qs_line.number not in text
    with pytest.raises(ValidationError) as refused:
        issue_services.issue_report(by=city.users.bx_staff, title="同一工单", discovered_on=datetime.date(2026, 11, 20),
                                    source=Issue.Source.HOTLINE_12345, source_reference="12345-2026-07315")
    assert qs_line.number not in str(refused.value) and "其他辖区" in str(refused.value)
    client.login(username="qs_staff", password=PASSWORD)  # in his own county the number is named, as before
    page = client.post(reverse("issues:issue_import"),
                       {"file": rows_upload(header, [[{**row, "责任单位": "青山县市场监管局"}.get(name.rstrip("*"), "")
                                                      for name in header]])})
    assert f"该单号已登记为台账{qs_line.number}" in page.content.decode()


def rows_upload(header, rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("清单.xlsx", buffer.getvalue())


def roster_workbook_upload(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.title = "名册"
    book.active.append(["姓名*", "单位*", "职务", "层级*", "联系电话", "在册"])
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("名册.xlsx", buffer.getvalue())


def test_roster_and_walkthrough_lists_of_a_county_hold_only_its_own(client, city, ledgers):
    client.login(username="qs_staff", password=PASSWORD)
    roster = client.get(reverse("roster:list")).content.decode()
    assert "青山局长" in roster and "白溪局长" not in roster
    assert set(walkthrough_list(user=city.users.qs_staff)) == {ledgers.qs_walk}
    assert set(walkthrough_list(user=city.users.city_leader)) == {ledgers.qs_walk, ledgers.bx_walk}


def test_a_county_sees_the_citys_campaign_and_its_own_but_not_the_other_countys(city, ledgers):
    assert set(campaign_list(user=city.users.qs_staff)) == {ledgers.campaign, ledgers.qs_campaign}
    assert set(campaign_list(user=city.users.qs_walker)) == {ledgers.campaign, ledgers.qs_campaign}
    assert set(campaign_list(user=city.users.city_leader)) == {ledgers.campaign, ledgers.qs_campaign,
                                                               ledgers.bx_campaign}


def test_a_countys_dashboard_of_the_citys_campaign_counts_its_own_part(city, ledgers):
    figures = dashboard_figures(user=city.users.qs_staff, filters=ReportFilters(campaign=ledgers.campaign))
    assert figures.sessions == 1 and figures.by_region == ()


def test_the_city_leaders_dashboard_shows_the_two_counties_side_by_side(client, city, ledgers):
    figures = dashboard_figures(user=city.users.city_leader, filters=ReportFilters())
    rows = {row.region.name: (row.found, row.rectified, row.overdue) for row in figures.by_region}
    assert rows == {"青山县": (2, 0, figures.by_region[0].overdue), "白溪县": (3, 1, figures.by_region[1].overdue)}
    assert {row.label for row in figures.by_department if row.key is not None} == {"青山县", "白溪县"}
    client.login(username="city_leader", password=PASSWORD)
    page = client.get(reverse("reports:dashboard"), {"campaign": ""}).content.decode()
    assert "各县(区)对比" in page and "青山县" in page and "白溪县" in page
    # Drilling down: the county's own figures, the same rows that county's staff see.
    county = dashboard_figures(user=city.users.city_leader, filters=ReportFilters(department=city.bx))
    own = dashboard_figures(user=city.users.bx_staff, filters=ReportFilters())
    assert (county.found, county.rectified) == (own.found, own.rectified) == (3, 1)


def test_the_city_briefing_reads_as_the_citys(client, city, ledgers):
    client.login(username="city_leader", password=PASSWORD)
    page = client.get(reverse("reports:briefing"), {"campaign": ledgers.campaign.pk}).content.decode()
    assert "云川市在“我陪群众走流程(全市)”活动中" in page
    assert "青山县已走流程" in page and "白溪县已走流程" in page
    client.logout()
    client.login(username="qs_staff", password=PASSWORD)
    page = client.get(reverse("reports:briefing"), {"campaign": ledgers.campaign.pk}).content.decode()
    assert "云川市在" not in page and "白溪县" not in page


def test_notifications_go_to_the_countys_own_staff_and_leaders_and_the_city_above(
    city, ledgers, django_capture_on_commit_callbacks
):
    escalated = set(users_overseeing(city.bx_market, Role.LEADER, Role.CENTER_STAFF).values_list("username", flat=True))
    assert escalated == {"bx_staff", "bx_leader", "city_staff", "city_leader"}
    issue = ledgers.bx
    with django_capture_on_commit_callbacks(execute=True):
        issue_transition(issue=issue, action="acknowledge", by=city.users.bx_liaison)
    told = set(Notification.objects.filter(issue=issue).values_list("recipient__username", flat=True))
    assert "bx_staff" in told and "qs_staff" not in told


def test_another_countys_walkthrough_attachment_is_not_served(client, city, ledgers, settings):
    from campaigns.models import WalkthroughAttachment

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
           b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    attachment = WalkthroughAttachment.objects.create(
        session=ledgers.bx_walk, file=SimpleUploadedFile("photo.png", png, content_type="image/png"),
        kind="photo", original_name="photo.png", content_type="image/png", size=len(png),
        uploaded_by=city.users.bx_staff,
    )
    client.login(username="qs_staff", password=PASSWORD)
    assert client.get(reverse("campaigns:attachment_download", args=[attachment.pk])).status_code == 404
    client.logout()
    client.login(username="bx_staff", password=PASSWORD)
    assert client.get(reverse("campaigns:attachment_download", args=[attachment.pk])).status_code == 200


def test_an_account_bound_to_nothing_sees_nothing_and_is_told_why(client, city, ledgers):
    Jurisdiction.objects.filter(user=city.users.qs_staff).delete()
    client.login(username="qs_staff", password=PASSWORD)
    assert issue_list(user=User.objects.get(username="qs_staff")).count() == 0
    page = client.get(reverse("home")).content.decode()
    assert "尚未绑定管辖单位" in page


def test_county_staff_cannot_organise_a_campaign_at_city_level(client, city):
    from django.core.exceptions import ValidationError

    from campaigns.services import campaign_create

    with pytest.raises(ValidationError) as refused:
        campaign_create(by=city.users.qs_staff, fields={
            "theme": "越权活动", "organiser": "青山县数据局", "level_unit": city.root,
            "starts_on": "2026-11-01", "ends_on": "2026-12-31"})
    assert "level_unit" in refused.value.message_dict


def test_hand_off_offers_only_the_issues_own_county_departments(client, city, ledgers):
    from issues.forms import issue_departments

    assert set(issue_departments(ledgers.bx_new)) == {city.bx, city.bx_center, city.bx_market}


def test_no_hand_off_reaches_a_department_of_another_county_however_it_is_posted(city, ledgers):
    """The issue page offers only the issue's own county; the service refuses the rest: the city's bulk hand-off of
    a 青山 line to 白溪, a 青山 clerk's crafted post, a 改派 across the border."""
    from issues import workflow
    from issues.services import issue_bulk_hand_off

    deadline = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(workflow.TransitionRefused) as refused:
        issue_bulk_hand_off(issues=[ledgers.qs_new], by=city.users.city_staff, department=city.bx_market,
                            deadline=deadline)
    assert ledgers.qs_new.number in str(refused.value) and "不在该问题所属辖区" in str(refused.value)
    with pytest.raises(workflow.TransitionRefused):
        issue_transition(issue=ledgers.qs_new, action="hand_off", by=city.users.qs_staff,
                         changes={"department": city.bx_market, "deadline": deadline})
    with pytest.raises(workflow.TransitionRefused):
        issue_transition(issue=ledgers.qs, action="reassign", by=city.users.qs_staff, note="跨县改派",
                         changes={"department": city.bx_market, "deadline": deadline})
    for issue in (ledgers.qs_new, ledgers.qs):
        fresh = Issue.objects.get(pk=issue.pk)
        assert (fresh.stage, fresh.department_id) == (issue.stage, issue.department_id)
    handed = issue_transition(issue=ledgers.qs_new, action="hand_off", by=city.users.city_staff,
                              changes={"department": city.qs_market, "deadline": deadline})
    assert handed.department == city.qs_market  # its own county's department is still open to the city


def test_officials_of_the_city_level_are_on_no_countys_roster(city, ledgers):
    OfficialFactory(department=city.bureau, name="市局干部")
    from campaigns.selectors import roster_list

    assert not roster_list(user=city.users.qs_staff).filter(name="市局干部").exists()
    assert roster_list(user=city.users.city_staff).filter(name="市局干部").exists()
    assert Official.objects.filter(name="市局干部").exists()


@pytest.fixture
def items(city, ledgers):
    """A service item of each county, walked in that county's session."""
    from tests.factories import ServiceItemFactory

    qs_item = ServiceItemFactory(department=city.qs_market, name="青山食品经营许可")
    bx_item = ServiceItemFactory(department=city.bx_market, name="白溪个体户登记")
    ledgers.qs_walk.service_items.add(qs_item)
    ledgers.bx_walk.service_items.add(bx_item)
    return SimpleNamespace(qs=qs_item, bx=bx_item)


def choices(field):
    """The names (or themes) a choice field offers."""
    return {getattr(choice, "name", None) or getattr(choice, "theme", None) or str(choice) for choice in field.queryset}


def test_the_walkthrough_list_offers_no_official_or_service_item_of_another_county(client, city, ledgers, items):
    client.login(username="qs_staff", password=PASSWORD)
    page = client.get(reverse("campaigns:walkthrough_list")).content.decode()
    assert "青山局长" in page and items.qs.name in page
    for name in ("白溪局长", "bx_staff", "bx_liaison", items.bx.name):
        assert name not in page, name


@pytest.mark.parametrize("field", ["official", "service_item"])
def test_filtering_walkthroughs_by_another_countys_official_or_item_lists_nothing_of_it(
    client, city, ledgers, items, field
):
    other = {"official": ledgers.bx_walk.lead, "service_item": items.bx}[field]
    client.login(username="qs_staff", password=PASSWORD)
    response = client.get(reverse("campaigns:walkthrough_list"), {field: other.pk})
    page = response.content.decode()
    assert "白溪" not in page and "bx_staff" not in page
    assert field in response.context["filter"].form.errors
    assert not response.context["filter"].qs.exists()
    # The export refuses the same filter: back to the list, told which filter is wrong, and no workbook at all.
    export = client.get(reverse("reports:walkthrough_export"), {field: other.pk}, follow=True)
    assert export.redirect_chain == [(f"{reverse('campaigns:walkthrough_list')}?{field}={other.pk}", 302)]
    page = export.content.decode()
    assert "筛选条件有误,未导出" in page and "白溪" not in page


def test_a_walkers_filter_offers_only_the_people_and_items_of_his_own_walks(client, city, ledgers, items):
    walker = city.users.qs_walker
    walker_official = Official.objects.get(user=walker)
    own = WalkthroughFactory(campaign=ledgers.campaign, department=city.qs_market, lead=walker_official,
                             created_by=walker)
    own.companions.add(ledgers.qs_walk.lead)
    client.login(username="qs_walker", password=PASSWORD)
    response = client.get(reverse("campaigns:walkthrough_list"))
    form = response.context["filter"].form
    assert choices(form.fields["official"]) == {"qs_walker", "青山局长"}
    assert choices(form.fields["service_item"]) == set()  # he walked no item: nobody else's are offered
    page = response.content.decode()
    assert items.qs.name not in page and "白溪局长" not in page and "qs_staff" not in page


def test_a_liaison_and_the_city_are_offered_their_own_subtrees_people_and_items(city, ledgers, items):
    request = SimpleNamespace(user=city.users.qs_liaison)
    form = WalkthroughFilter({}, queryset=walkthrough_list(user=request.user), request=request).form
    assert choices(form.fields["official"]) == {"青山局长", "qs_liaison", "qs_walker"}
    assert choices(form.fields["service_item"]) == {items.qs.name}
    request = SimpleNamespace(user=city.users.city_leader)
    form = WalkthroughFilter({}, queryset=walkthrough_list(user=request.user), request=request).form
    assert {"青山局长", "白溪局长"} <= choices(form.fields["official"])
    assert choices(form.fields["service_item"]) == {items.qs.name, items.bx.name}


def test_entry_forms_offer_no_official_or_service_item_of_another_county(city, ledgers, items):
    from callbacks.forms import CallbackForm
    from campaigns.forms import CampaignForm, WalkthroughForm
    from issues.forms import BulkHandOffForm, IssueDetailsForm, IssueReportForm
    from issues.handling_forms import AssistingForm

    staff = city.users.qs_staff
    bx_names = {"白溪局长", "bx_staff", "bx_leader", "bx_liaison", items.bx.name, city.bx_market.name,
                ledgers.bx_campaign.theme}
    forms = {
        "walkthrough": WalkthroughForm(user=staff),
        "walkthrough of a walker": WalkthroughForm(user=city.users.qs_walker),
        "campaign": CampaignForm(user=staff),
        "callback": CallbackForm(user=staff),
        "issue report": IssueReportForm(user=staff),
        "issue details": IssueDetailsForm(issue=ledgers.qs_new, user=staff),
        "bulk hand-off": BulkHandOffForm(issues=issue_list(user=staff), user=staff),
        "assisting": AssistingForm(user=staff),
    }
    for form_name, form in forms.items():
        for name, field in form.fields.items():
            if hasattr(field, "queryset"):
                assert not choices(field) & bx_names, (form_name, name)
    walk = forms["walkthrough"].fields
    assert "青山局长" in choices(walk["lead"]) and "青山局长" in choices(walk["companions"])
    assert items.qs.name in choices(walk["service_items"])
    assert items.qs.name in choices(forms["callback"].fields["service_item"])
    assert items.qs.name in choices(forms["issue report"].fields["service_item"])


def test_a_walkers_hints_and_me_too_stay_in_his_county(city, ledgers):
    """The city's campaign names no departments: it sends a 青山 walker anywhere in 青山, never to 白溪."""
    from issues.similarity import hint_scope_q, similar_issues

    walker = city.users.qs_walker
    assert ledgers.qs in similar_issues(user=walker, text="青山窗口排队")
    assert not [issue for issue in similar_issues(user=walker, text="白溪材料重复") if "白溪" in issue.title]
    assert not Issue.objects.filter(hint_scope_q(walker), pk__in=[ledgers.bx.pk, ledgers.bx_closed.pk]).exists()


def test_the_ledger_export_holds_what_the_list_shows_and_refuses_another_countys_department(client, city, ledgers):
    client.login(username="qs_staff", password=PASSWORD)
    sheet = workbook(client.get(reverse("reports:ledger_export") + "?todo=to_hand_off"))
    exported = {str(cell) for row in sheet.iter_rows(min_row=4, values_only=True) for cell in row if cell}
    assert "青山12345工单(未交办)" in exported and "青山窗口排队" not in exported
    refused = client.get(reverse("reports:ledger_export"), {"department": city.bx_market.pk}, follow=True)
    assert refused.redirect_chain == [(f"{reverse('issues:issue_list')}?department={city.bx_market.pk}", 302)]
    page = refused.content.decode()
    assert "筛选条件有误,未导出" in page and "白溪" not in page


def test_the_word_briefing_is_issued_by_the_service_center_of_the_county_or_city_it_reports_on(
        client, city, ledgers, settings):
    settings.BRIEFING_ORGAN = ""
    query = {"campaign": ledgers.campaign.pk, "number": 2, "signer": "王局长"}
    for username, organ in (("qs_staff", "青山县政务服务中心"), ("bx_leader", "白溪县政务服务中心"),
                            ("city_leader", "云川市政务服务中心")):  # the city's tree has no center: named after it
        client.login(username=username, password=PASSWORD)
        lines = docx_lines(client.get(reverse("reports:briefing_docx"), query))
        assert any(line.startswith(f"{organ}\t签发人：王局长\t") for line in lines[:4]), (username, lines[:4])
        assert lines[-1].startswith(f"{organ}\t") and lines[-1].endswith("印发")
    settings.BRIEFING_ORGAN = "云川市数据局"  # set by the operator: used as written
    assert docx_lines(client.get(reverse("reports:briefing_docx"), query))[-1].startswith("云川市数据局\t")


def docx_lines(response) -> list[str]:
    from docx import Document

    return [paragraph.text for paragraph in Document(BytesIO(response.content)).paragraphs]
