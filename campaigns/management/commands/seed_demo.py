"""Fills the database with a realistic demo of the fictional 青山县: reference data, a roster, two campaigns,
walkthroughs in all five modes and a ledger with issues in every stage. Idempotent.

    manage.py seed_demo

Demo logins (all share the password zlc-demo-2026, printed on every run):
    staff    中心工作人员 (center_staff), 县政务服务中心大厅管理科
    liaison  部门联络员 (dept_liaison), 县市场监管局; liaison_<dept> for the other departments
    leader   领导 (leader), 副县长
    walker   体验员 (participant), 县人社局副局长
    admin    superuser

A second run reloads the reference data and roster, resets the demo passwords and keeps existing
accounts, but builds the campaigns, walkthroughs and issues only when the demo campaign is absent.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaigns.demo.accounts import DEMO_PASSWORD, ensure_roster, format_logins
from campaigns.demo.builder import CURRENT_THEME, DemoBuilder, demo_counts, demo_exists
from campaigns.demo.reference import ReferenceDataError
from campaigns.models import WalkthroughSession
from issues.models import DeadlineExtension, Issue


class Command(BaseCommand):
    help = f"生成演示数据(青山县):基础数据、名册、活动、走流程记录与问题台账;演示账号密码均为 {DEMO_PASSWORD}"

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="允许在生产配置下运行(会创建使用公开演示密码的账号,慎用)",
        )

    def handle(self, *args, **options):
        if "production" in (getattr(settings, "SETTINGS_MODULE", None) or "") and not options["allow_production"]:
            raise CommandError("当前为生产配置:演示账号使用公开密码,拒绝执行(确需执行请加 --allow-production)")
        verbosity = options["verbosity"]
        try:
            with transaction.atomic():
                call_command("load_reference_data", verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
                officials, users, logins = ensure_roster()
                if demo_exists():
                    built = False
                else:
                    DemoBuilder(officials=officials, users=users).build()
                    built = True
        except (ReferenceDataError, ValueError) as error:
            raise CommandError(str(error)) from error

        if built:
            self.stdout.write(self.style.SUCCESS(f"已生成演示数据(活动“{CURRENT_THEME}”等)。"))
        else:
            self.stdout.write(f"演示活动“{CURRENT_THEME}”已存在:未重复生成,仅刷新基础数据、名册和演示账号密码。")
        if verbosity >= 1:
            self.stdout.write(self.summary(demo_counts()))
        self.stdout.write("")
        self.stdout.write(f"演示账号(统一密码 {DEMO_PASSWORD}):")
        self.stdout.write(format_logins(logins))

    @staticmethod
    def summary(counts: dict) -> str:
        def pairs(mapping, choices):
            """Counts by their labels (陪伴走流程 6), in the order of the choices, not by raw codes."""
            labels = dict(choices)
            ordered = sorted(mapping.items(), key=lambda item: list(labels).index(item[0]) if item[0] in labels else 99)
            return ",".join(f"{labels.get(key, key)} {value}" for key, value in ordered) or "—"

        return "\n".join(
            [
                f"部门 {counts['departments']},服务事项 {counts['service_items']},名册 {counts['officials']},"
                f"活动 {counts['campaigns']},走流程 {counts['sessions']},问题 {counts['issues']},"
                f"流转记录 {counts['issue_events']},佐证材料 {counts['evidence']}",
                f"走流程方式:{pairs(counts['by_mode'], WalkthroughSession.Mode.choices)}",
                f"问题环节:{pairs(counts['by_stage'], Issue.Stage.choices)}",
                f"问题来源:{pairs(counts['by_source'], Issue.Source.choices)}",
                f"延期申请:{pairs(counts['extensions'], DeadlineExtension.Status.choices)}",
                f"逾期 {counts['overdue']},立行立改 {counts['fixed_on_spot']},建章立制 {counts['long_term_rule']},"
                f"退回重改 {counts['reopened']},四减成效 {counts['reductions']}",
            ]
        )
