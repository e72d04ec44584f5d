"""Unified social credit code (统一社会信用代码, GB 32100-2015): normalising and checking.

18 characters from the 31-symbol alphabet (no I, O, Z, S, V): registration authority (1),
organisation category (1), division code of the registering authority (6), organisation code
(9), check character (1). The authority may be a letter (A 军队编制, N 农业, Y 其他), which
python-stdnum's validator refuses; this one accepts it.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, …


def normalise(raw: str) -> str:
    """Trim, turn full-width characters half-width, upper-case, drop inner spaces."""
    return unicodedata.normalize("NFKC", raw or "").replace(" ", "").strip().upper()


def check_character(first17: str) -> str:
    total = sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problems(code: str) -> list[str]:
    """What is wrong with an already normalised code, as translated sentences (empty = valid).
    Wrong length, illegal characters and a wrong check character are told apart."""
    if len(code) != 18:
        return [_("A credit code has 18 characters; this one has %(n)d.") % {"n": len(code)}]
    illegal = sorted({c for c in code if c not in VALUES})
    if illegal:
        return [
            _(
                "Characters not allowed in a credit code: %(chars)s (I, O, Z, S and V are "
                "never used)."
            )
            % {"chars": " ".join(illegal)}
        ]
    expected = check_character(code[:17])
    if code[17] != expected:
        return [
            _("The check character should be %(expected)s, not %(found)s.")
            % {"expected": expected, "found": code[17]}
        ]
    return []


def is_valid(raw: str) -> bool:
    return not problems(normalise(raw))


def make_code(first17: str) -> str:
    """Complete 17 characters with their check character (for tests and synthetic data)."""
    return first17 + check_character(first17)
