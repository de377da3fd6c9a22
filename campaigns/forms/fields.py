"""Form fields shared by the campaign forms."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from campaigns.uploads import check_upload


def _upload_limit_text() -> str:
    return _("每个文件不超过%(limit)s") % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}


# Shown beside every file field before a file is chosen; read when the page is drawn (setting and language).
upload_limit_text = lazy(_upload_limit_text, str)


def with_upload_limit(help_text) -> str:
    """A file field's help text followed by the upload limit."""
    return lazy(lambda: " ".join(str(part) for part in (help_text, upload_limit_text()) if part), str)()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several uploads in one input, each checked by content and size; all errors shown at once."""

    def __init__(self, *args, images_only: bool = False, **kwargs):
        self.images_only = images_only
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs["help_text"] = with_upload_limit(kwargs.get("help_text", ""))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload, initial))
                check_upload(upload, images_only=self.images_only)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class CheckedFileField(forms.FileField):
    """One upload, checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs["help_text"] = with_upload_limit(kwargs.get("help_text", ""))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "content_type"):  # a fresh upload, not the file already stored
            check_upload(value)
        return value


class DepartmentChoiceMixin:
    """Departments shown indented by their depth in the tree, so a subunit reads as part of its parent."""

    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 2, 0) + obj.name


class DepartmentMultipleChoiceField(DepartmentChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class DepartmentChoiceField(DepartmentChoiceMixin, forms.ModelChoiceField):
    pass
