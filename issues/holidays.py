"""A year's holidays and make-up working days (调休): reading the State Council's schedule from a small CSV/xlsx,
previewing what it changes, and the services that enter it, confirm a year complete and count the deadlines again.

A year is known only when it is complete (CalendarYear): from chinesecalendar, or when staff confirm it. Entering
rows does not complete a year. Completing a year, or changing a day of a complete year, counts again every open
deadline across that year (issues.deadlines).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from issues.deadlines import Rederived, open_deadlines_across, rederive_deadlines
from issues.models import CalendarDay, CalendarYear
from issues.workdays import forget_known_calendar_years, work_calendar

MAX_ROWS = 200  # a year has about 30 exceptions; anything near a whole year is the wrong file
OFF_WORDS = {"放假", "休", "休息", "假", "节假日", "holiday", "off", "0"}
ON_WORDS = {"上班", "班", "调休上班", "补班", "workday", "work", "1"}


@dataclass(frozen=True)
class DayRow:
    date: datetime.date
    is_workday: bool
    name: str


@dataclass
class CalendarPreview:
    year: int
    days: list[DayRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    added: list[DayRow] = field(default_factory=list)
    changed: list[DayRow] = field(default_factory=list)
    removed: list[DayRow] = field(default_factory=list)
    open_deadlines: int = 0
    is_complete: bool = False

    @property
    def holidays(self) -> int:
        return sum(1 for day in self.days if not day.is_workday)

    @property
    def make_up_days(self) -> int:
        return sum(1 for day in self.days if day.is_workday)


def _cells_from_upload(upload) -> list[list]:
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same advice
            raise ValidationError(_("无法读取该Excel文件,请确认是 .xlsx 格式")) from error
        return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("无法识别CSV文件的编码,请另存为UTF-8编码的CSV"))
        return [row for row in csv.reader(io.StringIO(text))][: MAX_ROWS + 2]
    raise ValidationError(_("请上传 .csv 或 .xlsx 文件"))


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    text = text.replace("年", "-").replace("月", "-").replace("日", "")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return datetime.date(year, month, day)
    except ValueError:
        return None


def read_calendar_file(upload, *, year: int) -> CalendarPreview:
    """The rows of a schedule file — columns 日期, 类型 (放假/上班), 名称; a header row is optional — checked
    against `year`. Any bad row is an error naming the row; then nothing is imported."""
    preview = CalendarPreview(year=year)
    rows = _cells_from_upload(upload)
    if len(rows) > MAX_ROWS + 1:
        preview.errors.append(_("文件超过%(max)d行,请只填写该年度的放假日和调休上班日") % {"max": MAX_ROWS})
        return preview
    seen = set()
    for number, cells in enumerate(rows, start=1):
        cells = [*cells, "", "", ""][:3]
        if not any(str(cell or "").strip() for cell in cells):
            continue
        day = _as_date(cells[0])
        kind = str(cells[1] or "").strip().lower()
        if day is None and number == 1:
            continue  # the header
        where = _("第%(row)d行") % {"row": number}
        if day is None:
            preview.errors.append(_("%(where)s:日期“%(value)s”无法识别,请写成2027-01-01") % {
                "where": where, "value": cells[0]})
            continue
        if day.year != year:
            preview.errors.append(_("%(where)s:%(day)s不在%(year)d年") % {
                "where": where, "day": day.isoformat(), "year": year})
            continue
        if kind not in OFF_WORDS | ON_WORDS:
            preview.errors.append(_("%(where)s:类型“%(value)s”无法识别,请填写“放假”或“上班”") % {
                "where": where, "value": cells[1] or ""})
            continue
        if day in seen:
            preview.errors.append(_("%(where)s:%(day)s重复出现") % {"where": where, "day": day.isoformat()})
            continue
        seen.add(day)
        is_workday = kind in ON_WORDS
        if is_workday and day.weekday() < 5:
            preview.errors.append(_("%(where)s:%(day)s是周一至周五,本来就上班,调休上班日应是周末") % {
                "where": where, "day": day.isoformat()})
            continue
        preview.days.append(DayRow(date=day, is_workday=is_workday, name=str(cells[2] or "").strip()[:50]))
    if not preview.days and not preview.errors:
        preview.errors.append(_("文件中没有任何日期,请按模板填写日期、类型和名称"))
    preview.days.sort(key=lambda row: row.date)
    return preview


def preview_changes(preview: CalendarPreview) -> CalendarPreview:
    """Fills in what importing the preview would add, change and remove, and how many deadlines it touches."""
    existing = {
        row.date: DayRow(date=row.date, is_workday=row.is_workday, name=row.name)
        for row in CalendarDay.objects.filter(date__year=preview.year)
    }
    incoming = {row.date: row for row in preview.days}
    preview.added = [row for day, row in incoming.items() if day not in existing]
    preview.changed = [
        row for day, row in incoming.items() if day in existing and existing[day].is_workday != row.is_workday
    ]
    preview.removed = [row for day, row in sorted(existing.items()) if day not in incoming]
    preview.open_deadlines = open_deadlines_across(preview.year).count()
    preview.is_complete = CalendarYear.objects.filter(year=preview.year, is_complete=True).exists()
    return preview


def _check_may_edit(by) -> None:
    if not (by.is_staff and by.has_perm("issues.change_calendarday")):
        raise PermissionDenied(_("只有系统管理员可以维护节假日安排"))


def _rederive(year: int, *, by, reason: str) -> Rederived:
    transaction.on_commit(forget_known_calendar_years)
    forget_known_calendar_years()
    return rederive_deadlines(years=[year], by=by, calendar=work_calendar(), reason=reason)


@transaction.atomic
def calendar_year_import(*, year: int, days: list[DayRow], by) -> Rederived:
    """Replaces the year's rows by the imported schedule, marks the year complete and counts its deadlines again."""
    _check_may_edit(by)
    if not days or any(day.date.year != year for day in days):
        raise ValidationError(_("导入的日期须全部在%(year)d年") % {"year": year})
    record, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day.date, is_workday=day.is_workday, name=day.name, source=CalendarDay.Source.ADMIN)
        for day in days
    )
    _mark(record, complete=True, by=by)
    return _rederive(year, by=by, reason=_("%(year)d年节假日安排已导入,按规则重新计算整改时限") % {"year": year})


@transaction.atomic
def calendar_year_confirm(*, year: int, by, complete: bool = True) -> Rederived | None:
    """Staff say the year's days are all entered (or, `complete=False`, that they are not after all). Completing
    counts the year's deadlines again; un-completing only makes them provisional again."""
    _check_may_edit(by)
    record, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    if record.is_complete == complete:
        return None
    _mark(record, complete=complete, by=by)
    if not complete:
        transaction.on_commit(forget_known_calendar_years)
        return None
    return _rederive(year, by=by, reason=_("%(year)d年节假日安排已确认,按规则重新计算整改时限") % {"year": year})


def _mark(record: CalendarYear, *, complete: bool, by) -> None:
    record.is_complete = complete
    record.source = CalendarYear.Source.ADMIN
    record.confirmed_by, record.confirmed_at = (by, timezone.now()) if complete else (None, None)
    record.save()


@transaction.atomic
def calendar_day_changed(*, day: datetime.date, by) -> Rederived | None:
    """After a day was added, edited or deleted in the admin: the year gets a state row (incomplete unless it was
    complete); a complete year's deadlines are counted again at once, an incomplete one waits for confirmation."""
    record, _created = CalendarYear.objects.select_for_update().get_or_create(year=day.year)
    if not record.is_complete:
        return None
    return _rederive(
        day.year, by=by, reason=_("节假日与调休调整(%(day)s),按规则重新计算整改时限") % {"day": day.isoformat()}
    )
