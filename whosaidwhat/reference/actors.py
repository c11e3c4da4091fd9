"""From a name as written to the actor it refers to.

Given to students after assignment 1 (where they write their own linker):
``resolve("Poutine")`` → ``"putin"``, ``resolve("Al-Assad’s")`` → ``"assad"``,
``resolve("the Russian leader")`` → ``"putin"``.  Matching is by general
normalisation, never by a list of the article's spellings:

1. curly quotes and apostrophes become straight, a possessive ’s is dropped,
   a space before a hyphen is closed ("al -Assad" → "al-Assad"), a leading
   "the" and case are ignored;
2. an exact alias of an actor in the registry wins;
3. otherwise the surname: the last word of a person's multi-word alias
   ("Putin" in "Vladimir Putin"), or the part after a name particle
   ("Assad" in "al-Assad"), when exactly one actor has it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ..data import load_gold

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_PARTICLE = re.compile(r"^(?:al|el|ad|as|bin|ibn|abu)-", re.I)
# an indefinite phrase introduces someone new ("a government spokesman"): it never names a known actor


def normalize_name(surface: str) -> str:
    """A comparable form of a name: 'Al-Assad’s' → 'al-assad', 'al -Assad' → 'al-assad'."""
    name = surface.translate(_QUOTES).strip()
    name = re.sub(r"'s$|'$", "", name)
    name = re.sub(r"\s+-", "-", name)
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    return " ".join(name.lower().split())


def _surnames(alias: str) -> set[str]:
    words = alias.split()
    out = {words[-1]} if len(words) > 1 else set()
    for w in words:
        if _PARTICLE.match(w):
            out.add(_PARTICLE.sub("", w))
    return out


class Registry:
    """An actors registry (by default the gold's) with name lookup."""

    def __init__(self, actors: Iterable[dict] | None = None):
        self.actors = {a["id"]: a for a in (actors if actors is not None else load_gold()["actors"])}
        self._alias: dict[str, str] = {}
        # aliases made of common lower-case words ("the government", "people"): generic, so they name the actor
        # only as a whole phrase, never as a word inside a longer one ("a government spokesman")
        self.generic: set[str] = set()  # all-lowercase aliases ("the government"): they name an actor only whole
        surname_owners: dict[str, set[str]] = {}
        for aid, actor in self.actors.items():
            for alias in [actor["name"], *actor.get("aliases", [])]:
                self._alias.setdefault(normalize_name(alias), aid)
                if alias == alias.lower():
                    self.generic.add(normalize_name(alias))
                if actor.get("kind") == "person":
                    for s in _surnames(normalize_name(alias)):
                        surname_owners.setdefault(s, set()).add(aid)
        # a surname shared by two people identifies neither
        self._surname = {s: next(iter(ids)) for s, ids in surname_owners.items() if len(ids) == 1}

    def resolve(self, surface: str) -> str | None:
        """The actor id a name refers to, or None when it names no known actor."""
        name = normalize_name(surface)
        if name in self._alias:
            return self._alias[name]
        if name in self._surname:
            return self._surname[name]
        stripped = _PARTICLE.sub("", name)
        return self._surname.get(stripped)

    def side(self, actor_id: str | None) -> str | None:
        return self.actors.get(actor_id, {}).get("side") if actor_id else None

    def name(self, actor_id: str) -> str:
        return self.actors[actor_id]["name"] if actor_id in self.actors else actor_id


_default: Registry | None = None


def registry() -> Registry:
    global _default
    if _default is None:
        _default = Registry()
    return _default


def resolve(surface: str) -> str | None:
    """resolve('Poutine') -> 'putin' with the course's registry."""
    return registry().resolve(surface)


def mentions_per_actor(surfaces: Iterable[str], reg: Registry | None = None) -> Counter:
    """How often each actor is mentioned, given the mentions' surface strings
    (unresolved names are counted under their own text)."""
    reg = reg or registry()
    return Counter(reg.resolve(s) or s for s in surfaces)
