from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    found_text = forms.CharField(
        label=_("发现的问题(公示文字)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("面向群众的表述;不要写姓名、电话、身份证号等个人信息"),
    )
    done_text = forms.CharField(label=_("整改措施(公示文字)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=200, required=False)
