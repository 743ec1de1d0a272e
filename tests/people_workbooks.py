"""Station sheets of volunteers, social workers and donors, as messy as ``messy_workbooks`` makes the
organisations': title rows, header variants, merged community cells, dates and digits written every
which way, Chinese labels and lists in one cell, and rows that must fail, each in one way.

Row numbers in the comments are Excel's; ``*_ROWS`` say which rows import and which fail at which column.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.credit_code import make_credit_code
from desktop.domain.identity import make_resident_id
from desktop.services.demo_people import DEMO_WORKERS
from desktop.services.demo_volunteers import DEMO_VOLUNTEERS
from messy_workbooks import Grid, Value

DIVISION = "500110"
LIN_ID = make_resident_id(DIVISION, date(1990, 5, 6), 41, False)
LEGACY_ID = "500110650312031"  # first-generation: born 1965-03-12, a man (odd sequence)
CHILD_ID = make_resident_id(DIVISION, date(2015, 3, 1), 42, True)
SISTER_ID = make_resident_id(DIVISION, date(2016, 7, 1), 43, False)
WANG = DEMO_VOLUNTEERS[0]
WANG_ID = WANG.id_number(0)  # the demo numbers its volunteers by their place in the list
FULL_WIDTH_ID = make_resident_id(DIVISION, date(1978, 11, 20), 44, True)
SU_ID = make_resident_id(DIVISION, date(1985, 1, 1), 45, False)

VOLUNTEER_HEADER = ["序号", "姓名", "性别", "出生日期", "证件类型", "公民身份号码", "手机", "住址", "村(社区)", "特长", "服务意向",
                    "志愿服务队", "登记日期", "状态", "同意日期", "同意方式", "监护人", "备注"]


def _volunteer(number: int, name: str, id_number: Value, community: str | None = "青山社区", *, gender: str = "",
               birth: Value = None, phone: Value = "", categories: str = "", consent: Value = date(2024, 3, 1),
               method: str = "书面", guardian: str = "", id_type: str = "身份证", registered: Value = date(2024, 3, 1),
               status: str = "在册", teams: str = "", residence: str = "", skills: str = "") -> list[Value]:
    return [number, name, gender, birth, id_type, id_number, phone, residence, community, skills, categories, teams,
            registered, status, consent, method, guardian, ""]


def volunteer_grid() -> Grid:
    blank: list[Value] = [None] * len(VOLUNTEER_HEADER)
    wrong_check = LIN_ID[:-1] + ("0" if LIN_ID[-1] != "0" else "1")
    rows: list[list[Value]] = [
        ["青山镇社区志愿者花名册", *blank[1:]],  # 1: title, merged across
        ["填报单位：青山镇社会工作服务站", *blank[1:]],  # 2
        VOLUNTEER_HEADER,  # 3
        _volunteer(1, "林晓", LIN_ID, "石桥村", gender="女", birth=date(1990, 5, 6), phone="139 2301 5501",
                   categories="助老、关爱儿童", teams="石桥村党员先锋队", residence="青山镇石桥村二组",
                   skills="烹饪"),  # 4: community merged over 4–5
        _volunteer(2, "邱建军", LEGACY_ID, None, gender="男", categories="应急救援", consent="2024年3月8日",
                   method="口头", registered="2024/3/8", status=""),  # 5: an old 15-digit number
        list(blank),  # 6
        _volunteer(3, "宋雨", wrong_check),  # 7: wrong check digit
        _volunteer(4, "许亮", LIN_ID[:17]),  # 8: one character short
        _volunteer(5, "苏芳", SU_ID, birth=date(1985, 2, 1)),  # 9: the birth date disagrees with the ID
        _volunteer(6, "苏芳", SU_ID),  # 10: the ID of row 9 again: neither comes in
        _volunteer(7, "王秀兰", WANG_ID),  # 11: already in the register
        _volunteer(8, "钟磊", "", phone="13923015512", consent=None, method=""),  # 12: a phone without consent
        _volunteer(9, "宋小宝", CHILD_ID, consent=date(2024, 6, 1)),  # 13: under 14, no guardian
        _volunteer(10, "宋小雨", SISTER_ID, consent=date(2024, 6, 1), guardian="宋梅"),  # 14: the guardian agreed
        _volunteer(11, "郝红", "", consent=None, method="", categories="文体", status="暂停"),  # 15: no sensitive fields
        _volunteer(12, "雷鸣", FULL_WIDTH_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                   phone=13923015516, method="线上"),  # 16: full-width digits, a number cell for the phone
        _volunteer(13, "贺军", float(LIN_ID[:17])),  # 17: an ID kept as a number, its last digits lost
        _volunteer(14, "向兰", "", consent=None, method="", categories="跳舞"),  # 18: not a service category
    ]
    return Grid(rows, merges=[(0, 0, 0, len(VOLUNTEER_HEADER) - 1), (3, 8, 4, 8)])


VOLUNTEER_GOOD = {4: "林晓", 5: "邱建军", 14: "宋小雨", 15: "郝红", 16: "雷鸣"}
VOLUNTEER_BAD = {7: "ID number", 8: "ID number", 9: "Birth date", 10: "", 11: "ID number", 12: "Consent date",
                 13: "Guardian", 17: "ID number", 18: "Service categories"}
VOLUNTEER_REPEATED = frozenset({(9, "")})  # row 9, repeated by row 10, as a whole


def consentless_grid() -> Grid:
    """A sheet with no consent columns: IDs and phones, a child with a guardian, and one with neither."""
    return Grid([
        ["姓名", "身份证号码", "联系电话", "所属社区", "监护人"],
        ["林晓", LIN_ID, "13923015501", "石桥村", ""],
        ["宋小雨", SISTER_ID, "", "石桥村", "宋梅"],
        ["郝红", "", "", "青山社区", ""],
    ])


LI_XIA_CERT = DEMO_WORKERS[0][5][1]
WORKER_HEADER = ["姓名", "性别", "工作单位类型", "单位名称", "专职/兼职", "职业水平", "证书编号", "取得年份", "联系电话",
                 "负责村(社区)", "入职日期", "状态", "备注"]


def worker_grid() -> Grid:
    rows: list[list[Value]] = [
        ["青山镇社会工作者花名册", *[None] * (len(WORKER_HEADER) - 1)],  # 1
        WORKER_HEADER,  # 2
        ["钱云", "女", "社工站", "青山镇社会工作服务站", "专职", "助理社会工作师", "2021500110004401", 2021, "139 2301 6601",
         "石桥村、双河村，桂花村", date(2021, 7, 1), "在岗", ""],  # 3: three communities in one cell
        ["孔伟", "男", "社工机构", "清河县阳光社会工作服务中心", "兼职", "社会工作师", "２０２０５００１１０００４４０２", "2020年", "",
         "青山社区;河滨社区", "2022.3.1", "", "驻站督导"],  # 4: level as its Chinese label, full-width number
        ["陶静", "女", "社工站", "青山镇社会工作服务站", "专职", "无", "", "", "", "石桥村、幸福村", "", "在岗", ""],  # 5
        ["殷涛", "男", "社工站", "青山镇社会工作服务站", "专职", "高级", "", 2018, "", "", "", "在岗", ""],  # 6: no number
        ["马丽", "女", "社工站", "青山镇社会工作服务站", "专职", "社会工作师", LI_XIA_CERT, 2019, "", "", "", "在岗", ""],  # 7
        ["钱云", "女", "社工站", "青山镇社会工作服务站", "专职", "助理社会工作师", "2021500110004401", 2021, "", "", "", "在岗",
         ""],  # 8: repeats row 3
        ["柏雪", "女", "社工机构", "", "专职", "无", "", "", "", "", "", "在岗", ""],  # 9: an agency without its name
        ["牛大山", "男", "村委会", "双河村村民委员会", "兼职", "", "", "", "", "双河村", date(2020, 1, 6), "离职", ""],  # 10
    ]
    return Grid(rows, merges=[(0, 0, 0, len(WORKER_HEADER) - 1)])


WORKER_GOOD = {3: "钱云", 4: "孔伟", 10: "牛大山"}
WORKER_BAD = {5: "Communities covered", 6: "Certificate no.", 7: "Certificate no.", 8: "", 9: "Employer"}

DONOR_CODE = make_credit_code("91500110MA6AB1234")
DONOR_HEADER = ["捐赠方", "类型", "所属社区", "统一社会信用代码", "联系人", "联系电话", "地址", "提供内容", "资源说明", "首次联系日期",
                "备注"]


def donor_grid() -> Grid:
    rows: list[list[Value]] = [
        ["社会慈善资源台账（2026年）", *[None] * (len(DONOR_HEADER) - 1)],  # 1
        DONOR_HEADER,  # 2
        ["青山镇惠民药房", "爱心企业", "新华社区", DONOR_CODE, "蒲晓", "139 2301 7701", "青山镇新华街 20 号", "资金、物资",
         "常用药品", "2025年4月2日", ""],  # 3
        ["冉老师", "爱心人士", "", "", "冉老师", "", "", "志愿服务，专业服务", "周末书法课", "", ""],  # 4
        ["骆华", "个人", "", DONOR_CODE, "", "", "", "资金", "", "", ""],  # 5: a person with a credit code
        ["青山镇兴旺饭店", "企业", "青山社区", "", "", "", "", "技术", "", "", ""],  # 6: not an offer
        ["清河农商银行青山支行", "企业", "青山社区", "", "", "", "", "资金", "", "", ""],  # 7: already in the register
        ["青山镇福满楼酒家", "企业", "青山社区", DONOR_CODE, "", "", "", "场地", "", "", ""],  # 8: row 3's code
        ["青山镇惠民药房", "企业", "新华社区", "", "", "", "", "物资", "", "", ""],  # 9: repeats row 3
        ["青山镇兴旺饭店", "企业", "幸福村", "", "", "", "", "场地", "", "", ""],  # 10: unknown community
        ["青山镇邮政支局", "驻区单位", "", "", "", "", "", "场地；志愿服务", "", 45658, ""],  # 11: a serial date
    ]
    return Grid(rows, merges=[(0, 0, 0, len(DONOR_HEADER) - 1)])


DONOR_GOOD = {3: "青山镇惠民药房", 4: "冉老师", 11: "青山镇邮政支局"}
DONOR_BAD = {5: "Credit code", 6: "Offers", 7: "Name", 8: "Credit code", 9: "", 10: "Community"}
