"""Chinese search through a token column (PERFORMANCE.md §3.5, STYLE.md §10).

A row keeps a ``search_tokens`` text column built here in Python, in the same save as the text.
PostgreSQL indexes it as ``to_tsvector('simple', search_tokens)`` with GIN, so two-character
words hit an index; SQLite matches the same text with ``LIKE``. No dictionary, no extension.

A table may also keep the vector itself on PostgreSQL: a ``tsvector`` column generated from the
tokens (``GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED``, added by
`vector_column_operation`, GIN-indexed, not declared on the model, so SQLite never sees it).
The model names it in ``search_vector_column`` and `search_filter` matches on it: a plan that
reads rows by another index then tests a stored value (~1 µs a row) instead of computing
``to_tsvector`` again (~20 µs), and the planner can no longer misprice that.

Row tokens (`tokens`), after NFKC (full-width → half-width) and lower-casing:

- a run of Han characters gives every character bigram, plus the run's last character
  ("江苏电镀" → 江苏 苏电 电镀 镀; "厂" → 厂);
- a run of letters and digits gives the whole word, plus its prefixes of 3 to ``PREFIX_MAX``
  (10) characters: a credit code is found by its first 6 to 10 characters (type 2 + division 6
  + 2) without a wildcard ("91370303MA3C8XYZ1Q" → the code, 913 … 91370303ma);
- anything else (punctuation, symbols, spaces, underscores) separates and is dropped;
- tokens are deduplicated in order and stored as " t1 t2 … " (leading and trailing space,
  so SQLite can match whole tokens; "" when there are none).

Query tokens (`query_tokens`) are tokenised the same way, minus what the rest implies: a row
matches when it holds every query token. Two kinds of token match as a prefix instead:

- a lone Han character (a one-character run) matches any token starting with it. Each
  character of a row is either the first of a bigram or the last of its run, and the last is
  indexed, so "镀" finds 电镀 and 镀锌 through the index. This costs one token per run (not one
  per character, as unigrams would) and needs no ``icontains`` fallback;
- a word longer than ``PREFIX_MAX`` matches whole words starting with it (PostgreSQL
  ``'w':*``, a selective GIN partial match; SQLite ``LIKE '% w%'``), so 11 to 17 typed characters
  of a credit code still find it. Words of 1 or 2 characters match whole words only.

Limits: bigrams may match a phrase scattered through the text ("江苏电镀" also finds
"…苏电…电镀…江苏…"); only the first ``MAX_QUERY_TOKENS`` query tokens are used; scripts other
than Han are treated as words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import partial, reduce
from operator import or_
from typing import Any

from django.db import connections, migrations
from django.db.models import Expression, F, Func, Q, QuerySet

PREFIX_MIN = 3
PREFIX_MAX = 10
MAX_QUERY_TOKENS = 32

# Han ideographs: U+3005-3007 (々 〆 and ling zero), Ext A, basic, compatibility, Ext B to H.
_HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_RUNS = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokens(*texts: str | None) -> str:
    """The search tokens of the texts as " t1 t2 … ", or "" when there are none."""
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        for han, word in _RUNS.findall(_normalise(text)):
            if han:
                out.extend([han[i : i + 2] for i in range(len(han) - 1)])
                out.append(han[-1])
            else:
                out.append(word)
                out.extend(
                    [word[:n] for n in range(PREFIX_MIN, min(len(word) - 1, PREFIX_MAX) + 1)]
                )
    if not out:
        return ""
    return " " + " ".join(dict.fromkeys(out)) + " "


def _query_terms(query: str) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs of a query, deduplicated and capped."""
    terms: dict[str, bool] = {}
    for han, word in _RUNS.findall(_normalise(query)):
        if len(han) == 1:
            terms.setdefault(han, True)
        elif han:
            for i in range(len(han) - 1):
                terms.setdefault(han[i : i + 2], False)
        else:
            terms.setdefault(word, len(word) > PREFIX_MAX)
    return list(terms.items())[:MAX_QUERY_TOKENS]


def query_tokens(query: str) -> list[str]:
    """The tokens a row must all hold to match the query ("江苏电镀" → 江苏, 苏电, 电镀)."""
    return [token for token, _ in _query_terms(query)]


class _TokensVector(Func):
    """``to_tsvector('simple', column)``: the expression the GIN index is built on.

    Django's SearchVector wraps the column in COALESCE, which the index would not match."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"

    def __init__(self, field: str) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F(field), output_field=SearchVectorField())


class _StoredVector(Expression):
    """A ``tsvector`` column the table keeps but the model does not declare (PostgreSQL only).

    Resolves to the query's base table alias, and follows it when the query is relabelled
    (e.g. used as a subquery, where Django renames aliases to U0 …)."""

    def __init__(self, column: str, alias: str | None = None) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.column, self.alias = column, alias

    def resolve_expression(
        self,
        query: Any = None,
        allow_joins: bool = True,
        reuse: Any = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> _StoredVector:
        return _StoredVector(self.column, query.get_initial_alias())

    def relabeled_clone(self, change_map: dict[str, str]) -> _StoredVector:
        return _StoredVector(self.column, change_map.get(self.alias, self.alias))  # type: ignore[arg-type]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        column = connection.ops.quote_name(self.column)
        return f"{compiler.quote_name_unless_alias(self.alias)}.{column}", []

    def get_group_by_cols(self) -> list[Any]:
        return [self]


def _lexeme(token: str, prefix: bool) -> str:
    """A quoted tsquery lexeme, so tsquery syntax can never come from user input."""
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if prefix else quoted


def search_filter(
    queryset: QuerySet[Any],
    query: str,
    *,
    tokens_field: str = "search_tokens",
    fallback_fields: Sequence[str] = (),
    vector_column: str | None = None,
) -> QuerySet[Any]:
    """Rows whose tokens hold every query token; ``icontains`` over the fallback fields when
    the query has no token (only punctuation), nothing if there are none; empty → unchanged.

    On PostgreSQL the match reads the stored vector column `vector_column` (by default the
    model's ``search_vector_column``, if it names one), else ``to_tsvector(tokens_field)``."""
    query = (query or "").strip()
    if not query:
        return queryset
    terms = _query_terms(query)
    if not terms:
        if not fallback_fields:
            return queryset.none()
        return queryset.filter(
            reduce(or_, (Q(**{f"{f}__icontains": query}) for f in fallback_fields))
        )
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVectorExact

        raw = " & ".join(_lexeme(token, prefix) for token, prefix in terms)
        tsquery = SearchQuery(raw, search_type="raw", config="simple")
        column = vector_column or getattr(queryset.model, "search_vector_column", None)
        vector = _StoredVector(column) if column else _TokensVector(tokens_field)
        return queryset.filter(SearchVectorExact(vector, tsquery))
    return queryset.filter(
        *(
            Q(**{f"{tokens_field}__contains": f" {token}" if prefix else f" {token} "})
            for token, prefix in terms
        )
    )


def gin_index_sql(schema_editor: Any, table: str, column: str, name: str) -> str:
    """``CREATE INDEX IF NOT EXISTS`` the GIN index that `search_filter` uses on PostgreSQL."""
    q = schema_editor.quote_name
    return (
        f"CREATE INDEX IF NOT EXISTS {q(name)} ON {q(table)} "
        f"USING gin (to_tsvector('simple', {q(column)}))"
    )


def _create_gin_index(apps: Any, schema_editor: Any, *, table: str, column: str, name: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(gin_index_sql(schema_editor, table, column, name), params=None)


def _drop_gin_index(apps: Any, schema_editor: Any, *, name: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        sql = f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}"
        schema_editor.execute(sql, params=None)


def gin_index_operation(table: str, column: str, name: str) -> migrations.RunPython:
    """A reversible migration step: the token GIN index on PostgreSQL, nothing on SQLite.

    Built with ``functools.partial`` of module functions, so squashing can serialise it. A plain
    CREATE INDEX blocks writes while it builds (seconds for a million rows)."""
    return migrations.RunPython(
        partial(_create_gin_index, table=table, column=column, name=name),
        partial(_drop_gin_index, name=name),
    )


def vector_column_sql(
    schema_editor: Any, table: str, tokens_column: str, vector_column: str, index: str
) -> list[str]:
    """The stored ``tsvector`` column generated from the tokens, and its GIN index."""
    q = schema_editor.quote_name
    return [
        f"ALTER TABLE {q(table)} ADD COLUMN IF NOT EXISTS {q(vector_column)} tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {q(tokens_column)})) STORED",
        vector_index_sql(schema_editor, table, vector_column, index),
    ]


def vector_index_sql(schema_editor: Any, table: str, vector_column: str, index: str) -> str:
    """``CREATE INDEX IF NOT EXISTS`` the GIN index over a stored vector column."""
    q = schema_editor.quote_name
    return f"CREATE INDEX IF NOT EXISTS {q(index)} ON {q(table)} USING gin ({q(vector_column)})"


def _add_vector_column(
    apps: Any,
    schema_editor: Any,
    *,
    table: str,
    tokens_column: str,
    vector_column: str,
    index: str,
    replaces: str,
) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    if schema_editor.atomic_migration:  # more sort memory for the GIN build, this transaction only
        schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'", params=None)
    for sql in vector_column_sql(schema_editor, table, tokens_column, vector_column, index):
        schema_editor.execute(sql, params=None)
    if replaces:
        _drop_gin_index(apps, schema_editor, name=replaces)


def _drop_vector_column(
    apps: Any,
    schema_editor: Any,
    *,
    table: str,
    tokens_column: str,
    vector_column: str,
    index: str,
    replaces: str,
) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    if replaces:
        _create_gin_index(apps, schema_editor, table=table, column=tokens_column, name=replaces)
    q = schema_editor.quote_name
    schema_editor.execute(f"DROP INDEX IF EXISTS {q(index)}", params=None)
    schema_editor.execute(
        f"ALTER TABLE {q(table)} DROP COLUMN IF EXISTS {q(vector_column)}", params=None
    )


def vector_column_operation(
    table: str, tokens_column: str, vector_column: str, index: str, *, replaces: str = ""
) -> migrations.RunPython:
    """A reversible migration step, PostgreSQL only (nothing on SQLite): add the stored vector
    column generated from `tokens_column` with its GIN `index`, and drop the expression index
    `replaces` (the `gin_index_operation` one) it makes redundant; reversed, the opposite.

    Adding a stored generated column rewrites the table under an exclusive lock, and the index
    is built inside the same transaction: plan a maintenance window for a large table (see
    docs/benchmarks.md for the time at a million enterprises)."""
    names = {
        "table": table,
        "tokens_column": tokens_column,
        "vector_column": vector_column,
        "index": index,
        "replaces": replaces,
    }
    return migrations.RunPython(
        partial(_add_vector_column, **names), partial(_drop_vector_column, **names)
    )


def _set_statistics(apps: Any, schema_editor: Any, *, table: str, column: str, target: int) -> None:
    if schema_editor.connection.vendor == "postgresql":
        q = schema_editor.quote_name
        sql = f"ALTER TABLE {q(table)} ALTER COLUMN {q(column)} SET STATISTICS {int(target)}"
        schema_editor.execute(sql, params=None)


def vector_statistics_operation(table: str, column: str, target: int) -> migrations.RunPython:
    """A reversible migration step, PostgreSQL only: a larger statistics target for a stored
    vector column, so ANALYZE keeps the frequencies of more lexemes. With the default (100) a
    two-character word in 0.07 % of a million rows was estimated at 0.2 %, and the planner
    walked the primary key backwards through 63,000 rows (40 ms warm, seconds cold) instead of
    reading the GIN index (4–6 ms). ANALYZE then samples 300 × `target` rows."""
    return migrations.RunPython(
        partial(_set_statistics, table=table, column=column, target=target),
        partial(_set_statistics, table=table, column=column, target=-1),
    )
