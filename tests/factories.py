import datetime
from types import SimpleNamespace

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from campaigns.models import Campaign, Department, Jurisdiction, Official, ServiceItem, WalkthroughSession
from campaigns.roles import Role
from issues.models import Issue
from issues.services import issue_create

PASSWORD = "test-pass-123"


def build_org():
    """A county with a service center, two departments (one with a sub-unit) and a township."""
    county = Department.objects.add_root(dict(code="C", name="青山县", kind=Department.Kind.COUNTY))
    center = Department.objects.add_child(
        county, dict(code="C01", name="县政务服务中心", kind=Department.Kind.SERVICE_CENTER)
    )
    market = Department.objects.add_child(
        county, dict(code="C02", name="县市场监管局", kind=Department.Kind.DEPARTMENT)
    )
    market_unit = Department.objects.add_child(
        market, dict(code="C0201", name="县市场监管局登记注册股", kind=Department.Kind.DEPARTMENT)
    )
    police = Department.objects.add_child(county, dict(code="C03", name="县公安局", kind=Department.Kind.DEPARTMENT))
    township = Department.objects.add_child(county, dict(code="C04", name="青石镇", kind=Department.Kind.TOWNSHIP))
    return SimpleNamespace(
        county=Department.objects.get(pk=county.pk),
        center=Department.objects.get(pk=center.pk),
        market=Department.objects.get(pk=market.pk),
        market_unit=Department.objects.get(pk=market_unit.pk),
        police=Department.objects.get(pk=police.pk),
        township=Department.objects.get(pk=township.pk),
    )


def user_with_role(role, username, *, department=None, level=Official.Level.SECTION_CHIEF, jurisdiction=None):
    """A login with one role. Staff and leaders oversee `jurisdiction`: by default the county (or city) holding
    `department`, else the single root of the tree (campaigns.scope)."""
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username)
    user.groups.add(Group.objects.get(name=role))
    if department is not None:
        Official.objects.create(name=username, department=department, level=level, user=user, phone="")
    if jurisdiction is None and role in (Role.CENTER_STAFF, Role.LEADER):
        if department is not None:
            jurisdiction = department.region()
        else:
            roots = list(Department.objects.get_root_nodes()[:2])
            jurisdiction = roots[0] if len(roots) == 1 else None
    if jurisdiction is not None:
        Jurisdiction.objects.create(user=user, unit=jurisdiction)
    return user


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem

    code = factory.Sequence(lambda n: f"SI{n:04d}")
    name = factory.Sequence(lambda n: f"事项{n}")
    statutory_limit_days = 20
    promised_limit_days = 5


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    theme = "我陪群众走流程"
    organiser = "县数据局"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = Campaign.Status.ACTIVE


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Sequence(lambda n: f"干部{n}")
    level = Official.Level.DEPARTMENT_HEAD
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class WalkthroughFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WalkthroughSession

    campaign = factory.SubFactory(CampaignFactory)
    mode = WalkthroughSession.Mode.SIMULATED
    simulated_via = WalkthroughSession.SimulatedVia.HALL
    steps_experienced = "取号、咨询、递交材料"
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    status = WalkthroughSession.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


def make_issue(*, by, department=None, stage=Issue.Stage.EXPERIENCE, **fields) -> Issue:
    """An issue created through the service (so it is numbered), then placed at `stage` directly."""
    fields.setdefault("source", Issue.Source.HOTLINE_12345)
    issue = issue_create(
        by=by,
        title=fields.pop("title", "窗口叫号系统故障"),
        discovered_on=timezone.localdate(),
        department=department,
        **fields,
    )
    if stage != Issue.Stage.EXPERIENCE:
        Issue.objects.filter(pk=issue.pk).update(stage=stage, deadline=timezone.localdate())
        issue.refresh_from_db()
    return issue
