"""Demo needs and resources lists of the fictitious 青山镇 and the matches between them (供需对接).

Resources come from the demo donors, organisations, volunteers' skills, a venue, a department and a service
project; needs from every village and community in each status, matched, followed and closed. Dates count
back from today, so the lists always look current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.services import matching, needs, resources
from desktop.services.needs import NeedInput
from desktop.services.resources import ResourceInput
from desktop.storage.database import Database
from desktop.storage.models import Client, Community, Donor, Need, Project, Resource, SocialOrg, Volunteer

# name, kind, categories, (register, provider) or ("", name typed), community or "" (township-wide),
# capacity, capacity note, availability, status, notes; days from today it is available from/until, if limited
DEMO_RESOURCES: list[tuple[str, str, tuple[str, ...], tuple[str, str], str, int | None, str, str, str, str]] = [
    ("重阳敬老慰问资金", "donor", ("elderly",), ("donor", "清河农商银行青山支行"), "", 3, "每年 2 万元",
     "重阳节前后", "available", "用于高龄、独居老人节日慰问"),
    ("爱心超市生活物资", "donor", ("assistance", "elderly"), ("donor", "青山镇好又多超市"), "", None,
     "每月米面油 20 份", "每月 5 日前申领", "available", "低保、特困家庭凭积分兑换"),
    ("家庭医生上门随访", "donor", ("elderly", "disability"), ("donor", "青山镇卫生院"), "", 5, "每月 40 人次",
     "工作日", "available", "签约家庭医生上门随访、康复指导"),
    ("困难家庭危房修缮建材", "donor", ("assistance",), ("donor", "清河县宏达建材有限公司"), "", 2, "每年 5 户",
     "", "paused", "今年额度已用完，明年 3 月恢复"),
    ("独居老人用电安全检查", "donor", ("elderly",), ("donor", "国网清河县供电公司青山供电所"), "", None, "",
     "每月第一周", "available", "更换老化插座、电线，不收材料费"),
    ("周末课业辅导与心理陪伴", "org", ("children",), ("org", "河滨社区爱心妈妈服务队"), "河滨社区", 4,
     "每周 2 次", "周六、周日下午", "available", ""),
    ("长者助餐送餐上门", "org", ("elderly",), ("org", "新华社区老年协会"), "新华社区", 1, "送餐志愿者人手有限",
     "工作日午餐", "available", "行动不便的老人优先"),
    ("矛盾纠纷调解", "volunteer_skill", ("mediation",), ("volunteer", "吴国庆"), "新华社区", 2, "", "周末", "available",
     "老党员、人民调解员"),
    ("家电维修志愿服务", "volunteer_skill", ("elderly", "other"), ("volunteer", "刘建华"), "青山社区", None, "",
     "每周三上午", "available", "只收零件成本"),
    ("镇中心小学多功能教室", "venue", ("children", "culture"), ("donor", "青山镇中心小学"), "新华社区", 2, "可容纳 60 人",
     "周末全天", "available", "需提前一周预约"),
    ("就业技能培训（家政、电商）", "department", ("employment",), ("", "青山镇劳动就业和社会保障服务所"), "", 5,
     "每期 30 人", "每年春、秋两期", "available", "培训合格可申请补贴"),
    ("“银龄安康”居家养老上门服务", "service_project", ("elderly", "disability"),
     ("", "清河县民政局（政府购买服务）"), "", 6, "每月上门 2 次", "全年", "available",
     "由清河县心语社会工作服务中心承接"),
]

# What happens to a need: a match with a resource (by name) or a project (by title), and how it ends.
R, P = "resource", "project"


@dataclass(frozen=True)
class DemoNeed:
    community: str
    category: str
    title: str
    holder: str  # "client:<name>", "group:<label>" or "community"
    people: int | None
    urgency: str
    source: str
    days_ago: int
    matches: tuple[tuple[str, str, str, str], ...] = ()  # (R|P, name, done|failed|active, outcome)
    closed: tuple[str, str] = ("", "")  # (solved|unsolvable, outcome)


N = DemoNeed
DEMO_NEEDS: list[DemoNeed] = [
    N("青山社区", "elderly", "独居老人家中电线老化，需要安全检查", "client:王桂英", 1, "high", "visit", 40,
      ((R, "独居老人用电安全检查", "done", "供电所志愿者上门更换插座和老化电线，隐患已消除"),),
      ("solved", "电线已更换，社工回访老人表示满意")),
    N("青山社区", "elderly", "高龄独居老人需要定期上门探访", "group:独居、空巢老人", 12, "medium", "survey", 75,
      ((R, "家庭医生上门随访", "active", ""),)),
    N("青山社区", "environment", "小区垃圾分类投放点不足，居民意见大", "community", None, "medium", "request", 20),
    N("青山社区", "disability", "残疾居民家中电器损坏，无力维修", "client:赵明", 1, "low", "case", 15),
    N("河滨社区", "children", "困境儿童放学后无人看护", "group:困境儿童", 6, "high", "visit", 50,
      ((R, "周末课业辅导与心理陪伴", "active", ""),)),
    N("河滨社区", "disability", "肢体残疾居民需要康复训练指导", "client:罗志刚", 1, "medium", "case", 30,
      ((R, "家庭医生上门随访", "active", ""),)),
    N("河滨社区", "environment", "码头街老旧楼道照明损坏", "community", None, "low", "request", 10),
    N("河滨社区", "elderly", "独居老人就医无人陪同", "client:黄玉珍", 1, "medium", "visit", 120,
      ((R, "家庭医生上门随访", "done", "卫生院家庭医生签约，每月上门随访一次"),),
      ("solved", "已签约家庭医生，复诊由社区志愿者陪同")),
    N("新华社区", "elderly", "高龄老人午餐难以解决", "group:80 岁以上独居老人", 15, "high", "survey", 90,
      ((P, "新华社区“幸福食堂”长者助餐服务", "active", ""),)),
    N("新华社区", "elderly", "行动不便的老人需要送餐上门", "client:钱文彬", 1, "high", "visit", 26,
      ((R, "长者助餐送餐上门", "active", ""),)),
    N("新华社区", "mediation", "楼上漏水引发邻里纠纷", "group:6 栋 2 单元两户居民", 2, "medium", "request", 25,
      ((R, "矛盾纠纷调解", "done", "调解员三次上门，双方签订调解协议，楼上住户负责维修"),),
      ("solved", "漏水已修复，双方关系缓和")),
    N("新华社区", "employment", "失业人员希望参加技能培训", "group:就业困难人员", 8, "medium", "request", 35,
      ((R, "就业技能培训（家政、电商）", "active", ""),)),
    N("新华社区", "children", "低保家庭子女需要课外辅导", "client:蒋浩然", 1, "low", "case", 18),
    N("石桥村", "children", "留守儿童暑期缺少看护", "group:留守儿童", 14, "high", "survey", 60,
      ((R, "周末课业辅导与心理陪伴", "failed", "服务队在河滨社区，路程太远，志愿者无法每周到村"),)),
    N("石桥村", "assistance", "独居老人房屋漏雨，需要修缮", "client:何翠兰", 1, "high", "visit", 160,
      ((R, "困难家庭危房修缮建材", "done", "企业捐赠瓦片和防水材料，村民志愿者帮助翻修屋顶"),),
      ("solved", "屋顶已翻修，雨季未再漏雨")),
    N("石桥村", "culture", "村民希望开展广场舞等文体活动", "community", None, "low", "survey", 70),
    N("双河村", "disability", "残疾村民出行需要轮椅", "client:单志强", 1, "medium", "case", 100,
      closed=("unsolvable", "已转介县残联，辅具适配需排队到明年，站内暂无可用资源")),
    N("双河村", "employment", "果蔬滞销，农户希望拓宽销售渠道", "group:种植户", 20, "medium", "request", 28),
    N("双河村", "assistance", "独居老人冬季取暖物资不足", "group:独居老人", 9, "high", "visit", 150,
      ((R, "爱心超市生活物资", "done", "发放棉被、电热毯和米面油各 9 份"),),
      ("solved", "物资已全部送到老人家中")),
    N("桂花村", "children", "留守儿童作业无人辅导", "group:留守儿童", 18, "medium", "survey", 80,
      ((P, "桂花村“四点半课堂”留守儿童课业陪伴", "active", ""),)),
    N("桂花村", "children", "留守儿童需要心理疏导", "client:蒋小雪", 1, "high", "case", 12),
    N("桂花村", "mediation", "两户村民宅基地边界纠纷", "group:四组两户村民", 2, "medium", "request", 110,
      ((R, "矛盾纠纷调解", "failed", "调解两次未达成一致"),),
      ("unsolvable", "双方坚持各自主张，已引导通过司法途径解决")),
    N("白云村", "elderly", "高龄老人需要助餐服务", "group:高龄老人", 7, "medium", "survey", 22),
    N("白云村", "employment", "残疾人家庭缺少就业门路", "client:杨秀梅", 1, "medium", "case", 55,
      ((R, "就业技能培训（家政、电商）", "active", ""),)),
    N("龙泉村", "culture", "文艺宣传队缺少排练场地", "group:龙泉村文艺宣传队", 14, "low", "request", 65,
      ((R, "镇中心小学多功能教室", "done", "小学周末开放多功能教室供排练"),),
      ("solved", "每周六上午在小学排练，已参加镇文艺汇演")),
    N("红岩村", "environment", "村内河沟垃圾堆积", "community", None, "medium", "visit", 8),
    N("柏林村", "elderly", "独居老人突发疾病无人知晓", "group:独居老人", 5, "high", "visit", 5),
    N("柏林村", "assistance", "因病致贫家庭需要临时救助", "group:因病致贫家庭", 1, "medium", "request", 95,
      closed=("unsolvable", "不符合临时救助条件，已告知申请大病医疗救助的途径")),
]


def _provider(session: Session, register: str, name: str) -> dict[str, str]:
    model = {"donor": Donor, "org": SocialOrg, "volunteer": Volunteer}.get(register)
    if model is None:
        return {"provider_name": name}
    found = session.scalar(select(model.id).where(model.name == name, model.deleted_at.is_(None)))
    key = {"donor": "donor_id", "org": "org_id", "volunteer": "volunteer_id"}[register]
    return {key: found} if found else {"provider_name": name}


def _holder(session: Session, demo: DemoNeed, community_id: str) -> dict[str, str]:
    kind, _sep, value = demo.holder.partition(":")
    if kind == "group":
        return {"holder": "group", "group_label": value}
    client = session.scalar(select(Client.id).where(Client.name == value, Client.community_id == community_id,
                                                    Client.deleted_at.is_(None))) if kind == "client" else None
    return {"holder": "client", "client_id": client} if client else {"holder": "community"}


def _target(session: Session, kind: str, name: str) -> dict[str, str]:
    if kind == R:
        found = session.scalar(select(Resource.id).where(Resource.name == name, Resource.deleted_at.is_(None)))
        return {"resource_id": found} if found else {}
    found = session.scalar(select(Project.id).where(Project.title == name, Project.deleted_at.is_(None),
                                                    Project.status.in_(matching.MATCHABLE_PROJECTS)))
    return {"project_id": found} if found else {}


def _follow(session: Session, need_id: str, demo: DemoNeed, found_on: date, today: date) -> None:
    """The demo need's matches and closing, spread over the days since it was found."""
    day = found_on
    for kind, name, status, outcome in demo.matches:
        target = _target(session, kind, name)
        if not target:
            continue
        day = min(today, day + timedelta(days=3))
        match = matching.record_match(session, need_id, **target, reason="社工根据需求类别和服务范围推荐", on=day)
        if status == "active":
            matching.update_match(session, match, "已电话联系对方，约定本月内上门了解情况")
            continue
        day = min(today, day + timedelta(days=max(1, demo.days_ago // 3)))
        matching.close_match(session, match, status, outcome, on=day)
    status, outcome = demo.closed
    if status:
        needs.close_need(session, need_id, status, outcome, on=min(today, day + timedelta(days=2)))


def fill_needs(db: Database, _password: str) -> int:
    """The demo resources and needs not there yet, with the matches of the needs it adds."""
    today = date.today()
    added = 0
    paused: list[tuple[str, str]] = []
    with db.write() as session:
        places = {c.name: c.id for c in session.scalars(select(Community).where(Community.deleted_at.is_(None)))}
        have = set(session.scalars(select(Resource.name).where(Resource.deleted_at.is_(None))))
        for name, kind, categories, (register, provider), place, capacity, note, when, status, notes in DEMO_RESOURCES:
            if name in have:
                continue
            # Added available: a paused one is paused once the needs it answered before are in.
            made = resources.add_resource(session, ResourceInput(
                name, kind, categories, **_provider(session, register, provider), community_id=places.get(place),
                capacity=capacity, capacity_note=note, availability=when, contact="青山镇社会工作服务站 023-48612345",
                notes=notes))
            if status != "available":
                paused.append((made, status))
            added += 1
        have = set(session.scalars(select(Need.title).where(Need.deleted_at.is_(None))))
        for demo in DEMO_NEEDS:
            if demo.title in have or demo.community not in places:
                continue
            found_on = today - timedelta(days=demo.days_ago)
            need_id = needs.add_need(session, NeedInput(
                places[demo.community], demo.category, demo.title, **_holder(session, demo, places[demo.community]),
                people=demo.people, urgency=demo.urgency, source=demo.source, found_on=found_on))
            _follow(session, need_id, demo, found_on, today)
            added += 1
        for resource_id, status in paused:
            data = resources.resource_input(session, resource_id)
            data.status = status
            resources.update_resource(session, resource_id, data)
    return added
