"""Form fields shared by the campaign forms."""

from django import forms
from django.core.exceptions import ValidationError

from campaigns.uploads import check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several uploads in one input, each checked by content and size; all errors shown at once."""

    def __init__(self, *args, images_only: bool = False, **kwargs):
        self.images_only = images_only
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
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
