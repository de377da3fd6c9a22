"""What must never reach the public page: phone numbers and ID card numbers typed into a text.

Names cannot be recognised reliably, so the public page prints only the words staff wrote for it (never the
ledger's reporter, responsible person or callback fields); these patterns catch the numbers that slip in.
"""

import re

from django.utils.translation import gettext_lazy as _

PATTERNS = (
    (re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"), _("手机号码")),
    (re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)"), _("固定电话")),
    (re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])"), _("身份证号码")),
)


def personal_data_found(text: str) -> list[str]:
    """The kinds of personal number found in `text` (empty when none), for a message that says what to remove."""
    return [str(label) for pattern, label in PATTERNS if pattern.search(text or "")]
