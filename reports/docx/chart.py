"""The dashboard's monthly trend drawn as a PNG for the Word briefing (matplotlib, no display needed).

Chinese labels need a CJK font: the first of CJK_FONTS that the machine has (Debian: fonts-noto-cjk). Without
one the chart is still drawn, with boxes for the Chinese characters, rather than failing the download.
"""

import functools
import io
import logging

import matplotlib

matplotlib.use("Agg")
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from reports.figures import MonthRow  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei",
             "Microsoft YaHei")
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def cjk_font() -> str | None:
    """The first of CJK_FONTS matplotlib knows. Its font list is cached on disk when matplotlib first runs, so a
    font installed later (fonts-noto-cjk after the first chart) is looked for among the system's fonts once."""
    found = _known(CJK_FONTS)
    if found is None:
        _add_system_fonts()
        found = _known(CJK_FONTS)
    return found


@functools.cache
def _add_system_fonts() -> None:
    """Add the system's fonts matplotlib's cached list lacks; once per process."""
    known_files = {font.fname for font in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known_files:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a font file matplotlib cannot read
                continue


def _known(names) -> str | None:
    available = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in names if name in available), None)


def trend_png(months: tuple[MonthRow, ...], *, width_mm: float = 156, height_mm: float = 80) -> bytes:
    """Walkthroughs and issues found per month as bars, of those the rectified as a line; PNG bytes at 200 dpi."""
    font = cjk_font()
    params = {"font.size": 9, "axes.unicode_minus": False}
    if font:
        params["font.family"] = [font, "DejaVu Sans"]
    with plt.rc_context(params):
        figure, axes = plt.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
        labels = [f"{row.month:%Y-%m}" for row in months]
        positions = range(len(months))
        width = 0.38
        axes.bar([p - width / 2 for p in positions], [row.sessions for row in months], width,
                 label=_("走流程(次)"), color="#5470c6")
        axes.bar([p + width / 2 for p in positions], [row.found for row in months], width,
                 label=_("发现问题(个)"), color="#fac858")
        axes.plot(list(positions), [row.rectified for row in months], marker="o", color="#c23531",
                  label=_("其中已整改(个)"))
        axes.set_xticks(list(positions), labels, rotation=45 if len(labels) > 8 else 0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", frameon=False, ncols=3)
        axes.set_title(_("月度趋势"))
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        plt.close(figure)
    return buffer.getvalue()
