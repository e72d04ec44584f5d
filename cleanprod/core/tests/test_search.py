"""Search tokens: what a row and a query tokenise to, and the filter on both databases."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection, models
from django.db.migrations.writer import OperationWriter

from cleanprod.core.search import (
    MAX_QUERY_TOKENS,
    gin_index_operation,
    gin_index_sql,
    query_tokens,
    search_filter,
    tokens,
    vector_column_operation,
    vector_statistics_operation,
)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tsvector and GIN on PostgreSQL"
)


class Place(models.Model):
    """A throwaway table holding a search_tokens column, kept out of the app registry."""

    name = models.CharField(max_length=200)
    credit_code = models.CharField(max_length=18, default="")
    search_tokens = models.TextField(default="")

    class Meta:
        apps = Apps()
        app_label = "core"
        db_table = "core_search_test_place"
        managed = False

    def __str__(self) -> str:
        return self.name


TABLE = Place._meta.db_table
INDEX = "core_search_test_place_tokens_gin"
VECTOR = "search_vector"
VECTOR_INDEX = "core_search_test_place_vector_gin"

ROWS = {
    "jiangsu": ("江苏电镀有限公司", "91320583MA1N2B3C4D"),
    "zhangdian": ("淄博市张店区电镀厂", "91370303MA3C8XYZ1Q"),
    "huawei": ("华为（淄博）2024项目部", "91370300MA3D9ABC2X"),
    "zhenjiang": ("镇江化工厂", "91321100123456789K"),
    "electronics": ("苏电电子科技有限公司", "91320500MA1ABCDE9F"),
    "symbols": ("A&B|C 检测站", ""),
}


def place(name: str, code: str = "") -> Place:
    return Place(name=name, credit_code=code, search_tokens=tokens(name, code))


def make_names(count: int) -> list[str]:
    """Deterministic registry-like names; only every 100th one holds 电镀."""
    regions = ["江苏", "山东省淄博市", "张店区", "南京", "苏州市吴中区", "广东", "深圳市"]
    trades = ["化工", "纺织印染", "造纸", "制药", "金属表面处理", "新材料科技", "ABC环保"]
    suffixes = ["有限公司", "股份有限公司", "厂", "有限责任公司（分公司）"]
    names = []
    for i in range(count):
        trade = "电镀" if i % 100 == 0 else trades[i % len(trades)]
        names.append(f"{regions[i % len(regions)]}{trade}{suffixes[i % len(suffixes)]}{i}号")
    return names


@pytest.fixture(scope="module")
def place_table(django_db_setup: None, django_db_blocker: Any) -> Iterator[type[Place]]:
    """The table exists for this module; each test's rows roll back with its transaction."""
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Place)
        try:
            yield Place
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Place)


@pytest.fixture
def places(place_table: type[Place], db: None) -> dict[str, Place]:
    rows = {key: place(name, code) for key, (name, code) in ROWS.items()}
    Place.objects.bulk_create(rows.values())
    return rows


def found(query: str, **kwargs: Any) -> set[str]:
    keys = {name: key for key, (name, _) in ROWS.items()}
    return {
        keys[n]
        for n in search_filter(Place.objects.all(), query, **kwargs).values_list("name", flat=True)
    }


# --- tokens ---------------------------------------------------------------------------------


def test_a_han_run_gives_its_bigrams_and_its_last_character():
    assert tokens("江苏电镀") == " 江苏 苏电 电镀 镀 "
    assert tokens("厂") == " 厂 "


def test_punctuation_separates_runs_and_is_dropped():
    assert tokens("中国石化（北京）") == " 中国 国石 石化 化 北京 京 "
    assert tokens("A&B|C 检测站") == " a b c 检测 测站 站 "
    assert tokens("!!! ，。、") == ""


def test_full_width_and_upper_case_normalise_to_half_width_lower_case():
    assert tokens("ＡＢＣ　１２３") == tokens("abc 123") == " abc 123 "
    assert tokens("ISO９００１") == tokens("iso9001")


def test_a_latin_word_gives_itself_and_its_prefixes_from_three_characters():
    assert tokens("ISO9001").split() == ["iso9001", "iso", "iso9", "iso90", "iso900"]
    assert tokens("ab c").split() == ["ab", "c"]


def test_a_credit_code_gives_itself_and_its_prefixes_up_to_ten_characters():
    assert tokens("91370303MA3C8XYZ1Q").split() == [
        "91370303ma3c8xyz1q",
        "913",
        "9137",
        "91370",
        "913703",
        "9137030",
        "91370303",
        "91370303m",
        "91370303ma",
    ]


def test_han_and_latin_in_one_text_split_into_separate_runs():
    assert tokens("华为P40手机") == " 华为 为 p40 手机 机 "


def test_tokens_of_several_texts_are_deduplicated_in_order_and_none_is_skipped():
    assert tokens("电镀", None, "", "电镀厂") == " 电镀 镀 镀厂 厂 "
    assert tokens() == tokens(None) == ""


# --- query_tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("电镀", ["电镀"]),
        ("江苏电镀", ["江苏", "苏电", "电镀"]),
        ("镀", ["镀"]),
        ("华为 2024", ["华为", "2024"]),
        ("华为2024", ["华为", "2024"]),
        ("９１３７０３０３ＭＡ", ["91370303ma"]),
        ("电镀，电镀", ["电镀"]),
        ("a & b | !c :*", ["a", "b", "c"]),
        ("'); --", []),
        ("", []),
    ],
)
def test_a_query_tokenises_to_the_tokens_a_row_must_all_hold(query: str, expected: list[str]):
    assert query_tokens(query) == expected


def test_every_han_stretch_of_a_name_finds_the_name():
    # given
    names = make_names(300)
    for name in names:
        row = set(tokens(name).split())
        # when: any contiguous stretch of two or more characters, as typed in a search box
        stretches = (name[i:j] for i, j in itertools.combinations(range(len(name) + 1), 2))
        # then
        for stretch in stretches:
            if len(stretch) > 1 and all("\u4e00" <= c <= "\u9fff" for c in stretch):
                assert set(query_tokens(stretch)) <= row, (name, stretch)


def test_a_long_query_uses_only_the_first_tokens():
    assert len(query_tokens("".join(chr(0x4E00 + i) for i in range(100)))) == MAX_QUERY_TOKENS


# --- search_filter, on both databases -------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("电镀", {"jiangsu", "zhangdian"}),  # a two-character word
        ("江苏电镀", {"jiangsu"}),  # every bigram; electronics holds 苏电 only
        ("张店 电镀", {"zhangdian"}),
        ("镀", {"jiangsu", "zhangdian"}),  # one character: the start of a bigram
        ("厂", {"zhangdian", "zhenjiang"}),  # one character: the end of a run
        ("913703", {"zhangdian", "huawei"}),  # credit code prefixes
        ("91370303", {"zhangdian"}),
        ("91370303ma3c", {"zhangdian"}),  # longer than the indexed prefixes
        ("９１３７０３０３ＭＡ３Ｃ８ＸＹＺ１Ｑ", {"zhangdian"}),  # the full code, full-width
        ("华为 2024", {"huawei"}),
        ("c", {"symbols"}),  # a one-letter word matches whole words only
        ("造纸", set()),
        ("91370399", set()),
        ("江苏造纸", set()),
    ],
)
def test_a_row_matches_when_it_holds_every_query_token(
    places: dict[str, Place], query: str, expected: set[str]
):
    assert found(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a & b | !c :*", {"symbols"}),  # words a, b and c, not an OR or a NOT
        ("!电镀", {"jiangsu", "zhangdian"}),
        ("电镀:*", {"jiangsu", "zhangdian"}),
        ("'电镀' | '造纸'", set()),
        ("'); DROP TABLE core_search_test_place; --", set()),
        ("\\' \"", set()),
    ],
)
def test_query_syntax_in_the_search_box_is_plain_text(
    places: dict[str, Place], query: str, expected: set[str]
):
    assert found(query) == expected
    assert Place.objects.count() == len(ROWS)


def test_an_empty_query_leaves_the_queryset_unchanged(places: dict[str, Place]):
    # given
    everything = Place.objects.all()
    # when
    result = search_filter(everything, "  ")
    # then
    assert result is everything


def test_a_query_without_tokens_falls_back_to_icontains_or_finds_nothing(
    places: dict[str, Place],
):
    assert found("（", fallback_fields=("name", "credit_code")) == {"huawei"}
    assert found("|", fallback_fields=("name",)) == {"symbols"}
    assert found("（") == set()


def test_the_index_operation_does_nothing_off_postgresql():
    # given
    executed: list[str] = []
    editor = SimpleNamespace(
        connection=SimpleNamespace(vendor="sqlite"),
        execute=lambda sql, params=None: executed.append(sql),
        quote_name=connection.ops.quote_name,
    )
    operation = gin_index_operation(TABLE, "search_tokens", INDEX)
    # when
    operation.code(None, editor)
    operation.reverse_code(None, editor)
    # then
    assert executed == []
    assert operation.reversible


def test_the_index_operation_can_be_written_into_a_migration_file():
    # when
    text, imports = OperationWriter(gin_index_operation(TABLE, "search_tokens", INDEX)).serialize()
    # then
    assert "cleanprod.core.search._create_gin_index" in text
    assert "import functools" in imports


def vector_operation() -> Any:
    return vector_column_operation(TABLE, "search_tokens", VECTOR, VECTOR_INDEX, replaces=INDEX)


def test_the_vector_column_operation_does_nothing_off_postgresql():
    # given
    executed: list[str] = []
    editor = SimpleNamespace(
        connection=SimpleNamespace(vendor="sqlite"),
        execute=lambda sql, params=None: executed.append(sql),
        quote_name=connection.ops.quote_name,
    )
    operation = vector_operation()
    # when
    operation.code(None, editor)
    operation.reverse_code(None, editor)
    # then
    assert executed == []
    assert operation.reversible


def test_the_vector_column_operation_can_be_written_into_a_migration_file():
    # when
    text, imports = OperationWriter(vector_operation()).serialize()
    # then
    assert "cleanprod.core.search._add_vector_column" in text
    assert "cleanprod.core.search._drop_vector_column" in text
    assert "import functools" in imports


# --- PostgreSQL: the lexemes, the index and the plan ----------------------------------------


@on_postgresql
def test_postgresql_reads_exactly_our_tokens_as_lexemes(db: None):
    texts = [*(f"{n} {c}" for n, c in ROWS.values()), *make_names(50), "人々 ISO9001 1e5 é"]
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute("SELECT tsvector_to_array(to_tsvector('simple', %s))", [tokens(text)])
            assert sorted(cursor.fetchone()[0]) == sorted(tokens(text).split()), text


@on_postgresql
def test_the_index_operation_creates_and_drops_the_gin_index(place_table: type[Place], db: None):
    # given
    operation = gin_index_operation(TABLE, "search_tokens", INDEX)
    # when
    with connection.schema_editor() as editor:
        operation.code(None, editor)
        operation.code(None, editor)  # IF NOT EXISTS: a second run is harmless
    # then
    assert "to_tsvector('simple'::regconfig, search_tokens)" in index_definition()
    # when
    with connection.schema_editor() as editor:
        operation.reverse_code(None, editor)
    # then
    assert index_definition() == ""


@on_postgresql
def test_a_two_character_query_uses_the_gin_index_on_twenty_thousand_rows(
    place_table: type[Place], db: None
):
    # given
    names = make_names(20_000)
    Place.objects.bulk_create([place(name) for name in names], batch_size=5_000)
    with connection.schema_editor() as editor:
        editor.execute(gin_index_sql(editor, TABLE, "search_tokens", INDEX), params=None)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
    matches = search_filter(Place.objects.all(), "电镀")
    # when
    plan = matches.explain()
    # then
    print("\n" + plan)  # noqa: T201 (the plan is the evidence; see -s)
    assert f"Bitmap Index Scan on {INDEX}" in plan
    assert matches.count() == sum("电镀" in name for name in names) == 200


@on_postgresql
def test_the_vector_column_replaces_the_expression_index_and_reverses(
    place_table: type[Place], db: None
):
    # given: the expression index of gin_index_operation, and rows already there
    Place.objects.bulk_create([place(name, code) for name, code in ROWS.values()])
    with connection.schema_editor() as editor:
        gin_index_operation(TABLE, "search_tokens", INDEX).code(None, editor)
    # when
    with connection.schema_editor() as editor:
        vector_operation().code(None, editor)
        vector_operation().code(None, editor)  # IF NOT EXISTS: a second run is harmless
    # then: existing rows got their vector; the expression index is gone
    assert index_definition() == ""
    assert f"USING gin ({VECTOR})" in index_definition(VECTOR_INDEX)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {TABLE} "  # noqa: S608
            f"WHERE {VECTOR} = to_tsvector('simple', search_tokens)"
        )
        assert cursor.fetchone()[0] == len(ROWS)
    assert found("电镀", vector_column=VECTOR) == {"jiangsu", "zhangdian"}
    # when: reversed
    with connection.schema_editor() as editor:
        vector_operation().reverse_code(None, editor)
    # then
    assert "to_tsvector('simple'::regconfig, search_tokens)" in index_definition()
    assert index_definition(VECTOR_INDEX) == ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            [TABLE, VECTOR],
        )
        assert cursor.fetchone()[0] == 0


@on_postgresql
def test_a_stored_vector_is_matched_directly_also_inside_a_subquery(
    place_table: type[Place], db: None
):
    # given: 20,000 rows, the vector column and its index, fresh statistics
    names = make_names(20_000)
    Place.objects.bulk_create([place(name) for name in names], batch_size=5_000)
    with connection.schema_editor() as editor:
        vector_operation().code(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
    matches = search_filter(Place.objects.all(), "电镀", vector_column=VECTOR)
    # when
    plan = matches.explain()
    # then: the stored column is read, to_tsvector is never computed per row
    print("\n" + plan)  # noqa: T201 (the plan is the evidence; see -s)
    assert f"Bitmap Index Scan on {VECTOR_INDEX}" in plan
    assert "to_tsvector" not in str(matches.query)
    assert matches.count() == sum("电镀" in name for name in names) == 200
    # when: used as a subquery (Django renames the inner aliases)
    outer = Place.objects.filter(pk__in=matches.values("pk")).exclude(name__startswith="江苏")
    # then
    assert outer.count() == sum("电镀" in n and not n.startswith("江苏") for n in names)
    with connection.schema_editor() as editor:
        vector_operation().reverse_code(None, editor)


def test_the_statistics_operation_does_nothing_off_postgresql():
    executed: list[str] = []
    editor = SimpleNamespace(
        connection=SimpleNamespace(vendor="sqlite"),
        execute=lambda sql, params=None: executed.append(sql),
        quote_name=connection.ops.quote_name,
    )
    operation = vector_statistics_operation(TABLE, VECTOR, 1000)
    operation.code(None, editor)
    operation.reverse_code(None, editor)
    assert executed == []
    assert "_set_statistics" in OperationWriter(operation).serialize()[0]


@on_postgresql
def test_the_statistics_operation_sets_and_resets_the_target(place_table: type[Place], db: None):
    # given
    with connection.schema_editor() as editor:
        vector_operation().code(None, editor)
    operation = vector_statistics_operation(TABLE, VECTOR, 1000)
    # when
    with connection.schema_editor() as editor:
        operation.code(None, editor)
    # then
    assert statistics_target() == 1000
    # when
    with connection.schema_editor() as editor:
        operation.reverse_code(None, editor)
    # then
    assert statistics_target() in (-1, None)  # the default (NULL from PostgreSQL 17)


def statistics_target() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
            [TABLE, VECTOR],
        )
        return cursor.fetchone()[0]


def index_definition(name: str = INDEX) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""
