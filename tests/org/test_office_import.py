"""Setting up the office from its Excel workbook: the template, the import, the refusals, the re-import.

The workbook here is the app's own template, filled in with openpyxl the way a county fills it in Excel, with
an office of its own (none of the demo's or the test office's names).
"""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from org import office_workbook as wb
from org.models import BusinessLine, Position, Profile, Rank, SecretLevel, Section, Unit, UnitKind
from org.office_import import INITIAL_PASSWORD_ITERATIONS, Action, WorkbookError, office_import
from org.office_workbook import build_template
from org.roles import Role, roles_of
from org.selectors import leader_in_charge_of, line_in_charge, secretarial_deputy

pytestmark = pytest.mark.django_db
User = get_user_model()

# 人员: 用户名, 姓名, 科室, 职务, 角色, 涉密等级, 分管文秘, 电子邮箱, 电话, 停用
PEOPLE = [
    ["dz-xianzhang", "贡觉扎西", "县政府领导", "县长", "县长", "绝密", "", "dz-xianzhang@county.test", "0976-1001", ""],
    ["dz-changwu", "邓光明", "县政府领导", "常务副县长", "常务副县长", "绝密", "", "", "", ""],
    ["dz-fuxian", "才让卓玛", "县政府领导", "副县长", "副县长", "机密", "", "", "", ""],
    ["dz-zhuren", "蒋国庆", "办公室领导", "办公室主任", "办公室主任", "绝密", "", "", "", ""],
    ["dz-wenmi", "格桑德吉", "办公室领导", "办公室副主任", "办公室副主任", "机密", "是", "", "", ""],
    ["dz-fuzhu", "韩立新", "办公室领导", "办公室副主任", "办公室副主任", "机密", "否", "", "", ""],
    ["dz-shoufa", "求吉拉姆", "机要科", "科员", "收发秘书", "机密", "", "", "", ""],
    ["dz-fazhi", "冯静", "法制科", "科长", "科长、归口人员", "秘密", "", "", "", ""],
    ["dz-guikou", "久美", "综合科", "科员", "归口人员", "秘密", "", "dz-guikou@county.test", "", ""],
]
# 科室: 代码, 名称, 分管办公室领导
SECTIONS = [
    ["leadership", "县政府领导", ""],
    ["office_leadership", "办公室领导", ""],
    ["general", "综合科", "dz-wenmi"],
    ["confidential", "机要科", "dz-wenmi"],
    ["legal", "法制科", "dz-fuzhu"],
]
# 业务归口: 代码, 归口名称, 分管副县长, 分管副主任, 归口人员, 说明
LINES = [
    ["dz-finance", "财税金融", "dz-changwu", "dz-wenmi", "dz-guikou", ""],
    ["dz-herding", "草原畜牧", "dz-fuxian", "dz-fuzhu", "dz-guikou、dz-fazhi", "虫草采挖管理在此"],
]
# 单位: 单位名称, 简称, 单位类别, 停用
UNITS = [
    ["示例省人民政府", "省政府", "上级机关", ""],
    ["示例县人民代表大会常务委员会", "县人大", "县委、县人大、县政协", ""],
    ["示例乡人民政府", "示例乡", "乡(镇)人民政府", ""],
    ["示例县教育局", "教育局", "县政府部门", ""],
]


def fill(template: bytes, **sheets: list[list]) -> bytes:
    """The template with each named sheet's rows replaced, as a county would type them into Excel."""
    book = openpyxl.load_workbook(BytesIO(template))
    names = {
        "people": wb.PEOPLE,
        "sections": wb.SECTIONS,
        "positions": wb.POSITIONS,
        "lines": wb.LINES,
        "units": wb.UNITS,
    }
    for key, rows in sheets.items():
        ws = book[names[key]]
        if ws.max_row > 1:
            ws.delete_rows(2, ws.max_row - 1)
        for row in rows:
            ws.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def office_workbook(**changes) -> bytes:
    sheets = {"people": PEOPLE, "sections": SECTIONS, "lines": LINES, "units": UNITS}
    sheets.update(changes)
    return fill(build_template(), **sheets)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Profile, Section, Position, BusinessLine, Unit, User.groups.through)
    }


def changed(rows: list[list], index: int, column: int, value) -> list[list]:
    rows = [list(row) for row in rows]
    rows[index][column] = value
    return rows


# --- the template ---------------------------------------------------------------------------------------------


def test_template_has_a_guide_and_one_sheet_per_part_of_the_office():
    book = openpyxl.load_workbook(BytesIO(build_template()))
    assert book.sheetnames == ["说明", "人员", "科室", "职务", "业务归口", "单位"]
    headers = [cell.value for cell in book["人员"][1]]
    assert headers == [
        *["用户名", "姓名", "科室", "职务", "角色", "涉密等级", "分管文秘", "电子邮箱", "电话", "停用"],
        "参加工作时间",  # optional: older workbooks without it still import [54]
    ]
    guide = "\n".join(str(cell.value) for row in book["说明"].iter_rows() for cell in row if cell.value)
    assert "任何一行有错，整个文件都不导入" in guide
    assert "分管文秘的办公室副主任全办只能有一人" in guide and "[26(1)]" in guide
    for role in Role:
        assert role.value in guide
    # The code's sections and the usual positions are filled in; people, lines and units are the county's.
    assert [row[0] for row in book["科室"].iter_rows(min_row=2, values_only=True)] == list(Section.Code.values)
    assert ("副县长", "副县级") in list(book["职务"].iter_rows(min_row=2, values_only=True))
    assert book["人员"].max_row == 1 and book["单位"].max_row == 1


def test_template_offers_drop_down_lists_for_choice_columns():
    book = openpyxl.load_workbook(BytesIO(build_template()))
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1
        for dv in book["人员"].data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists["F2"] == '"非密,秘密,机密,绝密"'  # 涉密等级 [31], [32]
    assert lists["G2"] == '"是,否"'  # 分管文秘
    assert lists["C2"].startswith("'科室'!$B$2")  # 科室 from the 科室 sheet
    assert "办公室副主任" in lists["E2"]  # 角色
    kinds = [dv.formula1 for dv in book["单位"].data_validations.dataValidation]
    assert '"' + ",".join(label for _, label in UnitKind.choices) + '"' in kinds  # [26]–[28]


# --- importing ----------------------------------------------------------------------------------------------


def test_an_office_is_set_up_from_the_filled_template():
    """People with their roles and clearances, sections with their 分管 leaders [15(2)], lines, units."""
    report = office_import(data=office_workbook())
    assert report.ok and report.applied, report.lines()
    assert {entry["sheet"]: len(entry["created"]) for entry in report.by_sheet()} == {
        "人员": 9,
        "科室": 5,
        "职务": 7,
        "业务归口": 2,
        "单位": 4,
    }

    fazhi = User.objects.get(username="dz-fazhi")
    assert roles_of(fazhi) == {Role.SECTION_CHIEF, Role.LINE_STAFF}
    assert fazhi.profile.full_name == "冯静"
    assert fazhi.profile.section.code == Section.Code.LEGAL
    assert fazhi.profile.position == Position.objects.get(name="科长", rank=Rank.DEPUTY_SECTION)
    assert fazhi.profile.clearance == SecretLevel.SECRET
    assert User.objects.get(username="dz-guikou").email == "dz-guikou@county.test"
    assert secretarial_deputy().username == "dz-wenmi"  # [26(1)]

    # Sections' 分管 leaders answer who a person reports to [54], [15(2)].
    assert leader_in_charge_of(fazhi).username == "dz-fuzhu"
    assert leader_in_charge_of(User.objects.get(username="dz-shoufa")).username == "dz-wenmi"
    assert leader_in_charge_of(User.objects.get(username="dz-zhuren")).username == "dz-changwu"

    herding = line_in_charge("dz-herding")
    assert (herding.deputy_head.username, herding.deputy_director.username) == ("dz-fuxian", "dz-fuzhu")
    assert {user.username for user in herding.staff} == {"dz-guikou", "dz-fazhi"}
    assert herding.line.description == "虫草采挖管理在此"

    assert Unit.objects.get(name="示例乡人民政府").kind == UnitKind.TOWNSHIP  # [28]
    assert Unit.objects.get(name="示例县人民代表大会常务委员会").follows_superior_route  # [27]


def test_new_accounts_get_a_one_time_password_shown_once_and_must_change_it():
    report = office_import(data=office_workbook())
    passwords = {entry.username: entry.password for entry in report.initial_passwords}
    assert set(passwords) == {row[0] for row in PEOPLE}
    assert len(set(passwords.values())) == len(PEOPLE)  # each their own
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="dz-shoufa", password=passwords["dz-shoufa"])
    assert Profile.objects.filter(must_change_password=True).count() == len(PEOPLE)
    assert passwords["dz-shoufa"] not in "\n".join(str(v) for v in Profile.objects.values_list())  # not kept


def test_roles_go_through_the_role_groups_and_other_groups_are_kept():
    office_import(data=office_workbook())
    clerk = User.objects.get(username="dz-shoufa")
    archive_helpers = Group.objects.create(name="档案整理小组")  # an administrator's own group, not a role
    clerk.groups.add(archive_helpers)
    report = office_import(data=office_workbook(people=changed(PEOPLE, 6, 4, "档案管理员")))
    assert report.applied, report.lines()
    names = set(User.objects.get(username="dz-shoufa").groups.values_list("name", flat=True))
    assert names == {"档案管理员", "档案整理小组"}


# --- refusing a bad workbook whole ------------------------------------------------------------------------------


def test_a_bad_sheet_is_refused_whole_and_the_report_names_sheet_row_and_column():
    people = [list(row) for row in PEOPLE]
    people[8][4] = "归口人员、科员"  # 科员 is a position, not a role
    people[7][2] = "档案室"  # not a section
    people[5][6] = "是"  # a second 分管文秘 deputy [26(1)]
    people[6][5] = "内部"  # not a clearance
    people.append(["dz-guikou", "重名", "综合科", "科员", "归口人员", "", "", "", "", ""])  # duplicate
    sections = changed(SECTIONS, 2, 2, "dz-fazhi")  # a section chief is no office leader [15(2)]
    lines = changed(LINES, 0, 2, "dz-zhuren")  # the office director is no 副县长
    units = changed(UNITS, 3, 2, "县直部门")
    before = counts()

    report = office_import(data=office_workbook(people=people, sections=sections, lines=lines, units=units))

    assert not report.applied and report.changes == [] and report.initial_passwords == []
    assert counts() == before  # nothing written, not even the rows that were right
    found = {str(problem) for problem in report.problems}
    expected_places = {
        "人员 第10行 E列（角色）": "未知角色“科员”",
        "人员 第9行 C列（科室）": "未知科室“档案室”",
        "人员 第7行 G列（分管文秘）": "只能有一人 [26(1)]：第6行的格桑德吉（dz-wenmi）",
        "人员 第8行 F列（涉密等级）": "涉密等级“内部”不在可选范围内",
        "人员 第11行 A列（用户名）": "用户名“dz-guikou”与第10行重复",
        "科室 第4行 C列（分管办公室领导）": "不是办公室主任或副主任 [15(2)]",
        "业务归口 第2行 C列（分管副县长）": "不是副县长或常务副县长",
        "单位 第5行 C列（单位类别）": "单位类别“县直部门”不在可选范围内",
    }
    for place, words in expected_places.items():
        assert any(text.startswith(place) and words in text for text in found), (place, sorted(found))
    assert len(report.problems) == len(expected_places)
    assert report.headline().startswith("发现 8 处错误，整个文件未导入")


def test_a_secretarial_deputy_must_be_a_deputy_director_and_a_line_deputy_director_too():
    people = changed(changed(PEOPLE, 4, 6, ""), 7, 6, "是")  # the 法制科 chief flagged 分管文秘
    lines = changed(LINES, 1, 3, "dz-zhuren")
    report = office_import(data=office_workbook(people=people, lines=lines))
    texts = [str(problem) for problem in report.problems]
    assert any(t.startswith("人员 第9行 G列（分管文秘）") and "应是办公室副主任" in t for t in texts), texts
    assert any(t.startswith("业务归口 第3行 D列（分管副主任）") and "不是办公室副主任" in t for t in texts), texts
    assert not User.objects.filter(username__startswith="dz-").exists()


def test_line_staff_and_leaders_must_be_known_active_people():
    people = changed(PEOPLE, 5, 9, "是")  # the deputy in charge of legal affairs leaves
    lines = changed(LINES, 0, 4, "dz-guikou、dz-nobody、dz-shoufa")
    report = office_import(data=office_workbook(people=people, lines=lines))
    texts = [str(problem) for problem in report.problems]
    assert any(t.startswith("业务归口 第2行 E列（归口人员）") and "找不到用户名“dz-nobody”" in t for t in texts)
    assert any(
        t.startswith("业务归口 第2行 E列（归口人员）") and "没有“归口人员”角色：其角色为收发秘书" in t for t in texts
    )
    assert any(t.startswith("科室 第6行 C列（分管办公室领导）") and "已停用" in t for t in texts)
    assert any(t.startswith("业务归口 第3行 D列（分管副主任）") and "已停用" in t for t in texts)


def test_a_missing_column_or_sheet_refuses_the_file_before_any_row_is_read():
    book = openpyxl.load_workbook(BytesIO(office_workbook()))
    book["人员"].delete_cols(5)  # 角色: read as empty, it would strip everyone of their roles
    del book["单位"]
    out = BytesIO()
    book.save(out)
    report = office_import(data=out.getvalue())
    texts = [str(problem) for problem in report.problems]
    assert "人员 第1行：第1行（表头）缺少列：角色。请使用系统提供的模板，表头不要改。" in texts
    assert any(t.startswith("单位：缺少工作表“单位”") for t in texts)
    assert not User.objects.filter(username__startswith="dz-").exists()


def test_a_file_that_is_no_workbook_is_refused_with_a_chinese_message():
    with pytest.raises(WorkbookError, match="不是 Excel 工作簿"):
        office_import(data="用户名,姓名\n".encode())
    with pytest.raises(WorkbookError, match="不是有效的 Excel 工作簿"):
        office_import(data=b"PK\x03\x04 damaged")


# --- re-importing ---------------------------------------------------------------------------------------------


def test_reimport_applies_a_new_role_and_clearance_and_reports_unchanged_rows():
    first = office_import(data=office_workbook())
    password = {p.username: p.password for p in first.initial_passwords}["dz-guikou"]
    people = changed(changed(PEOPLE, 8, 4, "归口人员、值班人员"), 8, 5, "机密")

    report = office_import(data=office_workbook(people=people))

    assert report.applied and report.initial_passwords == []  # no new account, no password touched
    by_sheet = {entry["sheet"]: entry for entry in report.by_sheet()}
    (update,) = by_sheet["人员"]["updated"]
    assert update.row == 10 and update.action == Action.UPDATE
    assert update.details == ["涉密等级：秘密 → 机密", "角色：归口人员 → 归口人员、值班人员"]
    assert len(by_sheet["人员"]["unchanged"]) == 8
    assert all(not entry["created"] and not entry["updated"] for sheet, entry in by_sheet.items() if sheet != "人员")
    assert "人员：新建 0，更新 1，不变 8" in report.lines()
    guikou = User.objects.get(username="dz-guikou")
    assert roles_of(guikou) == {Role.LINE_STAFF, Role.DUTY_OFFICER}
    assert guikou.profile.clearance == SecretLevel.CONFIDENTIAL
    assert guikou.check_password(password)


def test_the_same_workbook_twice_changes_nothing_the_second_time(django_assert_max_num_queries):
    data = office_workbook()
    office_import(data=data)
    with django_assert_max_num_queries(10):  # reads the office once; writes nothing
        report = office_import(data=data)
    assert report.applied and not report.changed
    assert report.headline() == "已核对：表中内容与系统一致，无需改动。"


def test_a_person_left_out_is_reported_not_deactivated_unless_the_sheet_says_so():
    office_import(data=office_workbook())
    without_fazhi = [row for row in PEOPLE if row[0] != "dz-fazhi"]
    lines = changed(LINES, 1, 4, "dz-guikou")
    report = office_import(data=office_workbook(people=without_fazhi, lines=lines))
    assert report.applied and "冯静（dz-fazhi）" in report.not_in_sheet
    assert User.objects.get(username="dz-fazhi").is_active

    report = office_import(data=office_workbook(people=changed(PEOPLE, 7, 9, "是"), lines=lines))
    assert report.applied
    fazhi = User.objects.get(username="dz-fazhi")
    assert not fazhi.is_active and Profile.objects.filter(user=fazhi).exists()  # deactivated, never deleted


def test_the_secretarial_portfolio_moves_to_the_deputy_the_sheet_names():
    office_import(data=office_workbook())
    people = changed(changed(PEOPLE, 4, 6, ""), 5, 6, "是")
    report = office_import(data=office_workbook(people=people))
    assert report.applied, report.lines()
    assert secretarial_deputy().username == "dz-fuzhu"  # [26(1)]: still exactly one


def test_existing_people_are_matched_by_username(office):
    """The test office's clerk, already in the system, is updated in place; their password is left alone."""
    clerk = office["shoufa"]
    people = [[clerk.username, "新名字", "机要科", "科员", "收发秘书", "绝密", "", clerk.email, "", ""]]
    report = office_import(data=fill(build_template(), people=people))
    assert report.applied, report.lines()
    assert report.initial_passwords == []
    clerk.refresh_from_db()
    assert clerk.profile.full_name == "新名字" and clerk.profile.clearance == SecretLevel.TOP_SECRET
    assert not clerk.profile.must_change_password
    assert len(report.not_in_sheet) == len(office) - 1  # everyone else: reported, untouched


def test_the_current_office_exported_and_imported_again_is_unchanged(office):
    data = build_template(current=True)
    report = office_import(data=data, dry_run=True)
    assert report.ok, report.lines()
    assert not report.changed, report.lines()


# --- the command ----------------------------------------------------------------------------------------------


def test_the_command_dry_run_writes_nothing_and_lists_what_it_would_do(tmp_path, capsys):
    path = tmp_path / "office.xlsx"
    path.write_bytes(office_workbook())
    call_command("import_office", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "检查通过（试运行，未写入）" in out and "人员：新建 9，更新 0，不变 0" in out
    assert not User.objects.filter(username__startswith="dz-").exists()
    call_command("import_office", str(path))
    out = capsys.readouterr().out
    assert "新账号的初始密码（只显示这一次；本人首次登录须修改）" in out
    assert User.objects.filter(username__startswith="dz-").count() == len(PEOPLE)


def test_the_command_fails_on_a_bad_sheet_and_prints_where(tmp_path, capsys):
    path = tmp_path / "office.xlsx"
    path.write_bytes(office_workbook(people=changed(PEOPLE, 0, 5, "顶级")))
    with pytest.raises(CommandError, match="未导入：1 处错误"):
        call_command("import_office", str(path))
    assert "人员 第2行 F列（涉密等级）：涉密等级“顶级”不在可选范围内" in capsys.readouterr().out
    with pytest.raises(CommandError, match="无法读取"):
        call_command("import_office", str(tmp_path / "missing.xlsx"))
    (tmp_path / "notes.txt").write_text("不是工作簿")
    with pytest.raises(CommandError, match="不是 Excel 工作簿"):
        call_command("import_office", str(tmp_path / "notes.txt"))


def test_the_command_writes_the_template_and_the_current_office(tmp_path, office):
    call_command("import_office", "--template", str(tmp_path / "blank.xlsx"))
    call_command("import_office", "--export", str(tmp_path / "current.xlsx"))
    blank = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    current = openpyxl.load_workbook(tmp_path / "current.xlsx")
    assert blank["人员"].max_row == 1
    assert current["人员"].max_row == 1 + Profile.objects.count()


def test_one_time_passwords_are_hashed_lightly_and_rehashed_in_full_at_first_sign_in(settings, client):
    """A random one-time password needs no key stretching; the person's own password gets Django's full count."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    people = [["dz-xin", "新同事", "", "", "归口人员", "", "", "", "", ""]]
    report = office_import(data=fill(build_template(), people=people))
    (initial,) = report.initial_passwords
    assert User.objects.get(username="dz-xin").password.startswith(f"pbkdf2_sha256${INITIAL_PASSWORD_ITERATIONS}$")
    client.post(reverse("login"), {"username": "dz-xin", "password": initial.password})
    assert User.objects.get(username="dz-xin").password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
