from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns import services
from campaigns.form_tokens import repeated_submission, submit_once
from campaigns.forms import CampaignForm
from campaigns.progress import campaign_progress
from campaigns.selectors import campaign_get, campaign_rows
from campaigns.views.errors import show_service_errors


@login_required
def campaign_index(request):
    context = {"campaigns": campaign_rows(user=request.user), "can_manage": services.can_manage_campaigns(request.user)}
    return render(request, "campaigns/campaign_list.html", context)


@login_required
def campaign_detail(request, pk):
    from reports.selectors import campaign_figures

    campaign = campaign_get(user=request.user, pk=pk)
    figures = campaign_figures(user=request.user, campaign=campaign)
    context = {
        "campaign": campaign,
        "figures": figures,
        "progress": campaign_progress(campaign, figures, user=request.user),
        "can_manage": services.can_manage_campaigns(request.user) and not campaign.is_closed,
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _campaign_page(request, *, campaign=None):
    if request.method == "POST" and campaign is None and (repeat := repeated_submission(request)):
        return repeat
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        relations = {
            "departments": form.cleaned_data["departments"],
            "service_items": form.cleaned_data["service_items"],
        }
        try:
            if campaign is None:
                saved, repeat = submit_once(
                    request,
                    lambda: services.campaign_create(by=request.user, fields=form.campaign_fields(), **relations),
                    result_url=lambda saved: saved.get_absolute_url(),
                )
                if repeat:
                    return repeat
            else:
                saved = services.campaign_update(
                    campaign=campaign, by=request.user, fields=form.campaign_fields(), **relations
                )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("活动“%(theme)s”已保存") % {"theme": saved.theme})
            return redirect(saved.get_absolute_url())
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_create(request):
    if not services.can_manage_campaigns(request.user):
        raise PermissionDenied
    return _campaign_page(request)


@login_required
def campaign_edit(request, pk):
    campaign = campaign_get(user=request.user, pk=pk)
    if not services.can_manage_campaigns(request.user):
        raise PermissionDenied
    if campaign.is_closed:
        messages.warning(request, _("活动已结束,只能查看,不能再修改"))
        return redirect(campaign.get_absolute_url())
    return _campaign_page(request, campaign=campaign)
