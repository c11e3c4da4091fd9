"""Small helpers shared by the "Who Said What" notebooks.

Each module has one job:

* ``paths``       – where the repository, data and grading folders are;
* ``nltk_setup``  – make sure the pinned NLTK resources are installed and loadable;
* ``data``        – load the article, its metadata and the gold annotations;
* ``check``       – assertion helpers whose messages tell a student what is wrong;
* ``plotting``    – the course's colour-blind-safe style and figure descriptions.

Assignment-specific helpers (span alignment, quotation finding, …) live in their
own modules and are imported by later assignments instead of being copied.
"""

__version__ = "1.0.0"
