"""Chinese punctuation for the briefing (工作简报), which goes out as a 公文.

The app's Chinese strings, like the source reports they were written from, use ASCII marks ("截至11月30日,共发现…");
GB/T 15834-2011 (标点符号用法) sets Chinese text in full-width marks ("截至11月30日，共发现…"). The briefing's page, the
text its copy button hands over and its Word file are set here, in Chinese only: an English briefing keeps its marks.

A mark counts as standing in Chinese text when a Chinese character (or a Chinese mark: 。、“”《》…) is beside it:
    ,  ;  → ，；  before or after one (not between digits: 1,234 stays);
    :  ?  !  → ：？！ after one (12:30 stays);
    ( … ) → （…） when what they enclose holds one.
"""

import re

from django.utils import translation

_CHINESE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’…—"
_BETWEEN = str.maketrans({",": "，", ";": "；"})
_AFTER = str.maketrans({":": "：", "?": "？", "!": "！"})
_SEPARATOR_IN_CHINESE = re.compile(rf"(?<=[{_CHINESE}])[,;]|[,;](?=[{_CHINESE}])")
_MARK_AFTER_CHINESE = re.compile(rf"(?<=[{_CHINESE}])[:?!]")
_CHINESE_IN_PARENTHESES = re.compile(rf"\(([^()]*[{_CHINESE}][^()]*)\)")


def full_width_marks(text: str) -> str:
    """`text` with the ASCII marks that stand in Chinese text replaced by their full-width forms (rules above)."""
    while (enclosed := _CHINESE_IN_PARENTHESES.sub(r"（\1）", text)) != text:  # innermost pair first
        text = enclosed
    text = _SEPARATOR_IN_CHINESE.sub(lambda mark: mark.group().translate(_BETWEEN), text)
    return _MARK_AFTER_CHINESE.sub(lambda mark: mark.group().translate(_AFTER), text)


def as_published(text: str) -> str:
    """`text` as the briefing publishes it in the active language: full-width marks in Chinese, unchanged otherwise."""
    language = translation.get_language() or ""
    return full_width_marks(text) if language.startswith("zh") else text
