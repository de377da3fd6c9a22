"""The default 工作提示单 handed to walkers (002): facilities, process, conduct, and 000's four questions."""

from django.utils.translation import gettext_noop as _

DEFAULT_CHECKLIST = [
    {"section": "facilities", "question": _("排号预约是否顺畅")},
    {"section": "facilities", "question": _("自助设备能否正常使用")},
    {"section": "facilities", "question": _("工具箱、急救箱、轮椅等便民设施是否齐全可用")},
    {"section": "facilities", "question": _("办事指南是否清晰易懂")},
    {"section": "process", "question": _("取号排队→咨询→递交材料→填表→受理→审批→出证是否顺畅")},
    {"section": "process", "question": _("所需材料是否与办事指南一致")},
    {"section": "conduct", "question": _("窗口人员是否热情、讲解是否清楚")},
    {"section": "four_questions", "question": _("政策懂不懂")},
    {"section": "four_questions", "question": _("流程通不通")},
    {"section": "four_questions", "question": _("服务优不优")},
    {"section": "four_questions", "question": _("效果好不好")},
]

SECTION_LABELS = {
    "facilities": _("配套设施(是否暖心)"),
    "process": _("办事流程(是否顺心)"),
    "conduct": _("干部作风(是否贴心)"),
    "four_questions": _("四问"),
}
