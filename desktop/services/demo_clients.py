"""Demo clients (服务对象) of the fictitious 青山镇: elderly people living alone, left-behind children with
their grandparents as guardians, people with disabilities, 低保 and 特困 households, with their households.

Names, ID numbers (valid check digits, made up), phones and addresses are fictitious. Ages are kept as
of the day the demo is loaded, so a child stays a child; the cases of the demo are opened on these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.services import clients, communities
from desktop.services.clients import ClientInput, MemberInput
from desktop.storage.database import Database
from desktop.storage.models import Client

DIVISION = "500110"  # the fictitious 清河县's county code, as the demo volunteers'
FIRST_SEQUENCE = 40  # digits 15-16 of the ID numbers: the demo volunteers use 0-33


@dataclass(frozen=True)
class DemoMember:
    name: str
    relation: str  # HOUSEHOLD_RELATIONS
    age: int
    lives_with: bool = True
    notes: str = ""


@dataclass(frozen=True)
class DemoClient:
    name: str
    male: bool
    age: int  # on the day the demo is loaded
    birthday: tuple[int, int]  # month, day
    community: str
    groups: tuple[str, ...]
    phone: str = ""
    house: str = ""  # the address after the community: 三组 17 号
    guardian: tuple[str, str, str] = ("", "", "")  # name, relation, mobile
    members: tuple[DemoMember, ...] = ()
    registered_days_ago: int = 300
    notes: str = ""
    with_id: bool = True  # the station has the ID number on file

    def birth(self, today: date) -> date:
        return date(today.year - self.age, *self.birthday)

    def id_number(self, today: date, index: int) -> str:
        """The number of the client at ``index`` of DEMO_CLIENTS, "" for one without."""
        return make_resident_id(DIVISION, self.birth(today), FIRST_SEQUENCE + index, self.male) if self.with_id else ""

    def address(self) -> str:
        return f"青山镇{self.community}{self.house}" if self.house else ""


C, M = DemoClient, DemoMember
ALONE, LEFT, DIFFICULT, DISABLED = "elderly_alone", "left_behind_child", "child_in_difficulty", "disabled"
DIBAO, TEKUN, YOUFU, OTHER = "dibao", "tekun", "youfu", "other"
DEMO_CLIENTS: list[DemoClient] = [
    C("王桂英", False, 82, (3, 12), "青山社区", (ALONE,), "13508231746", "幸福巷 7 号 1 单元 302",
      members=(M("刘强", "child", 55, False, "在重庆主城工作，每月回来一次"),), registered_days_ago=820,
      notes="患高血压，独自居住"),
    C("李德明", True, 79, (11, 2), "青山社区", (ALONE, YOUFU), "", "建设路 45 号 3 单元 101",
      members=(M("张淑芬", "spouse", 77), M("李军", "child", 50, False, "在广东打工")), registered_days_ago=760,
      notes="退役军人，老两口空巢"),
    C("陈小雨", False, 9, (6, 18), "青山社区", (DIFFICULT,), "", "青年街 8 号 2 单元 201",
      ("陈玉兰", "祖母", "13996402157"), (M("陈玉兰", "grandparent", 63), M("陈刚", "parent", 36, False, "服刑中")),
      400, "父亲服刑，母亲离家，由祖母抚养"),
    C("赵明", True, 45, (8, 9), "青山社区", (DISABLED, DIBAO), "15823064471", "建设路 12 号 2 单元 401",
      members=(M("周丽", "spouse", 43, notes="在超市务工"), M("赵子涵", "child", 16)), registered_days_ago=610,
      notes="肢体残疾二级"),
    C("孙秀珍", False, 68, (1, 25), "青山社区", (DIBAO,), "13647708215", "幸福巷 21 号 4 单元 202",
      members=(M("孙磊", "child", 40, notes="精神残疾，需要照料"),), registered_days_ago=540),
    C("杨淑华", False, 86, (10, 3), "青山社区", (ALONE, TEKUN), "", "青年街 30 号 1 单元 102",
      registered_days_ago=880, notes="无子女，特困供养"),
    C("罗志刚", True, 52, (4, 27), "河滨社区", (DISABLED,), "13752301869", "滨河路 66 号 5 单元 601",
      members=(M("罗晓", "child", 24, False, "在成都读研究生"),), registered_days_ago=300, notes="视力残疾一级"),
    C("黄玉珍", False, 78, (12, 15), "河滨社区", (ALONE,), "18983021475", "码头街 3 号 1 单元 301",
      members=(M("黄涛", "child", 52, False, "在上海工作"),), registered_days_ago=690),
    C("周子轩", True, 12, (5, 5), "河滨社区", (DIFFICULT,), "", "滨河路 18 号 2 单元 502",
      ("周国强", "祖父", "13883960412"), (M("周国强", "grandparent", 68), M("何桂香", "grandparent", 66)), 260,
      "父母离异后均未履行抚养义务"),
    C("吴丽萍", False, 39, (7, 21), "河滨社区", (DIBAO,), "15730196684", "码头街 27 号 3 单元 402",
      members=(M("吴思思", "child", 11),), registered_days_ago=480, notes="单亲母亲，灵活就业"),
    C("郭大成", True, 63, (2, 8), "河滨社区", (DISABLED, DIBAO), "13527740693", "滨河路 90 号 1 单元 101",
      members=(M("李秀芝", "spouse", 61),), registered_days_ago=720, notes="脑梗后遗症，行动不便"),
    C("马素芳", False, 81, (9, 14), "河滨社区", (ALONE,), "", "码头街 9 号 2 单元 201",
      members=(M("马建", "child", 56, False, "在县城居住"),), registered_days_ago=150),
    C("钱文彬", True, 88, (8, 1), "新华社区", (ALONE, YOUFU), "13308174652", "新华街 56 号 1 单元 202",
      members=(M("钱丽", "child", 60, False, "在重庆居住"),), registered_days_ago=900, notes="抗美援朝老兵"),
    C("何秀英", False, 75, (3, 3), "新华社区", (ALONE, DIBAO), "", "学府路 14 号 3 单元 301",
      registered_days_ago=430, notes="丧偶，独居"),
    C("蒋浩然", True, 15, (10, 22), "新华社区", (DIFFICULT,), "17782036541", "新华街 7 号 4 单元 501",
      ("蒋建平", "父亲", "13658307742"), (M("蒋建平", "parent", 44, notes="尿毒症，长期透析"),), 200,
      "父亲重病，家庭经济困难"),
    C("许美玲", False, 33, (6, 30), "新华社区", (DISABLED,), "18523016647", "学府路 33 号 2 单元 102",
      members=(M("许国华", "parent", 61), M("刘芳", "parent", 59)), registered_days_ago=350, notes="听力残疾"),
    C("冯德胜", True, 70, (1, 9), "新华社区", (TEKUN,), "", "新华街 88 号 1 单元 101",
      registered_days_ago=800, notes="无劳动能力、无生活来源、无法定赡养人"),
    C("韩冬梅", False, 58, (12, 1), "新华社区", (DIBAO, OTHER), "15922047716", "学府路 5 号 1 单元 401",
      members=(M("王海", "spouse", 60, notes="腰椎手术后在家休养"),), registered_days_ago=120),
    C("石德贵", True, 80, (5, 16), "石桥村", (ALONE,), "", "二组 11 号",
      members=(M("石勇", "child", 52, False, "在福建务工"), M("石梅", "child", 49, False, "嫁到邻县")),
      registered_days_ago=780),
    C("石小芳", False, 8, (4, 2), "石桥村", (LEFT,), "", "四组 5 号", ("石秀兰", "祖母", "15086290743"),
      (M("石秀兰", "grandparent", 64), M("石小军", "sibling", 11), M("石磊", "parent", 35, False, "在广东佛山务工")),
      330),
    C("石小军", True, 11, (9, 9), "石桥村", (LEFT,), "", "四组 5 号", ("石秀兰", "祖母", "15086290743"),
      (M("石秀兰", "grandparent", 64), M("石小芳", "sibling", 8), M("石磊", "parent", 35, False, "在广东佛山务工")),
      330),
    C("邓永强", True, 48, (11, 11), "石桥村", (DISABLED, DIBAO), "13340691825", "一组 23 号",
      members=(M("黄翠英", "parent", 74), M("邓佳", "child", 14)), registered_days_ago=650,
      notes="肢体残疾，务农收入低"),
    C("何翠兰", False, 84, (2, 20), "石桥村", (ALONE, TEKUN), "", "六组 2 号", registered_days_ago=860,
      notes="五保老人，房屋老旧"),
    C("石建军", True, 57, (7, 7), "石桥村", (YOUFU,), "13996318874", "三组 17 号",
      members=(M("罗春燕", "spouse", 55),), registered_days_ago=210, notes="伤残退役军人"),
    C("曾建华", True, 74, (9, 30), "双河村", (ALONE,), "13709452861", "三组 8 号",
      members=(M("刘素英", "spouse", 72), M("曾伟", "child", 45, False, "在浙江宁波务工")), registered_days_ago=560,
      notes="空巢老人，老伴行动不便"),
    C("周小燕", False, 7, (3, 28), "双河村", (LEFT,), "", "一组 14 号", ("周德明", "祖父", "13752208146"),
      (M("周德明", "grandparent", 67), M("周军", "parent", 33, False, "在江苏苏州务工")), 180),
    C("周明亮", True, 36, (12, 24), "双河村", (DISABLED,), "", "一组 14 号", ("周德明", "父亲", "13752208146"),
      (M("周德明", "parent", 67),), 500, "智力残疾，由父亲监护"),
    C("谢桂芝", False, 79, (6, 6), "双河村", (ALONE,), "18725390417", "五组 3 号",
      members=(M("谢华", "child", 54, False, "在县城开店"),), registered_days_ago=640),
    C("曾丽", False, 41, (8, 17), "双河村", (DIBAO,), "15223087519", "二组 29 号",
      members=(M("曾小宇", "child", 13), M("刘桂珍", "parent", 70)), registered_days_ago=390, notes="丈夫病故"),
    C("单志强", True, 66, (4, 4), "双河村", (DISABLED, DIBAO), "13883207564", "四组 9 号",
      members=(M("吴桂芳", "spouse", 63),), registered_days_ago=470, notes="言语残疾"),
    C("单小明", True, 10, (1, 15), "桂花村", (LEFT,), "", "二组 6 号", ("单玉芬", "祖母", "18996207435"),
      (M("单玉芬", "grandparent", 66), M("单建国", "parent", 37, False, "在广东东莞务工"),
       M("李梅", "parent", 35, False, "在广东东莞务工")), 360, "父母常年在外务工"),
    C("唐欣怡", False, 12, (5, 19), "桂花村", (LEFT,), "", "一组 20 号", ("唐德富", "祖父", "13594307128"),
      (M("唐德富", "grandparent", 69), M("唐桂香", "grandparent", 67)), 420),
    C("唐浩", True, 6, (10, 10), "桂花村", (LEFT,), "", "三组 1 号", ("蒋桂兰", "外祖母", "15826104397"),
      (M("蒋桂兰", "grandparent", 62),), 100),
    C("蒋小雪", False, 13, (2, 14), "桂花村", (LEFT, DIFFICULT), "", "五组 12 号", ("蒋明", "伯父", "13983027165"),
      (M("蒋明", "other", 45),), 280, "母亲去世，父亲外出后失联"),
    C("唐桂珍", False, 83, (11, 27), "桂花村", (ALONE,), "", "四组 18 号",
      members=(M("唐军", "child", 58, False, "在贵州务工"),), registered_days_ago=710),
    C("韦大山", True, 51, (3, 6), "桂花村", (DISABLED,), "17830461295", "二组 30 号", registered_days_ago=250,
      notes="腿部残疾，独居务农"),
    C("田玉兰", False, 77, (7, 13), "白云村", (ALONE, DIBAO), "", "一组 4 号", registered_days_ago=590),
    C("田小龙", True, 14, (8, 25), "白云村", (LEFT,), "", "三组 21 号", ("田忠", "祖父", "13527309846"),
      (M("田忠", "grandparent", 70), M("田军", "parent", 40, False, "在新疆务工")), 450),
    C("田德福", True, 72, (12, 8), "白云村", (TEKUN,), "", "二组 2 号", registered_days_ago=840,
      notes="特困供养，分散供养"),
    C("杨秀梅", False, 44, (5, 31), "白云村", (DISABLED, DIBAO), "18996035142", "四组 15 号",
      members=(M("田勇军", "spouse", 47, notes="在镇上打零工"), M("田甜", "child", 17)), registered_days_ago=370),
    C("田思雨", False, 9, (11, 5), "白云村", (DIFFICULT,), "", "三组 7 号", ("田秀英", "姑姑", "15902364471"),
      (M("田秀英", "other", 42),), 230, "事实无人抚养儿童，由姑姑代为照顾"),
    C("张文华", True, 81, (1, 30), "白云村", (ALONE, YOUFU), "13340287619", "一组 19 号",
      members=(M("张敏", "child", 53, False, "在重庆居住"),), registered_days_ago=670),
    C("龙贵英", False, 85, (4, 16), "龙泉村", (ALONE, TEKUN), "", "二组 10 号", registered_days_ago=890),
    C("龙小雨", False, 11, (6, 2), "龙泉村", (LEFT,), "", "一组 25 号", ("龙德生", "祖父", "13708261945"),
      (M("龙德生", "grandparent", 71), M("龙平", "parent", 38, False, "在浙江务工")), 310),
    C("龙建国", True, 60, (9, 18), "龙泉村", (DISABLED,), "13658420739", "三组 4 号",
      members=(M("龙秀兰", "spouse", 58),), registered_days_ago=520, notes="听力残疾"),
    C("吴春花", False, 47, (2, 2), "龙泉村", (DIBAO,), "15123690478", "四组 16 号",
      members=(M("龙明辉", "child", 16),), registered_days_ago=440),
    C("龙明辉", True, 16, (7, 29), "龙泉村", (DIFFICULT,), "17723408915", "四组 16 号",
      ("吴春花", "母亲", "15123690478"), (M("吴春花", "parent", 47),), 440, "学习困难，有辍学风险"),
    C("龙德兴", True, 76, (10, 1), "龙泉村", (YOUFU,), "", "五组 8 号",
      members=(M("杨桂芳", "spouse", 74),), registered_days_ago=600),
    C("向秀英", False, 80, (8, 8), "红岩村", (ALONE,), "", "一组 3 号",
      members=(M("向东", "child", 55, False, "在湖北务工"),), registered_days_ago=750),
    C("向小虎", True, 8, (12, 12), "红岩村", (LEFT,), "", "二组 27 号", ("向国华", "祖父", "13983605172"),
      (M("向国华", "grandparent", 65), M("彭兰", "grandparent", 63)), 160),
    C("彭德明", True, 55, (3, 17), "红岩村", (DISABLED, DIBAO), "15086437205", "三组 12 号",
      members=(M("李桂兰", "parent", 80),), registered_days_ago=580, notes="肢体残疾，照顾高龄母亲"),
    C("彭小兰", False, 13, (9, 1), "红岩村", (LEFT,), "", "四组 6 号", ("彭桂花", "祖母", "18725104638"),
      (M("彭桂花", "grandparent", 64),), 290),
    C("向华", True, 69, (5, 23), "红岩村", (TEKUN,), "", "一组 30 号", registered_days_ago=820),
    C("何丽", False, 38, (11, 19), "红岩村", (OTHER,), "13752046183", "二组 8 号",
      members=(M("彭军", "spouse", 40), M("彭乐", "child", 10)), registered_days_ago=90, notes="家庭矛盾，需要调解"),
    C("胡德清", True, 90, (2, 11), "柏林村", (ALONE, YOUFU), "", "一组 1 号",
      members=(M("胡兵", "child", 62, False, "在县城居住"),), registered_days_ago=900,
      notes="高龄老人，参加过解放战争"),
    C("胡小梅", False, 7, (4, 9), "柏林村", (LEFT,), "", "二组 15 号", ("胡秀珍", "祖母", "13508316947"),
      (M("胡秀珍", "grandparent", 61), M("胡强", "parent", 34, False, "在广东深圳务工")), 140),
    C("胡建平", True, 43, (6, 25), "柏林村", (DISABLED,), "18580736241", "三组 22 号",
      members=(M("陈玉珍", "parent", 72),), registered_days_ago=380, notes="精神残疾，病情稳定"),
    C("黎玉兰", False, 73, (10, 28), "柏林村", (ALONE, DIBAO), "", "四组 2 号", registered_days_ago=660),
    C("胡思远", True, 15, (3, 21), "柏林村", (LEFT,), "17830592764", "二组 4 号", ("胡德兵", "祖父", "13340518627"),
      (M("胡德兵", "grandparent", 68),), 250),
    # No consent on file yet, so nothing sealed either (no ID number, phone, address or notes): the rule the
    # service enforces, which the demo keeps too.
    C("柏秀英", False, 66, (7, 2), "柏林村", (OTHER,), "", "", registered_days_ago=60, with_id=False),
]


def fill_clients(db: Database, password: str) -> int:
    with db.write() as session:
        return len(load_demo_clients(session))


def load_demo_clients(session: Session, today: date | None = None) -> list[str]:
    """The demo clients not yet in the register (by name), added; their ids."""
    today = today or date.today()
    by_name = {c.name: c.id for c in communities.list_all(session)}
    existing = set(session.scalars(select(Client.name)))
    return [clients.add(session, _input(demo, index, by_name[demo.community], today)).id
            for index, demo in enumerate(DEMO_CLIENTS) if demo.name not in existing and demo.community in by_name]


def _input(demo: DemoClient, index: int, community_id: str, today: date) -> ClientInput:
    registered = today - timedelta(days=demo.registered_days_ago)
    guardian, relation, guardian_phone = demo.guardian
    number = demo.id_number(today, index)
    data = ClientInput(
        demo.name, community_id, "resident_id", number, birth_date=None if number else demo.birth(today),
        gender="male" if demo.male else "female", phone=demo.phone, address=demo.address(),
        target_groups=demo.groups, guardian_name=guardian, guardian_relation=relation, guardian_phone=guardian_phone,
        notes=demo.notes, registered_on=registered,
        members=tuple(MemberInput(m.name, m.relation, today.year - m.age, m.lives_with, m.notes)
                      for m in demo.members))
    # Consent recorded at registration for whoever has a sealed field; none for a client with none.
    return replace(data, consent=Consent(registered, "written", "guardian" if guardian else "self")
                   if data.sealed_given() else None)
