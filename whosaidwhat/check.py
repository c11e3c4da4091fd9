"""Assertion helpers for visible tests: each failure says what was expected,
what the student's code returned, and for which input, in plain words."""

from __future__ import annotations

import math


def _short(value, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expect_equal(got, expected, what: str, hint: str = "") -> None:
    """assert got == expected, explaining the difference."""
    if got != expected:
        msg = f"{what}:\n  expected {_short(expected)}\n  but got  {_short(got)}"
        if isinstance(expected, (list, tuple, set)) and isinstance(got, (list, tuple, set)):
            missing = [x for x in expected if x not in got]
            extra = [x for x in got if x not in expected]
            if missing:
                msg += f"\n  missing: {_short(missing)}"
            if extra:
                msg += f"\n  unexpected: {_short(extra)}"
        if hint:
            msg += f"\n  Hint: {hint}"
        raise AssertionError(msg)


def expect_type(value, typ, what: str) -> None:
    if not isinstance(value, typ):
        name = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        raise AssertionError(f"{what} should be a {name}, but it is a {type(value).__name__}: {_short(value)}")


def expect_close(got, expected, what: str, tol: float = 1e-6, hint: str = "") -> None:
    if not isinstance(got, (int, float)) or not math.isclose(got, expected, abs_tol=tol):
        msg = f"{what}: expected about {expected!r} (±{tol}), but got {_short(got)}"
        raise AssertionError(msg + (f"\n  Hint: {hint}" if hint else ""))


def expect_true(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


# --- shape checks and isolation (issue 14): additive, the helpers above are unchanged ---

def _type_name(typ) -> str:
    return typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)


def expect_shape(value, typ: type, what: str, length: int | None = None, item: type | None = None,
                 item_len: int | None = None) -> None:
    """Check the exact type of an answer (a subclass with its own __eq__ does not pass), then
    optionally its length and the exact type (and length) of every item, before a test indexes into it."""
    if type(value) is not typ:
        raise AssertionError(f"{what} should return a {typ.__name__}, but it returned a {type(value).__name__}: "
                             f"{_short(value)}")
    if length is not None and len(value) != length:
        raise AssertionError(f"{what} should have {length} items, but it has {len(value)}: {_short(value)}")
    if item is not None:
        for i, x in enumerate(value):
            if type(x) is not item:
                raise AssertionError(f"{what}: every item should be a {item.__name__}, but item {i} is a "
                                     f"{type(x).__name__}: {_short(x)}")
            if item_len is not None and len(x) != item_len:
                raise AssertionError(f"{what}: every item should have {item_len} parts, but item {i} has "
                                     f"{len(x)}: {_short(x)}")


def expect_keys(value, keys, what: str) -> None:
    """The answer is exactly a dict and has every key in `keys` (checked before a test reads them)."""
    if type(value) is not dict:
        raise AssertionError(f"{what} should return a dict, but it returned a {type(value).__name__}: {_short(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise AssertionError(f"{what} should have the keys {list(keys)}; missing: {missing}. It returned {_short(value)}")


class course_versions:
    """`with course_versions(globals(), is_demonym=...):` runs a test with the course's version of an
    earlier exercise's function, so a bug there costs only that exercise. The names are restored after."""

    def __init__(self, namespace: dict, **functions):
        self.namespace, self.functions, self.saved = namespace, functions, {}

    def __enter__(self):
        self.saved = {k: self.namespace[k] for k in self.functions if k in self.namespace}
        self.namespace.update(self.functions)
        return self

    def __exit__(self, *exc):
        for k in self.functions:
            if k in self.saved:
                self.namespace[k] = self.saved[k]
            else:
                self.namespace.pop(k, None)
        return False
