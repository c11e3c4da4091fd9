"""Drive the course's JupyterLab in Debian's Chromium, the way a student does:
start the server with bin/start, open the start page, open a notebook, use the
menus and nbgrader's Validate button, and read back what the notebook shows.

JupyterLab saves notebooks (autosave, and Validate saves before validating), so
the server never runs on the repository itself: `Sandbox` is a folder that links
to everything in the repository except `notebooks/` and `solutions/`, which are
copied.  bin/start is the same script, reached through the link, so JupyterLab is
started exactly as the README's command starts it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium, headless, no network of its own, a fresh profile every time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = ROOT / ".artifacts" / "screenshots"  # ignored by git, hidden by JupyterLab (a dot folder)
# Copied into the sandbox (JupyterLab writes there); everything else is linked.
COPIED = ("notebooks", "solutions")
NOT_LINKED = {".git", "grading", ".artifacts", "artifacts", ".pytest_cache", ".ipynb_checkpoints", *COPIED}

# The notebook tab in front.
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_sandbox(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in NOT_LINKED:
            continue
        (dest / entry.name).symlink_to(entry)
    for name in COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


class LabServer:
    """`bin/start --no-browser …` in a sandbox; stopped with its kernels."""

    def __init__(self, tmp: Path):
        self.tmp = Path(tmp)
        self.sandbox = make_sandbox(self.tmp / "course")
        self.runtime = self.tmp / "runtime"
        self.runtime.mkdir()
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.tmp / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None
        self.started_in = 0.0

    def start(self, timeout: float = 180) -> "LabServer":
        env = dict(os.environ)
        env["JUPYTER_RUNTIME_DIR"] = str(self.runtime)  # where the "open this URL" files appear
        env.pop("JUPYTER_TOKEN", None)
        cmd = [
            "bash", str(self.sandbox / "bin" / "start"),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            # the test's own settings and workspaces: nothing from earlier sessions is restored
            f"--LabApp.user_settings_dir={self.tmp / 'user-settings'}",
            f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
            # lets the test read cell outputs from the notebook model (window.jupyterapp)
            "--LabApp.expose_app_in_browser=True",
        ]
        t0 = time.monotonic()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                         cwd=self.tmp, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bin/start exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        self.started_in = time.monotonic() - t0
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def url(self, path: str, workspace: str | None = None) -> str:
        prefix = f"/lab/workspaces/{workspace}" if workspace else "/lab"
        return f"{self.base}{prefix}/tree/{path}?token={self.token}"

    def start_page_url(self) -> str:
        """The URL bin/start would open in the browser (written by jupyter_server)."""
        files = sorted(self.runtime.glob("jpserver-file-to-run-*-open.html"))
        assert files, "bin/start did not ask JupyterLab to open a file (no file-to-run in the runtime folder)"
        m = re.search(r'href="([^"]+)"', files[0].read_text())
        assert m, files[0].read_text()
        return m.group(1).replace("localhost", "127.0.0.1")

    def _our_kernels(self) -> list[int]:
        """Kernels of this server: their connection files live in our runtime folder."""
        pids = []
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if str(self.runtime) in cmdline and "kernel" in cmdline:
                    pids.append(int(proc.name))
        return pids

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:  # the clean way: the server shuts its kernels down, then exits
                req = urllib.request.Request(f"{self.base}/api/shutdown?token={self.token}", method="POST", data=b"")
                urllib.request.urlopen(req, timeout=10).close()
                self.proc.wait(timeout=20)
            except Exception:
                pass
        if self.proc.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    continue
        for pid in self._our_kernels():  # kernels run in their own process groups
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None


# ---------------------------------------------------------------- in the page

_HOOK = """() => {
  window.__course_runs = [];
  if (!window.__course_hooked) {
    window.jupyterapp.commands.commandExecuted.connect((_, a) => {
      if (a.id.startsWith('notebook:run') || a.id.startsWith('runmenu:')) {
        const e = {id: a.id, done: false};
        window.__course_runs.push(e);
        Promise.resolve(a.result).then(() => { e.done = true; }, () => { e.done = true; });
      }
    });
    window.__course_hooked = true;
  }
}"""

_RUN_FINISHED = """() => {
  const runs = window.__course_runs || [];
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const running = Array.from(panel.content.model.cells).some(c => c.type === 'code' && c.executionState === 'running');
  const busy = [...panel.node.querySelectorAll('.jp-InputPrompt')].some(e => e.textContent.includes('*'));
  return runs.length > 0 && runs.every(r => r.done) && !running && !busy && kernel && kernel.status === 'idle';
}"""


_READ_CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const text = t => Array.isArray(t) ? t.join('') : (t || '');
  return Array.from(panel.content.model.cells).map((c, i) => {
    const j = c.toJSON();
    panel.content.widgets[i].node.setAttribute('data-course-index', String(i));
    return {
      index: i,
      cell_type: j.cell_type,
      source: text(j.source),
      execution_count: j.execution_count === undefined ? null : j.execution_count,
      nbgrader: (j.metadata || {}).nbgrader || {},
      outputs: (j.outputs || []).map(o => ({
        output_type: o.output_type, name: o.name || null, ename: o.ename || null, evalue: o.evalue || null,
        mimes: o.data ? Object.keys(o.data) : [],
        text: text(o.text) + (o.data && o.data['text/plain'] ? text(o.data['text/plain']) : ''),
      })),
    };
  });
}"""


def goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#jp-main-dock-panel", timeout=90_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)


def wait_for_notebook(page, timeout: float = 120_000) -> str:
    """Wait until the notebook in front has its kernel ready; return its path."""
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=timeout)
    return page.evaluate(
        """async () => {
          const panel = window.jupyterapp.shell.currentWidget;
          await panel.context.ready;
          await panel.sessionContext.ready;
          return panel.context.path;
        }"""
    )


def popups(page) -> list[str]:
    """Dialogs and toast notifications on screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-Dialog, .Toastify__toast')]
             .filter(e => e.offsetParent !== null || e.getClientRects().length)
             .map(e => e.innerText.trim().slice(0, 200))"""
    )


def main_area_tabs(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab .lm-TabBar-tabLabel')].map(e => e.textContent)"
    )


def _menu(page, menu: str, command: str) -> None:
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def run_via_menu(page, command: str, timeout: float = 300_000) -> None:
    """Click Run → <command> and wait until the run is over and the kernel idle."""
    page.evaluate(_HOOK)
    _menu(page, "Run", command)
    page.wait_for_function(_RUN_FINISHED, timeout=timeout, polling=200)
    page.wait_for_timeout(300)  # and still so a moment later: nothing else was queued
    page.wait_for_function(_RUN_FINISHED, timeout=timeout, polling=200)


def read_cells(page) -> list[dict]:
    return page.evaluate(_READ_CELLS)


def select_cell(page, index: int, attempts: int = 3) -> None:
    """Click a cell's prompt, as a student would.  The notebook may still be
    scrolling or laying out outputs when the click lands (then another cell ends
    up selected), so look, and click again like a person would."""
    cell = page.locator(f"{PANEL} [data-course-index='{index}']")
    active = None
    for _ in range(attempts):
        cell.scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # let the scroll and the layout settle
        cell.locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Escape")  # command mode, like a student moving between cells
        active = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
        if active == index:
            return
    raise AssertionError(f"clicked cell {index} {attempts} times, but cell {active} is selected")


def run_all_like_a_student(page, max_rounds: int = 200) -> tuple[list[dict], int]:
    """Run → Run All Cells.  JupyterLab stops at the first error; a student then
    clicks the next cell that has not run and uses Run → Run Selected Cell and All
    Below.  Repeat until every cell has run.  Returns the cells and the number of stops.

    (Starting from the first cell that has not run, rather than from the one after
    the error, also copes with the kernel aborting requests that arrive just after
    an error: those cells simply run in the next round.)"""
    run_via_menu(page, "runmenu:run-all")
    stops, previous = 0, None
    for _ in range(max_rounds):
        cells = read_cells(page)
        unrun = [c["index"] for c in cells if c["cell_type"] == "code" and c["source"].strip() and c["execution_count"] is None]
        if not unrun:
            return cells, stops
        if unrun == previous:
            raise AssertionError(f"cells {unrun} do not run (Run Selected Cell and All Below did nothing)")
        previous = unrun
        stops += 1
        page.wait_for_timeout(500)  # let the kernel finish aborting what was queued behind the error
        select_cell(page, unrun[0])
        run_via_menu(page, "notebook:run-all-below")
    raise AssertionError("the notebook never finished running")


def rendered_headings(page) -> list[str]:
    """The headings on screen (nbgrader's markers in solution cells left out)."""
    shown = page.evaluate(
        """() => [...document.querySelectorAll('%s .jp-MarkdownCell .jp-RenderedMarkdown :is(h1,h2,h3,h4,h5,h6)')]
             .map(h => h.textContent.replace(/\\u00b6/g, '').trim())""" % PANEL
    )
    return [h for h in shown if not _MARKER.search(h)]


def images_in_cell(page, index: int) -> list[dict]:
    """Each <img> in a cell's outputs: has it loaded, and how big is it?"""
    cell = page.locator(f"{PANEL} [data-course-index='{index}']")
    cell.scroll_into_view_if_needed()
    page.wait_for_function(
        """(i) => [...document.querySelectorAll(`%s [data-course-index='${i}'] .jp-OutputArea-output img`)]
                .every(img => img.complete)""" % PANEL,
        arg=index, timeout=30_000,
    )
    return page.evaluate(
        """(i) => [...document.querySelectorAll(`%s [data-course-index='${i}'] .jp-OutputArea-output img`)]
             .map(img => ({w: img.naturalWidth, h: img.naturalHeight, shown: img.getBoundingClientRect().width}))"""
        % PANEL,
        index,
    )


def output_text(page, index: int) -> str:
    # textContent, not innerText: cells scrolled out of view are not laid out (content-visibility)
    return page.locator(f"{PANEL} [data-course-index='{index}'] .jp-OutputArea").text_content() or ""


def screenshot_images(page, index: int, paths: list[Path]) -> list[Path]:
    """One screenshot per image in a cell's outputs (the image alone, at its size on screen)."""
    imgs = page.locator(f"{PANEL} [data-course-index='{index}'] .jp-OutputArea-output img")
    for j, path in enumerate(paths):
        path.parent.mkdir(parents=True, exist_ok=True)
        imgs.nth(j).scroll_into_view_if_needed()
        imgs.nth(j).screenshot(path=str(path))
    return paths


def screenshot_cell(page, index: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    cell = page.locator(f"{PANEL} [data-course-index='{index}']")
    cell.scroll_into_view_if_needed()
    cell.screenshot(path=str(path))
    return path


def press_validate(page, timeout: float = 300_000) -> dict:
    """Click nbgrader's Validate button; return the result dialog's text and class."""
    page.locator(f"{PANEL} .jp-NotebookPanel-toolbar .validate-button").click()
    dialog = page.locator(".jp-Dialog", has=page.locator(".jp-Dialog-header", has_text="Validat"))
    dialog.wait_for(timeout=timeout)
    body = dialog.locator(".jp-Dialog-body")
    return {
        "header": dialog.locator(".jp-Dialog-header").inner_text(),
        "text": body.inner_text(),
        "class": body.get_attribute("class") or "",
        "locator": dialog,
    }


def shut_down_kernels(page) -> None:
    try:
        page.evaluate("async () => { await window.jupyterapp.serviceManager.sessions.shutdownAll(); }")
    except Exception:
        pass


def artifact_name(*parts: str) -> str:
    return "__".join(re.sub(r"[^A-Za-z0-9_.-]+", "-", p) for p in parts)


def dump(obj) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False)[:4000]


# ------------------------------------------------------------ notebook text

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# nbgrader's markers inside solution cells look like headings but are not
_MARKER = re.compile(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS|MARK SCHEME)")


def markdown_headings(source: str) -> list[tuple[int, str]]:
    """(level, text) of the Markdown headings in a cell, code blocks skipped."""
    found, fenced = [], False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else _HEADING.match(line)
        if m and not _MARKER.search(m.group(2)):
            found.append((len(m.group(1)), m.group(2)))
    return found


def plain(text: str) -> str:
    """A heading's text as the browser shows it (Markdown emphasis and code marks gone)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*`_]", "", text).split())
