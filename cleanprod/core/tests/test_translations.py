"""The Simplified Chinese catalog is complete, well-formed, current and actually used.

No database: these tests read locale/ and the source tree, and compile the catalogs (.mo files
are not committed) before checking a translation at run time.
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

ROOT = Path(settings.BASE_DIR)
ZH_PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [ROOT / "cleanprod", ROOT / "config"]

# %(name)s / %(n)d / %s / %d (after dropping "%%") and str.format fields {name} / {0} / {}.
PLACEHOLDER_RE = re.compile(
    r"%\(\w+\)[#0 +\-]*\d*(?:\.\d+)?[sdifrx]|%[#0 +\-]*\d*(?:\.\d+)?[sdifrx]|\{\w*\}"
)

# Template tags: {% translate "…" %} / {% trans '…' %} (context and noop variants skipped),
# and single-line {% blocktranslate %}…{% endblocktranslate %} blocks.
TRANSLATE_TAG_RE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msg>(?:(?!(?P=q))[^\\\n])*)(?P=q)"""
    r"""(?P<rest>[^%\n]*)%\}"""
)
BLOCK_TAG_RE = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<opts>[^%\n]*)%\}(?P<body>[^\n]*?)"
    r"\{%\s*endblocktrans(?:late)?\s*%\}"
)
TEMPLATE_VAR_RE = re.compile(r"\{\{\s*(\w+)\s*\}\}")

# Python calls of _, gettext, gettext_lazy or gettext_noop with one plain literal.
# A literal with a backslash, or followed by another literal (implicit concatenation), is
# not matched: the regex requires the closing parenthesis right after the first literal.
PY_CALL_RE = re.compile(
    r"""(?<![\w.])(?:_|gettext|gettext_lazy|gettext_noop)\(\s*"""
    r"""(?P<q>["'])(?P<msg>(?:(?!(?P=q))[^\\\n])*)(?P=q)\s*,?\s*\)"""
)
PY_NCALL_RE = re.compile(
    r"""(?<![\w.])ngettext(?:_lazy)?\(\s*"""
    r"""(?P<q1>["'])(?P<one>(?:(?!(?P=q1))[^\\\n])*)(?P=q1)\s*,\s*"""
    r"""(?P<q2>["'])(?P<many>(?:(?!(?P=q2))[^\\\n])*)(?P=q2)\s*,"""
)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER_RE.findall(text.replace("%%", "")))


def _sample_args(entry: polib.POEntry) -> dict[str, int] | tuple[int, ...]:
    names = re.findall(r"%\((\w+)\)", entry.msgid + (entry.msgid_plural or ""))
    if names:
        return dict.fromkeys(names, 1)
    positional = re.findall(r"%[#0 +\-]*\d*(?:\.\d+)?[sdifrx]", entry.msgid.replace("%%", ""))
    return (1,) * len(positional)


def catalog_problems(po: polib.POFile) -> list[str]:
    """One line per entry that is untranslated, fuzzy, or whose placeholders do not match."""
    problems: list[str] = []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{entry.linenum}: {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        if entry.msgid_plural:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            translations = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        if not translations or not all(t.strip() for t in translations):
            problems.append(f"{where} is untranslated")
            continue
        for text in translations:
            found = placeholders(text)
            if found != expected:
                problems.append(
                    f"{where}: placeholders {sorted(found)} in {text!r}, "
                    f"expected {sorted(expected)}"
                )
            elif "python-format" in entry.flags:
                try:
                    text % _sample_args(entry)
                except (TypeError, ValueError, KeyError) as exc:
                    problems.append(f"{where}: {text!r} does not format ({exc})")
    return problems


def _source_files(suffix: str) -> Iterator[Path]:
    this_file = Path(__file__).resolve()
    for base in SOURCE_DIRS:
        for path in sorted(base.rglob(f"*{suffix}")):
            skipped = {"node_modules", "vendor"} & set(path.parts)
            if not skipped and path.resolve() != this_file:  # this file's examples are fake
                yield path


def template_msgids(text: str) -> set[str]:
    found: set[str] = set()
    for m in TRANSLATE_TAG_RE.finditer(text):
        rest = m["rest"].split()
        if "context" in rest or "noop" in rest:
            continue
        found.add(m["msg"].replace("%", "%%"))
    for m in BLOCK_TAG_RE.finditer(text):
        opts = m["opts"].split()
        if {"count", "context"} & set(opts) or "{%" in m["body"]:
            continue
        body = m["body"].strip() if "trimmed" in opts else m["body"]
        body = TEMPLATE_VAR_RE.sub(lambda v: f"\0{v[1]}\1", body).replace("%", "%%")
        found.add(body.replace("\0", "%(").replace("\1", ")s"))
    return found


def python_msgids(text: str) -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = {m["msg"] for m in PY_CALL_RE.finditer(text)}
    found |= {(m["one"], m["many"]) for m in PY_NCALL_RE.finditer(text)}
    return found


@pytest.fixture(scope="module")
def zh_catalog() -> polib.POFile:
    assert ZH_PO.exists(), f"{ZH_PO} is missing: run `make messages`"
    return polib.pofile(str(ZH_PO))


@pytest.fixture(scope="module")
def compiled_catalogs() -> None:
    """Compile the .po files (the .mo files are not committed) and drop every cached catalog,
    so a catalog loaded earlier in the session, before compiling, is read again."""
    call_command("compile_catalogs")
    # What django.test.signals does when LOCALE_PATHS changes.
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()
    getattr(gettext_module, "_translations", {}).clear()


def test_catalog_header_is_chinese(zh_catalog: polib.POFile) -> None:
    assert zh_catalog.metadata.get("Language") == "zh_Hans"
    assert zh_catalog.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert not zh_catalog.metadata_is_fuzzy


def test_every_entry_is_translated_with_matching_placeholders(zh_catalog: polib.POFile) -> None:
    problems = catalog_problems(zh_catalog)
    assert not problems, f"{len(problems)} problem(s) in {ZH_PO}:\n" + "\n".join(problems)


def test_placeholder_check_catches_mistakes() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Welcome, %(name)s", msgstr="欢迎您", flags=["python-format"]))
    po.append(polib.POEntry(msgid="Row %(row)s", msgstr="第%(line)s行", flags=["python-format"]))
    po.append(polib.POEntry(msgid="Sign in", msgstr="登录", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Sign out", msgstr=""))
    po.append(polib.POEntry(msgid="{n} rows", msgstr="行"))
    po.append(polib.POEntry(msgid="Ten %(p)d%%", msgstr="百分之%(p)d%", flags=["python-format"]))
    problems = catalog_problems(po)
    assert len(problems) == 6, problems


def test_catalog_is_not_stale(zh_catalog: polib.POFile) -> None:
    """Every simple literal marked in templates or code is a msgid: `make messages` was run."""
    msgids = {e.msgid for e in zh_catalog if not e.obsolete and not e.msgctxt}
    plurals = {(e.msgid, e.msgid_plural) for e in zh_catalog if e.msgid_plural}
    missing: list[str] = []
    for path in _source_files(".html"):
        for msgid in template_msgids(path.read_text(encoding="utf-8")):
            if msgid not in msgids:
                missing.append(f"{path.relative_to(ROOT)}: {msgid!r}")
    for path in _source_files(".py"):
        for msgid in python_msgids(path.read_text(encoding="utf-8")):
            if msgid not in (plurals if isinstance(msgid, tuple) else msgids):
                missing.append(f"{path.relative_to(ROOT)}: {msgid!r}")
    assert not missing, (
        "Not in the catalog (run `make messages`, translate, then `make messages-compile`):\n"
        + "\n".join(sorted(missing))
    )


def test_scanner_finds_known_strings() -> None:
    """Guards the regexes above: a scanner that finds nothing would make the stale check vacuous."""
    html = (
        '{% translate "Sign in" %} {% trans \'Sign out\' %} {% translate "x" context "menu" %}'
        "{% blocktranslate with name=user %}Welcome, {{ name }}{% endblocktranslate %}"
    )
    assert template_msgids(html) == {"Sign in", "Sign out", "Welcome, %(name)s"}
    code = 'label=_("Home")\nx = gettext_lazy(\'Regions\')\ny = _("a" "b")\nz = _("q\\"")\n'
    assert python_msgids(code) == {"Home", "Regions"}


def test_chinese_is_served_at_run_time(compiled_catalogs: None) -> None:
    with translation.override("zh-hans"):
        signed_in = translation.gettext("Sign in")
        trail = translation.gettext("Security trail")
    assert signed_in != "Sign in"
    assert signed_in == "登录"
    assert trail == "安全审计日志"
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"


# `from django.utils.translation import gettext_lazy as _lazy`: xgettext (makemessages) knows
# only the usual names, so strings marked through any other alias never reach the catalog and
# show in English (this happened to the expert pool's action buttons).
ALIAS_RE = re.compile(
    r"from django\.utils\.translation import [^\n]*\b(?:n|p|np)?gettext(?:_lazy|_noop)?"
    r" as (?!_\b)(\w+)"
)


def test_no_module_marks_strings_through_an_alias_makemessages_ignores() -> None:
    aliased = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted(p for base in SOURCE_DIRS for p in base.rglob("*.py"))
        if "tests" not in path.parts
        for name in ALIAS_RE.findall(path.read_text(encoding="utf-8"))
    ]
    assert not aliased, aliased
