from django.core.exceptions import ValidationError


def show_service_errors(form, error: ValidationError) -> None:
    """A service's refusal shown next to the field it concerns, or above the form when it concerns none."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
