"""Assertion helpers for visible tests: each failure says what was expected,
what the student's code returned, and for which input, in plain words.

Types are compared before values: an object whose ``__eq__`` always says
True (or a ``str``/``list`` subclass that lies about equality) must not pass
a test.  Built-in values, and values of numpy and of the standard library's
``collections`` (a ``defaultdict`` where a ``dict`` is expected, a numpy
float where a float is expected), compare as before.
"""

from __future__ import annotations

import math

_NUMBERS = (int, float)
_CONTAINERS = (list, tuple, set, frozenset, dict)
# where types with a trustworthy equality come from (a notebook's classes are in __main__)
_TRUSTED_MODULES = ("builtins", "collections", "numpy", "nltk", "whosaidwhat", "datetime", "fractions", "decimal")


def _code_dirs() -> tuple[str, ...]:
    """Folders the code of trusted types lives in: the standard library and the installed packages."""
    import os
    import sys

    dirs = {os.path.dirname(os.__file__), os.path.dirname(os.path.abspath(__file__))}  # stdlib, whosaidwhat
    for name in ("numpy", "nltk"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            dirs.add(os.path.dirname(os.path.dirname(module.__file__)))
    return tuple(d + os.sep for d in dirs)


def _short(value, limit: int = 300) -> str:
    try:
        text = repr(value)
    except Exception:  # a repr that raises must not hide the test's message
        text = f"<a {type(value).__name__} that cannot be shown>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _trusted(cls: type) -> bool:
    """A type whose equality is the language's or a library's, not code from a notebook
    (checked by where its comparison code was compiled: a class can lie about __module__)."""
    module = str(getattr(cls, "__module__", ""))
    if module.split(".")[0] not in _TRUSTED_MODULES:
        return False
    for name in ("__eq__", "__ne__", "__hash__", "__bool__", "__len__"):
        code = getattr(getattr(cls, name, None), "__code__", None)
        if code is not None and not code.co_filename.startswith(_code_dirs()):
            return False
    return True


def _kind_problem(got, expected, depth: int = 0) -> str | None:
    """Why `got` cannot be compared with `expected` by value (its type), or None."""
    tg, te = type(got), type(expected)
    if depth > 50:
        return None
    if not _trusted(tg):
        return f"a {tg.__name__} (a type made in the notebook) where a {te.__name__} is expected"
    if tg is not te:
        numbers = isinstance(got, _NUMBERS) and isinstance(expected, _NUMBERS) and not isinstance(got, bool)
        same_family = isinstance(got, te) or issubclass(te, tg)
        if not (numbers or same_family or (tg.__module__.startswith("numpy") and not isinstance(got, _CONTAINERS))):
            return f"a {tg.__name__} where a {te.__name__} is expected"
    if isinstance(got, dict) and isinstance(expected, dict):
        for key, value in got.items():
            if not _trusted(type(key)):
                return f"a key of type {type(key).__name__} (a type made in the notebook)"
            if key in expected:
                problem = _kind_problem(value, expected[key], depth + 1)
                if problem:
                    return f"{problem}, at key {_short(key, 60)}"
    elif isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)):
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = _kind_problem(g, e, depth + 1)
            if problem:
                return f"{problem}, at position {i}"
    elif isinstance(got, (set, frozenset)):
        for item in got:
            if not _trusted(type(item)):
                return f"an element of type {type(item).__name__} (a type made in the notebook)"
    return None


def expect_equal(got, expected, what: str, hint: str = "") -> None:
    """assert got == expected, explaining the difference."""
    problem = _kind_problem(got, expected)
    if problem:
        msg = f"{what}:\n  expected {_short(expected)}\n  but got {problem}: {_short(got)}"
        raise AssertionError(msg + (f"\n  Hint: {hint}" if hint else ""))
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
    name = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
    if not isinstance(value, typ) or not _trusted(type(value)):
        raise AssertionError(f"{what} should be a {name}, but it is a {type(value).__name__}: {_short(value)}")


def expect_close(got, expected, what: str, tol: float = 1e-6, hint: str = "") -> None:
    ok = isinstance(got, (int, float)) and _trusted(type(got)) and not isinstance(got, bool)
    if not ok or not math.isclose(got, expected, abs_tol=tol):
        msg = f"{what}: expected about {expected!r} (±{tol}), but got {_short(got)}"
        raise AssertionError(msg + (f"\n  Hint: {hint}" if hint else ""))


def expect_true(condition: bool, message: str) -> None:
    # only a real truth value counts: an object from the notebook could say "true" to anything
    if not _trusted(type(condition)) or not condition:
        raise AssertionError(message)
