"""For the bulk-import tests and the benchmark: large registers made to measure (volunteers with
distinct ID numbers, phones and consent, and organisations, spread over the demo communities,
written with XlsxWriter's constant-memory mode), and the SQL statements a piece of work runs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy import event

from desktop.domain.identity import make_resident_id
from desktop.services.demo import DEMO_COMMUNITIES
from desktop.storage.database import Database

Value = str | int | date | None
COMMUNITIES = [name for name, *_rest in DEMO_COMMUNITIES]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥建国志文斌海燕晓东子涵梓萱浩然欣怡宇轩一诺乐长"
THEMES = ["夕阳红", "巾帼", "党员先锋", "青春", "邻里守望", "银龄", "书香", "绿色家园", "平安", "爱心", "同心", "红枫"]
KINDS = ["志愿服务队", "互助会", "文体队", "调解会", "读书会", "合唱团", "广场舞队", "环保协会", "助老服务社", "议事会"]
SKILLS = ["烹饪", "理发", "电工", "医护", "法律咨询", "书法", "摄影", ""]
CATEGORIES = ["助老", "关爱儿童", "环保", "文体", "应急救援", "助老、文体", ""]
FIRST_BIRTH = date(1950, 1, 1)
DIVISION = "420102"  # no demo record has an ID number from here

VOLUNTEER_HEADER = ["姓名", "性别", "出生日期", "证件类型", "公民身份号码", "手机", "住址", "村(社区)", "特长", "服务意向",
                    "志愿服务队", "登记日期", "状态", "同意日期", "同意方式", "备注"]
ORG_HEADER = ["组织名称", "所属社区", "类别", "状态", "成立时间", "负责人", "联系电话", "成员数", "品牌", "备注"]
CLIENT_HEADER = ["姓名", "性别", "出生日期", "证件类型", "公民身份号码", "手机", "住址", "村(社区)", "类别", "登记日期",
                 "同意日期", "同意方式", "备注"]
TARGET_GROUPS = ["独居老人", "低保", "残疾人", "特困", "优抚对象", "低保、残疾人", "其他"]


def person(i: int) -> str:
    """A two- or three-character name; many people share one, as in any township."""
    surname = SURNAMES[i % len(SURNAMES)]
    given = GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
    return surname + given + (GIVEN[(i * 7) % len(GIVEN)] if i % 3 else "")


def volunteer_rows(count: int, registered: date) -> Iterator[list[Value]]:
    """``count`` volunteers who can all be imported: each ID number (and phone) differs from every other."""
    for i in range(count):
        birth = FIRST_BIRTH + timedelta(days=i // 20)
        male = i % 2 == 0
        community = COMMUNITIES[i % len(COMMUNITIES)]
        yield [person(i), "男" if male else "女", birth, "身份证", make_resident_id(DIVISION, birth, i % 20, male),
               f"139{i:08d}", f"青山镇{community}{i % 12 + 1}组", community, SKILLS[i % len(SKILLS)],
               CATEGORIES[i % len(CATEGORIES)], f"{community}{THEMES[i % len(THEMES)]}志愿服务队" if i % 4 == 0 else "",
               registered, "在册", registered, "书面", ""]


def client_rows(count: int, registered: date) -> Iterator[list[Value]]:
    """``count`` adult clients who can all be imported: the people of ``volunteer_rows`` (another register)."""
    for i, person_row in enumerate(volunteer_rows(count, registered)):
        yield [*person_row[:8], TARGET_GROUPS[i % len(TARGET_GROUPS)], registered, registered, "书面", ""]


def org_rows(count: int) -> Iterator[list[Value]]:
    """``count`` organisations, no two with the same name in one community."""
    for i in range(count):
        community = COMMUNITIES[i % len(COMMUNITIES)]
        name = f"{community}{THEMES[i % len(THEMES)]}{KINDS[(i // len(THEMES)) % len(KINDS)]}（{i + 1}）"
        yield [name, community, "服务类" if i % 2 else "互助", "备案", date(2020, 1, 1) + timedelta(days=i % 1500),
               person(i), f"138{i:08d}", 5 + i % 40, "是" if i % 10 == 0 else "否", ""]


def write_sheet(path: Path, header: Sequence[str], rows: Iterator[list[Value]]) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    page = book.add_worksheet("登记表")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    page.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                page.write_datetime(r, c, value, day)
            elif value is not None and value != "":
                page.write(r, c, value)
    book.close()
    return path


def volunteer_workbook(folder: Path, count: int, registered: date) -> Path:
    return write_sheet(folder / f"志愿者{count}.xlsx", VOLUNTEER_HEADER, volunteer_rows(count, registered))


def client_workbook(folder: Path, count: int, registered: date) -> Path:
    return write_sheet(folder / f"服务对象{count}.xlsx", CLIENT_HEADER, client_rows(count, registered))


def org_workbook(folder: Path, count: int) -> Path:
    return write_sheet(folder / f"社会组织{count}.xlsx", ORG_HEADER, org_rows(count))


@contextmanager
def statements_run(db: Database) -> Iterator[list[str]]:
    """The SQL statements ``db`` runs inside the block, in order."""
    executed: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        executed.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield executed
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
