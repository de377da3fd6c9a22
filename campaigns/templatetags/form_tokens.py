from django import template
from django.utils.html import format_html

from campaigns.form_tokens import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token(token=None):
    """The hidden one-time token of a create form (campaigns.form_tokens): a fresh one, or `token` when a refused
    POST is shown again and its unspent token keeps what it was given (the files kept for it)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token or new_token())
