"""Demo social workers and charity resources of the fictitious 青山镇, added by ``wushe demo``.

Names, certificate numbers, credit codes, mobile numbers and addresses are made up.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.credit_code import make_credit_code
from desktop.services import accounts, communities, donors, workers
from desktop.services.donors import DonorInput
from desktop.services.workers import WorkerInput
from desktop.storage.database import Database

STATION = "青山镇社会工作服务站"
AGENCY = "清河县心语社会工作服务中心"

# name, gender, employer kind, employer, employment, (level, number, year), mobile, communities covered,
# linked demo user, status, joined
DEMO_WORKERS: list[tuple[str, str, str, str, str, tuple[str, str, int | None], str, tuple[str, ...], str, str,
                         date]] = [
    ("李霞", "female", "station", STATION, "full_time", ("intermediate", "2019500110003517", 2019), "13983451276",
     ("青山社区", "河滨社区", "新华社区"), "lixia", "active", date(2021, 3, 1)),
    ("陈俊", "male", "station", STATION, "full_time", ("assistant", "2021500110008264", 2021), "15823907714",
     ("石桥村", "双河村", "桂花村"), "chenjun", "active", date(2021, 9, 15)),
    ("何小燕", "female", "station", STATION, "full_time", ("assistant", "2023500110011092", 2023), "18223650417",
     ("红岩村", "柏林村"), "", "active", date(2023, 7, 10)),
    ("刘思琪", "female", "agency", AGENCY, "full_time", ("intermediate", "2017500110002285", 2017), "13647720583",
     ("白云村", "龙泉村"), "", "active", date(2022, 1, 4)),
    ("张文斌", "male", "agency", AGENCY, "part_time", ("senior", "2021500100000436", 2021), "13896054127",
     ("青山社区",), "", "active", date(2022, 1, 4)),
    ("罗婷", "female", "community", "河滨社区居民委员会", "part_time", ("assistant", "2022500110009731", 2022),
     "15086619342", ("河滨社区",), "", "active", date(2020, 5, 20)),
    ("唐桂英", "female", "community", "桂花村村民委员会", "part_time", ("none", "", None), "18375520916",
     ("桂花村",), "", "active", date(2024, 2, 26)),
    ("曾德华", "male", "community", "双河村村民委员会", "part_time", ("none", "", None), "13032817745",
     ("双河村",), "", "active", date(2023, 4, 3)),
    ("王建", "male", "station", STATION, "full_time", ("assistant", "2018500110006650", 2018), "17783094215",
     ("新华社区",), "", "left", date(2021, 3, 1)),
]


def fill_workers(db: Database, password: str) -> int:
    with db.write() as session:
        by_name = {c.name: c.id for c in communities.list_all(session)}
        users = {u.username: u.id for u in accounts.list_users(session) if not u.disabled}
        existing = {w.name for w in workers.list_all(session)}
        added = 0
        for (name, gender, kind, employer, employment, (level, number, year), phone, covered, username, status,
             joined) in DEMO_WORKERS:
            if name in existing:
                continue
            workers.add(session, WorkerInput(
                name, kind, employment, level, number, year, employer, gender, phone,
                tuple(by_name[c] for c in covered if c in by_name), users.get(username), status, joined))
            added += 1
    return added


# name, kind, offers, community or "", credit-code body (17 chars) or "", contact, mobile, address,
# what they offered, first contact
DEMO_DONORS: list[tuple[str, str, tuple[str, ...], str, str, str, str, str, str, date]] = [
    ("清河农商银行青山支行", "enterprise", ("money", "venue"), "青山社区", "91500110MA5U7K3X2", "谢文强",
     "13908346672", "青山镇人民路 26 号", "每年重阳敬老活动资助；营业厅二楼会议室可借用", date(2021, 10, 12)),
    ("青山镇绿源农业专业合作社", "enterprise", ("goods", "volunteer"), "双河村", "93500110MA60F2Q81", "周永康",
     "15998321460", "双河村三组 45 号", "时令蔬菜水果，农忙时组织社员帮扶困难户", date(2022, 6, 8)),
    ("清河县宏达建材有限公司", "enterprise", ("money", "goods"), "", "91500110MA5YB8N47", "彭志刚", "13752846103",
     "清河县工业园区纬三路 9 号", "困难家庭危房改造建材，助学金", date(2023, 3, 21)),
    ("青山镇好又多超市", "enterprise", ("goods",), "新华社区", "92500110MA7E3LT6D", "黄丽萍", "18696430275",
     "青山镇新华街 112 号", "米面油等生活物资，爱心超市兑换商品", date(2024, 1, 16)),
    ("青山镇卫生院", "unit", ("professional", "venue"), "青山社区", "12500110450128735", "冉晓梅", "13883107294",
     "青山镇卫生路 3 号", "义诊、健康讲座、家庭医生签约随访", date(2021, 5, 11)),
    ("青山镇中心小学", "unit", ("venue", "volunteer"), "新华社区", "12500110450128651", "邓国强", "13594062318",
     "青山镇学府路 1 号", "周末开放操场和多功能教室，教师志愿辅导留守儿童", date(2022, 9, 1)),
    ("国网清河县供电公司青山供电所", "unit", ("professional", "volunteer"), "", "91500110MA61C0R5P", "牟俊", "15123079846",
     "青山镇电力巷 7 号", "独居老人家中用电安全检查", date(2023, 11, 9)),
    ("清河县慈善会", "foundation", ("money", "goods"), "", "51500110MJP0088HK", "吴春燕", "13618273350",
     "清河县民政局大楼五楼", "社区慈善基金的托管慈善组织，冬季送温暖物资", date(2021, 1, 20)),
    ("周德明", "individual", ("money",), "青山社区", "", "周德明", "13330276581", "青山社区滨江苑 5 栋 302 室",
     "退休教师，每学期资助两名困难学生", date(2022, 2, 14)),
    ("谭秀兰", "individual", ("goods", "professional"), "石桥村", "", "谭秀兰", "18908374162", "石桥村五组 18 号",
     "村卫生室退休医生，捐赠衣物并参加义诊", date(2023, 8, 30)),
    ("清河县爱心车友会", "other", ("volunteer",), "", "", "熊伟", "13452906318", "清河县滨河路 66 号",
     "重阳节、春节送老人就医、返乡", date(2024, 10, 2)),
]


def fill_donors(db: Database, password: str) -> int:
    with db.write() as session:
        by_name = {c.name: c.id for c in communities.list_all(session)}
        existing = {(d.name, d.kind) for d in donors.list_all(session)}
        added = 0
        for name, kind, offers, community, body, contact, phone, address, offered, first in DEMO_DONORS:
            if (name, kind) in existing:
                continue
            donors.add(session, DonorInput(
                name, kind, offers, by_name.get(community), make_credit_code(body) if body else "", contact, phone,
                address, offered, first))
            added += 1
    return added
