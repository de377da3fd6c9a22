"""What each walkthrough mode asks the walker to record, beyond the common facts."""

from django.utils.translation import gettext as _

from campaigns.models.walkthrough import WalkthroughMode as Mode

MODE_FIELDS = {
    Mode.SIMULATED: ("simulated_via", "steps_experienced"),
    Mode.ACCOMPANIED: ("citizen_name", "citizen_phone", "citizen_feedback"),
    Mode.PROXY: ("citizen_name", "citizen_phone", "authorisation_method", "authorisation_form", "proxy_steps"),
    Mode.WINDOW_SEAT: (
        "window_number", "hours_at_window", "citizens_received", "cases_accepted", "cases_approved",
        "results_printed",
    ),
    Mode.REVERSE: ("complaint_source", "complaint_reference", "complaint_text", "traced_chain", "blocking_point"),
}

# The facts without which a submitted session of that mode says nothing. A draft may still lack them.
MODE_REQUIRED = {
    Mode.SIMULATED: ("simulated_via", "steps_experienced"),
    Mode.ACCOMPANIED: ("citizen_feedback",),
    Mode.PROXY: ("citizen_name", "authorisation_method", "proxy_steps"),
    Mode.WINDOW_SEAT: ("window_number", "hours_at_window", "citizens_received"),
    Mode.REVERSE: ("complaint_source", "complaint_reference", "complaint_text", "blocking_point"),
}

ALL_MODE_FIELDS = tuple(dict.fromkeys(field for fields in MODE_FIELDS.values() for field in fields))


def _is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str | list | tuple):
        return not value
    if hasattr(value, "name"):  # an upload or a stored file
        return not value.name
    return False


def missing_mode_facts(mode: str, values: dict) -> dict[str, str]:
    """{field: message} for each fact the mode requires that `values` leaves empty."""
    if mode not in MODE_REQUIRED:
        return {}
    label = Mode(mode).label
    return {
        field: _("%(mode)s须填写此项") % {"mode": label}
        for field in MODE_REQUIRED[mode]
        if _is_empty(values.get(field))
    }
