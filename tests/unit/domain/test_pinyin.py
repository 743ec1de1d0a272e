import random
import re

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT

from desktop.domain.pinyin import person_keys, pinyin_keys, search_key, sort_key


def test_names_sort_in_pinyin_order() -> None:
    names = ["双河村", "新华社区", "柏林村", "石桥村", "青山社区", "白云村", "河滨社区"]
    assert sorted(names, key=sort_key) == ["白云村", "柏林村", "河滨社区", "青山社区", "石桥村", "双河村", "新华社区"]


def test_syllables_compare_before_letters_run_on() -> None:
    # 西安 (xi an) is two syllables and sorts before 先 (xian), as in a dictionary.
    assert sort_key("西安村") < sort_key("先锋村")


def test_equal_readings_are_still_distinct() -> None:
    assert sort_key("石桥村") != sort_key("时桥村")
    assert sort_key("Abc") < sort_key("abd")


def test_search_key_has_initials_and_full_pinyin() -> None:
    assert search_key("张三") == "zs zhangsan"
    assert search_key("") == ""


def test_every_reading_of_a_polyphonic_surname_is_indexed() -> None:
    assert {"dxm", "sxm"} <= set(search_key("单小明").split())
    assert {"zgq", "cgq"} <= set(search_key("曾国强").split())


def test_variants_grow_with_the_length_not_exponentially() -> None:
    assert len(search_key("乐" * 12).split()) <= 2 + 12


def test_latin_and_digits_are_kept_lower_case() -> None:
    assert search_key("Li Lei 李雷").split()[-1] == "lileililei"
    assert "qsz1h" in search_key("青山镇-1号")


ASCII_WORD = re.compile("[A-Za-z0-9]+")


def whole_text_keys(text: str) -> tuple[str, str]:
    """Both keys from pypinyin's readings of the whole text in one call each, as before segments were cached."""
    syllables = lazy_pinyin(text, style=Style.NORMAL)
    readings = pinyin(text, style=Style.NORMAL, heteronym=True)

    def initials(reading: str) -> str:
        return "".join(word[0].lower() for word in ASCII_WORD.findall(reading))

    default = [initials(s) for s in syllables]
    variants = {"".join(default)}
    if len(readings) == len(syllables):
        for i, choices in enumerate(readings):
            variants |= {"".join([*default[:i], initials(r), *default[i + 1:]]) for r in choices[1:]}
    variants.discard("")
    full = "".join(word.lower() for s in syllables for word in ASCII_WORD.findall(s))
    search = " ".join(sorted(variants) + ([full] if full not in variants else []))
    return " ".join(s.strip().lower() for s in syllables) + "\x1f" + text, search


def test_cached_segments_give_the_keys_of_the_whole_text() -> None:
    """Names, phrases run together, several readings, Latin, digits, punctuation, rare characters."""
    rng = random.Random(2026)
    phrases = rng.sample(sorted(PHRASES_DICT), 400)
    characters = "王单曾乐重长行朝解区查仇盖尉迟青山镇社区广场舞队石桥村夕阳红〇𠮷㐀Li Lei-1号１２ａ,。、·（）\u3000 "
    texts = ["", " ", "单小明", "重庆市长寿区", "乐" * 12, "银行行长", *phrases]
    texts += ["".join(rng.choices(characters, k=rng.randint(1, 14))) for _ in range(1500)]
    texts += ["".join(rng.sample(phrases, 2)) + rng.choice(["", "（3）", " A座", "二组"]) for _ in range(500)]
    for text in texts:
        assert pinyin_keys(text) == (sort_key(text), search_key(text)) == whole_text_keys(text), text


def test_a_person_sorts_and_is_found_by_the_surname_reading() -> None:
    names = ["张三", "曾建华", "陈明", "单小明", "邓丽", "欧阳秀英", "石磊"]
    assert sorted(names, key=lambda n: person_keys(n)[0]) == ["陈明", "邓丽", "欧阳秀英", "单小明", "石磊", "曾建华", "张三"]
    assert person_keys("曾建华")[0].startswith("zeng jian hua")
    for name, typed in [("曾建华", "zjh"), ("曾建华", "cjh"), ("曾建华", "zengjianhua"), ("单小明", "sxm"),
                        ("单小明", "dxm"), ("尉迟恭", "ycg"), ("欧阳秀英", "oyxy")]:
        assert typed in person_keys(name)[1], (name, typed)


def test_a_name_without_a_special_surname_keeps_its_keys() -> None:
    for name in ["张三", "青山社区", "", "Li Lei", "王单"]:
        assert person_keys(name) == pinyin_keys(name)
