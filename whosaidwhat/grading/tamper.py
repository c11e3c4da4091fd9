"""Tamper flags: signs that a submission tries to make the tests pass without
solving the exercise.  A flag never changes a score by itself; it puts the
submission on the instructor's list for a manual review (a ``flags`` entry in
grading_report.csv and a ``flags`` column in grades.csv).

Two checks:

* ``scan_notebook`` reads the student's code cells (static, AST): redefining
  or patching the check helpers, assigning to ``__code__`` and friends,
  patching ``builtins``, NLTK or the course's modules, IPython hooks (input
  and AST transformers, custom exception handlers, event callbacks), frame
  and history tricks, ``exec``/``eval``, classes that define ``__eq__`` or
  ``__hash__``;
* ``INTEGRITY_CHECK`` is run by the grader's executor inside the kernel,
  silently, right before every test cell: it reports (and undoes, where it
  can) the same things as they really are at that moment, including what the
  static scan cannot see (code built from strings).
"""

from __future__ import annotations

import ast

CHECK_MODULE = "whosaidwhat.check"
PROTECTED_ROOTS = {"builtins", "__builtins__", "nltk", "whosaidwhat", "IPython", "ipykernel", "sys", "numpy",
                   "math", "re", "json", "unittest", "inspect", "linecache", "traceback", "operator"}
DUNDER_TARGETS = {"__code__", "__globals__", "__defaults__", "__kwdefaults__", "__closure__", "__class__",
                  "__eq__", "__ne__", "__hash__", "__bool__", "__builtins__", "__dict__", "__bases__"}
HOOK_ATTRS = {
    "input_transformers_cleanup": "installs an IPython input transformer",
    "input_transformers_post": "installs an IPython input transformer",
    "input_transformer_manager": "installs an IPython input transformer",
    "ast_transformers": "installs an IPython AST transformer",
    "set_custom_exc": "installs a custom exception handler",
    "custom_exceptions": "installs a custom exception handler",
    "CustomTB": "installs a custom exception handler",
    "showtraceback": "replaces IPython's traceback display",
    "run_cell": "replaces how IPython runs cells",
    "run_ast_nodes": "replaces how IPython runs cells",
    "register": None,  # only on `events`: see below
    "settrace": "installs a trace function",
    "setprofile": "installs a profile function",
    "addaudithook": "installs an audit hook",
    "excepthook": "replaces the exception hook",
    "displayhook": "replaces the display hook",
    "_getframe": "inspects the calling frames",
    "currentframe": "inspects the calling frames",
    "f_back": "inspects the calling frames",
    "f_locals": "inspects the calling frames",
    "f_globals": "inspects the calling frames",
    "get_referrers": "searches the interpreter's objects",
    "get_objects": "searches the interpreter's objects",
    "history_manager": "reads IPython's input history",
    "modules": None,  # only sys.modules assignments: see below
}
HISTORY_NAMES = {"In", "_ih", "_i", "_ii", "_iii", "Out", "_oh"}
DYNAMIC_CALLS = {"exec": "runs code built from strings (exec)", "eval": "runs code built from strings (eval)",
                 "compile": "compiles code from strings", "__import__": "imports modules by name at run time",
                 "setattr": None, "delattr": None}
SUSPICIOUS_IMPORTS = {"ctypes": "uses ctypes (raw memory access)", "gc": "searches the interpreter's objects",
                      "linecache": "reads the source of executed cells", "importlib": "reloads or swaps modules"}


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _python(source: str) -> str:
    """A cell as Python (IPython magics and shell escapes turned into calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return source


class _Scan(ast.NodeVisitor):
    def __init__(self):
        self.flags: list[str] = []
        self.aliases: dict[str, str] = {}  # local name -> module it stands for

    def flag(self, text: str) -> None:
        if text not in self.flags:
            self.flags.append(text)

    def protected(self, node: ast.AST) -> str | None:
        root = _root(node)
        if root is None:
            return None
        module = self.aliases.get(root, root)
        return module if module.split(".")[0] in PROTECTED_ROOTS else None

    # imports: remember which names stand for protected modules
    def visit_Import(self, node):
        for a in node.names:
            self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            if a.name.split(".")[0] in SUSPICIOUS_IMPORTS:
                self.flag(SUSPICIOUS_IMPORTS[a.name.split(".")[0]])

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if module.split(".")[0] in SUSPICIOUS_IMPORTS:
            self.flag(SUSPICIOUS_IMPORTS[module.split(".")[0]])
        for a in node.names:
            name = a.asname or a.name
            self.aliases[name] = f"{module}.{a.name}"
            if name.startswith("expect_") and module != CHECK_MODULE:
                self.flag(f"imports another '{name}' in place of the course's check helper")

    # assignments
    def _target(self, target: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self._target(t)
        elif isinstance(target, ast.Starred):
            self._target(target.value)
        elif isinstance(target, ast.Name):
            if target.id.startswith("expect_"):
                self.flag(f"redefines the check helper '{target.id}'")
            elif target.id in {"get_ipython", "display", "__builtins__"} | HISTORY_NAMES:
                self.flag(f"assigns to '{target.id}'")
        elif isinstance(target, ast.Attribute):
            module = self.protected(target.value)
            if target.attr in DUNDER_TARGETS:
                self.flag(f"assigns to {target.attr} (patches code or types)")
            elif target.attr.startswith("expect_"):
                self.flag(f"patches the check helper '{target.attr}'")
            elif module:
                self.flag(f"patches the module {module} ({target.attr})")
            if target.attr in HOOK_ATTRS and HOOK_ATTRS[target.attr]:
                self.flag(HOOK_ATTRS[target.attr])
        elif isinstance(target, ast.Subscript):
            base = target.value
            key = target.slice.value if isinstance(target.slice, ast.Constant) else None
            if isinstance(base, ast.Attribute) and base.attr == "modules":
                self.flag("replaces a module in sys.modules")
            elif isinstance(base, ast.Call) and _root(base) in ("globals", "vars", "locals") or \
                    isinstance(base, ast.Name) and base.id in ("__builtins__",):
                if isinstance(key, str) and (key.startswith("expect_") or isinstance(base, ast.Name)):
                    self.flag(f"patches '{key}' through a namespace dictionary")
            elif isinstance(base, ast.Attribute) and base.attr == "__dict__" and self.protected(base.value):
                self.flag(f"patches the module {self.protected(base.value)} through its __dict__")
            elif isinstance(base, ast.Name) and base.id in HISTORY_NAMES:
                self.flag("rewrites IPython's input history")

    def visit_Assign(self, node):
        for t in node.targets:
            self._target(t)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for t in node.targets:
            self._target(t)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        if node.name.startswith("expect_"):
            self.flag(f"redefines the check helper '{node.name}'")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        if node.name.startswith("expect_"):
            self.flag(f"redefines the check helper '{node.name}'")
        defined = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        defined |= {t.id for n in node.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        for special in ("__eq__", "__ne__", "__hash__", "__bool__"):
            if special in defined:
                self.flag(f"defines a class with its own {special} (class {node.name})")
        self.generic_visit(node)

    def visit_Attribute(self, node):
        text = HOOK_ATTRS.get(node.attr)
        if text:
            self.flag(text)
        elif node.attr == "register" and isinstance(node.value, ast.Attribute) and node.value.attr == "events":
            self.flag("registers an IPython event callback (pre/post_run_cell)")
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in HISTORY_NAMES and isinstance(node.ctx, ast.Load):
            self.flag("reads IPython's input history")
        self.generic_visit(node)

    def visit_Call(self, node):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name in DYNAMIC_CALLS:
            if DYNAMIC_CALLS[name]:
                self.flag(DYNAMIC_CALLS[name])
            elif node.args:
                first = node.args[0]
                attr = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else ""
                if self.protected(first) or str(attr).startswith("expect_") or str(attr) in DUNDER_TARGETS or \
                        (isinstance(first, ast.Name) and first.id.startswith("expect_")):
                    self.flag(f"uses {name} on {self.protected(first) or 'a check helper or special attribute'}")
        self.generic_visit(node)


def scan_source(source: str) -> list[str]:
    try:
        tree = ast.parse(_python(source))
    except (SyntaxError, ValueError):
        return []  # a cell that does not parse cannot patch anything; the grade shows the error
    scan = _Scan()
    try:
        scan.visit(tree)
    except RecursionError:
        scan.flag("code nested too deeply to be checked")
    return scan.flags


def _is_test(cell: dict) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def scan_notebook(nb: dict) -> list[str]:
    """Flags for the code cells a student could write (test cells are put back by nbgrader)."""
    flags: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or _is_test(cell):
            continue
        source = cell.get("source", "")
        for f in scan_source("".join(source) if isinstance(source, list) else str(source)):
            label = f"static: {f}"
            if label not in flags:
                flags.append(label)
    return flags


# Run in the kernel (silently: no history, no events, no output) before every test cell.
# It reports what was changed, and puts back what it can: the check helpers, IPython's
# hooks.  It cannot prove a kernel honest (student code runs in the same interpreter),
# which is why the static scan and the exact-type helpers exist too.
INTEGRITY_CHECK = r'''
def __wsw_integrity():
    import builtins, importlib, sys, types
    ip = get_ipython()
    flags = []
    ns = ip.user_ns
    def foreign(obj):
        code = getattr(obj, "__code__", None) or getattr(getattr(obj, "__func__", None), "__code__", None)
        if code is None:
            return False
        name = code.co_filename
        if name.startswith("<frozen ") or "__create_fn__" in getattr(obj, "__qualname__", ""):
            return False  # the standard library's frozen modules; dataclasses' generated methods
        return not (name.startswith(sys.prefix) or name.startswith(sys.base_prefix)
                    or name.startswith(__wsw_course))
    # the check helpers: the names the test cells use must be the course's own functions
    import whosaidwhat.check as chk
    fresh = importlib.reload(chk)
    for name in [n for n in ns if n.startswith("expect_")] + [n for n in vars(fresh) if n.startswith("expect_")]:
        if name not in vars(fresh):
            continue
        if name in ns and (not isinstance(ns[name], types.FunctionType) or foreign(ns[name])
                           or ns[name].__code__.co_code != vars(fresh)[name].__code__.co_code):
            flags.append("check helper %s was replaced or patched" % name)
        if name in ns:
            ns[name] = vars(fresh)[name]
    # builtins: every one must still be the interpreter's (or IPython's) own
    for name, value in list(vars(builtins).items()):
        if foreign(value) or getattr(value, "__module__", "") == "__main__":
            flags.append("builtins.%s was replaced" % name)
    # NLTK and the course's modules: no function or class of theirs may come from the notebook
    for modname, module in list(sys.modules.items()):
        if not modname.split(".")[0] in ("nltk", "whosaidwhat", "builtins", "numpy") or module is None:
            continue
        for name, value in list(vars(module).items()):
            if getattr(value, "__module__", None) == "__main__" or (callable(value) and foreign(value)):
                flags.append("%s.%s was patched" % (modname, name))
    # IPython's hooks: transformers, exception handlers, event callbacks, tracers
    for attr in ("input_transformers_cleanup", "input_transformers_post", "ast_transformers"):
        hooks = getattr(ip, attr, [])
        bad = [h for h in hooks if foreign(h) or foreign(getattr(h, "__call__", None))
               or getattr(type(h), "__module__", "").startswith("__main__")
               or getattr(h, "__module__", "") == "__main__"]
        if bad:
            flags.append("an IPython %s was installed" % attr.replace("_", " "))
            for h in bad:
                hooks.remove(h)
    if ip.custom_exceptions:
        flags.append("a custom exception handler was installed")
        ip.set_custom_exc((), None)
    for event, callbacks in ip.events.callbacks.items():
        for cb in list(callbacks):
            if foreign(cb) or getattr(cb, "__module__", "") == "__main__":
                flags.append("an IPython %s callback was registered" % event)
                callbacks.remove(cb)
    if sys.gettrace() is not None or sys.getprofile() is not None:
        flags.append("a trace or profile function was installed")
        sys.settrace(None)
        sys.setprofile(None)
    if sys.excepthook is not sys.__excepthook__ and foreign(sys.excepthook):
        flags.append("sys.excepthook was replaced")
    # answers that are objects of the notebook's own classes with their own equality
    for name, value in list(ns.items()):
        if name.startswith("_"):
            continue
        items = [value] + (list(value)[:100] if isinstance(value, (list, tuple, set, frozenset)) else [])
        items += list(value.values())[:100] if isinstance(value, dict) else []
        for item in items:
            cls = item if isinstance(item, type) else type(item)
            if any(foreign(getattr(cls, m, None)) for m in ("__eq__", "__ne__", "__hash__", "__bool__")):
                flags.append("%s is or holds an object whose class defines its own equality" % name)
                break
    return list(dict.fromkeys(flags))
__wsw_flags = __wsw_integrity()
del __wsw_integrity
'''


def integrity_code(course_dir: str) -> str:
    return f"__wsw_course = {course_dir!r}\n" + INTEGRITY_CHECK + "del __wsw_course\n"
