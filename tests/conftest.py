import os
from importlib import import_module

import pytest
from django.conf import settings

from campaigns.roles import Role

ON_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    # On CI the real services are part of the contract: a missing one fails the run, never skips tests.
    if ON_CI:
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise pytest.UsageError("CI=true needs DATABASE_URL pointing at PostgreSQL")
        if not settings.REDIS_URL:
            raise pytest.UsageError("CI=true needs REDIS_URL pointing at Redis")


def require_postgresql():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL (set DATABASE_URL); required on CI")


def require_redis():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL); required on CI")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Re-run the data migrations' inserts: a reused test database may have been emptied by the flush that ends a
    transactional test in an earlier run, and every role check needs the groups (deadlines need the holidays)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    with django_db_blocker.unblock():
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        import_module("campaigns.migrations.0002_roles").assign_role_permissions(apps)
        import_module("issues.migrations.0003_seed_calendar").seed(apps, None)
        import_module("issues.migrations.0005_calendar_years_deadline_rules_outbox").seed_years(apps, None)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db):
    from tests.factories import build_org

    return build_org()


@pytest.fixture
def users(org):
    from tests.factories import user_with_role

    return {
        "staff": user_with_role(Role.CENTER_STAFF, "staff"),
        "leader": user_with_role(Role.LEADER, "leader"),
        "liaison": user_with_role(Role.DEPT_LIAISON, "liaison", department=org.market),
        "other_liaison": user_with_role(Role.DEPT_LIAISON, "liaison2", department=org.police),
        "walker": user_with_role(Role.PARTICIPANT, "walker", department=org.market),
    }
