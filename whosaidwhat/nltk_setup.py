"""Make sure the NLTK resources the course uses are installed and load.

Run it once from a terminal in the course folder (``bin/setup`` does this for you)::

    .venv/bin/python -m whosaidwhat.nltk_setup            # find a complete copy, or download
    .venv/bin/python -m whosaidwhat.nltk_setup --check    # only check, never download

or from Python / a notebook::

    from whosaidwhat.nltk_setup import ensure
    ensure()                 # raises NLTKDataMissing with the exact fix

Order of search: the folders in ``NLTK_DATA``, the project's own ``.nltk_data``
folder, then NLTK's default search path.  The first folder that holds *every*
resource is used, so an offline copy (e.g. ``NLTK_DATA=../shared/nltk_data``)
is preferred to a download.  Only when no complete copy exists are the missing
resources downloaded into ``.nltk_data`` (needs internet).

NLTK refuses to read a folder that another account can write to, and only
says so with a warning.  We check that ourselves first: a folder we own is made
private (``chmod go-w``); one we don't own is skipped with a clear reason.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .paths import LOCAL_NLTK_DATA, REPO_ROOT

def _python() -> str:
    """The interpreter to print in a fix: the course's .venv as the README's commands
    run it, or this very interpreter (Binder, a hub image) by its full path."""
    venv = REPO_ROOT / ".venv"
    if Path(sys.prefix).resolve() == venv.resolve():
        return ".venv/bin/python"
    return sys.executable or "python3"


def _fix_command() -> str:
    return f"{_python()} -m whosaidwhat.nltk_setup"


FIX_COMMAND = "python -m whosaidwhat.nltk_setup"  # the module to run (see _fix_command for the exact command)


def _check_punkt():
    import nltk

    assert nltk.sent_tokenize("Putin met al-Assad. They talked.") == [
        "Putin met al-Assad.",
        "They talked.",
    ]


def _check_tagger():
    import nltk

    assert nltk.pos_tag(["Putin", "said"])[1][1].startswith("VB")


def _check_ne_chunker():
    import nltk  # the binary model: the multiclass one is not part of the course data

    tree = nltk.ne_chunk(nltk.pos_tag(["Vladimir", "Putin", "met", "him", "."]), binary=True)
    assert any(hasattr(t, "label") and t.label() == "NE" for t in tree)


def _check_words():
    from nltk.corpus import words

    assert "house" in set(words.words()[:20000]) or len(words.words()) > 200000


def _check_stopwords():
    from nltk.corpus import stopwords

    assert "the" in stopwords.words("english")


def _check_opinion_lexicon():
    from nltk.corpus import opinion_lexicon

    assert "good" in opinion_lexicon.positive()


def _check_ieer():
    from nltk.corpus import ieer

    assert ieer.fileids()


def _check_corpus(name, probe):
    def check():
        import nltk.corpus

        assert getattr(nltk.corpus, name).fileids(), f"{name} is empty"
        probe(getattr(nltk.corpus, name))
    return check


def _check_vader():
    from nltk.sentiment import SentimentIntensityAnalyzer

    assert SentimentIntensityAnalyzer().polarity_scores("good")["compound"] > 0


@dataclass(frozen=True)
class Resource:
    id: str  # the nltk.download id
    path: str  # where it lies inside a data folder (a folder, or a .zip beside it)
    check: Callable[[], None]


RESOURCES = (
    Resource("punkt_tab", "tokenizers/punkt_tab/english", _check_punkt),
    Resource("averaged_perceptron_tagger_eng", "taggers/averaged_perceptron_tagger_eng", _check_tagger),
    Resource("maxent_ne_chunker_tab", "chunkers/maxent_ne_chunker_tab/english_ace_binary", _check_ne_chunker),
    Resource("words", "corpora/words", _check_words),
    Resource("stopwords", "corpora/stopwords", _check_stopwords),
    Resource("opinion_lexicon", "corpora/opinion_lexicon", _check_opinion_lexicon),
    Resource("ieer", "corpora/ieer", _check_ieer),
    # the unseen-news set (data/unseen) is rebuilt from treebank's WSJ sample; conll2000 teaches chunking
    Resource("treebank", "corpora/treebank", _check_corpus("treebank", lambda c: c.words("wsj_0001.mrg"))),
    Resource("conll2000", "corpora/conll2000", _check_corpus("conll2000", lambda c: c.chunked_sents("test.txt")[0])),
    # first names and place lists: evidence for typing unknown names (whosaidwhat.reference.entities)
    Resource("names", "corpora/names", _check_corpus("names", lambda c: c.words("female.txt"))),
    Resource("gazetteers", "corpora/gazetteers", _check_corpus("gazetteers", lambda c: c.words("countries.txt"))),
    Resource("vader_lexicon", "sentiment/vader_lexicon", _check_vader),
)


class NLTKDataMissing(RuntimeError):
    """Raised with a message that names what is missing and the exact fix."""


def _fix_text(missing: list[str], target: Path | None = None, rejected: list[str] = ()) -> str:
    """What is missing, why the folders that were looked at were not used, and commands that
    work exactly as printed (from any folder: each starts with cd into the course)."""
    target = target or LOCAL_NLTK_DATA
    cd = f"cd {REPO_ROOT} && "
    starts = (REPO_ROOT / "bin" / "start").exists()
    lines = [f"Missing or unusable NLTK resource(s): {', '.join(missing)}."]
    lines += [f"  {r}" for r in rejected]
    lines += [
        "Fix it with one of these commands:",
        f"    {cd}{_fix_command()}",
        "  (downloads what is missing into .nltk_data; needs internet)",
    ]
    if starts:
        lines += [
            "or, with an offline copy of the NLTK data (stop JupyterLab first with Ctrl-C if it runs):",
            f"    {cd}NLTK_DATA=/path/to/nltk_data bash bin/start",
        ]
    else:
        lines += ["or, with an offline copy of the NLTK data: set NLTK_DATA=/path/to/nltk_data and restart the kernel"]
    lines += [
        f"or download only the missing resource(s) into {target}:",
        f"    {cd}{_python()} -m nltk.downloader -d {target} {' '.join(missing)}",
    ]
    return "\n".join(lines)


def _present(root: Path, res: Resource) -> bool:
    return (root / res.path).exists() or (root / (res.path + ".zip")).exists()


def _others_can_write(path: Path) -> bool:
    st = path.stat()
    foreign = st.st_uid not in (0, os.getuid())
    return foreign or bool(st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _unsafe_paths(root: Path) -> list[Path]:
    """Folders and files NLTK would refuse under root (for our resources only)."""
    found = [root] if _others_can_write(root) else []
    for res in RESOURCES:
        for top in (root / res.path, root / (res.path + ".zip")):
            if not top.exists():
                continue
            # the folders on the way down count too
            part = root
            for name in Path(res.path).parent.parts:
                part = part / name
                if _others_can_write(part) and part not in found:
                    found.append(part)
            walk = [top] if top.is_file() else [top, *top.rglob("*")]
            found.extend(p for p in walk if _others_can_write(p))
    return found


def _make_private(root: Path, log: Callable[[str], None]) -> bool:
    """chmod go-w what we own; False if something belongs to another account."""
    bad = _unsafe_paths(root)
    if not bad:
        return True
    if any(p.stat().st_uid not in (0, os.getuid()) for p in bad):
        log(f"skipping {root}: another account can write to it (NLTK would refuse it)")
        return False
    try:
        for p in bad:
            p.chmod(p.stat().st_mode & ~(stat.S_IWGRP | stat.S_IWOTH))
    except OSError as exc:
        log(f"skipping {root}: it is writable by others and could not be made private ({exc})")
        return False
    log(f"made {root} private (chmod go-w), as NLTK requires")
    return True


def candidate_roots() -> list[Path]:
    import nltk

    env = [p for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    seen, roots = set(), []
    for p in [*env, str(LOCAL_NLTK_DATA), *nltk.data.path]:
        path = Path(p).expanduser().resolve()
        if path not in seen:
            seen.add(path)
            roots.append(path)
    return roots


def _missing(root: Path) -> list[Resource]:
    return [r for r in RESOURCES if not _present(root, r)]


def find_complete_copy(log: Callable[[str], None] = lambda m: None, why: list[str] | None = None) -> Path | None:
    """The first candidate folder that holds every resource and that NLTK will read.
    `why` (if given) receives one line per NLTK_DATA folder that was checked and not used."""
    env = {Path(p).expanduser().resolve() for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p}
    for root in candidate_roots():
        reason = None
        if not root.exists():
            reason = "it does not exist"
        elif not root.is_dir():
            reason = "it is not a folder"
        elif lacking := _missing(root):
            reason = "it lacks " + ", ".join(r.id for r in lacking)
        else:
            notes: list[str] = []
            if _make_private(root, notes.append):
                for n in notes:
                    log(n)
                return root
            reason = "; ".join(notes) or "NLTK would refuse it"
        if why is not None and root in env:
            why.append(f"NLTK_DATA={root} was checked and not used: {reason}.")
    return None


def _closest() -> tuple[Path, list[Resource]]:
    """The existing candidate folder that lacks the fewest resources (the project's own
    .nltk_data when none exists), and what it lacks: that is what a fix must add."""
    best = (LOCAL_NLTK_DATA, list(RESOURCES))
    for root in candidate_roots():
        if root.is_dir() and 0 < len(lacking := _missing(root)) < len(best[1]):
            best = (root, lacking)
    return best


def _use(root: Path) -> None:
    import nltk

    if str(root) in nltk.data.path:
        nltk.data.path.remove(str(root))
    nltk.data.path.insert(0, str(root))


def _download(missing: list[Resource], log: Callable[[str], None]) -> None:
    import nltk

    LOCAL_NLTK_DATA.mkdir(mode=0o755, exist_ok=True)
    LOCAL_NLTK_DATA.chmod(0o755)  # a umask of 002 would make NLTK refuse it
    for res in missing:
        log(f"downloading {res.id} into {LOCAL_NLTK_DATA} …")
        try:
            ok = nltk.download(res.id, download_dir=str(LOCAL_NLTK_DATA), quiet=True, raise_on_error=True)
        except Exception as exc:  # no network, server error, refused folder …
            raise NLTKDataMissing(f"Could not download {res.id}: {exc}\n" + _fix_text([r.id for r in missing])) from None
        if not ok:
            raise NLTKDataMissing(f"Could not download {res.id}.\n" + _fix_text([r.id for r in missing]))
    _make_private(LOCAL_NLTK_DATA, log)


def verify() -> list[str]:
    """Load every resource; return the ids that fail (warnings silenced so
    that nothing reaches stderr in a graded notebook)."""
    failed = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for res in RESOURCES:
            try:
                res.check()
            except Exception:
                failed.append(res.id)
    return failed


def ensure(download: bool = False, log: Callable[[str], None] = lambda m: None, load: bool = True) -> Path:
    """Find (or, with download=True, fetch) the course's NLTK data and prove it loads
    (load=False: only check that every resource is present and readable, which is instant).

    Returns the data folder in use.  Raises NLTKDataMissing with the fix.
    """
    try:
        import numpy  # noqa: F401  (ne_chunk needs it, NLTK does not install it)
    except ImportError:
        raise NLTKDataMissing("numpy is not installed; nltk.ne_chunk needs it.\nFix: pip install -r requirements.txt") from None

    why: list[str] = []
    root = find_complete_copy(log, why)
    if root is None:
        if not download:
            target, missing = _closest()
            if not os.access(target if target.exists() else target.parent, os.W_OK):
                target, missing = LOCAL_NLTK_DATA, _missing(LOCAL_NLTK_DATA)  # a read-only copy: fill our own folder
            raise NLTKDataMissing(_fix_text([r.id for r in missing], target, why))
        missing = _missing(LOCAL_NLTK_DATA)
        _download(missing, log)
        root = LOCAL_NLTK_DATA
    _use(root)
    failed = verify() if load else []
    if failed:
        raise NLTKDataMissing(f"Found NLTK data in {root}, but these do not load: {', '.join(failed)}.\n" + _fix_text(failed))
    return root


def has_multiclass_ner() -> bool:
    """True where NLTK's multiclass NE model is installed (not in the course data)."""
    import nltk

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nltk.data.find("chunkers/maxent_ne_chunker_tab/english_ace_multiclass/")
        return True
    except LookupError:
        return False


def check_environment() -> None:
    """The first cell of every notebook: one friendly line, or the fix."""
    try:
        # presence and permissions only: loading every model here would cost each notebook a second;
        # `python -m whosaidwhat.nltk_setup` (run by bin/setup) proves that they load.
        root = ensure(download=False, load=False)
    except NLTKDataMissing as exc:
        # A short, readable error instead of NLTK's raw LookupError.
        raise NLTKDataMissing("\n\nThe course's NLTK data is not ready.\n" + str(exc)) from None
    print(f"Environment OK: Python {sys.version.split()[0]}, NLTK data in {root}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install and check the course's NLTK data.")
    parser.add_argument("--check", action="store_true", help="only check; never download")
    args = parser.parse_args(argv)
    try:
        root = ensure(download=not args.check, log=print)
    except NLTKDataMissing as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(f"NLTK data ready in {root}: " + ", ".join(r.id for r in RESOURCES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
