"""The shortcut for ID numbers written in plain ASCII letters and digits gives what the full folding
(NFKC, spaces and hyphens dropped, upper case) gives, and only ASCII digits count as digits."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.id_documents import tidy_id_text
from desktop.domain.identity import _is_digits

SPACES = re.compile(r"[\s-]+")
ID_LIKE = st.text(alphabet=st.sampled_from("0123456789xX -４２Ｘ\u3000²٣ab"), max_size=20)


@settings(max_examples=500, deadline=None)
@given(st.one_of(ID_LIKE, st.text(max_size=20)))
def test_tidy_text_is_the_full_folding(text: str) -> None:
    assert tidy_id_text(text) == SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


@settings(max_examples=500, deadline=None)
@given(st.one_of(ID_LIKE, st.text(max_size=20)))
def test_digits_are_ascii_digits_only(text: str) -> None:
    assert _is_digits(text) == (re.fullmatch(r"[0-9]+", text) is not None)


def test_full_width_and_other_scripts_digits_are_not_digits() -> None:
    assert not _is_digits("４２０１")
    assert not _is_digits("٣")  # Arabic-Indic three
    assert not _is_digits("²")
    assert not _is_digits("")
    assert _is_digits("0420")
