"""Demo volunteers of the fictitious 青山镇 with six months of service records and a working time bank.

Names, ID numbers (valid check digits, made up) and mobile numbers are fictitious. Dates count back
from today, so the record always looks current; a fixed seed keeps it the same from run to run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy.orm import Session

from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.services import communities, rewards, station, timebank, volunteer_hours, volunteer_record, volunteers
from desktop.services.rewards import RewardInput
from desktop.services.volunteer_hours import ServiceInput
from desktop.services.volunteer_record import AwardInput, EvaluationInput, TrainingInput
from desktop.services.volunteers import VolunteerInput
from desktop.storage.database import Database

DIVISION = "500110"  # the fictitious 清河县's county code in the demo ID numbers


@dataclass(frozen=True)
class DemoVolunteer:
    name: str
    male: bool
    birth: date
    community: str
    phone: str
    skills: str
    categories: tuple[str, ...]
    teams: tuple[str, ...]
    registered_days_ago: int
    status: str = "active"
    guardian: tuple[str, str] = ("", "")  # name, relation, for a child under 14

    def id_number(self, sequence: int) -> str:
        return make_resident_id(DIVISION, self.birth, sequence, self.male)


V = DemoVolunteer
JINGUO, XIYANGHONG, AIXIN = "青山社区巾帼志愿服务队", "青山社区夕阳红志愿服务队", "河滨社区爱心妈妈服务队"
XINHUA, SHIQIAO, GUIHUA = "新华社区党员志愿服务队", "石桥村党员先锋队", "桂花村留守儿童关爱服务队"
RESCUE, LONGQUAN, SHUANGHE = "青山镇应急救援志愿服务队", "龙泉村文艺宣传队", "双河村农技服务队"
DEMO_VOLUNTEERS: list[DemoVolunteer] = [
    V("王秀兰", False, date(1962, 4, 18), "青山社区", "13594170326", "烹饪、陪伴聊天", ("elderly_disabled",), (JINGUO,), 900),
    V("张丽娟", False, date(1985, 9, 2), "青山社区", "15923841175", "儿童辅导、手工", ("children", "culture_sports"),
      (JINGUO,), 760),
    V("陈晓燕", False, date(1990, 1, 27), "青山社区", "18716049352", "护理、急救", ("health", "elderly_disabled"),
      (JINGUO, RESCUE), 640),
    V("刘建华", True, date(1958, 11, 6), "青山社区", "13308265719", "家电维修", ("elderly_disabled", "governance"),
      (XIYANGHONG,), 1100),
    V("杨志强", True, date(1975, 6, 30), "青山社区", "13752603184", "驾驶、水上救援", ("emergency",), (RESCUE,), 820),
    V("李思琪", False, date(2014, 5, 10), "青山社区", "", "绘画", ("environment", "culture_sports"), (), 220,
      guardian=("李红梅", "母亲")),
    V("赵凤英", False, date(1960, 2, 14), "青山社区", "15178632095", "理发", ("elderly_disabled",), (XIYANGHONG,), 1000),
    V("罗丽华", False, date(1982, 7, 21), "河滨社区", "13896270418", "心理疏导", ("children", "health"), (AIXIN,), 700),
    V("黄美玲", False, date(1979, 12, 3), "河滨社区", "18983157206", "儿童辅导", ("children",), (AIXIN,), 690),
    V("周涛", True, date(1993, 3, 9), "河滨社区", "15730418862", "摄影、宣传", ("governance", "culture_sports"), (), 420),
    V("孙桂芝", False, date(1957, 8, 25), "河滨社区", "13527964013", "编织、陪伴聊天", ("elderly_disabled",), (AIXIN,), 980,
      "paused"),
    V("吴国庆", True, date(1969, 10, 1), "新华社区", "13983625507", "调解纠纷", ("governance", "legal"), (XINHUA,), 1200),
    V("郑晓梅", False, date(1988, 5, 16), "新华社区", "18223590674", "法律咨询", ("legal",), (XINHUA,), 560),
    V("马文军", True, date(1972, 1, 19), "新华社区", "13658273941", "电工", ("governance", "emergency"),
      (XINHUA, RESCUE), 880),
    V("冯丽", False, date(1996, 9, 28), "新华社区", "17723160458", "英语、儿童辅导", ("children",), (), 300),
    V("石大勇", True, date(1966, 7, 7), "石桥村", "15923104487", "农机驾驶", ("emergency", "governance"), (SHIQIAO,), 1300),
    V("石秀英", False, date(1971, 3, 12), "石桥村", "13996517280", "烹饪", ("elderly_disabled",), (SHIQIAO,), 950),
    V("邓光明", True, date(1964, 12, 20), "石桥村", "13340752916", "木工", ("elderly_disabled", "environment"),
      (SHIQIAO,), 1050),
    V("何春燕", False, date(1987, 2, 5), "石桥村", "15086317724", "会计", ("governance",), (SHIQIAO,), 480),
    V("周永福", True, date(1968, 4, 22), "双河村", "13752209813", "果树栽培", ("environment",), (SHUANGHE,), 600),
    V("曾小红", False, date(1984, 11, 11), "双河村", "18725903361", "卫生保洁", ("environment", "elderly_disabled"),
      (SHUANGHE,), 520),
    V("谢建国", True, date(1959, 10, 8), "双河村", "13608340259", "防汛经验", ("emergency",), (RESCUE,), 1150),
    V("唐小燕", False, date(1989, 6, 1), "桂花村", "18725036691", "儿童辅导、唱歌", ("children",), (GUIHUA,), 980),
    V("唐德明", True, date(1963, 9, 17), "桂花村", "13883402165", "种植技术", ("children", "environment"), (GUIHUA,), 870),
    V("蒋玉兰", False, date(1974, 1, 30), "桂花村", "15826097438", "缝纫", ("children",), (GUIHUA,), 540),
    V("韩雪", False, date(2000, 8, 14), "桂花村", "17830216594", "舞蹈", ("children", "culture_sports"), (GUIHUA,), 260),
    V("龙德华", True, date(1961, 5, 3), "龙泉村", "13340218876", "二胡、川剧", ("culture_sports",), (LONGQUAN,), 1250),
    V("龙秀珍", False, date(1966, 3, 27), "龙泉村", "15902357741", "唱歌", ("culture_sports", "elderly_disabled"),
      (LONGQUAN,), 1000),
    V("田勇", True, date(1980, 12, 15), "白云村", "13527318840", "护林", ("environment", "emergency"), (RESCUE,), 730),
    V("田桂香", False, date(1970, 7, 9), "白云村", "18996540127", "陪伴聊天", ("elderly_disabled",), (), 650),
    V("向军", True, date(1976, 2, 2), "红岩村", "13983071592", "村医", ("health",), (), 1020),
    V("彭小英", False, date(1992, 10, 19), "红岩村", "15123806473", "电商", ("governance",), (), 380, "left"),
    V("胡国平", True, date(1955, 6, 6), "柏林村", "13708324516", "书法", ("culture_sports", "elderly_disabled"), (), 1400),
    V("胡静", False, date(1998, 4, 4), "柏林村", "18580917632", "护理", ("health", "elderly_disabled"), (), 200),
]

# activity, category, place, content, minutes, in charge
ACTIVITIES: list[tuple[str, str, str, str, int, str]] = [
    ("助老送餐", "elderly_disabled", "青山社区长者食堂", "为独居和高龄老人送午餐，了解身体情况", 90, "李霞"),
    ("独居老人探访", "elderly_disabled", "老人家中", "上门陪伴聊天，检查用电用气安全", 120, "李霞"),
    ("义务理发", "elderly_disabled", "社区日间照料中心", "为行动不便的老人理发", 120, "刘建华"),
    ("垃圾分类宣传", "environment", "小区广场", "发放宣传册，指导居民分类投放", 120, "陈俊"),
    ("河道清洁", "environment", "双河沿岸", "清理河道两岸垃圾和漂浮物", 150, "周永福"),
    ("四点半课堂辅导", "children", "社区四点半课堂", "辅导小学生完成家庭作业", 90, "张丽娟"),
    ("留守儿童周末陪伴", "children", "桂花村儿童之家", "陪伴留守儿童阅读、做手工", 180, "唐小燕"),
    ("防汛巡查", "emergency", "河堤沿线", "巡查河堤险情，劝离河边群众", 180, "谢建国"),
    ("文明交通劝导", "governance", "人民路口", "劝导行人和电动车遵守交通规则", 120, "吴国庆"),
    ("反诈宣传", "legal", "便民服务中心", "讲解常见诈骗手法，帮助居民安装反诈软件", 120, "郑晓梅"),
    ("义诊服务", "health", "村卫生室", "测量血压血糖，讲解慢病用药", 180, "向军"),
    ("文艺汇演", "culture_sports", "文化广场", "排练和演出群众文艺节目", 150, "龙德华"),
]

REWARDS: list[tuple[str, str, int, str]] = [
    ("毛巾两条", "goods", 8, "爱心超市"),
    ("理发服务", "service", 10, "社区日间照料中心提供"),
    ("洗衣液一瓶", "goods", 15, "爱心超市"),
    ("家电维修一次", "service", 20, "不含配件费"),
    ("大米一袋（5公斤）", "goods", 30, "爱心超市"),
    ("食用油一桶（5升）", "goods", 40, "爱心超市"),
]


def fill_volunteers(db: Database, password: str) -> int:
    """Volunteers not yet in the register, each with its six months of record; the reward catalogue."""
    today = date.today()
    with db.write() as session:
        _fill_rewards(session)
        by_name = {c.name: c.id for c in communities.list_all(session)}
        existing = {v.name for v in volunteers.list_all(session, volunteers.VolunteerQuery(include_deleted=True))}
        added = {}
        for sequence, demo in enumerate(DEMO_VOLUNTEERS):
            if demo.name not in existing and demo.community in by_name:
                added[demo.name] = _add(session, demo, sequence, by_name[demo.community], today).id
        if added:
            _fill_record(session, added, today)
    return len(added)


def _fill_rewards(session: Session) -> None:
    listed = {r.name for r in rewards.list_rewards(session, include_inactive=True)}
    for name, kind, cost, notes in REWARDS:
        if name not in listed:
            rewards.add_reward(session, RewardInput(name, kind, cost, notes=notes))


def _add(session: Session, demo: DemoVolunteer, sequence: int, community_id: str,
         today: date) -> volunteers.VolunteerView:
    registered = today - timedelta(days=demo.registered_days_ago)
    guardian, relation = demo.guardian
    consent = Consent(registered, "written", "guardian" if guardian else "self", guardian, relation)
    return volunteers.add(session, VolunteerInput(
        demo.name, community_id, "resident_id", demo.id_number(sequence), phone=demo.phone,
        residence=f"青山镇{demo.community}", skills=demo.skills, categories=demo.categories, teams=demo.teams,
        registered_on=registered, status="active", consent=consent))


def _fill_record(session: Session, added: dict[str, str], today: date) -> None:
    """Six months of activities, each entered a day or three later from its sign-in sheet, with one
    late sheet and one reversal; training, awards, evaluations, redemptions; then the statuses."""
    rng = random.Random(2026)
    organiser = station.get_profile(session).name
    sheets = _sheets(rng, [d for d in DEMO_VOLUNTEERS if d.name in added], added, today, organiser)
    recorded = [volunteer_hours.record_services(session, items, today=entered) for entered, items in sheets]
    mistaken = recorded[len(recorded) // 3][0]
    volunteer_hours.reverse_service(session, mistaken.id, "录入时选错了志愿者", today=today)
    _fill_blocks(session, added, [[r for r in sheet if r.id != mistaken.id] for sheet in recorded], rng, today,
                 organiser)
    for demo in DEMO_VOLUNTEERS:
        if demo.name in added and demo.status != "active":
            volunteers.update(session, added[demo.name], replace(volunteers.get(session, added[demo.name]).as_input(),
                                                                 status=demo.status))


def _sheets(rng: random.Random, demos: list[DemoVolunteer], added: dict[str, str], today: date,
            organiser: str) -> list[tuple[date, list[ServiceInput]]]:
    """Sign-in sheets of about 45 activities: who served (of the volunteers registered by then whose
    categories fit, within the daily cap), and the day each sheet was entered."""
    minutes_on: dict[tuple[str, date], int] = {}
    sheets = []
    late_sheet = False
    for _n in range(45):
        served = today - timedelta(days=rng.randint(3, 180))
        activity, category, place, content, minutes, in_charge = rng.choice(ACTIVITIES)
        eligible = [added[d.name] for d in demos if category in d.categories
                    and served >= today - timedelta(days=d.registered_days_ago)
                    and minutes_on.get((added[d.name], served), 0) + minutes <= 480]
        chosen = rng.sample(eligible, k=min(len(eligible), rng.randint(3, 8)))
        for volunteer_id in chosen:
            minutes_on[volunteer_id, served] = minutes_on.get((volunteer_id, served), 0) + minutes
        late = chosen and not late_sheet and served < today - timedelta(days=40)  # one sheet entered too late
        late_sheet = late_sheet or bool(late)
        delay = 25 if late else rng.randint(0, 3)
        sheets.append((min(today, served + timedelta(days=delay)), [ServiceInput(
            volunteer_id, activity, served, minutes, content, place, category, organiser, in_charge)
            for volunteer_id in chosen]))
    return sorted((sheet for sheet in sheets if sheet[1]), key=lambda sheet: sheet[0])


def _fill_blocks(session: Session, added: dict[str, str], sheets: list[list[volunteer_hours.ServiceView]],
                 rng: random.Random, today: date, organiser: str) -> None:
    volunteer_record.add_training(session, TrainingInput(
        tuple(added.values()), "志愿服务通用培训", today - timedelta(days=150), 180, "志愿服务理念、礼仪与安全常识",
        organiser), today=today)
    rescuers = tuple(added[n] for n in ("陈晓燕", "杨志强", "马文军", "田勇") if n in added)
    if rescuers:
        volunteer_record.add_training(session, TrainingInput(
            rescuers, "应急救护培训", today - timedelta(days=90), 480, "心肺复苏与创伤包扎，考核合格", "清河县红十字会"),
            today=today)
    for name, award, by, days in (("王秀兰", "优秀志愿者", "青山镇人民政府", 120), ("石大勇", "五星志愿者", "清河县民政局", 60),
                                  ("唐小燕", "最美志愿者", "清河县委宣传部", 30)):
        if name in added:
            volunteer_record.add_award(session, AwardInput(added[name], award, today - timedelta(days=days), by),
                                       today=today)
    for n, sheet in enumerate(s for s in sheets[::5] if s):  # the organisers rated every fifth activity
        delay = 20 if n == 0 else rng.randint(1, 5)  # the first of them late
        evaluated = min(today, max(sheet[0].recorded_on, sheet[0].served_on + timedelta(days=delay)))
        volunteer_record.add_evaluations(session, [EvaluationInput(
            r.id, rng.choice((3, 4, 4, 5, 5, 5)), evaluated, "服务认真，居民满意") for r in sheet], today=evaluated)
    catalogue = rewards.list_rewards(session)
    for volunteer_id in list(added.values())[::4]:
        affordable = [r for r in catalogue if r.cost <= timebank.balance(session, volunteer_id)]
        if affordable:
            timebank.redeem(session, volunteer_id, max(affordable, key=lambda r: r.cost).id, "爱心超市兑换", today=today)
