from django import template
from django.utils.html import format_html

from campaigns.form_tokens import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token():
    """The hidden one-time token of a create form (campaigns.form_tokens)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
