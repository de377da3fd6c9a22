"""Answers to a campaign's checklist (工作提示单), one radio row per question.

The form holds the checklists of every open campaign; the page shows the one of the campaign chosen, and
only that one is kept. Answers copy the question, so a later edit of the checklist changes no old answer.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.checklist import SECTION_LABELS

ANSWER_CHOICES = [("yes", _("是")), ("no", _("否")), ("na", _("未涉及"))]
ANSWER_LABELS = dict(ANSWER_CHOICES)


def section_label(section: str) -> str:
    return gettext(SECTION_LABELS[section]) if section in SECTION_LABELS else section


class ChecklistForm(forms.Form):
    def __init__(self, *args, campaigns, answers=(), answered_campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaigns = list(campaigns)
        given = {item.get("question"): item for item in answers}
        for campaign in self.campaigns:
            for index, item in enumerate(campaign.checklist or []):
                key = self.key(campaign, index)
                previous = given.get(item["question"], {}) if campaign == answered_campaign else {}
                self.fields[key] = forms.ChoiceField(
                    label=gettext(item["question"]), choices=ANSWER_CHOICES, required=False,
                    widget=forms.RadioSelect(attrs={"class": "btn-check"}), initial=previous.get("answer"),
                )
                self.fields[f"{key}_note"] = forms.CharField(
                    label=_("说明"), required=False, max_length=300, initial=previous.get("note", ""),
                    widget=forms.TextInput(
                        attrs={"placeholder": _("如有问题,简要说明"), "class": "form-control form-control-sm"}
                    ),
                )

    @staticmethod
    def key(campaign, index: int) -> str:
        return f"c{campaign.pk}_{index}"

    def groups(self):
        """[(campaign, [(section label, [(answer field, note field)])])] for the template."""
        result = []
        for campaign in self.campaigns:
            sections: dict[str, list] = {}
            for index, item in enumerate(campaign.checklist or []):
                key = self.key(campaign, index)
                sections.setdefault(section_label(item.get("section", "")), []).append((self[key], self[f"{key}_note"]))
            result.append((campaign, list(sections.items())))
        return result

    def answers_for(self, campaign) -> list[dict]:
        """The answered questions of the campaign's checklist, each with its section and question copied."""
        if campaign not in self.campaigns:
            return []
        answers = []
        for index, item in enumerate(campaign.checklist or []):
            key = self.key(campaign, index)
            answer, note = self.cleaned_data.get(key, ""), self.cleaned_data.get(f"{key}_note", "").strip()
            if answer or note:
                answers.append(
                    {"section": item.get("section", ""), "question": item["question"], "answer": answer, "note": note}
                )
        return answers
