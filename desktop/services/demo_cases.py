"""Demo cases (个案) of the demo clients, in every stage of the workflow, for the demo social workers.

Each case is replayed through the services as it would have been worked: opened, assessed, planned,
served with records (one of them corrected), evaluated, closed, referred out, declined or reopened,
with resource links and follow-ups, some of them overdue. Dates count back from today, so the files
always look current; the station head, who loads the demo, is the one recorded as doing the work.
Clients come from the register (the demo clients load first); with none, no case is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.services import case_followups, case_record, case_referrals, case_service_records, cases, orgs
from desktop.services.case_record import AreaInput, AssessmentInput, EvaluationInput, GoalInput, PlanInput
from desktop.services.case_referrals import ReferralInput, Receiver
from desktop.services.case_service_records import RecordInput
from desktop.services.cases import CaseInput
from desktop.services.tags import tags_of
from desktop.storage.database import Database
from desktop.storage.models import CaseFile, Client, UserAccount


@dataclass(frozen=True)
class Story:
    """What a case of a client of one target group is about."""

    problem: str
    areas: tuple[tuple[str, str, str], ...]  # area, level, notes
    strengths: str
    goals: tuple[str, ...]
    records: tuple[tuple[str, int, str, str], ...]  # kind, minutes, content, next step
    feedback: str
    summary: str  # 结案小结


STORIES: dict[str, Story] = {
    "elderly_alone": Story(
        "独居，行动不便，近期在家摔倒一次，子女在外务工，日常买菜做饭困难。",
        (("daily_care", "severe", "无法独立外出购物"), ("health", "moderate", "高血压，膝关节退变"),
         ("housing_safety", "moderate", "卫生间无扶手、地面湿滑"), ("social_support", "mild", "邻居偶尔照看")),
        "头脑清楚，愿意接受帮助；邻里关系好。",
        ("每周至少两次助餐送餐", "完成卫生间适老化改造", "建立邻里每日探视机制"),
        (("home_visit", 60, "入户了解起居情况，协助联系助餐点", "联系社区长者食堂"),
         ("phone", 15, "电话确认送餐情况，老人反映饭菜合口", "下周入户查看改造进度"),
         ("accompany", 120, "陪同到镇卫生院复诊，取降压药", "提醒按时服药")),
        "老人说现在有人常来看看，心里踏实多了。", "助餐、适老化改造均已落实，邻里探视稳定，老人生活能自理，结案。"),
    "left_behind_child": Story(
        "父母外出务工，随祖母生活，近期成绩下滑、情绪低落，不愿与同学交往。",
        (("mental", "severe", "自述孤单，常哭"), ("family", "moderate", "与父母每月通话一次"),
         ("social_support", "moderate", "在校朋友少"), ("daily_care", "mild", "祖母年迈，照顾力不从心")),
        "喜欢画画，班主任愿意配合。",
        ("每周与父母视频通话一次", "参加四点半课堂与同伴小组", "情绪自评分提高"),
        (("interview", 45, "在校面谈，用绘画了解情绪，孩子愿意表达", "联系父母约定视频时间"),
         ("group", 90, "参加同伴成长小组第一节，能主动发言", "继续参加小组"),
         ("phone", 20, "与母亲电话沟通孩子近况，母亲答应每周视频", "两周后回访班主任")),
        "孩子说现在每周能看到妈妈，也交到了新朋友。", "亲子联系恢复，孩子情绪明显好转，融入同伴小组，结案。"),
    "child_in_difficulty": Story(
        "父亲服刑、母亲离家，由伯父临时照料，监护不稳定，存在辍学风险。",
        (("family", "severe", "监护人变动频繁"), ("economic", "moderate", "伯父家庭负担重"),
         ("mental", "moderate", "自卑、不愿说话"), ("daily_care", "mild", "")),
        "学习基础尚可，伯父有照顾意愿。",
        ("落实事实无人抚养儿童基本生活补贴", "明确监护责任并签订委托照护协议", "稳定就学"),
        (("home_visit", 60, "入户评估照料情况，核实家庭经济状况", "协助准备补贴申请材料"),
         ("accompany", 90, "陪同伯父到镇民政办递交申请", "跟进审批"),
         ("interview", 40, "与孩子面谈，学习和生活情况稳定", "每月回访")),
        "伯父说补贴下来后压力小了很多。", "补贴已落实，监护协议签订，孩子按时上学，转为常规回访，结案。"),
    "disabled": Story(
        "肢体二级残疾，希望就业但缺乏技能，家庭收入低，情绪焦虑。",
        (("economic", "severe", "无稳定收入"), ("mental", "moderate", "焦虑，自我评价低"),
         ("health", "moderate", "需定期康复"), ("social_support", "mild", "")),
        "手巧，会编织；家人支持。",
        ("参加残联手工技能培训", "实现居家灵活就业", "每月参加一次康复训练"),
        (("interview", 50, "面谈了解就业意愿和技能", "联系镇残联培训名额"),
         ("accompany", 120, "陪同参加手工编织培训报名", "跟进培训出勤"),
         ("home_visit", 45, "入户了解培训情况，已能独立完成作品", "对接爱心企业订单")),
        "有了订单，觉得自己也能挣钱了。", "完成培训并获得稳定订单，情绪改善，结案。"),
    "dibao": Story(
        "低保家庭，丈夫患病，妻子照顾家庭无法工作，孩子上学开支大。",
        (("economic", "severe", "医疗与教育支出大"), ("health", "severe", "丈夫慢性肾病"),
         ("family", "mild", "夫妻关系和睦"), ("social_support", "moderate", "亲属帮助有限")),
        "家庭成员关系好，妻子有就业意愿。",
        ("申请医疗救助和教育资助", "妻子实现就近灵活就业", "链接慈善资源缓解开支"),
        (("home_visit", 60, "入户核实家庭支出情况", "整理医疗救助申请材料"),
         ("phone", 20, "与学校沟通教育资助事宜", "等待学校答复"),
         ("interview", 40, "与妻子讨论就业方向，愿意到社区工厂做计件", "联系社区工厂")),
        "孩子的学费有着落了，我们一家都很感激。", "救助和资助均已落实，妻子就近就业，家庭生活趋于稳定，结案。"),
    "tekun": Story(
        "特困供养人员，分散供养，房屋老旧漏雨，冬季取暖困难。",
        (("housing_safety", "severe", "屋顶漏雨"), ("daily_care", "moderate", "做饭取暖不便"),
         ("health", "mild", ""), ("social_support", "moderate", "无近亲属")),
        "本人配合，村委关心。",
        ("完成房屋修缮", "冬季前配齐取暖用品", "每周一次探访"),
        (("home_visit", 60, "入户查看房屋情况，拍照留存", "向村委反映修缮需求"),
         ("accompany", 60, "陪同村委和施工队现场查看", "跟进施工"),
         ("home_visit", 30, "送去电热毯和棉被，检查用电安全", "每周探访")),
        "屋子不漏了，今年冬天不怕了。", "房屋修缮完成，取暖用品配齐，纳入志愿者每周探访，结案。"),
    "youfu": Story(
        "优抚对象，年老多病，希望了解优待政策，子女照顾不及时。",
        (("health", "moderate", "多种慢性病"), ("daily_care", "mild", ""), ("mental", "mild", "偶感孤独")),
        "熟悉村里情况，愿意参加活动。",
        ("落实优抚医疗优待", "参加老年活动中心活动"),
        (("interview", 40, "讲解优抚医疗优待政策", "协助办理"),
         ("phone", 15, "电话告知办理进度", "下周送达证件")),
        "政策讲得清楚，办事也方便。", "优待已落实，老人定期参加活动，结案。"),
    "other": Story(
        "家庭矛盾突出，婆媳关系紧张，影响孩子成长。",
        (("family", "severe", "争吵频繁"), ("mental", "moderate", "当事人情绪低落")),
        "双方都希望改善关系。",
        ("家庭成员学会非暴力沟通", "每周一次家庭会议"),
        (("interview", 60, "分别面谈了解矛盾焦点", "安排家庭会谈"),
         ("home_visit", 90, "组织家庭会谈，约定相处规则", "两周后回访")),
        "家里吵得少了。", "家庭沟通改善，冲突明显减少，结案。"),
}


@dataclass(frozen=True)
class DemoCase:
    worker: str  # username of the responsible worker
    stage: str  # where the demo leaves the case: a Stage, or "declined" / "reopened"
    opened_days_ago: int
    risk: str
    source: str
    follow_up_in: int | None = None  # days from today the open follow-up is due; negative: overdue
    correct: bool = False  # its first service record is corrected
    link: bool = False  # linked to a demo social organisation


D = DemoCase
DEMO_CASES: list[DemoCase] = [
    D("lixia", "intake", 3, "medium", "self", follow_up_in=4),
    D("chenjun", "intake", 6, "low", "community"),
    D("lixia", "intake", 1, "high", "outreach", follow_up_in=0),
    D("lixia", "assessment", 12, "high", "outreach", follow_up_in=-2),
    D("chenjun", "assessment", 15, "medium", "department"),
    D("admin", "assessment", 9, "low", "self"),
    D("lixia", "plan", 25, "medium", "community", follow_up_in=6),
    D("chenjun", "plan", 30, "high", "outreach", follow_up_in=-5),
    D("lixia", "plan", 21, "low", "self"),
    D("lixia", "service", 60, "high", "outreach", follow_up_in=-3, correct=True),
    D("lixia", "service", 75, "medium", "community", follow_up_in=0, link=True),
    D("chenjun", "service", 90, "medium", "department", follow_up_in=-10),
    D("chenjun", "service", 50, "low", "self", follow_up_in=12),
    D("lixia", "service", 110, "high", "department", follow_up_in=2),
    D("admin", "service", 70, "medium", "outreach"),
    D("lixia", "evaluation", 120, "medium", "self", follow_up_in=-1),
    D("chenjun", "evaluation", 140, "low", "community", follow_up_in=5),
    D("lixia", "evaluation", 100, "medium", "outreach"),
    D("lixia", "closed", 240, "medium", "self"),
    D("chenjun", "closed", 300, "high", "department", follow_up_in=9),
    D("lixia", "closed", 200, "low", "community"),
    D("chenjun", "closed", 260, "medium", "outreach"),
    D("lixia", "referred", 80, "high", "outreach"),
    D("chenjun", "declined", 40, "low", "self"),
    D("lixia", "reopened", 280, "medium", "community", follow_up_in=-4),
]
PROGRESS = ("intake", "assessment", "plan", "service", "evaluation", "closed")
LINKED_ORG = "桂花村留守儿童关爱服务队"
REFERRED_TO = Receiver("清河县精神卫生中心", "service")


def fill_cases(db: Database, password: str) -> int:
    """The demo cases, once: nothing is added when the station has any case already."""
    today = date.today()
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(CaseFile)):
            return 0
        clients = list(session.scalars(select(Client).where(Client.deleted_at.is_(None))
                                       .order_by(Client.registered_on, Client.id).limit(len(DEMO_CASES))))
        workers = {name: id_ for name, id_ in session.execute(select(UserAccount.username, UserAccount.id))}
        org = next((o.id for o in orgs.list_all(session) if o.name == LINKED_ORG), None)
        for demo, client in zip(DEMO_CASES, clients, strict=False):  # fewer clients, fewer cases
            _fill(session, demo, client, workers.get(demo.worker, ""), org, today)
    return len(clients)


def _fill(session: Session, demo: DemoCase, client: Client, worker_id: str, org: str | None, today: date) -> None:
    opened = max(today - timedelta(days=demo.opened_days_ago), client.registered_on)

    def day(offset: int) -> date:
        return min(opened + timedelta(days=offset), today)

    groups = tags_of(client.target_groups)
    story = STORIES.get(groups[0] if groups else "other", STORIES["other"])
    case_id = cases.open_case(session, CaseInput(client.id, story.problem, demo.risk, demo.source, worker_id, opened),
                              today=opened).id
    if demo.stage == "declined":
        cases.move(session, case_id, "decline", reason="本人表示暂不需要服务，已告知求助渠道", today=day(2))
        return
    reach = PROGRESS.index({"referred": "assessment", "reopened": "closed"}.get(demo.stage, demo.stage))
    if reach >= 1:
        cases.move(session, case_id, "assess", today=day(2))
    if reach >= 2:
        _assess_and_plan(session, case_id, story, day)
    if reach >= 3:
        _serve(session, case_id, story, demo, org, day)
    if reach >= 4:
        cases.move(session, case_id, "evaluate", today=day(30))
        case_record.add_evaluation(session, case_id, EvaluationInput(day(31), "most", story.feedback,
                                                                     "目标基本达成，家庭支持增强"), today=day(31))
    if reach >= 5:
        cases.move(session, case_id, "close", closing_summary=story.summary, today=day(33))
        follow_up = case_followups.add_follow_up(session, case_id, day(63), "结案后回访", today=day(33))
        if day(63) < today:
            case_followups.complete_follow_up(session, follow_up.id, "情况稳定，无新需求", day(63), today=day(63))
    if demo.stage == "referred":
        case_record.add_assessment(session, case_id, _assessment(story, day(4)), today=day(4))
        cases.move(session, case_id, "refer", reason="需专业心理评估与治疗", receiver=REFERRED_TO, today=day(10))
        referral = case_referrals.referrals(session, case_id)[0]
        case_referrals.update_referral_status(session, referral.id, "accepted", "已安排门诊评估", day(14),
                                              today=day(14))
    if demo.stage == "reopened":
        cases.move(session, case_id, "reopen", reason="回访发现老问题复发", today=day(70))
    if demo.follow_up_in is not None:
        due = today + timedelta(days=demo.follow_up_in)
        case_followups.add_follow_up(session, case_id, due, "入户回访，了解服务落实情况",
                                     today=max(min(due - timedelta(days=7), today), opened))


def _assessment(story: Story, on: date) -> AssessmentInput:
    return AssessmentInput(on, tuple(AreaInput(*area) for area in story.areas), story.strengths,
                           "；".join(story.goals))


def _assess_and_plan(session: Session, case_id: str, story: Story, day: Callable[[int], date]) -> None:
    case_record.add_assessment(session, case_id, _assessment(story, day(3)), today=day(3))
    cases.move(session, case_id, "plan", today=day(5))
    case_record.add_plan(session, case_id, PlanInput(
        day(6), tuple(GoalInput(goal, day(60), "社工回访核实") for goal in story.goals), "个案辅导、资源链接、同伴支持",
        client_agreed=True), today=day(6))


def _serve(session: Session, case_id: str, story: Story, demo: DemoCase, org: str | None,
           day: Callable[[int], date]) -> None:
    cases.move(session, case_id, "serve", today=day(7))
    for n, (kind, minutes, content, next_step) in enumerate(story.records):
        on = day(10 + 7 * n)
        record = case_service_records.add_service_record(session, case_id, RecordInput(
            on, kind, minutes, content, next_step=next_step), today=on)
        if demo.correct and n == 0:  # the minutes were mistyped
            case_service_records.correct_service_record(session, record.id, RecordInput(
                on, kind, minutes + 30, content, next_step=next_step), "服务时长录入有误", today=day(11))
    if demo.link and org is not None:
        link = case_referrals.add_referral(session, case_id, ReferralInput(
            Receiver(kind="social_org", target_id=org), day(12), "链接志愿者陪伴与课业辅导"), today=day(12))
        case_referrals.update_referral_status(session, link.id, "accepted", "已安排志愿者每周两次上门", day(15),
                                              today=day(15))
