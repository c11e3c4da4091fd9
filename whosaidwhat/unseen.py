"""The unseen-news set: real newswire that nobody tuned the course's methods to.

Two sources that NLTK already redistributes (see data/unseen/README.md):

* IEER (NIST 1999 IE-ER): AP (APW) and New York Times (NYT) wire stories with
  typed named entities (ENAMEX: PERSON / ORGANIZATION / LOCATION);
* the Penn Treebank WSJ sample (``treebank/raw``).

Splits, fixed once and never changed:

* ``dev``  – IEER APW files and the treebank sample: develop, look at errors, tune;
* ``test`` – IEER NYT files: evaluate a *finished* method once.  Never tune on it.

``build()`` turns the corpus files into running text the way a reader sees it:
paragraphs separated by a blank line, wrapped lines joined, TeX quotes
(`` '') turned into curly marks “ ”, straight quotes in the treebank turned
into curly ones by position, SGML entities decoded and markup tokens
(``&UR;`` ``&LR;``) dropped.  Entity spans are carried over as character
offsets into that text.  The result is stored in ``data/unseen/documents.json``
and ``data/unseen/heldout/documents.json`` (the test split; so offsets of the
annotations never move), and a test proves that rebuilding from the NLTK data
gives the same bytes.  The held-out folder is not part of the student bundle.

    >>> docs = documents("dev")          # list of dicts: id, source, split, headline, text, entities
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from . import paths

UNSEEN_DIR = paths.DATA_DIR / "unseen"
# the test split lives in its own folder, which the student bundle leaves out: students never see its gold
HELDOUT_DIR = UNSEEN_DIR / "heldout"
DOCUMENTS = UNSEEN_DIR / "documents.json"           # the dev split
HELDOUT_DOCUMENTS = HELDOUT_DIR / "documents.json"  # the test split, with IEER's entity gold
SPLITS = ("dev", "test")
IEER_SPLIT = {"APW": "dev", "NYT": "test"}
ENTITY_LABELS = ("PERSON", "ORGANIZATION", "LOCATION")

_TAG = re.compile(r"<(/?)([be])_(enamex|numex|timex)(?:\s+([^>]*))?>|<e_(enamex|numex|timex)>")
_ENTITIES = {"&AMP;": "&", "&amp;": "&", "&LT;": "<", "&GT;": ">"}
_MARKUP = re.compile(r"&[A-Z]{1,4};")  # &UR; &LR; … (typesetting codes, not text)


def _curly(text: str) -> str:
    """TeX quotes to curly marks: `` → “, '' → ”, and single ` → ‘."""
    return text.replace("``", "“").replace("''", "”").replace("`", "‘")


def _curly_straight(line: str) -> str:
    """Straight double quotes to curly ones: opening after a space, a bracket or the line start."""
    out = []
    for i, ch in enumerate(line):
        if ch == '"':
            before = line[i - 1] if i else " "
            out.append("“" if before.isspace() or before in "([{—-" else "”")
        else:
            out.append(ch)
    return "".join(out)


class _Builder:
    """Appends text pieces and keeps the offsets of entity tags."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


def _ieer_body(raw: str) -> tuple[str, list[dict]]:
    """Running text and ENAMEX spans from the SGML of one IEER <TEXT> block."""
    raw = re.sub(r"<ANNOTATION>.*?</ANNOTATION>", "", raw, flags=re.S)
    paragraphs = [p for p in re.split(r"\n\t\s*", "\n" + raw.strip("\n")) if p.strip()]
    b = _Builder()
    entities = []
    for n, para in enumerate(paragraphs):
        if n:
            b.add("\n\n")
        para = re.sub(r"\s*\n\s*", " ", para.strip())
        for code, plain in _ENTITIES.items():
            para = para.replace(code, plain)
        para = re.sub(r"\s{2,}", " ", _MARKUP.sub("", para)).strip()
        pos, open_ = 0, None
        for m in re.finditer(r"<b_(enamex|numex|timex)\s+([^>]*)>|<e_(enamex|numex|timex)>", para):
            b.add(_curly(para[pos:m.start()]))
            pos = m.end()
            if m.group(1) == "enamex":
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
                open_ = (b.length, attrs.get("type"), attrs.get("status") == "opt")
            elif m.group(3) == "enamex" and open_:
                start, label, optional = open_
                entities.append({"start": start, "end": b.length, "label": label, "optional": optional})
                open_ = None
        b.add(_curly(para[pos:]))
    text = b.text()
    for e in entities:
        e["text"] = text[e["start"]:e["end"]]
    return text, entities


def _ieer_documents(fileid: str, root: Path) -> list[dict]:
    raw = (root / fileid).read_text(encoding="utf-8", errors="strict")
    docs = []
    for doc in re.findall(r"<DOC>(.*?)</DOC>", raw, flags=re.S):
        docno = re.search(r"<DOCNO>\s*(.*?)\s*</DOCNO>", doc).group(1)
        head = re.search(r"<HEADLINE>\s*(.*?)\s*</HEADLINE>", doc, flags=re.S)
        body = re.search(r"<TEXT>(.*?)</TEXT>", doc, flags=re.S).group(1)
        text, entities = _ieer_body(body)
        docs.append({
            "id": f"ieer/{docno}", "source": "ieer", "file": f"ieer/{fileid}", "split": IEER_SPLIT[fileid[:3]],
            "headline": _curly(re.sub(r"\s+", " ", head.group(1))) if head else None,
            "text": text, "entities": entities,
        })
    return docs


def _treebank_document(fileid: str, root: Path) -> dict:
    raw = (root / fileid).read_text(encoding="latin-1")
    raw = re.sub(r"^\.START\s*", "", raw.strip())
    paragraphs = [" ".join(line.strip() for line in p.splitlines() if line.strip())
                  for p in re.split(r"\n\s*\n", raw) if p.strip()]
    text = "\n\n".join(_curly_straight(p) for p in paragraphs)
    return {"id": f"treebank/{fileid}", "source": "treebank", "file": f"treebank/raw/{fileid}", "split": "dev",
            "headline": None, "text": text, "entities": None}


def build() -> list[dict]:
    """Rebuild every document from the NLTK data (ieer, treebank) found on NLTK's path."""
    import nltk.data

    ieer_root = Path(str(nltk.data.find("corpora/ieer")))
    tb_root = Path(str(nltk.data.find("corpora/treebank"))) / "raw"
    docs = []
    for fileid in sorted(p.name for p in ieer_root.iterdir() if re.fullmatch(r"(APW|NYT)_\d{8}", p.name)):
        docs += _ieer_documents(fileid, ieer_root)
    for fileid in sorted(p.name for p in tb_root.iterdir() if p.name.startswith("wsj_")):
        doc = _treebank_document(fileid, tb_root)
        if doc["text"].strip():
            docs.append(doc)
    return docs


def dumps(docs: list[dict]) -> str:
    return json.dumps({"documents": docs}, ensure_ascii=False, indent=1) + "\n"


def _read(path: Path, what: str) -> tuple[dict, ...]:
    if not path.is_file():
        raise FileNotFoundError(
            f"{what} is missing: {path}. Restore it from the course repository (git checkout -- data/unseen), "
            "or rebuild it: .venv/bin/python -m whosaidwhat.unseen build"
            + (" (the test split is held out: students' copies of the course do not have it)" if path.parent == HELDOUT_DIR
               else ""))
    return tuple(json.loads(path.read_text(encoding="utf-8"))["documents"])


@lru_cache(maxsize=None)
def _load(split: str) -> tuple[dict, ...]:
    if split == "dev":
        return _read(DOCUMENTS, "The unseen-news set (dev split)")
    return _read(HELDOUT_DOCUMENTS, "The unseen-news test split")


def documents(split: str | None = None, source: str | None = None) -> list[dict]:
    """The documents of a split ('dev' or 'test'; None for both), optionally of one source ('ieer', 'treebank').
    Each is a new dict, so callers may change it freely."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS} (or None), not {split!r}")
    return [json.loads(json.dumps(d)) for s in ((split,) if split else SPLITS) for d in _load(s)
            if source is None or d["source"] == source]


def document(doc_id: str) -> dict:
    if doc_id.startswith("conll2000/"):  # the second dev set (data/unseen/dev-wsj)
        for d in _load_dev_wsj():
            if d["id"] == doc_id:
                return json.loads(json.dumps(d))
    for d in _load("dev") + (_load("test") if HELDOUT_DOCUMENTS.is_file() else ()):
        if d["id"] == doc_id:
            return json.loads(json.dumps(d))
    raise KeyError(f"no unseen document {doc_id!r}; ids look like 'ieer/APW19980314.0391', 'treebank/wsj_0003' or 'conll2000/test/0003'")


ANNOTATION_SCHEMA = UNSEEN_DIR / "annotations.schema.json"
KINDS = {"quotations": "quotes", "sentiment": "sentiment"}


def annotation_file(kind: str, split: str) -> Path:
    if kind not in KINDS or split not in SPLITS:
        raise ValueError(f"kind must be one of {tuple(KINDS)} and split one of {SPLITS}")
    return (HELDOUT_DIR if split == "test" else UNSEEN_DIR) / f"{KINDS[kind]}.{split}.json"


def validate_annotations(data: dict, docs: tuple[dict, ...] | None = None) -> list[str]:
    """Problems of one annotation file (schema, spans that do not match the text, ids); [] when it is valid.
    `docs`: the documents it annotates (default: those of its split; the conll2000 WSJ set passes its own)."""
    import jsonschema

    schema = json.loads(ANNOTATION_SCHEMA.read_text(encoding="utf-8"))
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    if problems:
        return problems
    texts = {d["id"]: d for d in (_load(data["split"]) if docs is None else docs)}
    seen = set()
    for item in data["items"]:
        where = item["id"]
        if where in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(where)
        if item["doc"] not in texts:
            problems.append(f"{where}: unknown document {item['doc']!r}")
            continue
        doc = texts[item["doc"]]
        if doc["split"] != data["split"]:
            problems.append(f"{where}: {item['doc']} is in the {doc['split']} split, not {data['split']}")
        if not where.startswith(("q" + data["split"], "s" + data["split"])):
            problems.append(f"{where}: id must start with q{data['split']} or s{data['split']}")
        for path, span in _spans(item):
            if doc["text"][span["start"]:span["end"]] != span["text"]:
                problems.append(f"{where}: {path} text {span['text']!r} is not at {span['start']}:{span['end']}")
    return problems


def _spans(item: dict, path: str = ""):
    for key, value in item.items():
        if isinstance(value, dict) and {"start", "end", "text"} <= value.keys():
            yield path + key, value
        elif isinstance(value, dict):
            yield from _spans(value, path + key + ".")


def annotations(kind: str, split: str) -> list[dict]:
    """The gold items of one kind ('quotations' or 'sentiment') and split, validated."""
    path = annotation_file(kind, split)
    if not path.is_file():
        raise FileNotFoundError(f"No {kind} annotations for the {split} split: {path} is missing.")
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = validate_annotations(data)
    if problems:
        raise ValueError(f"{path.name} is not valid: " + "; ".join(problems[:5]))
    return data["items"]


# --- a second dev set: the conll2000 WSJ text (data/unseen/dev-wsj) -----------------------------------------
# NLTK's conll2000 corpus is WSJ sections 15-18 (train.txt) and 20 (test.txt): no overlap with the treebank sample
# (wsj_0001-0199, sections 00-01).  It has only sentences, no documents or paragraphs, so the text is cut into
# pseudo-documents of DEV_WSJ_SENTENCES consecutive sentences.  This set is DEV (free for tuning), never test.
DEV_WSJ_DIR = UNSEEN_DIR / "dev-wsj"
DEV_WSJ_DOCUMENTS = DEV_WSJ_DIR / "documents.json"
DEV_WSJ_QUOTES = DEV_WSJ_DIR / "quotes.json"
DEV_WSJ_SENTENCES = 40
DEV_WSJ_FILES = ("test.txt", "train.txt")  # section 20 first: it is the part annotated first
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "-LSB-": "[", "-RSB-": "]"}
# tokens written against the previous token (no space before) or the next one (no space after)
_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:?!%)\]}”’']|\.\.\.|'[a-zA-Z]{1,2}|n't|N'T)$")
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘", "$", "#"}


def _detokenize(tokens: list[str]) -> str:
    """One sentence of Penn Treebank tokens as running text: `` '' → “ ”, brackets back, tokenizer spacing undone
    (`do n't` → `don't`, `$ 5` → `$5`, `said , ''` → `said,”`)."""
    out: list[str] = []
    for tok in tokens:
        tok = _BRACKETS.get(tok, _curly(tok) if tok in ("``", "''", "`") else tok)
        if out and not _NO_SPACE_BEFORE.match(tok) and out[-1][-1:] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(tok)
    return "".join(out)


def build_dev_wsj() -> list[dict]:
    """The conll2000 WSJ text as pseudo-documents of DEV_WSJ_SENTENCES consecutive sentences, joined by a space
    (ids conll2000/test/0001 …, conll2000/train/0001 …)."""
    from nltk.corpus import conll2000

    docs = []
    for fileid in DEV_WSJ_FILES:
        sents = [_detokenize(s) for s in conll2000.sents(fileid)]
        part = fileid.split(".")[0]
        for n, first in enumerate(range(0, len(sents), DEV_WSJ_SENTENCES), 1):
            chunk = sents[first:first + DEV_WSJ_SENTENCES]
            docs.append({"id": f"conll2000/{part}/{n:04d}", "source": "conll2000", "file": f"conll2000/{fileid}",
                         "split": "dev", "sentences": [first, first + len(chunk)], "headline": None,
                         "text": " ".join(chunk), "entities": None})
    return docs


@lru_cache(maxsize=None)
def _load_dev_wsj() -> tuple[dict, ...]:
    return _read(DEV_WSJ_DOCUMENTS, "The second dev set (conll2000 WSJ)")


def dev_wsj_documents() -> list[dict]:
    """The conll2000 WSJ pseudo-documents (a second DEV set; see data/unseen/README.md).  Each is a new dict."""
    return [json.loads(json.dumps(d)) for d in _load_dev_wsj()]


def dev_wsj_quotes() -> list[dict]:
    """The quotation gold of the conll2000 WSJ dev set, validated."""
    if not DEV_WSJ_QUOTES.is_file():
        raise FileNotFoundError(f"No quotation gold for the conll2000 WSJ dev set: {DEV_WSJ_QUOTES} is missing.")
    data = json.loads(DEV_WSJ_QUOTES.read_text(encoding="utf-8"))
    problems = validate_annotations(data, docs=_load_dev_wsj())
    if problems:
        raise ValueError(f"{DEV_WSJ_QUOTES.name} is not valid: " + "; ".join(problems[:5]))
    return data["items"]


def reference_scores() -> dict:
    """The course's methods and baselines on the article and the dev split ({method: {measure: {split: value}}}),
    as benchmarks/generalization.py --write stored them (a test checks they are current).  There are no
    test-split figures in it: the test split is scored once, by the benchmark, for a finished method."""
    return json.loads((UNSEEN_DIR / "reference_scores.json").read_text(encoding="utf-8"))["scores"]


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print("usage: python -m whosaidwhat.unseen build   (rewrites data/unseen/documents.json, heldout/documents.json"
              " and dev-wsj/documents.json from NLTK data)")
        return 2
    DEV_WSJ_DIR.mkdir(parents=True, exist_ok=True)
    wsj = build_dev_wsj()
    DEV_WSJ_DOCUMENTS.write_text(dumps(wsj), encoding="utf-8")
    print(f"wrote {DEV_WSJ_DOCUMENTS}: {len(wsj)} conll2000 pseudo-documents")
    docs = build()
    HELDOUT_DIR.mkdir(parents=True, exist_ok=True)
    DOCUMENTS.write_text(dumps([d for d in docs if d["split"] == "dev"]), encoding="utf-8")
    HELDOUT_DOCUMENTS.write_text(dumps([d for d in docs if d["split"] == "test"]), encoding="utf-8")
    by = {s: sum(1 for d in docs if d["split"] == s) for s in SPLITS}
    print(f"wrote {DOCUMENTS} and {HELDOUT_DOCUMENTS}: {len(docs)} documents ({by})")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
