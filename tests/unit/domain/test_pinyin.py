from desktop.domain.pinyin import sort_key


def test_names_sort_in_pinyin_order() -> None:
    names = ["双河村", "新华社区", "柏林村", "石桥村", "青山社区", "白云村", "河滨社区"]
    assert sorted(names, key=sort_key) == ["白云村", "柏林村", "河滨社区", "青山社区", "石桥村", "双河村", "新华社区"]


def test_syllables_compare_before_letters_run_on() -> None:
    # 西安 (xi an) is two syllables and sorts before 先 (xian), as in a dictionary.
    assert sort_key("西安村") < sort_key("先锋村")


def test_equal_readings_are_still_distinct() -> None:
    assert sort_key("石桥村") != sort_key("时桥村")
    assert sort_key("Abc") < sort_key("abd")
