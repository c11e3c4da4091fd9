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


def expect_shape(value, typ, what: str, length: int | None = None, keys=()) -> None:
    """Check an answer's exact type (and its length or keys) before a test reads
    its values, so a wrong shape gets a plain sentence instead of a TypeError
    or KeyError. `typ` is a type or a tuple of types; None stands for NoneType.
    The type must match exactly: a subclass (or an object with a rigged __eq__)
    does not pass."""
    types = tuple(type(None) if t is None else t for t in (typ if isinstance(typ, tuple) else (typ,)))
    if type(value) not in types:
        name = " or ".join("None" if t is type(None) else t.__name__ for t in types)
        raise AssertionError(f"{what} should be a {name}, but it is a {type(value).__name__}: {_short(value)}")
    if length is not None and len(value) != length:
        raise AssertionError(f"{what} should have {length} items, but it has {len(value)}: {_short(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise AssertionError(f"{what} is missing the key(s) {_short(missing)}; it has {_short(sorted(value, key=str))}")
