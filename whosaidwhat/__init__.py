"""Small helpers shared by the "Who Said What" notebooks.

Each module has one job:

* ``paths``       – where the repository, data and grading folders are;
* ``nltk_setup``  – make sure the pinned NLTK resources are installed and loadable;
* ``data``        – load the article, its metadata and the gold annotations;
* ``check``       – assertion helpers whose messages tell a student what is wrong;
* ``plotting``    – the course's colour-blind-safe style and figure descriptions.

* ``text``        – paragraphs and sentences as character offsets;
* ``targets``     – holder → target bookkeeping that runs a sentiment method you pass it;
* ``spans``, ``chunker`` – token offsets, span scoring, the NE chunker loaded once.

Three folders show who receives what:

* this folder's modules: every student, from the first assignment;
* ``reference/``: the course's tested versions of earlier assignments' answers,
  released only with the assignments after them (see ``reference/__init__.py``);
* ``grading/``: the instructor's class grader, never given to students.
"""

__version__ = "1.0.0"
