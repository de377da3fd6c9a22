"""Create forms are idempotent: each rendering carries a one-time token (`{% form_token %}`), and `submit_once` lets
only the first POST with a token write; a repeat is redirected to the first one's result.

The token is spent in the same transaction as the write, on a unique column, so two POSTs racing each other
cannot both win: the loser's insert waits for the winner's commit, fails, and its whole transaction is undone.
A POST without a token (an old page, a script) is handled as before, once per POST.
A refused POST is shown again with its own token, still unspent: the walkthrough form keeps the files it carried
under it (campaigns.services.attachments), so they are attached when that form is finally saved.
"""

import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from campaigns.models import FormSubmission

FIELD = "form_token"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request) -> str:
    """The token this POST carries ("" for none), as long as the column that spends it."""
    return request.POST.get(FIELD, "")[:64]


def _earlier(request):
    token = posted_token(request)
    if not token or not request.user.is_authenticated:
        return None
    return FormSubmission.objects.filter(token=token, user=request.user).values_list("result_url", flat=True).first()


def repeated_submission(request):
    """A redirect to what the first POST of this form made, when this POST repeats it; None otherwise."""
    earlier = _earlier(request)
    if earlier is None:
        return None
    messages.info(request, _("这张表单已经提交过,没有重复登记;以下是第一次提交的结果"))
    return redirect(earlier)


def submit_once(request, create, *, result_url):
    """(saved, None) after running `create()` (the write; returns the saved object) and spending the form's token,
    all in one transaction; or (None, redirect) when another POST of the same form got there first.
    `result_url(saved)` is where a repeat of this POST will be sent."""
    token = posted_token(request)
    try:
        with transaction.atomic():
            saved = create()
            if token:
                FormSubmission.objects.create(token=token, user=request.user, result_url=result_url(saved))
    except IntegrityError:
        repeat = repeated_submission(request)
        if repeat is None:
            raise
        return None, repeat
    return saved, None
