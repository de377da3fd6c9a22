"""Seed the holiday/workday table from chinesecalendar (the years it knows); staff extend it in the admin."""

from django.db import migrations

FIRST_YEAR = 2020


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("issues", "CalendarDay")
    rows = [
        CalendarDay(date=day, is_workday=False, name=str(name), source="chinesecalendar")
        for day, name in chinese_calendar.holidays.items()
        if day.year >= FIRST_YEAR
    ] + [
        CalendarDay(date=day, is_workday=True, name=str(name), source="chinesecalendar")
        for day, name in chinese_calendar.workdays.items()
        if day.year >= FIRST_YEAR
    ]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("issues", "CalendarDay").objects.filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("issues", "0002_followup_and_calendar")]
    operations = [migrations.RunPython(seed, unseed)]
