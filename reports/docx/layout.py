"""GB/T 9704-2012 公文格式, as far as a 简报 follows it, in python-docx terms.

A4 paper; the text block is 156 mm × 225 mm (top margin 37 mm, bottom 35 mm, left 28 mm, right 26 mm); body text
in 仿宋_GB2312 size 3 (16 pt) on a grid of `lines` lines, 28 characters a line; the title in 小标宋 size 2 (22 pt);
page numbers "— 1 —" in 宋体 size 4 (14 pt) half-width digits, on the right of odd pages and the left of even
pages. Chinese font names go into w:eastAsia (not only w:ascii): that is the attribute Word and WPS read for
Chinese characters, so a county PC with the fonts installed uses them.
"""

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xE6, 0x00, 0x12)  # the red of the 红头 and its rule

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_SMALL_4 = Pt(12)  # 小四, for tables

TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
CHARS_PER_LINE = 28
TWIPS_PER_MM = 1440 / 25.4
# 156 mm holds 28 characters of 16 pt only if each gives up a quarter point: 28 × 15.75 pt = 441 pt < 442.2 pt.
CHARACTER_SPACING_TWENTIETHS = -5
RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                     "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                     "w:specVanish", "w:oMath")


def set_run_font(run, *, east_asia: str = BODY_FONT, size=SIZE_3, bold: bool = False, color=None) -> None:
    """One run's fonts: the Chinese name in w:eastAsia, a Latin face for digits and letters."""
    run.font.size = size
    run.font.bold = bold
    run.font.name = LATIN_FONT
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_style_font(style, *, east_asia: str, size) -> None:
    style.font.name = LATIN_FONT
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def line_pitch_twips(lines: int) -> int:
    return int(TEXT_HEIGHT_MM * TWIPS_PER_MM / lines)


def set_page(document, *, lines: int) -> None:
    """A4 with the standard's margins and a document grid of `lines` × 28 characters."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28 - 7)  # the page number sits 7 mm below the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # A line grid only: LibreOffice puts a 16 pt character on two cells of a 15.8 pt character grid, so the 28
    # characters come from the spacing instead (CHARACTER_SPACING), which Word, WPS and LibreOffice all honour.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch_twips(lines)))
    for attribute in (qn("w:charSpace"),):
        grid.attrib.pop(attribute, None)

    _set_defaults(document)
    normal = document.styles["Normal"]
    set_style_font(normal, east_asia=BODY_FONT, size=SIZE_3)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(line_pitch_twips(lines) / 20)
    normal.paragraph_format.widow_control = False
    set_character_spacing(normal.element.get_or_add_rPr(), CHARACTER_SPACING_TWENTIETHS)


def set_character_spacing(r_pr, twentieths: int) -> None:
    """Character spacing in twentieths of a point, put where the schema wants it (Word rejects misplaced ones)."""
    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        r_pr.insert_element_before(spacing, *RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(twentieths))


def _set_defaults(document) -> None:
    """Size 3 and the body fonts as the document defaults (w:docDefaults): Word and LibreOffice measure the
    character grid against the default size, and a 10 pt default would put each 16 pt character on two cells."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    for tag in ("w:sz", "w:szCs"):
        element = r_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            r_pr.append(element)
        element.set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    language = r_pr.find(qn("w:lang"))
    if language is not None:  # Chinese line breaking: no 。,) at the start of a line
        language.set(qn("w:val"), "zh-CN")
        language.set(qn("w:eastAsia"), "zh-CN")


def _page_field(paragraph) -> None:
    """ — PAGE — : the number is a field, so Word and LibreOffice fill in each page's own."""
    def plain(text):
        run = paragraph.add_run(text)
        set_run_font(run, east_asia=NUMBER_FONT, size=SIZE_4)
        return run

    plain("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = plain("")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text
    plain(" —")


def set_page_numbers(document) -> None:
    """Odd pages numbered on the right, even pages on the left, each one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, align in sides:
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        _page_field(paragraph)


def add_rule(paragraph, *, color: str = "E60012", size_eighths: int = 12) -> None:
    """A line under the paragraph across the text block: the red rule of the 红头, the rules of the 版记."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    p_pr.append(borders)


def set_cell_borders(table) -> None:
    """Single black lines around every cell (python-docx's default template has no 'Table Grid' look in LO)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)


def off_grid(paragraph) -> None:
    """Table cells and pictures keep their own line height instead of snapping to the 22-line grid."""
    p_pr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.insert_element_before(
        snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange",
    )


def repeat_as_header(row) -> None:
    """The header row is printed again at the top of each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def keep_row_whole(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))
