"""nbgrader preprocessors for feedback: hidden tests stay hidden, and nothing
a student wrote can run in the instructor's or the student's browser.

nbgrader's autograded notebook holds the hidden tests *and* their output
(a failing assertion's traceback quotes the hidden code and its data).
Feedback removes the hidden region and replaces the cell's output with a
short note: passed or failed, the points, and the assertion's message (with
any line or string of the hidden tests taken out).  A student learns *that*
the code failed on unseen text, not what the unseen text was.

A student's own cell can also print the hidden tests: IPython keeps every
executed cell's source in ``In``.  The grader runs test cells outside the
history, and every line of a hidden test is also scrubbed from the outputs
of all other cells.

``MakeInert`` runs when a notebook is autograded (so the Formgrader shows an
inert notebook) and again for feedback: student HTML, SVG, JavaScript,
Markdown and LaTeX outputs become plain text; student Markdown cells have
their raw HTML escaped and script URLs removed; raw cells are not rendered.
``lock_html`` puts a Content-Security-Policy in every feedback page, so no
script runs in it at all, whatever slipped through.
"""

import base64
import html
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_output
from traitlets import Bool, Unicode

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests

NOTE = (
    "Hidden tests ran here on text that is not in the article; they are not shown. "
    "If you lost points in this cell, your code works on the article but not on new text: "
    "look for rules that only fit this one article."
)
SCRUBBED = "[a line of a hidden test was removed here]"
HIDDEN_VALUE = "[hidden test input]"
MIN_SECRET = 12  # shorter lines ("assert ok", "else:") give nothing away
MAX_MESSAGE = 400
STRING = re.compile(r"""(?:'([^'\\\n]{12,})'|"([^"\\\n]{12,})")""")


class HideHiddenTests(ClearHiddenTests):
    def preprocess(self, nb, resources):
        self._secrets, self._strings = self._hidden_lines(nb)
        return super().preprocess(nb, resources)

    def _hidden_lines(self, nb) -> tuple[set[str], set[str]]:
        region = re.compile(re.escape(self.begin_test_delimeter) + r"(.*?)" + re.escape(self.end_test_delimeter), re.S)
        hidden, visible, strings = set(), set(), set()
        for cell in nb.cells:
            for part in region.findall(cell.source):
                hidden |= {ln.strip() for ln in part.splitlines()}
                strings |= {a or b for a, b in STRING.findall(part)}
            visible |= {ln.strip() for ln in region.sub("", cell.source).splitlines()}
        return {ln for ln in hidden - visible if len(ln) >= MIN_SECRET}, strings

    def _scrub(self, text: str) -> str:
        text = "\n".join(SCRUBBED if any(s in line for s in self._secrets) else line for line in text.split("\n"))
        for s in self._strings:
            text = text.replace(s, HIDDEN_VALUE)
        return text

    def _verdict(self, cell, errors: list) -> str:
        meta = cell.metadata.get("nbgrader", {})
        score, points = meta.get("score"), meta.get("points")
        tally = f" ({score:g} of {points:g} points)" if isinstance(score, (int, float)) and points is not None else ""
        if not errors:
            return f"Hidden tests passed{tally}.\n\n{NOTE}"
        err = errors[0]
        message = self._scrub(f"{err.get('ename', 'Error')}: {err.get('evalue', '')}")
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        return f"Hidden tests failed{tally}:\n{message}\n\n{NOTE}"

    def preprocess_cell(self, cell, resources, cell_index):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        removed = self._remove_hidden_test_region(cell)
        if removed and cell.cell_type == "code":
            cell.outputs = [new_output("stream", name="stdout", text=self._verdict(cell, errors))]
        elif removed and not utils.is_grade(cell) and self.enforce_metadata:
            raise RuntimeError("Hidden test region in a cell that is not a grade cell")
        elif cell.cell_type == "code" and (self._secrets or self._strings):
            for out in cell.get("outputs", []):
                if "text" in out:
                    out.text = self._scrub(out.text)
                if "traceback" in out:
                    out.traceback = [self._scrub(line) for line in out.traceback]
                    out.evalue = self._scrub(out.get("evalue", ""))
                for mime, value in out.get("data", {}).items():
                    if isinstance(value, str) and mime.startswith("text/"):
                        out.data[mime] = self._scrub(value)
        return cell, resources


# ---------------------------------------------------------------- inert output
SAFE_IMAGES = ("image/png", "image/jpeg", "image/gif")
BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
LINK_TARGET = re.compile(r"(\]\s*\(\s*<?)([^)]*)|(^\s*\[[^\]]+\]:\s*<?)(\S*)", re.M)
MAX_TEXT = 20_000


def _as_text(mime: str, value) -> str:
    text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value)
    return f"[{mime} output, shown as text]\n{text[:MAX_TEXT]}"


def inert_output(out) -> None:
    """Only plain text and checked raster images are kept as they are."""
    out.pop("metadata", None)  # image width/height attributes come from here
    if out.get("output_type") in ("display_data", "execute_result"):
        out["metadata"] = {}
        data, kept = out.get("data", {}), {}
        for mime, value in data.items():
            if mime == "text/plain":
                kept[mime] = value
            elif mime in SAFE_IMAGES and isinstance(value, str) and BASE64.match(value):
                try:
                    base64.b64decode(value, validate=False)
                    kept[mime] = value
                except ValueError:
                    pass
        if "text/plain" not in kept:
            others = [m for m in data if m not in kept]
            if others:
                kept["text/plain"] = _as_text(others[0], data[others[0]])
        out["data"] = kept


def _safe_url(url: str) -> str:
    squeezed = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    return "#removed-link" if squeezed.startswith(BAD_SCHEMES) else url


def inert_markdown(source: str) -> str:
    """A student's Markdown, shown as written: raw HTML escaped, script links removed."""
    text = html.escape(source, quote=False)
    text = LINK_TARGET.sub(lambda m: (m.group(1) + _safe_url(m.group(2))) if m.group(1) is not None
                           else (m.group(3) + _safe_url(m.group(4))), text)
    return re.sub(r"\\(href|url|style|class|cssId|require)\b", r"\\text", text)  # MathJax extensions


class MakeInert(Preprocessor):
    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled; nbgrader registers it by name
    release_dir = Unicode("", help="The released notebooks: Markdown cells found there are the course's own.").tag(
        config=True)

    def preprocess(self, nb, resources):
        self._course_markdown = self._released_markdown(resources)
        keep = {k: nb.metadata[k] for k in ("kernelspec", "language_info") if k in nb.metadata}
        nb.metadata.clear()
        nb.metadata.update(keep)
        return super().preprocess(nb, resources)

    def _released_markdown(self, resources) -> set[str]:
        import json

        info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
        if not (self.release_dir and info.get("assignment") and info.get("notebook")):
            return set()
        path = Path(self.release_dir) / info["assignment"] / f"{info['notebook']}.ipynb"
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        return {"".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in nb.get("cells", []) if c.get("cell_type") == "markdown"}

    def preprocess_cell(self, cell, resources, index):
        cell.pop("attachments", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                inert_output(out)
        elif cell.cell_type == "markdown" and cell.source not in self._course_markdown:
            cell.source = inert_markdown(cell.source)
        elif cell.cell_type == "raw":
            for key in ("format", "raw_mimetype"):
                cell.metadata.pop(key, None)
        return cell, resources


CSP = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
       "style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'\">")


def lock_html(path: Path) -> None:
    """No script runs in a feedback page: a Content-Security-Policy first thing in <head>."""
    text = path.read_text(encoding="utf-8")
    head = re.search(r"<head[^>]*>", text, re.I)
    text = text[: head.end()] + CSP + text[head.end():] if head else CSP + text
    path.write_text(text, encoding="utf-8")
