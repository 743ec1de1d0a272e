"""A demo micro-venture round (社区公益微创投) of this year with five proposals from the demo organisations:
one still a draft, two in review with both reviewers' sheets in, two approved and running.

Everything is replayed through the services as a station would have done it: the round set up, the
proposals written and submitted inside the window, reviewed by two demo accounts (acting as themselves,
without a log-in to audit), approved within the pool and started. Dates count back from
today so the round always looks current. Organisations or communities missing from the registers
leave their proposal out.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Principal, Role
from desktop.domain.project_budget import BudgetLine, RoundRules
from desktop.domain.project_scoring import DEFAULT_RUBRIC
from desktop.i18n import DOMAIN
from desktop.paths import catalogs_dir
from desktop.services import projects, reviews, rounds
from desktop.services.demo_projects_running import fill_running
from desktop.services.project_input import PlannedActivityInput, ProposalInput, TeamMemberInput
from desktop.services.rounds import CriterionInput, RoundInput
from desktop.storage.database import Database
from desktop.storage.models import Community, ProjectRound, SocialOrg, UserAccount

ROUND_NAME = "{year}年青山镇社区公益微创投"
REVIEWERS = ("chenjun", "zhaolei")  # 陈俊 and 赵磊 score the proposals
POOL_FEN = 20_000_000  # 200,000 yuan
MAX_GRANT_FEN = 3_000_000  # 30,000 yuan per project
# The demo's texts are written in Chinese, so its rubric is too, whatever language the app shows while
# loading it: a rubric named in English would stay English in the Chinese score sheet and summary.
DEMO_LOCALE = "zh_CN"


def _line(category: str, item: str, unit: str, price_fen: int, quantity: int, matching_fen: int = 0) -> BudgetLine:
    return BudgetLine(category, item, unit, price_fen, Decimal(quantity), matching_fen)


@dataclass(frozen=True)
class DemoProposal:
    title: str
    org: str  # a demo organisation, by name
    community: str
    areas: tuple[str, ...]
    target_group: str
    beneficiaries: int
    summary: str
    needs: str
    objectives: str
    approach: str
    outcomes: str
    risks: str
    sustainability: str
    outputs: tuple[int, int, int]  # 活动场次, 服务人次, 志愿者人次
    leader: tuple[str, str]  # name, mobile
    contact: tuple[str, str]
    email: str
    team: tuple[tuple[str, str, str, str, str], ...]  # name, education, qualification, role, mobile
    lines: tuple[BudgetLine, ...]
    plan: tuple[tuple[str, int, int, str, int, int], ...]  # name, from and to (days into the project), content,
    #                                                       sessions, person-times
    stage: str  # draft, in_review or running
    created_ago: int  # days before today
    starts_in: int  # days from today the project starts (negative: started)
    days: int  # how long it runs
    score: int  # the reviewers' scores vary around this
    approved_fen: int | None = None  # None: the full request


P = DemoProposal
DEMO_PROPOSALS: tuple[DemoProposal, ...] = (
    P("新华社区“幸福食堂”长者助餐服务", "新华社区老年协会", "新华社区", ("elderly",), "社区 70 岁以上独居、空巢老人",
      60,
      "依托社区老年活动中心开办“幸福食堂”，为 60 名独居、空巢老人提供每周五天的午餐堂食和送餐服务，组织低龄老人"
      "志愿者结对探访，解决老人“吃饭难”问题，同时减少孤独感。",
      "新华社区 60 岁以上老人 1126 人，其中独居、空巢老人 213 人。2024 年入户调查显示，41% 的独居老人表示"
      "“做饭吃力”，23% 每周有三天以上只吃剩饭或面条。社区周边没有适合老人的平价餐馆。",
      "1. 为 60 名老人提供助餐服务不少于 200 天；2. 组建 20 人的低龄老人送餐志愿队；3. 老人满意度达到 90% 以上。",
      "第一阶段调研建档、招募志愿者；第二阶段每周一至五提供午餐，行动不便的老人由志愿者送餐上门；"
      "第三阶段开展营养讲座和“长者生日会”，总结评估。",
      "老人按时吃上热饭，营养状况改善；志愿者与老人形成稳定的结对关系；形成可复制的社区助餐模式。",
      "食品安全风险：由持证厨师操作，每日留样；冬季送餐延误：错峰送餐并配保温箱。",
      "项目结束后由社区基金和老人少量自付（每餐 3 元）共同维持运营，并申请民政助餐点补贴。",
      (220, 12000, 1500), ("黄国平", "13883476520"), ("邓晓梅", "13996350427"), "xinhua_laoxie@example.com",
      (("黄国平", "高中", "", "项目负责人，统筹协调", "13883476520"),
       ("邓晓梅", "本科 社会工作", "助理社会工作师", "项目执行，志愿者管理", "13996350427"),
       ("李春兰", "中专 烹饪", "", "厨师，食品安全", "15123608842")),
      (_line("service", "长者助餐补贴 60 人 × 100 餐", "人·餐", 300, 6000, 300_000),
       _line("labour", "助餐点厨师及配送人员劳务", "人·月", 80_000, 10),
       _line("volunteer_allowance", "送餐志愿者交通餐费补贴", "人·次", 2000, 150),
       _line("materials", "保温餐盒、送餐箱", "套", 6000, 40),
       _line("printing", "助餐服务宣传单、公示牌", "份", 150, 400)),
      (("老人需求调研与建档", 0, 20, "入户走访 80 户，建立助餐老人档案", 8, 80),
       ("每日助餐与送餐", 21, 270, "周一至周五午餐，行动不便者送餐上门", 200, 11_600),
       ("营养讲座与长者生日会", 60, 290, "每季度一次营养讲座和集体生日会", 12, 320)),
      "running", 140, -60, 300, 86, approved_fen=2_800_000),
    P("桂花村“四点半课堂”留守儿童课业陪伴", "桂花村留守儿童关爱服务队", "桂花村", ("children", "volunteer"),
      "桂花村小学 6–12 岁留守儿童", 40,
      "在村党群服务中心开设“四点半课堂”，由大学生志愿者和村里的退休教师为 40 名留守儿童提供课后作业辅导、"
      "阅读和兴趣活动，并每月组织一次亲子视频连线。",
      "桂花村有留守儿童 96 名，多由祖辈照看。村小放学时间为下午四点半，家长外出务工，老人辅导作业困难，"
      "孩子放学后多在路边或河边玩耍，存在安全隐患。",
      "1. 每学期开课不少于 80 次；2. 参加儿童的作业按时完成率提高到 90%；3. 每名儿童每月至少与父母视频一次。",
      "招募大学生志愿者和退休教师，开展辅导技巧培训；周一至周五放学后开课；每月一次亲子视频和主题活动。",
      "孩子放学后有安全、有人陪伴的去处；学习习惯改善；亲子联系更紧密。",
      "志愿者不稳定：与县职业学院签订合作协议，排班留有替补；交通安全：由志愿者护送离校。",
      "争取村集体经济和爱心企业持续支持，培养本村青年志愿者接手。",
      (160, 6400, 480), ("唐小燕", "18725036691"), ("唐小燕", "18725036691"), "guihua_care@example.com",
      (("唐小燕", "大专 学前教育", "", "项目负责人", "18725036691"),
       ("何建平", "本科 汉语言文学", "", "退休教师，课业辅导", "13452287106")),
      (_line("service", "课业辅导与兴趣课程 40 名儿童 × 80 次", "人·次", 500, 3200),
       _line("volunteer_allowance", "大学生志愿者交通补贴", "人·次", 3000, 120),
       _line("training", "志愿者辅导技巧培训", "人·天", 20_000, 15),
       _line("materials", "文具、绘本及益智教具", "批", 250_000, 1, 100_000),
       _line("printing", "儿童成长档案印制", "册", 1500, 40)),
      (("志愿者招募与培训", 0, 15, "招募 12 名志愿者，开展两天辅导技巧培训", 2, 30),
       ("四点半课堂", 16, 280, "周一至周五放学后作业辅导与阅读", 150, 6000),
       ("亲子视频连线", 30, 290, "每月一次，与外出务工父母视频", 8, 370)),
      "running", 135, -55, 300, 90),
    P("河滨社区残疾人居家康复陪伴计划", "河滨社区爱心妈妈服务队", "河滨社区", ("disability", "health"),
      "社区持证肢体、智力残疾人及其家庭", 20,
      "联合镇卫生院康复科，为 20 户居家残疾人提供每月一次的康复指导和志愿者陪伴训练，配发简易康复辅具，"
      "减轻家属照护压力。",
      "河滨社区持证残疾人 87 人，其中 32 人长期居家、很少出门。家属普遍缺乏康复知识，县康复中心路程远、"
      "排队久，很多人中断了训练。",
      "1. 20 户残疾人每月接受康复指导；2. 80% 的服务对象日常生活能力评分提高；3. 培训 10 名家属掌握基本训练方法。",
      "康复治疗师评估并制定训练方案；志愿者每周入户陪伴训练；每季度组织一次家属照护培训。",
      "服务对象身体功能和生活自理能力提高；家属照护能力增强；社区形成助残志愿服务队伍。",
      "训练受伤风险：由康复治疗师制定方案，志愿者经培训上岗；服务对象情绪波动：社工跟进心理疏导。",
      "与镇卫生院签订长期合作协议，将入户康复纳入家庭医生签约服务。",
      (240, 960, 480), ("罗丽", "13608341275"), ("周敏", "15902361148"), "hebin_mama@example.com",
      (("罗丽", "大专 护理", "", "项目负责人", "13608341275"),
       ("周敏", "本科 社会工作", "社会工作师", "个案跟进", "15902361148"),
       ("王志强", "本科 康复治疗学", "康复治疗师", "专业指导", "18623017754")),
      (_line("service", "居家康复指导 20 户 × 12 次", "户·次", 8000, 240),
       _line("expert", "康复治疗师专业指导", "人·天", 60_000, 6),
       _line("materials", "简易康复辅具（助行器、握力球等）", "套", 15_000, 20, 300_000),
       _line("transport", "入户交通费", "次", 1000, 240)),
      (("康复评估与方案制定", 0, 30, "治疗师入户评估 20 户，制定训练方案", 20, 20),
       ("入户陪伴训练", 31, 250, "志愿者每周入户陪伴训练", 200, 800),
       ("家属照护培训", 60, 260, "每季度一次家属照护技能培训", 4, 140)),
      "in_review", 40, 30, 270, 82),
    P("青山社区垃圾分类“绿色积分”行动", "青山社区夕阳红志愿服务队", "青山社区", ("environment", "community_governance"),
      "青山社区 12 个小区居民", 3600,
      "以“绿色积分”激励居民参与垃圾分类：志愿者在投放点值守督导，居民正确分类即可积分，积分可兑换生活用品，"
      "同时培养楼栋长成为分类宣传员。",
      "青山社区 2024 年起推行垃圾分类，但抽查显示厨余垃圾分类准确率只有 38%，投放点混投现象普遍，"
      "居民反映“不知道怎么分”“分了也被混运”。",
      "1. 12 个小区分类准确率提高到 70% 以上；2. 注册积分居民 1200 户；3. 培养 60 名楼栋分类宣传员。",
      "入户发放分类指引；早晚高峰志愿者值守督导；每月积分兑换日；楼栋长动员会和“分类达人”评选。",
      "居民分类习惯养成，投放点环境改善；志愿者队伍壮大；形成居民自治的垃圾分类机制。",
      "居民参与热情下降：设置季度评比和荣誉激励；积分物资不足：与辖区超市合作兑换。",
      "积分兑换引入辖区商家赞助，督导工作逐步交给楼栋宣传员，纳入小区自治公约。",
      (300, 18_000, 2400), ("何明德", "13527780931"), ("陈淑华", "15102349876"), "qingshan_xyh@example.com",
      (("何明德", "中专", "", "项目负责人", "13527780931"),
       ("陈淑华", "高中", "", "志愿者排班与积分管理", "15102349876")),
      (_line("service", "垃圾分类入户宣传 1200 户", "户", 500, 1200),
       _line("volunteer_allowance", "督导志愿者补贴", "人·次", 2000, 300),
       _line("materials", "绿色积分兑换物品", "份", 1000, 600),
       _line("meeting", "楼栋长动员会", "人·天", 3000, 60),
       _line("printing", "分类指引海报、积分卡", "份", 200, 1500),
       _line("communication", "积分小程序流量及通讯费", "月", 10_000, 6)),
      (("入户宣传与积分注册", 0, 45, "志愿者入户发放指引，登记积分户", 24, 1200),
       ("投放点值守督导", 30, 230, "早晚高峰在投放点督导分类", 240, 15_600),
       ("积分兑换与达人评选", 60, 240, "每月积分兑换日，季度评选分类达人", 36, 1200)),
      "in_review", 35, 30, 240, 78),
    P("青山社区“邻里守望”互助网络建设", "青山社区邻里互助会", "青山社区", ("community_governance", "volunteer"),
      "社区高龄、独居老人及有临时困难的家庭", 150,
      "以楼栋为单位建立“邻里守望”互助小组，为高龄、独居老人和临时有困难的家庭提供代购、陪诊、探访等互助服务，"
      "用互助时间储蓄激励居民参与。",
      "青山社区老旧小区多，年轻人外出工作，邻里之间互不相识。去年社区接到独居老人求助 46 次，其中 30 次是"
      "代购和陪同就医这类邻里就能帮上的事。",
      "1. 建立 15 个楼栋互助小组；2. 提供互助服务 500 人次；3. 培训 20 名互助骨干。",
      "楼栋走访摸底、招募互助骨干；建立互助需求登记和派单机制；每季度开展邻里节活动。",
      "邻里关系更紧密，老人有事有人帮；居民互助意识增强，社区求助量下降。",
      "互助中意外风险：为骨干购买意外保险，明确服务边界；参与不均：以时间储蓄平衡。",
      "互助时间储蓄纳入镇时间银行，邻里互助会作为社区社会组织持续运营。",
      (80, 650, 400), ("杨晓东", "18983054412"), ("杨晓东", "18983054412"), "qingshan_linli@example.com",
      (("杨晓东", "本科 行政管理", "", "项目负责人", "18983054412"),
       ("刘芳", "大专", "助理社会工作师", "需求登记与派单", "13709468215")),
      (_line("service", "邻里互助服务（代购、陪诊、探访）", "人·次", 2000, 500),
       _line("volunteer_allowance", "互助志愿者补贴", "人·次", 1500, 300),
       _line("training", "互助骨干培训", "人·天", 15_000, 20),
       _line("printing", "邻里互助手册", "册", 800, 300)),
      (("楼栋走访与骨干招募", 0, 30, "走访 15 个楼栋，招募互助骨干", 15, 150),
       ("互助服务派单", 31, 260, "登记需求，派单给楼栋互助小组", 60, 500),
       ("邻里节活动", 90, 270, "每季度一次邻里节", 3, 300)),
      "draft", 5, 45, 275, 80),
)

# Each reviewer's leaning on the six criteria of the default rubric, added to a proposal's score.
LEANINGS: dict[str, tuple[int, ...]] = {"chenjun": (4, 2, -3, 0, 3, -2), "zhaolei": (-2, 3, 1, -4, 0, 2)}
OPINIONS: dict[str, str] = {
    "chenjun": "需求调研扎实，实施计划可行，建议细化志愿者管理和评估指标。",
    "zhaolei": "项目设计合理，预算基本合规，可持续性方案需进一步落实。",
}


def demo_rubric() -> list[CriterionInput]:
    """The default rubric named in the demo's language, as a round made in the app in it names it."""
    catalog = gettext.translation(DOMAIN, localedir=str(catalogs_dir()), languages=[DEMO_LOCALE], fallback=True)
    return [CriterionInput(catalog.gettext(c.name), c.weight) for c in DEFAULT_RUBRIC]


def fill_projects(db: Database, _password: str) -> int:
    """The demo round and its proposals, once: nothing is added when the round is there already."""
    today = date.today()
    name = ROUND_NAME.format(year=today.year)
    with db.write() as session:
        if session.scalar(select(ProjectRound.id).where(ProjectRound.name == name)):
            return 0
        orgs = {org.name: org.id for org in session.scalars(select(SocialOrg).where(SocialOrg.deleted_at.is_(None)))}
        places = {c.name: c.id for c in session.scalars(select(Community).where(Community.deleted_at.is_(None)))}
        accounts = {row.username: row for row in session.scalars(
            select(UserAccount).where(UserAccount.username.in_(REVIEWERS)))}
        acting = [Principal(row.id, row.username, row.display_name, Role(row.role)) for row in accounts.values()]
        reviewers = [row.id for row in accounts.values()]
        round_ = rounds.add(session, RoundInput(
            name, today.year, "青山镇人民政府", "foundation", "青山镇社区基金", POOL_FEN, today - timedelta(days=150),
            today + timedelta(days=30), ("elderly", "children", "disability", "environment", "community_governance"),
            RoundRules(max_grant_fen=MAX_GRANT_FEN), "镇社区基金出资，支持社区社会组织围绕“一老一小”和社区治理开展服务。"))
        rubric = demo_rubric()
        if [(c.name, c.weight) for c in round_.criteria] != [(c.name, c.weight) for c in rubric]:
            rounds.set_rubric(session, round_.id, rubric)
        rounds.set_reviewers(session, round_.id, reviewers)
        made = [(demo, _propose(session, round_.id, demo, orgs[demo.org], places[demo.community], today))
                for demo in DEMO_PROPOSALS if demo.org in orgs and demo.community in places]
    reviewed = [(demo, project_id) for demo, project_id in made if demo.stage != "draft"]
    if len(reviewers) == len(REVIEWERS):
        for reviewer in acting:
            with _acting(db, reviewer), db.write() as session:
                for demo, project_id in reviewed:
                    _score(session, project_id, reviewer.username, demo.score)
        with db.write() as session:
            for demo, project_id in reviewed:
                if demo.stage == "running":
                    _approve_and_start(session, project_id, demo, today)
            fill_running(session, [project_id for demo, project_id in reviewed if demo.stage == "running"], today)
    return len(made)


def _propose(session: Session, round_id: str, demo: DemoProposal, org_id: str, community_id: str, today: date) -> str:
    """The proposal written ``created_ago`` days back, then submitted and put in review unless a draft."""
    starts = today + timedelta(days=demo.starts_in)
    created = today - timedelta(days=demo.created_ago)
    sessions, person_times, volunteer_times = demo.outputs
    project = projects.create(session, ProposalInput(
        round_id, org_id, community_id, demo.title, starts, starts + timedelta(days=demo.days), demo.areas,
        demo.target_group, demo.beneficiaries, demo.summary, demo.needs, demo.objectives, demo.approach, demo.outcomes,
        demo.risks, demo.sustainability, sessions, person_times, volunteer_times, *demo.leader, *demo.contact,
        demo.email, tuple(TeamMemberInput(*member) for member in demo.team), demo.lines,
        tuple(PlannedActivityInput(name, starts + timedelta(days=begin), starts + timedelta(days=end), content, count,
                                   served) for name, begin, end, content, count, served in demo.plan)),
        today=created)
    if demo.stage != "draft":
        projects.move(session, project.id, "submit", today=created + timedelta(days=12))
        projects.move(session, project.id, "start_review", today=min(created + timedelta(days=25), today))
    return project.id


@contextmanager
def _acting(db: Database, reviewer: Principal) -> Iterator[None]:
    """The writes in the block are ``reviewer``'s, who never signed in: demo data is no log-in to audit
    (the head's data key stays; scoring opens nothing sealed)."""
    before, vault = db.principal, db.vault
    db.sign_in(reviewer, vault)
    try:
        yield
    finally:
        db.sign_in(before, vault)


def _score(session: Session, project_id: str, username: str, base: int) -> None:
    sheet = reviews.my_sheet(session, project_id)
    scores = {c.criterion_id: Decimal(min(100, base + lean))
              for c, lean in zip(sheet.criteria, LEANINGS[username], strict=True)}
    reviews.save_scores(session, project_id, scores, opinion=OPINIONS[username])
    reviews.submit_sheet(session, project_id)


def _approve_and_start(session: Session, project_id: str, demo: DemoProposal, today: date) -> None:
    requested = projects.get(session, project_id).requested_fen
    reviews.set_approved(session, project_id, demo.approved_fen or requested)
    started = today + timedelta(days=demo.starts_in)
    projects.move(session, project_id, "approve", today=started - timedelta(days=20))
    projects.move(session, project_id, "start", today=started)
