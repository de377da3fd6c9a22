"""Importing the roster from Excel: all rows or none, every problem named by row, column and reason."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns.models import Department, Official
from tests.factories import PASSWORD, OfficialFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("roster:import")
HEADER = ["姓名*", "单位*", "职务", "层级*", "联系电话", "在册"]
GOOD_ROWS = [
    ["张三", "县市场监管局", "局长", "部门主要负责人", 13900000001, "是"],
    ["李四", "C0201", "股长", "股室负责人", "139-0000-0002", ""],
    ["王五", "青石镇", "副镇长", "乡镇领导", "", "否"],
]


def workbook(rows, header=HEADER, name="名册.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "名册"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def staff(client, users):
    client.login(username="staff", password=PASSWORD)
    return users["staff"]


def roster():
    return sorted(Official.objects.filter(user__isnull=True).values_list(
        "name", "department__code", "position", "level", "phone", "is_active"))


def test_a_good_workbook_is_imported_whole(client, org, staff):
    response = client.post(IMPORT, {"workbook": workbook(GOOD_ROWS)}, follow=True)
    assert "导入完成:新增3人,更新0人,无变化0人" in response.content.decode()
    assert roster() == [
        ("张三", "C02", "局长", "department_head", "13900000001", True),
        ("李四", "C0201", "股长", "section_chief", "13900000002", True),
        ("王五", "C04", "副镇长", "township_leader", "", False),
    ]


def test_importing_the_same_people_again_updates_them_instead_of_doubling(client, org, staff):
    client.post(IMPORT, {"workbook": workbook(GOOD_ROWS)})
    changed = [list(row) for row in GOOD_ROWS]
    changed[0][2] = "党组书记、局长"  # same phone: the same man with a new title
    changed[2][4] = "13900000003"  # same department and name: 王五 gains a phone number
    response = client.post(IMPORT, {"workbook": workbook(changed)}, follow=True)
    assert "导入完成:新增0人,更新2人,无变化1人" in response.content.decode()
    assert Official.objects.filter(user__isnull=True).count() == 3
    assert Official.objects.get(name="张三").position == "党组书记、局长"
    assert Official.objects.get(name="王五").phone == "13900000003"


def test_the_export_imports_back_without_changes(client, org, staff):
    client.post(IMPORT, {"workbook": workbook(GOOD_ROWS)})
    before = roster()
    exported = client.get(reverse("roster:export"), {"is_active": ""})
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(IMPORT, {"workbook": SimpleUploadedFile("导出.xlsx", b"".join(exported.streaming_content))},
                           follow=True)
    assert "新增0人,更新0人" in response.content.decode()
    assert roster() == before


def test_the_template_has_the_columns_and_the_unit_list(client, org, staff):
    response = client.get(reverse("roster:template"))
    assert "filename*=utf-8''" in response["Content-Disposition"]
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert [cell.value for cell in book["名册"][1]] == HEADER
    assert ["县市场监管局", "C02"] in [[row[0], row[1]] for row in book["单位列表"].iter_rows(values_only=True)]
    assert len(book["名册"].data_validations.dataValidation) == 3


def errors_of(response):
    return [(error.row, error.column, error.message) for error in response.context["reading"].errors]


@pytest.mark.parametrize(
    ("bad_row", "column", "reason"),
    [
        (["", "县市场监管局", "", "股室负责人", "", ""], "姓名", "不能为空"),
        (["赵六", "", "", "股室负责人", "", ""], "单位", "不能为空"),
        (["赵六", "县财政局", "", "股室负责人", "", ""], "单位", "找不到单位“县财政局”,请填写“单位列表”中的名称或编码"),
        (["赵六", "县市场监管局", "", "", "", ""], "层级", "不能为空"),
        (["赵六", "县市场监管局", "", "科员", "", ""], "层级", "层级“科员”不在可选范围内"),
        (["赵六", "县市场监管局", "", "股室负责人", "12345", ""], "联系电话", "电话号码“12345”格式不对"),
        (["赵六", "县市场监管局", "", "股室负责人", "", "也许"], "在册", "请填“是”或“否”"),
        (["赵" * 51, "县市场监管局", "", "股室负责人", "", ""], "姓名", "超过50个字"),
        (["赵六", "县市场监管局", "职" * 101, "股室负责人", "", ""], "职务", "超过100个字"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(client, org, staff, bad_row, column, reason):
    response = client.post(IMPORT, {"workbook": workbook(GOOD_ROWS + [bad_row])})
    errors = errors_of(response)
    assert len(errors) == 1 and errors[0][:2] == (5, column) and errors[0][2].startswith(reason)
    page = response.content.decode()
    assert "名册未做任何改动" in page and "第5行" in page
    assert roster() == []


def test_every_bad_row_is_reported_at_once(client, org, staff):
    rows = [GOOD_ROWS[0], ["", "县财政局", "", "科员", "abc", ""], GOOD_ROWS[1]]
    errors = errors_of(client.post(IMPORT, {"workbook": workbook(rows)}))
    found = [(row, column) for row, column, _message in errors]
    assert found == [(3, "姓名"), (3, "单位"), (3, "层级"), (3, "联系电话")]
    assert roster() == []


def test_the_same_person_twice_in_one_file_is_refused(client, org, staff):
    errors = errors_of(client.post(IMPORT, {"workbook": workbook(GOOD_ROWS + [GOOD_ROWS[0]])}))
    assert errors == [(5, "姓名", "与第2行是同一人,请删去重复的一行")]
    assert roster() == []


def test_a_phone_number_of_someone_else_is_refused(client, org, staff):
    OfficialFactory(name="孙七", department=org.police, phone="13900000001")
    errors = errors_of(client.post(IMPORT, {"workbook": workbook(GOOD_ROWS)}))
    assert errors == [(2, "联系电话", "电话号码已属于名册中的孙七(县公安局)")]
    assert Official.objects.filter(user__isnull=True).count() == 1


def test_namesakes_in_one_department_need_a_phone_to_tell_them_apart(client, org, staff):
    OfficialFactory(name="周八", department=org.market, phone="13900000011")
    OfficialFactory(name="周八", department=org.market, phone="13900000012")
    row = ["周八", "县市场监管局", "", "股室负责人", "", ""]
    errors = errors_of(client.post(IMPORT, {"workbook": workbook([row])}))
    assert errors == [(2, "姓名", "该单位有2位同名人员,请填写联系电话以区分")]


def test_a_department_name_two_units_share_asks_for_the_code(client, org, staff):
    Department.objects.add_child(org.township, dict(code="C0401", name="县市场监管局", kind="department"))
    errors = errors_of(client.post(IMPORT, {"workbook": workbook(GOOD_ROWS)}))
    assert errors == [(2, "单位", "有多个单位叫“县市场监管局”,请改填单位编码(C02、C0401)")]


def test_a_workbook_without_a_required_column_is_refused(client, org, staff):
    header = ["姓名", "单位", "职务", "联系电话"]
    errors = errors_of(client.post(IMPORT, {"workbook": workbook([["张三", "县市场监管局", "", ""]], header=header)}))
    assert errors == [(1, "层级", "表头缺少“层级”列,请使用下载的模板")]
    assert roster() == []


def test_a_workbook_with_no_one_in_it_is_refused(client, org, staff):
    errors = errors_of(client.post(IMPORT, {"workbook": workbook([])}))
    assert errors == [(None, "", "文件里没有人员,请在“名册”表第2行起填写")]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64  # the start of an old .xls, and nothing after it


@pytest.mark.parametrize("content", [b"name,department\n", b"%PDF-1.4\n"])
def test_a_file_that_is_not_a_workbook_is_refused(client, org, staff, content):
    response = client.post(IMPORT, {"workbook": SimpleUploadedFile("名册.xlsx", content)})
    assert "不是Excel工作簿(.xlsx或.xls)" in response.content.decode()
    assert roster() == []


def test_a_damaged_old_xls_is_refused_with_what_to_do(client, org, staff):
    response = client.post(IMPORT, {"workbook": SimpleUploadedFile("名册.xls", OLE)})
    assert errors_of(response) == [(None, "", "无法读取这个文件,请确认它是用Excel或WPS保存的.xlsx或.xls工作簿")]
    assert roster() == []
