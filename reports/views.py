from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callbacks.report import callback_sentence
from campaigns.files import file_response
from campaigns.roles import Role, has_role
from issues.selectors import issue_get, issue_list, with_ledger_facts
from issues.timeline import issue_timeline
from reports import services
from reports.briefing import briefing_paragraphs, long_date, subject
from reports.charts import chart_data
from reports.docx.briefing_doc import write_briefing_docx
from reports.docx.forms import BriefingDocForm
from reports.exporters.dashboard import write_dashboard
from reports.exports import prepare_export
from reports.filters import report_filter_form
from reports.links import FigureLinks
from reports.models import ExportJob
from reports.punctuation import as_published
from reports.selectors import report_sessions
from reports.snapshot import report_snapshot, snapshot_fragment
from reports.tables import dashboard_tables, headline_table
from reports.timing import timing_tables
from walkthrough.db_router import reading_replica, reads_replica

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def require_report_reader(user) -> None:
    """Leaders, center staff and liaisons (his department only, through the selectors' scope) read reports."""
    if not has_role(user, Role.CENTER_STAFF, Role.LEADER, Role.DEPT_LIAISON):
        raise PermissionDenied(_("统计分析仅对领导、中心工作人员和部门联络员开放"))


def xlsx_response(filename: str) -> HttpResponse:
    """An .xlsx attachment whose Chinese name survives Chrome and Edge (RFC 5987 filename*)."""
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _report_context(request, *, allow_stale: bool = True):
    """The filter form, and the report's figures (reports.snapshot: kept until the data changes) for its filter."""
    form, filters = report_filter_form(request)
    context = {"form": form, "filters": filters}
    if filters is None:
        return context, None, None
    snapshot = report_snapshot(user=request.user, filters=filters, allow_stale=allow_stale)
    if snapshot.stale:
        services.report_refresh_request(user=request.user, filters=filters, key=snapshot.key)
    figures = snapshot.figures
    context.update(
        snapshot=snapshot, figures=figures, callback_figures=snapshot.callbacks,
        query=urlencode(filters.querystring_items()), subject=subject(filters, base=figures.base),
        as_of_text=long_date(figures.as_of),
    )
    return context, figures, FigureLinks(filters)


def _figures_html(request, context: dict, links: FigureLinks) -> str:
    """The dashboard's figures, tables and charts as HTML, rendered once per snapshot (reports.snapshot). The
    办事时长 tables list the slowest items and halls; ?timing=all counts every one (a province has thousands)."""
    snapshot, figures = context["snapshot"], context["figures"]
    every_timing_row = request.GET.get("timing") == "all"

    def render() -> str:
        timing = snapshot.timing
        if every_timing_row:
            timing = timing_tables(report_sessions(user=request.user, filters=context["filters"]), shown=None)
        return render_to_string("reports/_dashboard_figures.html", {
            **context,
            "links": links.headline(),
            "modes": [(mode, links.mode(mode.mode)) for mode in figures.sessions_by_mode],
            "reductions": [(total, links.reduction(total.kind)) for total in figures.reductions],
            "tables": dashboard_tables(figures, links),
            "charts": chart_data(figures, links),
            "timing": timing,
        })

    return render() if every_timing_row else snapshot_fragment(snapshot, "dashboard", render)


@login_required
@reads_replica
def dashboard(request):
    require_report_reader(request.user)
    context, figures, links = _report_context(request)
    if figures is not None:
        context.update(
            ledger_query=links.issues().partition("?")[2],
            walkthrough_query=links.walkthroughs().partition("?")[2],
            figures_html=_figures_html(request, context, links),
        )
    return render(request, "reports/dashboard.html", context)


@login_required
@reads_replica
def dashboard_export(request):
    """The dashboard's headline and tables as a workbook, one sheet each."""
    require_report_reader(request.user)
    context, figures, links = _report_context(request, allow_stale=False)
    if figures is None:
        messages.error(request, _("筛选条件有误,请修改后再导出"))
        return redirect(f"{reverse('reports:dashboard')}?{request.GET.urlencode()}")
    today = figures.as_of
    response = xlsx_response(_("走流程统计-%(date)s.xlsx") % {"date": today.strftime("%Y%m%d")})
    write_dashboard(
        [headline_table(figures, links), *dashboard_tables(figures, links)],
        response,
        title=_("走流程工作统计表"),
        subtitle=_("统计范围:%(subject)s;数据截至%(date)s") % {"subject": context["subject"], "date": long_date(today)},
    )
    return response


def _paragraphs(figures, callbacks) -> list[str]:
    """The briefing's paragraphs and, when anyone was called back, the callback ledger's sentence."""
    paragraphs = briefing_paragraphs(figures)
    if sentence := callback_sentence(callbacks):
        paragraphs.append(as_published(sentence))
    return paragraphs


@login_required
@reads_replica
def briefing(request):
    require_report_reader(request.user)
    context, figures, _links = _report_context(request)
    if figures is not None:
        paragraphs = _paragraphs(figures, context["callback_figures"])
        context.update(paragraphs=paragraphs, text="\n".join(paragraphs), masthead_form=BriefingDocForm(
            initial={"number": 1, "signer": settings.BRIEFING_SIGNER}))
    return render(request, "reports/briefing.html", context)


def _list_url(kind: str, query: str) -> str:
    """The list page an export was made from, with its query."""
    list_url = reverse("issues:issue_list" if kind == ExportJob.Kind.LEDGER else "campaigns:walkthrough_list")
    return f"{list_url}?{query}" if query else list_url


def _export(request, kind: str):
    """Small exports download at once; larger ones become a background job with a progress page. A wrong filter
    sends the user back to the list, as he left it, told which filter to correct (as the dashboard's export does)."""
    query = request.GET.urlencode()
    with reading_replica():
        prepared = prepare_export(kind, user=request.user, query=query)
        if prepared.problems:
            messages.error(request, _("筛选条件有误,未导出:%(problems)s。请修改后再导出") % {
                "problems": _(";").join(prepared.problems)})
            return redirect(_list_url(kind, query))
        total = prepared.count()
        if total <= settings.EXPORT_ASYNC_THRESHOLD:
            response = xlsx_response(prepared.filename)
            prepared.write(response)
            return response
    job = services.export_job_request(user=request.user, kind=kind, query=query, total=total)
    if job.status == ExportJob.Status.FAILED:
        messages.error(request, job.error)
    return redirect(job)


@login_required
def ledger_export(request):
    """The ledger as .xlsx: exactly the rows of the ledger list's current filter within the user's scope."""
    return _export(request, ExportJob.Kind.LEDGER)


@login_required
def walkthrough_export(request):
    """The walkthrough log as .xlsx: the rows of the walkthrough list's current filter within the user's scope."""
    return _export(request, ExportJob.Kind.WALKTHROUGHS)


def _own_job(request, pk) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


def job_state(job: ExportJob) -> dict:
    done = job.status == ExportJob.Status.DONE
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "stalled": job.is_stalled,
        "error": job.error,
        "filename": job.filename,
        "download_url": reverse("reports:export_job_download", args=[job.pk]) if done else "",
    }


@login_required
def export_job(request, pk):
    job = _own_job(request, pk)
    context = {
        "job": job, "state": job_state(job), "back_url": _list_url(job.kind, job.query),
        "keep_days": settings.EXPORT_KEEP_DAYS,
    }
    return render(request, "reports/export_job.html", context)


@login_required
def export_job_status(request, pk):
    return JsonResponse(job_state(_own_job(request, pk)))


@login_required
def export_job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("文件尚未生成"))
    return file_response(job.file, content_type=XLSX, original_name=job.filename)


@login_required
@require_POST
def export_job_retry(request, pk):
    job = services.export_job_retry(job=_own_job(request, pk))
    if job.status == ExportJob.Status.FAILED:
        messages.error(request, job.error)
    return redirect(job)


@login_required
def issue_print(request, pk):
    """The issue page laid out for paper: facts, measures, reductions, evaluation, timeline, signatures."""
    issue = issue_get(user=request.user, pk=pk)
    today = timezone.localdate()
    facts = with_ledger_facts(issue_list(user=request.user).filter(pk=issue.pk), today=today)
    context = {
        "issue": issue,
        "facts": facts.values("is_overdue", "closed_at").get(),
        "timeline": issue_timeline(issue),
        "evidence": issue.evidence.select_related("department"),
        "reductions": issue.reductions.all(),
        "printed_on": today,
    }
    return render(request, "reports/issue_print.html", context)


@login_required
@reads_replica
def briefing_docx(request):
    """The briefing as a Word document in the official layout, for the same filter as the briefing page;
    期号 and signer come from the form beside the download button."""
    require_report_reader(request.user)
    context, figures, _links = _report_context(request, allow_stale=False)
    masthead_form = BriefingDocForm(request.GET)
    if figures is None or not masthead_form.is_valid():
        wrong = _("期号或签发人填写有误,请修改后再下载") if figures else _("筛选条件有误,请修改后再导出")
        messages.error(request, wrong)
        return redirect(f"{reverse('reports:briefing')}?{request.GET.urlencode()}")
    masthead = masthead_form.masthead(base=figures.filters.department or figures.base, day=figures.as_of)
    response = HttpResponse(content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=_("走流程工作简报-%(year)d年第%(number)d期.docx") % {"year": masthead.year, "number": masthead.number},
    )
    write_briefing_docx(figures, response, masthead=masthead, lines_per_page=settings.BRIEFING_LINES_PER_PAGE,
                        paragraphs=_paragraphs(figures, context["callback_figures"]))
    return response
