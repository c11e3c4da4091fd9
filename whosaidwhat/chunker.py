"""NLTK's binary named-entity chunker, loaded once.

``nltk.ne_chunk(tagged, binary=True)`` reloads its maximum-entropy model from
disk on every call (about a second each), so chunking an article sentence by
sentence would take half a minute.  Loading it once makes it instant.
"""

from functools import lru_cache


@lru_cache(maxsize=1)
def binary_chunker():
    from nltk.chunk import ne_chunker

    return ne_chunker(fmt="binary")


@lru_cache(maxsize=4096)
def _chunk(tagged: tuple):
    return binary_chunker().parse(list(tagged))


def ne_chunk_binary(tagged_tokens):
    """Same result as nltk.ne_chunk(tagged_tokens, binary=True), without reloading the
    model, and remembered per sentence (notebooks chunk the same article many times)."""
    return _chunk(tuple(map(tuple, tagged_tokens))).copy(deep=True)
