"""What the county-scale benchmarks share to load their data: people's names with a plausible spread of
surnames, resident ID numbers and mobiles, time-ordered ids and HLC stamps per day, a check that the
columns a generator writes are the table's, and a bulk load with sqlite3 ``executemany`` with the
tables' secondary indexes dropped and rebuilt from their own DDL, as a bulk load does."""

from __future__ import annotations

import random
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

from desktop.domain.hlc import pack
from desktop.domain.identity import make_resident_id
from desktop.storage.base import Base

CHUNK = 50_000  # rows per executemany
DAY_MS = 86_400_000
EPOCH = date(1970, 1, 1).toordinal()

# Surnames with their rough share in 10,000 people, polyphonic ones (曾 单 解 仇 查 区 朴) and compound ones included.
SURNAMES = {surname: int(share) for surname, share in re.findall(r"([^\d\s]+)(\d+)", (
    "王710 李700 张670 刘540 陈450 杨310 黄220 赵220 吴200 周190 徐160 孙150 马140 朱130 胡130 郭110 何110 高100 "
    "林100 罗90 郑90 梁80 谢80 宋70 唐70 许60 韩60 冯60 邓60 曹60 彭50 曾50 肖50 田50 董50 袁40 潘40 于40 蒋40 "
    "蔡40 余40 杜40 叶40 程40 苏30 魏30 吕30 丁30 任30 沈30 姚30 卢30 姜30 崔30 钟30 谭30 陆30 汪30 范30 金30 "
    "石30 廖30 贾30 夏30 韦20 付20 方20 白20 邹20 孟20 熊20 秦20 邱20 江20 尹20 薛20 段20 雷20 侯20 龙20 史20 "
    "陶20 黎20 贺20 顾20 毛20 郝20 龚20 邵20 万20 覃10 单8 解6 仇4 查5 区2 朴2 欧阳6 司马2 诸葛1 上官1"))}
GIVEN_NAMES = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 辉 鑫 宇 浩 斌 健 亮 林 波 宁 婷 雪 琳 颖 倩 慧 燕 玲 "
    "萍 红 兰 梅 华 英 飞 鹏 凯 峰 昊 阳 毅 俊 帆 秀英 桂英 建华 建国 建军 志强 志明 秀兰 玉兰 桂兰 凤英 丽娟 晓燕 "
    "海燕 春梅 红梅 佳慧 佳怡 子涵 浩然 宇轩 欣怡 梓涵 雨桐 一诺 思琪 晓明 文静 丽华 国庆 国强 德华 淑华 桂芳 "
    "秀珍 金凤 玉梅 家豪 俊杰 婷婷 丹丹 晓东 晓丽 红霞 永福 永强 小燕 小红 小明 晨曦 嘉怡 静怡 雅琪 紫涵 梦瑶 "
    "俊熙 子轩 浩宇 博文 天佑 明轩 嘉豪 佳琪 家乐 国华 建平 建伟 建新 志刚 志勇 卫东 卫国 红英 淑英 淑珍 秀芳 "
    "秀梅 春燕 海峰 海涛 晓峰 晓军 立新 立军 金花 春花 德明 德胜 长青 长春 玉珍 玉华 光明 光荣 利民 新民 振华"
).split()
DIVISIONS = ("500112", "500113", "500114", "500115", "500222")  # none is the demo's 500110
MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180",
                   "182", "186", "187", "188", "189", "199")


class Day:
    """One day's ids and HLC stamps of the rows written on it: a UUIDv7 and a stamp of 9 o'clock that
    morning, then a counter (formatting a fresh UUID per row would double the build)."""

    def __init__(self, ordinal: int, rng: random.Random) -> None:
        self.iso = date.fromordinal(ordinal).isoformat()
        self.stamp = f"{self.iso} 09:00:00.000000"  # a DateTime as SQLAlchemy stores it on SQLite
        ms = (ordinal - EPOCH) * DAY_MS + 9 * 3_600_000
        text = f"{ms:012x}7{rng.getrandbits(12):03x}{0x8000 | rng.getrandbits(14):04x}"
        self._prefix = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-"
        self._hlc = pack(ms, 0)
        self._count = 0

    def next(self) -> tuple[str, int]:
        """A new (id, hlc), after every earlier one of the day."""
        self._count += 1
        return f"{self._prefix}{self._count:012x}", self._hlc + self._count


class Days(dict[int, Day]):
    """The ``Day`` of each ordinal, made when first asked for."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self._rng = rng

    def __missing__(self, ordinal: int) -> Day:
        self[ordinal] = Day(ordinal, self._rng)
        return self[ordinal]


def names(rng: random.Random, n: int) -> list[str]:
    picked = rng.choices(list(SURNAMES), weights=list(SURNAMES.values()), k=n)
    return [surname + rng.choice(GIVEN_NAMES) for surname in picked]


def resident_id(rng: random.Random, birth: date, male: bool, used: set[str]) -> str:
    """A valid resident ID number for this birth date and sex that is not in ``used`` (and now is)."""
    number = ""
    while not number or number in used:
        number = make_resident_id(rng.choice(DIVISIONS), birth, rng.randrange(100), male)
    used.add(number)
    return number


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def serials(numbers: Iterable[str]) -> Counter[int]:
    """The highest serial of each year among numbers such as V-2026-0031 or 个案-2026-0031 (2026 → 31)."""
    highest: Counter[int] = Counter()
    for number in numbers:
        _prefix, year, serial = number.split("-")
        highest[int(year)] = max(highest[int(year)], int(serial))
    return highest


def columns(model: type[Base], varying: tuple[str, ...], same: dict[str, object]) -> tuple[str, ...]:
    """``varying``, once checked that with ``same`` they are every column of ``model``'s table: a column
    renamed or added in the models stops the load here rather than leaving it to a default."""
    have = set(model.__table__.columns.keys())
    given = [*varying, *same]
    if sorted(given) != sorted(have):
        raise AssertionError(f"{model.__tablename__}: the generator writes {sorted(set(given) - have)} "
                             f"that the table lacks and leaves out {sorted(have - set(given))}")
    return varying


def insert(conn: sqlite3.Connection, table: str, varying: tuple[str, ...], rows: Iterable[tuple],
           **same: object) -> None:
    """``rows`` give the ``varying`` columns; those in ``same`` have one value for every row, written into
    the statement, since binding costs as much per value as the rest of the insert."""
    literals = ["NULL" if v is None else "'" + str(v).replace("'", "''") + "'" for v in same.values()]
    conn.executemany(f"INSERT INTO {table} ({', '.join((*varying, *same))}) "
                     f"VALUES ({', '.join(['?'] * len(varying) + literals)})", rows)


@contextmanager
def bulk_load(path: Path, tables: Iterable[str]) -> Iterator[sqlite3.Connection]:
    """A connection to the closed station file at ``path`` in one transaction, with the secondary indexes
    of ``tables`` dropped until the block ends, then rebuilt from their DDL; the file left in WAL mode."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        # No journal while loading a scratch file: a failed build is thrown away, not rolled back.
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;")
        listed = ", ".join("?" * len(tables := list(tables)))
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                               f"tbl_name IN ({listed})", tables).fetchall()
        conn.execute("BEGIN")
        for name, _sql in indexes:
            conn.execute(f"DROP INDEX {name}")
        yield conn
        for _name, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
