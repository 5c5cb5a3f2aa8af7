"""Whether a filter's SQL runs on PostgreSQL too, judged from its SQL compiled for PostgreSQL.

The checks run on SQLite, where SQLite's own functions work; the README asks for a filter
that works on PostgreSQL as well. When TEST_POSTGRES_URL names a server, `make
workshop-check` runs the check there too; without one, this catches what a SQLite-only
filter usually calls. Both apps keep `warnings` in a JSON column, which PostgreSQL stores
as `jsonb` for Django's JSONField and as `json` for SQLAlchemy's JSON type.
"""

from __future__ import annotations

import re

# SQLite functions with no PostgreSQL function of that name (and that argument) to match.
SQLITE_ONLY = {
    "json_extract",
    "json_type",
    "json_valid",
    "json_quote",
    "json_patch",
    "json_remove",
    "json_replace",
    "json_set",
    "json_insert",
    "json_tree",
    "json_error_position",
    "json_group_array",
    "json_group_object",
    "ifnull",
    "iif",
    "instr",
    "typeof",
    "printf",
    "glob",
}
CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(", re.IGNORECASE)


def problems(sql: str, *, column: str, stored_as: str) -> list[str]:
    """What in `sql` (compiled for PostgreSQL) would fail there, one sentence each.
    `column` is the JSON column as the SQL names it; `stored_as` is "jsonb" or "json"."""
    found = []
    calls = {name.lower() for name in CALL.findall(sql)}
    for name in sorted(calls & SQLITE_ONLY):
        found.append(f"`{name}` is a SQLite function that PostgreSQL does not have")
    if stored_as == "jsonb":
        for name in sorted(call for call in calls if call.startswith("json_")):
            found.append(
                f"`{name}` takes `json`, and PostgreSQL stores this column as `jsonb`, "
                "whose functions are named `jsonb_...`"
            )
    column = re.escape(column)
    if re.search(rf"\blength\s*\(\s*{column}\s*\)", sql, re.IGNORECASE):
        found.append(f"PostgreSQL has no `length` of a {stored_as} value")
    if stored_as == "json" and re.search(
        rf"{column}\s*(=|!=|<>|\bNOT LIKE\b|\bLIKE\b)|(=|!=|<>)\s*{column}", sql, re.IGNORECASE
    ):
        found.append("PostgreSQL cannot compare a `json` value with = or LIKE")
    return found
