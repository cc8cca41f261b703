#!/usr/bin/env python3
"""goescape lsp driven over stdio, as an editor drives it, on a module that
imports net/http, encoding/json and database/sql (bench/service, or $MODULE).

For each opened file (default: api/api.go and store/store.go):
  recall     the server's diagnostics against gc's heap and leak lines for
             the file (`moved to heap`, `escapes to heap`, `leaking param`),
             from `go build -gcflags=-m` (default inlining) and from
             `go build -gcflags='-m -l'`, both printed;
  first      seconds from didOpen to the file's first diagnostics: with
             the cache of results empty (cold), then with a new server on
             the cache the first one filled (warm: imports' summaries);
  change     seconds from a one-line didChange to the fresh diagnostics,
             median of $EDITS edits (default 50), against the go command's
             `go build -gcflags=-m` of the package after the same kind of
             edit (its cache warm), median of $GO_RUNS (default 5): the
             ratio is the figure, as the machine's load varies;
  memory     the server's RSS after every 100 of $RSS_EDITS edits
             (default 1000).
Usage: bench/lsp.py [FILE...]   (paths relative to the module)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EDITS = int(os.environ.get("EDITS", "50"))
GO_RUNS = int(os.environ.get("GO_RUNS", "5"))
RSS_EDITS = int(os.environ.get("RSS_EDITS", "1000"))
HEAP = ("moved to heap", "escapes to heap", "leaking param")


class Server:
    def __init__(self, binary, root):
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0
        reply = self.request("initialize", {
            "rootUri": "file://" + root,
            "capabilities": {"general": {"positionEncodings": ["utf-8"]}},
        })
        assert reply["result"]["capabilities"]["positionEncoding"] == "utf-8"
        self.notify("initialized", {})

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            line = line.decode().strip()
            if not line:
                break
            if line.startswith("Content-Length:"):
                length = int(line.split(":")[1])
        return json.loads(self.proc.stdout.read(length))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.recv()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def diagnostics(self, uri):
        while True:
            message = self.recv()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait()


def lines_of(diagnostics):
    return sorted("%d:%d: %s" % (d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1, d["message"])
                  for d in diagnostics)


def gc_lines(module, rel, flags):
    package = "./" + os.path.dirname(rel)
    out = subprocess.run(["go", "build", "-gcflags=" + flags, package], cwd=module,
                         capture_output=True, text=True).stderr
    prefix = rel + ":"
    return sorted(l[len(prefix):] for l in out.splitlines()
                  if l.startswith(prefix) and any(h in l for h in HEAP))


def recall(ours, theirs):
    mine = list(ours)
    found = 0
    for line in theirs:
        if line in mine:
            mine.remove(line)
            found += 1
    return found, len(theirs), mine


def edited(text, n):
    """The text with its last line of code changed (one line edited)."""
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines[:-1] + [lines[-1] + " // edit %d" % n]) + "\n"


def main():
    module_src = os.path.abspath(os.environ.get("MODULE", os.path.join(REPO, "bench/service")))
    files = sys.argv[1:] or ["api/api.go", "store/store.go"]
    work = tempfile.mkdtemp()
    try:
        module = os.path.join(work, "module")
        shutil.copytree(module_src, module)
        binary = os.path.join(work, "goescape")
        shutil.copy(os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release/goescape"), binary)
        os.environ.update(GOFLAGS="", GOCACHE=os.path.join(work, "go-cache"))
        for rel in files:
            # Each file's first server starts on an empty cache.
            os.environ["GOESCAPECACHE"] = os.path.join(work, "goescape-cache", rel)
            measure(binary, module, rel)
    finally:
        shutil.rmtree(work)


def measure(binary, module, rel):
    path = os.path.join(module, rel)
    uri = "file://" + path
    text = open(path).read()
    print("# %s" % rel)
    server = Server(binary, module)
    start = time.monotonic()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}})
    ours = lines_of(server.diagnostics(uri))
    first = time.monotonic() - start
    for flags in ("-m", "-m -l"):
        found, total, extra = recall(ours, gc_lines(module, rel, flags))
        print("recall against -gcflags='%s': %d of %d (%.2f%%), %d shown that gc does not print"
              % (flags, found, total, 100.0 * found / max(total, 1), len(extra)))
        for line in extra:
            print("  extra: " + line)
    print("first diagnostics after didOpen (cold server, empty cache): %.3f s" % first)
    server.close()
    server = Server(binary, module)
    start = time.monotonic()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}})
    if lines_of(server.diagnostics(uri)) != ours:
        raise SystemExit("the warm server's diagnostics differ from the cold one's")
    print("first diagnostics after didOpen (new server, warm cache): %.3f s" % (time.monotonic() - start))

    times = []
    version = 1
    for n in range(EDITS):
        version += 1
        start = time.monotonic()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": edited(text, n)}]})
        server.diagnostics(uri)
        times.append(time.monotonic() - start)
    go_times = []
    for n in range(GO_RUNS + 1):
        with open(path, "w") as f:
            f.write(edited(text, 1000 + n))
        start = time.monotonic()
        subprocess.run(["go", "build", "-gcflags=-m", "./" + os.path.dirname(rel)], cwd=module, capture_output=True)
        if n > 0:  # the first fills gc's cache
            go_times.append(time.monotonic() - start)
    with open(path, "w") as f:
        f.write(text)
    ours_median = statistics.median(times)
    go_median = statistics.median(go_times)
    print("didChange -> fresh diagnostics: median %.1f ms (min %.1f, max %.1f, %d edits); "
          "go build -gcflags=-m after an edit: median %.0f ms; ratio %.1fx"
          % (ours_median * 1e3, min(times) * 1e3, max(times) * 1e3, len(times), go_median * 1e3,
             go_median / ours_median))

    rss = [server.rss_kib()]
    for n in range(RSS_EDITS):
        version += 1
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": edited(text, n)}]})
        server.diagnostics(uri)
        if (n + 1) % 100 == 0:
            rss.append(server.rss_kib())
    print("RSS (MiB) before and after every 100 of %d edits: %s"
          % (RSS_EDITS, " ".join("%.0f" % (k / 1024) for k in rss)))
    server.close()


if __name__ == "__main__":
    main()
