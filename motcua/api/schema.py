"""drf-spectacular post-processing for a database-independent OpenAPI description."""

# Django derives integer bounds from the database backend (SQLite: 64-bit for every integer
# field, PostgreSQL: 16/32/64-bit by field type). They are storage limits, not part of the
# API contract, and would make the checked-in description differ between engines.
_STORAGE_LIMITS = {2**15 - 1, 2**31 - 1, 2**63 - 1}


def drop_storage_integer_limits(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            if node.get("maximum") in _STORAGE_LIMITS:
                del node["maximum"]
                if node.get("format") == "int64":
                    del node["format"]
            if node.get("minimum") in {-(limit + 1) for limit in _STORAGE_LIMITS}:
                del node["minimum"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
