from desktop.domain.pinyin import search_key, sort_key


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
