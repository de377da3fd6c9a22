"""The admin pages of the calendar: days (节假日与调休), year states (年度节假日安排) and the schedule import.

Every save goes through issues.holidays, so a change to a complete year counts its deadlines again."""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from issues import holidays
from issues.models import CalendarDay, CalendarYear

IMPORT_SALT = "issues.calendar-import"


def _report(request, result, year) -> None:
    if result is None:
        return
    messages.success(
        request,
        _("%(year)d年:%(moved)d个按规则计算的整改时限已重新计算并通知责任单位,%(flagged)d个手工填写的整改时限待复核")
        % {"year": year, "moved": len(result.moved), "flagged": len(result.flagged)},
    )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name", "source"]
    list_filter = ["is_workday", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _report(request, holidays.calendar_day_changed(day=obj.date, by=request.user), obj.date.year)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _report(request, holidays.calendar_day_changed(day=obj.date, by=request.user), obj.date.year)


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年份"), min_value=2020, max_value=2100)
    file = forms.FileField(
        label=gettext_lazy("放假安排文件(.csv 或 .xlsx)"),
        help_text=gettext_lazy("三列:日期(2027-01-01)、类型(放假/上班)、名称(如 春节);第一行可为表头"),
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "is_complete", "source", "holiday_count", "make_up_count", "confirmed_by", "confirmed_at"]
    list_filter = ["is_complete", "source"]
    readonly_fields = ["is_complete", "source", "confirmed_by", "confirmed_at"]
    actions = ["mark_complete", "mark_incomplete"]
    change_list_template = "admin/issues/calendaryear/change_list.html"

    @admin.display(description=gettext_lazy("放假天数"))
    def holiday_count(self, obj):
        return CalendarDay.objects.filter(date__year=obj.year, is_workday=False).count()

    @admin.display(description=gettext_lazy("调休上班天数"))
    def make_up_count(self, obj):
        return CalendarDay.objects.filter(date__year=obj.year, is_workday=True).count()

    @admin.action(description=gettext_lazy("确认所选年度节假日已完整录入(并重新计算整改时限)"))
    def mark_complete(self, request, queryset):
        for record in queryset:
            _report(request, holidays.calendar_year_confirm(year=record.year, by=request.user), record.year)

    @admin.action(description=gettext_lazy("标记所选年度尚未完整录入"))
    def mark_incomplete(self, request, queryset):
        for record in queryset:
            holidays.calendar_year_confirm(year=record.year, by=request.user, complete=False)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="issues_calendaryear_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload → preview (what changes, how many deadlines) → confirm; the preview carries the rows signed."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("导入年度放假安排")}
        if request.method == "POST" and "payload" in request.POST:
            return self._import_confirmed(request)
        initial = {"year": timezone.localdate().year + 1}
        form = CalendarImportForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            try:
                preview = holidays.read_calendar_file(form.cleaned_data["file"], year=year)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if not preview.errors:
                    holidays.preview_changes(preview)
                    rows = [[row.date.isoformat(), row.is_workday, row.name] for row in preview.days]
                    context["payload"] = signing.dumps({"year": year, "rows": rows}, salt=IMPORT_SALT)
                context["preview"] = preview
        context["form"] = form
        return TemplateResponse(request, "admin/issues/calendaryear/import.html", context)

    def _import_confirmed(self, request):
        try:
            data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("预览已失效,请重新上传文件"))
            return redirect("admin:issues_calendaryear_import")
        days = [
            holidays.DayRow(date=timezone.datetime.fromisoformat(day).date(), is_workday=bool(on), name=name)
            for day, on, name in data["rows"]
        ]
        result = holidays.calendar_year_import(year=data["year"], days=days, by=request.user)
        messages.success(request, _("已导入%(year)d年节假日安排(%(n)d天)并确认该年度完整") % {
            "year": data["year"], "n": len(days)})
        _report(request, result, data["year"])
        return redirect(reverse("admin:issues_calendaryear_changelist"))
