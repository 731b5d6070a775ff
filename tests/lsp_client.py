"""A small LSP client over stdio (JSON-RPC with Content-Length framing), driving `symcheck lsp` as an editor would."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time


class LspClient:
    def __init__(self, *args: str, cwd: str | None = None):
        self.proc = subprocess.Popen([sys.executable, "-m", "symcheck.cli", "lsp", *args], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.pending: list[dict] = []  # received, not yet taken
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr: list[bytes] = []

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None, timeout: float = 120) -> dict:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        message = self.wait_for(lambda m: m.get("id") == ident and "method" not in m, timeout)
        assert "error" not in message, message
        return message.get("result")

    def wait_for(self, predicate, timeout: float = 120) -> dict:
        for i, message in enumerate(self.pending):
            if predicate(message):
                return self.pending.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching message in {timeout} s; stderr: {b''.join(self.stderr)[-2000:]!r}")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise EOFError(f"server closed; stderr: {b''.join(self.stderr)[-2000:]!r}")
            if predicate(message):
                return message
            self.pending.append(message)

    def diagnostics(self, uri: str, version: int, timeout: float = 120) -> list[dict]:
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] == uri and m["params"].get("version") == version, timeout)
        return message["params"]["diagnostics"]

    def close(self) -> int:
        try:
            self.request("shutdown", None, timeout=30)
            self.notify("exit", {})
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
