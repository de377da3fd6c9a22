"""The four role groups and their model permissions. Scope (which rows) is applied in selectors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

ROLE_PERMISSIONS = {
    "center_staff": {
        "campaigns": {m: ALL for m in ("campaign", "official", "walkthroughsession", "department", "serviceitem")},
        "issues": {"issue": (VIEW, ADD, CHANGE), "issueevent": (VIEW,), "evidence": (VIEW, ADD)},
    },
    "dept_liaison": {
        "campaigns": {m: (VIEW,) for m in ("campaign", "official", "walkthroughsession", "department", "serviceitem")},
        "issues": {"issue": (VIEW, CHANGE), "issueevent": (VIEW,), "evidence": (VIEW, ADD)},
    },
    "leader": {
        "campaigns": {m: (VIEW,) for m in ("campaign", "official", "walkthroughsession", "department", "serviceitem")},
        "issues": {"issue": (VIEW,), "issueevent": (VIEW,), "evidence": (VIEW,)},
    },
    "participant": {
        "campaigns": {
            "campaign": (VIEW,),
            "official": (VIEW,),
            "department": (VIEW,),
            "serviceitem": (VIEW,),
            "walkthroughsession": (VIEW, ADD, CHANGE),
        },
        "issues": {"issue": (VIEW, ADD)},
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_role_permissions(apps)


def assign_role_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in by_app.items()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("issues", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
