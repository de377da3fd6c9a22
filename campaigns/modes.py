"""What each walkthrough mode asks the walker to record, beyond the common facts."""

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

# The facts without which a session of that mode says nothing.
MODE_REQUIRED = {
    Mode.SIMULATED: ("simulated_via", "steps_experienced"),
    Mode.ACCOMPANIED: ("citizen_feedback",),
    Mode.PROXY: ("citizen_name", "authorisation_method", "proxy_steps"),
    Mode.WINDOW_SEAT: ("window_number", "hours_at_window", "citizens_received"),
    Mode.REVERSE: ("complaint_source", "complaint_reference", "complaint_text", "blocking_point"),
}

ALL_MODE_FIELDS = tuple(dict.fromkeys(field for fields in MODE_FIELDS.values() for field in fields))
