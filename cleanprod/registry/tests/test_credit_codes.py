"""GB 32100-2015 credit codes: the check character, letter authorities, clear reasons."""

import pytest
from django.utils import translation

from cleanprod.registry.credit_codes import is_valid, make_code, normalise, problems


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",  # the standard's example
        "91370303MA3C8K2L0B",
        make_code("N2370303MA3C8K2L0"),  # agricultural authority (letter N)
        make_code("Y1110000500000001"),  # "other" authority (letter Y)
        make_code("A1100000MB1234567"),
    ],
)
def test_valid_codes_pass_including_letter_authorities(code):
    assert is_valid(code), problems(code)


def test_full_width_and_lower_case_input_is_normalised():
    assert normalise(" ９１１１００００６０００３７３４１ｌ ") == "91110000600037341L"
    assert is_valid("91110000600037341l")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("9111000060003734", "18 characters"),
        ("91110000600037341I", "not allowed"),
        ("91110000600037341O", "not allowed"),
        ("91110000600037341M", "should be L"),
    ],
)
def test_each_kind_of_mistake_has_its_own_reason(code, reason):
    with translation.override("en"):
        assert reason in problems(code)[0]


def test_the_reasons_speak_chinese_by_default():
    with translation.override("zh-hans"):
        assert "L" in problems("91110000600037341M")[0]
        assert problems("91110000600037341M")[0] != "The check character should be L, not M."
