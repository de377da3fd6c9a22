"""Roster forms: one person, and the workbook to import."""

import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from campaigns.forms.fields import DepartmentChoiceField, upload_limit_text
from campaigns.models import Official
from campaigns.selectors import department_list
from campaigns.uploads import OLE_TYPE, OOXML_TYPES, sniff_content_type
from campaigns.xlsx_guard import check_workbook
from spreadsheets.reading import WORKBOOK_ACCEPT

# What the template promises: a mobile of 11 digits, or a landline with its area code (0731-12345678).
PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
PHONE_HELP = _("手机号11位,或座机如0731-12345678")


def normalise_phone(value: str) -> str:
    """A phone number as stored: mobiles as 11 bare digits (139-0000-0002 → 13900000002), landlines as written."""
    phone = re.sub(r"[\s()()]", "", value or "")
    digits = re.sub(r"^\+?86", "", phone.replace("-", ""))
    return digits if re.fullmatch(r"1\d{10}", digits) else phone


def phone_is_valid(value: str) -> bool:
    return not value or bool(PHONE_PATTERN.match(value))


class OfficialForm(forms.ModelForm):
    department = DepartmentChoiceField(label=_("单位"), queryset=department_list())

    class Meta:
        model = Official
        fields = ["name", "department", "position", "level", "phone", "expected_to_walk"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}
        help_texts = {"phone": PHONE_HELP}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["department"].queryset = department_list(user=user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if not phone_is_valid(phone):
            raise forms.ValidationError(_("电话号码格式不对:%(help)s") % {"help": PHONE_HELP})
        return phone

    def official_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RosterImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("名册工作簿(.xlsx或.xls)"),
        help_text=upload_limit_text(),
        widget=forms.ClearableFileInput(attrs={"accept": WORKBOOK_ACCEPT}),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过了%(limit)s的上限,请分批导入") % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
            )
        if sniff_content_type(upload) not in (OOXML_TYPES["xl/"], OLE_TYPE):
            raise forms.ValidationError(
                _("“%(name)s”不是Excel工作簿(.xlsx或.xls)。请用下载的模板填写后上传") % {"name": upload.name}
            )
        check_workbook(upload)  # strings, rows, cell lengths and time bounded before the importer reads it
        return upload
