"""Loads departments and service items from CSV files (default: campaigns/data/), idempotently.

    manage.py load_reference_data
    manage.py load_reference_data --departments my_county/departments.csv --service-items my_county/items.csv

Rows are matched by `code`: new codes are added, changed rows updated, nothing is deleted.
departments.csv columns: code, parent_code, name, short_name, kind (county/department/township/service_center).
service_items.csv columns: code, department_code, name, statutory_limit_days, promised_limit_days,
is_instant, is_online, is_high_frequency (booleans as 1/0).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.demo.reference import (
    DEPARTMENTS_CSV,
    SERVICE_ITEMS_CSV,
    ReferenceDataError,
    load_departments,
    load_service_items,
)


class Command(BaseCommand):
    help = "导入部门和服务事项基础数据(CSV,按编码幂等更新)"

    def add_arguments(self, parser):
        parser.add_argument("--departments", type=Path, default=DEPARTMENTS_CSV, help="部门 CSV 文件")
        parser.add_argument("--service-items", type=Path, default=SERVICE_ITEMS_CSV, help="服务事项 CSV 文件")

    def handle(self, *args, **options):
        try:
            departments = load_departments(options["departments"])
            items = load_service_items(options["service_items"])
        except (OSError, ReferenceDataError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"部门:{departments.summary()}")
            self.stdout.write(f"服务事项:{items.summary()}")
