"""seed_demo and load_reference_data: idempotent, complete (every mode, every stage), and usable logins."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from campaigns.demo.accounts import DEMO_PASSWORD
from campaigns.models import Campaign, Department, ServiceItem, WalkthroughSession
from campaigns.scope import liaison_department
from issues.models import DeadlineExtension, Issue, IssueEvent, Reduction
from issues.workflow import Stage

DEMO_LOGINS = {"staff": "center_staff", "liaison": "dept_liaison", "leader": "leader", "walker": "participant"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files land in a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict:
    """Rows in every table of our apps and auth, many-to-many tables and history included."""
    return {
        model._meta.label: model._default_manager.count()
        for label in ("campaigns", "issues", "auth")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.fixture
def seeded(db):
    return seed()


@pytest.mark.django_db
def test_running_twice_changes_no_counts():
    first_output = seed()
    first = row_counts()
    first_numbers = sorted(Issue.objects.values_list("year", "sequence"))
    second_output = seed()
    assert row_counts() == first
    assert sorted(Issue.objects.values_list("year", "sequence")) == first_numbers
    assert DEMO_PASSWORD in first_output and DEMO_PASSWORD in second_output
    assert first["issues.Issue"] > 0 and first["campaigns.WalkthroughSession"] > 0


def check_every_mode_and_every_stage_is_present():
    modes = set(WalkthroughSession.objects.values_list("mode", flat=True))
    assert modes == set(WalkthroughSession.Mode.values)
    stages = set(Issue.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)


def check_ledger_has_overdue_reopened_on_the_spot_and_other_sources():
    today = timezone.localdate()
    assert Issue.objects.filter(deadline__lt=today).exclude(stage=Stage.CLOSED).exists()
    reopened = IssueEvent.objects.filter(from_stage=Stage.EVALUATION, to_stage=Stage.RECTIFICATION)
    assert Issue.objects.filter(stage=Stage.CLOSED, pk__in=reopened.values("issue")).exists()
    assert Issue.objects.filter(fixed_on_spot=True, stage=Stage.CLOSED).exists()
    assert Issue.objects.filter(long_term_rule=True).exists()
    statuses = set(DeadlineExtension.objects.values_list("status", flat=True))
    assert statuses == set(DeadlineExtension.Status.values)
    assert Reduction.objects.exists()
    sources = set(Issue.objects.values_list("source", flat=True))
    assert {"walkthrough", "hotline_12345", "review", "business_meeting"} <= sources


def check_issue_history_is_consistent_and_in_the_past():
    now = timezone.now()
    for issue in Issue.objects.prefetch_related("events"):
        events = list(issue.events.all())
        assert events[0].from_stage == "" and events[-1].to_stage == issue.stage
        assert all(e.created_at <= now for e in events)
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        if issue.stage != Stage.EXPERIENCE:
            assert issue.department_id and issue.deadline
        if issue.stage in (Stage.EVALUATION, Stage.CLOSED):
            assert issue.measures and issue.evidence.exists()


def check_walkthroughs_lie_within_their_campaign_and_not_in_the_future():
    today = timezone.localdate()
    current = Campaign.objects.get(theme="我陪群众走流程")
    assert current.status == Campaign.Status.ACTIVE and current.starts_on < today < current.ends_on
    assert Campaign.objects.filter(theme="走流程、解难题、优服务", status=Campaign.Status.CLOSED).exists()
    for session in WalkthroughSession.objects.select_related("campaign"):
        assert session.occurred_at <= timezone.now()
        assert session.campaign.covers(timezone.localdate(session.occurred_at))
        assert session.is_submitted
    reverse = WalkthroughSession.objects.filter(mode="reverse")
    assert all(s.complaint_reference and s.blocking_point for s in reverse)
    assert all(s.authorisation_method for s in WalkthroughSession.objects.filter(mode="proxy"))
    assert all(s.window_number for s in WalkthroughSession.objects.filter(mode="window_seat"))


def check_demo_logins_have_their_role_and_the_demo_password(seeded, client):
    User = get_user_model()
    for username, group in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.groups.filter(name=group).exists(), username
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
        assert username in seeded
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert client.login(username="admin", password=DEMO_PASSWORD)
    for username in ("staff", "walker", "leader"):
        assert User.objects.get(username=username).official is not None


def check_liaison_is_bound_to_his_department():
    liaison = get_user_model().objects.get(username="liaison")
    assert liaison.official.department.short_name == "县市场监管局"
    assert liaison_department(liaison) == liaison.official.department
    assert Issue.objects.filter(department=liaison.official.department).exclude(stage=Stage.CLOSED).exists()


# One seed serves several groups of checks: seeding goes through the services and takes a second or two.
@pytest.mark.django_db
def test_demo_covers_every_mode_stage_and_case(seeded):
    check_every_mode_and_every_stage_is_present()
    check_ledger_has_overdue_reopened_on_the_spot_and_other_sources()
    check_issue_history_is_consistent_and_in_the_past()
    check_walkthroughs_lie_within_their_campaign_and_not_in_the_future()


@pytest.mark.django_db
def test_demo_logins_work_and_the_liaison_is_bound(seeded, client):
    check_demo_logins_have_their_role_and_the_demo_password(seeded, client)
    check_liaison_is_bound_to_his_department()


@pytest.mark.django_db
def test_existing_accounts_are_kept_and_their_password_reset(client):
    User = get_user_model()
    before = User.objects.create_user("staff", password="something-else")
    seed()
    after = User.objects.get(username="staff")
    assert after.pk == before.pk
    assert client.login(username="staff", password=DEMO_PASSWORD)


@pytest.mark.django_db
def test_reference_data_is_loaded_from_the_csv_files_idempotently():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert Department.objects.count() >= 20
    assert ServiceItem.objects.count() >= 50
    assert Department.objects.filter(kind=Department.Kind.SERVICE_CENTER).exists()
    assert Department.objects.filter(kind=Department.Kind.TOWNSHIP).count() >= 3
    for item in ServiceItem.objects.all():
        assert item.promised_limit_days <= item.statutory_limit_days
        assert not item.is_instant or item.promised_limit_days == 0
    counts = row_counts()
    again = io.StringIO()
    call_command("load_reference_data", stdout=again)
    assert row_counts() == counts
    assert "新增 0,更新 0" in again.getvalue()
    police = Department.objects.get(short_name="县公安局")
    assert Department.objects.get(short_name="县交警大队").path.startswith(police.path)


@pytest.mark.django_db
def test_refuses_to_run_under_production_settings(settings):
    settings.SETTINGS_MODULE = "walkthrough.settings.production"
    with pytest.raises(CommandError):
        seed()


def test_the_readme_lists_every_demo_login_with_its_role():
    """README's table of demo logins: one row per login the roster file creates (plus admin), role by role."""
    from pathlib import Path

    from campaigns.demo.accounts import OFFICIAL_COLUMNS, OFFICIALS_CSV, SUPERUSER
    from campaigns.demo.reference import read_rows
    from campaigns.roles import Role

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"password `{DEMO_PASSWORD}`" in readme
    section = readme.split("Demo logins", 1)[1].split("The demo tree", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 2:
            table[cells[0].strip("`")] = cells[1]
    rows = read_rows(OFFICIALS_CSV, OFFICIAL_COLUMNS)
    created = {row["username"]: row["role"] for _, row in rows if row["username"]}
    assert set(table) == {*created, SUPERUSER}
    for username, role in created.items():
        assert table[username].startswith(str(Role(role).label)), username
    assert "superuser" in table[SUPERUSER]
