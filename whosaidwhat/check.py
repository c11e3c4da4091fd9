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


# --- shape checks for answers that are containers (issue 14): run them before
# indexing into an answer, so a wrong shape gives a course message, never a bare
# TypeError/KeyError.  Types are compared exactly (``type(x) is dict``), so an
# object that only pretends to be equal (a rigged ``__eq__``) fails too.

def _type_name(typ) -> str:
    return typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)


def expect_keys(value, keys, what: str) -> None:
    """value is exactly a dict with exactly these keys."""
    if type(value) is not dict:
        raise AssertionError(f"{what} should be a dict, but it is a {type(value).__name__}: {_short(value)}")
    missing = [k for k in keys if k not in value]
    extra = [k for k in value if k not in keys]
    if missing or extra:
        msg = f"{what} should have the keys {_short(list(keys))}"
        msg += f"\n  missing: {_short(missing)}" if missing else ""
        msg += f"\n  unexpected: {_short(extra)}" if extra else ""
        raise AssertionError(msg)


def expect_matrix(value, rows: int, cols: int, what: str, cell_type=int) -> None:
    """value is exactly a list of `rows` lists of `cols` cells of `cell_type`."""
    shape = f"a list of {rows} lists of {cols} {_type_name(cell_type)}s"
    if type(value) is not list or len(value) != rows or any(type(r) is not list or len(r) != cols for r in value):
        raise AssertionError(f"{what} should be {shape}, but it is {_short(value)}")
    types = cell_type if isinstance(cell_type, tuple) else (cell_type,)
    bad = [x for r in value for x in r if type(x) not in types]
    if bad:
        raise AssertionError(f"{what} should be {shape}, but it holds {_short(bad[0])} ({type(bad[0]).__name__})")


def expect_choice(answer, choices: str, digest: str, what: str, why: str = "") -> None:
    """A multiple-choice answer: one of `choices` (e.g. "abcd"), checked against the
    first 12 hex digits of the SHA-256 of the right letter (so the test cell does not
    print the answer before the student has tried)."""
    import hashlib

    if type(answer) is not str or answer.strip().lower() not in tuple(choices):
        raise AssertionError(f"{what}: set answer to one letter of {', '.join(repr(c) for c in choices)}, "
                             f"got {_short(answer)}")
    if hashlib.sha256(answer.strip().lower().encode()).hexdigest()[:12] != digest:
        raise AssertionError(f"{what}: {answer.strip().lower()!r} is not right. {why}".strip())


class using:
    """Run a test with the course's versions of earlier exercises' functions:
    ``with using(globals(), clause_of=course_clause_of): ...`` swaps the names in
    the notebook's namespace and puts the student's own back afterwards, so a bug
    in an earlier exercise does not fail a later exercise's test (no cascades)."""

    def __init__(self, namespace: dict, **replacements):
        self.namespace, self.replacements, self.saved = namespace, replacements, {}

    def __enter__(self):
        for name, value in self.replacements.items():
            self.saved[name] = self.namespace.get(name, _MISSING)
            self.namespace[name] = value
        return self

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            if value is _MISSING:
                self.namespace.pop(name, None)
            else:
                self.namespace[name] = value
        return False


_MISSING = object()


def stand_in(name: str, table: dict):
    """A course version of an earlier exercise's function that knows its answers
    for the inputs of one test (keyed by the positional arguments)."""

    def course_version(*args):
        if args not in table:
            raise AssertionError(f"your code called {name}{args!r}, an input this test did not expect: "
                                 f"pass the sentence and the target unchanged, as the exercise says")
        return table[args]

    course_version.__name__ = name
    return course_version


def expect_spans(value, what: str) -> None:
    """value is exactly a list of (start, end, text) tuples of int, int, str."""
    if type(value) is not list:
        raise AssertionError(f"{what} should be a list of (start, end, text) tuples, but it is a "
                             f"{type(value).__name__}: {_short(value)}")
    for x in value:
        if not (type(x) is tuple and len(x) == 3 and type(x[0]) is int and type(x[1]) is int and type(x[2]) is str):
            raise AssertionError(f"{what} should hold (start, end, text) tuples of int, int, str, but holds {_short(x)}")


def expect_shape(value, typ, what: str, length: int | None = None, keys=(), item=None,
                 item_len: int | None = None) -> None:
    """Check an answer's exact type (and its length, keys, or the exact type and length of every item)
    before a test reads its values, so a wrong shape gets a plain sentence instead of a TypeError or
    KeyError. `typ` is a type or a tuple of types; None stands for NoneType. The type must match
    exactly: a subclass (or an object with a rigged __eq__) does not pass."""
    types = tuple(type(None) if t is None else t for t in (typ if isinstance(typ, tuple) else (typ,)))
    if type(value) not in types:
        name = " or ".join("None" if t is type(None) else t.__name__ for t in types)
        raise AssertionError(f"{what} should be a {name}, but it is a {type(value).__name__}: {_short(value)}")
    if length is not None and len(value) != length:
        raise AssertionError(f"{what} should have {length} items, but it has {len(value)}: {_short(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise AssertionError(f"{what} is missing the key(s) {_short(missing)}; it has {_short(sorted(value, key=str))}")
    if item is not None:
        for i, x in enumerate(value):
            if type(x) is not item:
                raise AssertionError(f"{what}: every item should be a {item.__name__}, but item {i} is a "
                                     f"{type(x).__name__}: {_short(x)}")
            if item_len is not None and len(x) != item_len:
                raise AssertionError(f"{what}: every item should have {item_len} parts, but item {i} has "
                                     f"{len(x)}: {_short(x)}")

# a1's notebooks call the swap-in helper by this name
course_versions = using
