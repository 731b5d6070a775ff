"""The language server: diagnostics for every finding, hover, a quick fix for arithmetic slips.

A document is checked when it is opened or saved, and again once edits have paused for
`DEBOUNCE` seconds (each edit restarts the wait). Checks run one at a time in a worker thread,
so the server keeps answering; a result is published only if the document has not changed
since it was read. With an answer key (`[tool.symcheck] problem = "…"` in the workspace's
pyproject.toml, or the initialization option `symcheck.keys.problem`) the document is graded, so the
diagnostics include the grading findings. The answer key is trusted Python (an instructor's), so
only a workspace you trust should name one; answer files are never executed.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from symcheck.editors.lsp import convert

if TYPE_CHECKING:  # annotations only: these are imported when the first document is checked
    from symcheck.core.limits import Limits
    from symcheck.editors.lsp.recording import Outcome
    from symcheck.keys.problem import Problem

DEBOUNCE = 0.2  # seconds of quiet after an edit before the document is checked again
SUFFIXES = (".md", ".markdown", ".tex", ".latex")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    version: int | None
    text: str
    outcome: Outcome  # findings, relations that hold, graded items

    @property
    def findings(self) -> tuple:
        return self.outcome.findings


class SymcheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("symcheck", "0.1.0", text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.problem_path: Path | None = None
        self.problem: Problem | None = None
        self.limits: Limits | None = None
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="symcheck-check")
        self.debounce = DEBOUNCE

    # -- configuration ------------------------------------------------------------------
    def configure(self, root: str | None, options: object) -> None:
        from symcheck.core.errors import SymcheckError
        from symcheck.core.limits import Limits, load_config

        start = Path(root) if root else None
        try:
            config = load_config(start) if start else load_config()
            self.limits = Limits.from_config(config)
        except SymcheckError as exc:  # a bad [tool.symcheck] value: the defaults, and say so in the log
            log.warning("symcheck: %s; using the default limits", exc)
            self.limits, config = Limits(), {}
        problem = None
        if isinstance(options, dict):
            nested = options.get("symcheck")
            problem = (options.get("symcheck.problem")
                       or (nested.get("problem") if isinstance(nested, dict) else None))
        problem = problem or config.get("problem")
        debounce = options.get("symcheck.debounce") if isinstance(options, dict) else None
        if isinstance(options, dict) and isinstance(options.get("symcheck"), dict):
            debounce = options["symcheck"].get("debounce", debounce)
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 10:
            self.debounce = float(debounce)
        if isinstance(problem, str) and problem:
            path = Path(problem)
            if not path.is_absolute() and start is not None:
                path = start / path
            self.problem_path = path

    def load_problem(self) -> Problem | None:
        if self.problem is None and self.problem_path is not None:
            from symcheck.keys.problem import load_problem

            self.problem = load_problem(str(self.problem_path))  # ProblemFileError: shown on the document
        return self.problem

    # -- checking -----------------------------------------------------------------------
    def wanted(self, uri: str) -> bool:
        return uri.lower().endswith(SUFFIXES)

    def schedule(self, uri: str, delay: float) -> None:
        if not self.wanted(uri):
            return
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self.check_later(uri, delay))

    def is_open(self, uri: str) -> bool:
        from urllib.parse import unquote

        return unquote(uri) in self.workspace.text_documents

    async def check_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        if not self.is_open(uri):
            return  # closed meanwhile
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        path = to_fs_path(uri) or uri
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self.executor, self.run_check, text, path)
        if not self.is_open(uri):
            return
        current = self.workspace.get_text_document(uri)
        if current.version != version or current.source != text:
            return  # edited meanwhile: the next scheduled check publishes
        self.checked[uri] = Checked(version, text, outcome)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=convert.diagnostics(outcome.findings, text, uri)))

    def run_check(self, text: str, path: str) -> Outcome:
        """The findings for `text` (graded when there is an answer key) and what held; never raises."""
        from symcheck.core.errors import SymcheckError
        from symcheck.core.limits import Limits
        from symcheck.core.results import Finding
        from symcheck.read.inputs import is_latex

        limits = self.limits or Limits()
        from symcheck.editors.lsp.recording import Outcome, check_recorded

        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limits.max_file_bytes:  # the same gate as for an answer file on disk
            reason = f"the document is larger than {limits.max_file_bytes} bytes and was not checked"
            return Outcome((Finding(line=1, end_line=1, severity="warning", code="too-large", message=reason,
                                    latex=""),))
        try:
            return check_recorded(text, path, is_latex(path), limits, self.load_problem())
        except SymcheckError as exc:
            return Outcome((Finding(line=1, end_line=1, severity="warning", code="not-checked",
                                    message=f"symcheck could not check this document: {exc}",
                                    latex=""),))
        except Exception as exc:  # a bug must not take the editor's server down
            log.exception("check failed")
            return Outcome((Finding(line=1, end_line=1, severity="warning", code="internal-error",
                                    message=f"symcheck failed on this document ({type(exc).__name__}); "
                                    "please report it",
                                    latex=""),))

    def forget(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.checked.pop(uri, None)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def build_server() -> SymcheckServer:
    server = SymcheckServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: SymcheckServer, params: lsp.InitializeParams) -> None:
        root = None
        if params.root_uri:
            root = to_fs_path(params.root_uri)
        elif params.root_path:
            root = params.root_path
        ls.configure(root, params.initialization_options)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SymcheckServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SymcheckServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SymcheckServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SymcheckServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: SymcheckServer, params: lsp.HoverParams) -> lsp.Hover | None:
        checked = ls.checked.get(params.text_document.uri)
        if checked is None:
            return None
        line = params.position.line
        text = convert.hover_markdown(convert.findings_at(checked.findings, line),
                                      convert.relations_at(checked.outcome.relations, line),
                                      [i for i in checked.outcome.items if i.line == line + 1])
        if text is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: SymcheckServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        checked = ls.checked.get(uri)
        if checked is None or ls.workspace.get_text_document(uri).source != checked.text:
            return None  # stale: the offsets would not fit the text any more
        return convert.code_actions(checked.findings, checked.text, uri, params.range) or None

    return server


def serve() -> int:
    """Run the server on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING)
    build_server().start_io()
    return 0
