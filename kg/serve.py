"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over an Oxigraph store.

Oxigraph's own server (PyPI ``oxigraph``, ``serve-read-only``) evaluates the queries,
with the union of the named graphs as default graph and its query timeout; a small
front in Python binds to 127.0.0.1 by default, serves a browser query page, refuses
updates and caps the size of results so one query cannot flood a client.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import StoreError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SPARQL_PATHS = ("/query", "/sparql")


def oxigraph_binary() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: pip install oxigraph")
    return found


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """The Oxigraph server process, on a private loopback port."""

    def __init__(self, location: Path, timeout_s: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve-read-only",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
                "--timeout-s",
                str(timeout_s),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"},
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                err = (self.proc.stderr.read() if self.proc.stderr else b"").decode(
                    "utf-8", "replace"
                )
                raise StoreError(f"the Oxigraph server did not start: {' '.join(err.split())}")
            try:
                with urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise StoreError("the Oxigraph server did not answer in time") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


QUERY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>geopol-kg SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}
textarea{width:100%;height:12rem;font-family:monospace}
table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;
vertical-align:top;text-align:left}#status{margin-top:.5rem;color:#555}
</style></head><body>
<h1>geopol-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/query</code>. The default graph is the union of
all document graphs.</p>
<textarea id="q">PREFIX gk: &lt;https://w3id.org/geopol-kg/ontology#&gt;
PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;
SELECT ?agent ?relation ?target WHERE {
  ?e a gk:Event ; gk:agent ?a ; gk:relation ?relation .
  OPTIONAL { ?e gk:target|gk:object ?t . ?t rdfs:label ?target }
  ?a rdfs:label ?agent .
} LIMIT 50</textarea>
<button id="run">Run</button><div id="status"></div><div id="out"></div>
<script>
function cell(b){return b?b.value:"";}
document.getElementById("run").addEventListener("click",async()=>{
  const status=document.getElementById("status"),out=document.getElementById("out");
  status.textContent="running…";out.replaceChildren();
  const r=await fetch("query",{method:"POST",headers:{"Content-Type":"application/sparql-query",
    "Accept":"application/sparql-results+json"},body:document.getElementById("q").value});
  const text=await r.text();
  if(!r.ok){status.textContent="error "+r.status+": "+text;return;}
  let data;try{data=JSON.parse(text);}catch(e){status.textContent="";
    const pre=document.createElement("pre");pre.textContent=text;out.appendChild(pre);return;}
  if("boolean" in data){status.textContent="answer: "+data.boolean;return;}
  const vars=data.head.vars,rows=data.results.bindings,t=document.createElement("table");
  const h=t.insertRow();for(const v of vars){const th=document.createElement("th");
    th.textContent=v;h.appendChild(th);}
  for(const b of rows){const tr=t.insertRow();for(const v of vars){
    tr.insertCell().textContent=cell(b[v]);}}
  status.textContent=rows.length+" rows";out.appendChild(t);
});
</script></body></html>
"""


def make_handler(engine_url: str, max_bytes: int) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "geopol-kg"

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _path(self) -> tuple[str, str]:
            path, _, query = self.path.partition("?")
            return path, query

        def do_GET(self) -> None:
            path, query = self._path()
            if path in ("/", "/index.html"):
                self._send(200, QUERY_PAGE.encode("utf-8"), "text/html; charset=utf-8")
            elif path in SPARQL_PATHS:
                self._forward("GET", query, None)
            else:
                self._send(404, b"not found: try /query\n", "text/plain; charset=utf-8")

        do_HEAD = do_GET

        def do_POST(self) -> None:
            path, query = self._path()
            if path not in SPARQL_PATHS:
                msg = b"read-only endpoint: updates are not accepted\n"
                self._send(403 if path.startswith("/update") else 404, msg, "text/plain")
                return
            ctype = self.headers.get("Content-Type", "")
            if "sparql-update" in ctype or "update=" in query:
                self._send(403, b"read-only endpoint: updates are not accepted\n", "text/plain")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if b"update=" in body[:10] and "form-urlencoded" in ctype:
                self._send(403, b"read-only endpoint: updates are not accepted\n", "text/plain")
                return
            self._forward("POST", query, body)

        def _forward(self, method: str, query: str, body: bytes | None) -> None:
            url = engine_url + "/query" + (f"?{query}" if query else "")
            headers = {
                k: v for k in ("Content-Type", "Accept") if (v := self.headers.get(k)) is not None
            }
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                resp = urllib.request.urlopen(req, timeout=600)
            except urllib.error.HTTPError as exc:
                self._send(
                    exc.code,
                    exc.read(max_bytes),
                    exc.headers.get("Content-Type", "text/plain"),
                )
                return
            except OSError as exc:
                self._send(502, f"query engine unavailable: {exc}\n".encode(), "text/plain")
                return
            with resp:
                data = resp.read(max_bytes + 1)
                if len(data) > max_bytes:
                    msg = (
                        f"result larger than the limit of {max_bytes} bytes; "
                        "add a LIMIT to the query\n"
                    )
                    self._send(413, msg.encode(), "text/plain; charset=utf-8")
                    return
                self._send(resp.status, data, resp.headers.get("Content-Type", "text/plain"))

    return Handler


class Server:
    """The endpoint: Oxigraph engine plus the read-only front. Use as a context manager."""

    def __init__(
        self,
        location: Path,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        from kg.store import is_oxigraph_dir

        if not Path(location).is_dir() or not is_oxigraph_dir(Path(location)):
            raise StoreError(f"no Oxigraph store at {location}; create one with kg ingest")
        self.engine = Engine(Path(location), timeout_s)
        try:
            self.httpd = ThreadingHTTPServer((host, port), make_handler(self.engine.url, max_bytes))
        except OSError as exc:
            self.engine.stop()
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"

    _serving = False

    def serve_forever(self) -> None:
        self._serving = True
        self.httpd.serve_forever()

    def start_background(self) -> threading.Thread:
        self._serving = True
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        if self._serving:
            self.httpd.shutdown()
        self.httpd.server_close()
        self.engine.stop()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
