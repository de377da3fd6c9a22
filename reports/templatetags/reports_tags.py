from django import template

from reports.tables import number_text, percent_text

register = template.Library()


@register.filter
def figure(value, kind="int"):
    """A figure as the page prints it: 85.7 → "85.7%" for rates, Decimal("3.50") → "3.5", None → "—"."""
    if kind == "percent":
        return percent_text(value)
    if kind == "text":
        return "" if value is None else value
    return number_text(value)


@register.filter
def index(sequence, position):
    return sequence[position]
