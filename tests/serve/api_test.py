#!/usr/bin/env python3
"""The workbench's API (`policygraph serve`) on servers of its own.

    api_test.py POLICYGRAPH SOURCE_DIR

Copies datasets/motie-2025/ (and tests/data/small.json) into fresh temporary
folders, starts `policygraph serve COPY --port 0` on each, and checks:

 1. security: the token, the Host and Origin headers, the body and op limits,
    404/405/400 answers, the page (no other host referenced), the safety
    headers, listening on 127.0.0.1 only;
 2. every structure's figures, at no level and at level 1, equal the CLI's
    `metrics --format json`;
 3. scenarios on after-2025 equal the CLI run on a copy of the model with the
    scenario appended as a change-form structure (metrics, change size,
    explain, dsm);
 4. cross_unit_share (and the counts, modularity) of a move recomputed by
    hand with networkx from the session's dependencies and the scenario's
    assignment;
 5. /api/compare equals `compare --format json`, with and without a scenario;
 6. /api/optimize: moves, gains and costs add up, agree with the CLI's
    `optimize`, and applying them puts each function where it was sent;
 7. /api/save writes a valid model holding the scenario in change form whose
    CLI figures equal the server's; duplicate id -> 400; a file changed on
    disk -> 409 and left alone; no stray file;
 8. /api/report answers an HTML download naming the scenario;
 9. 20 concurrent evaluations give identical answers;
10. SIGTERM stops the server within 5 s, with exit status 0 (what
    src/cli/serve.cpp returns after a stop signal; -15, death by the signal,
    is accepted too).

Expected values come from the command line run on files written by this
test, from networkx, from the documentation (docs/serve.md), or from
arithmetic on the answers themselves -- never from the server alone.
Prints one line per group; exits 1 when any check failed.
"""
import concurrent.futures
import json
import os
import pathlib
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

import networkx as nx

START = "after-2025"
FIRST_LINE_TIMEOUT = 20


# --- checking ------------------------------------------------------------------------

class Group:
    """The checks of one group: each failed one is kept with its message."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failures = []

    def check(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok

    def equal(self, got, expected, what):
        differences = json_differences(got, expected)
        return self.check(not differences, f"{what}: differs from the expected value:\n      "
                          + "\n      ".join(differences[:8]))

    def close(self, got, expected, tolerance, what):
        ok = isinstance(got, (int, float)) and abs(got - expected) <= tolerance
        return self.check(ok, f"{what}: got {got!r}, expected {expected!r} (to {tolerance})")

    def status(self, reply, expected, what):
        return self.check(reply.status == expected,
                          f"{what}: status {reply.status}, expected {expected}; body "
                          f"{reply.body[:300]!r}")


def json_differences(got, expected, where="", out=None):
    """The places where two parsed JSON values differ (types included, so
    that 1 and true, or 2 and 2.0, are told apart)."""
    out = [] if out is None else out
    if type(got) is not type(expected):
        out.append(f"{where or '/'}: got {short(got)}, expected {short(expected)}")
    elif isinstance(got, dict):
        for key in expected:
            if key not in got:
                out.append(f"{where}/{key}: missing (expected {short(expected[key])})")
            else:
                json_differences(got[key], expected[key], f"{where}/{key}", out)
        for key in got:
            if key not in expected:
                out.append(f"{where}/{key}: unexpected key (got {short(got[key])})")
    elif isinstance(got, list):
        if len(got) != len(expected):
            out.append(f"{where or '/'}: {len(got)} items, expected {len(expected)}")
        for k, (a, b) in enumerate(zip(got, expected)):
            json_differences(a, b, f"{where}/{k}", out)
    elif got != expected:
        out.append(f"{where or '/'}: got {short(got)}, expected {short(expected)}")
    return out


def short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def without(obj, *keys):
    return {k: v for k, v in obj.items() if k not in keys}


# --- the command line ------------------------------------------------------------------

class Cli:
    def __init__(self, binary):
        self.binary = binary

    def run(self, *args):
        done = subprocess.run([self.binary, *map(str, args)], capture_output=True, timeout=120)
        return done

    def json(self, *args):
        done = self.run(*args, "--format", "json")
        if done.returncode != 0:
            raise AssertionError(f"policygraph {' '.join(map(str, args))} --format json failed "
                                 f"({done.returncode}): {done.stderr.decode(errors='replace')}")
        return json.loads(done.stdout)

    def metrics(self, model, structure, level=None):
        args = ["metrics", model, "--structure", structure]
        if level is not None:
            args += ["--level", level]
        out = self.json(*args)
        # One object per structure; take the matching one if it ever wraps it.
        if "structures" in out and "structure" not in out:
            out = next(s for s in out["structures"] if s["structure"] == structure)
        return out


def scenario_file(folder, model_path, name, structure):
    """A copy of the model with `structure` appended, in `folder` (beside a
    copy of the dataset, so that relative paths still resolve)."""
    model = json.loads(pathlib.Path(model_path).read_text(encoding="utf-8"))
    model["structures"].append(structure)
    path = pathlib.Path(folder) / name
    path.write_text(json.dumps(model, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- the server ------------------------------------------------------------------------

class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name) if self.headers is not None else None


class Server:
    """`policygraph serve MODEL --port 0`, its address and token."""

    def __init__(self, binary, model):
        self.binary = binary
        self.model = str(model)
        self.proc = None
        self.stderr = []
        self.stdout = []
        # No proxy, whatever the environment says: the server is on loopback.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve", self.model, "--port", "0"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        lines = queue.Queue()

        def read_stdout():
            first = True
            for line in self.proc.stdout:
                if first:
                    lines.put(line)
                    first = False
                else:
                    self.stdout.append(line)
            if first:
                lines.put(b"")

        def read_stderr():
            for line in self.proc.stderr:
                self.stderr.append(line)

        threading.Thread(target=read_stdout, daemon=True).start()
        threading.Thread(target=read_stderr, daemon=True).start()
        try:
            first = lines.get(timeout=FIRST_LINE_TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"policygraph serve {self.model} printed no address within "
                                 f"{FIRST_LINE_TIMEOUT} s")
        self.url = first.decode().strip()
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme != "http" or not parts.port:
            raise AssertionError(f"policygraph serve printed {first!r} as its first line, "
                                 f"not http://HOST:PORT/?token=...; stderr: {self.errors()}")
        self.host = parts.hostname
        self.port = parts.port
        self.token = urllib.parse.parse_qs(parts.query).get("token", [""])[0]
        self.base = f"http://{self.host}:{self.port}"

    def errors(self):
        return b"".join(self.stderr).decode(errors="replace").strip()

    def request(self, method, path, body=None, headers=None, token=True):
        hdrs = {}
        if token is True:
            hdrs["X-Policygraph-Token"] = self.token
        elif token:
            hdrs["X-Policygraph-Token"] = token
        data = body
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
        elif isinstance(body, str):
            data = body.encode()
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, headers=hdrs, method=method)
        try:
            with self.opener.open(req, timeout=60) as r:
                return Reply(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.headers, e.read())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def api(self, path, body):
        """POST that must succeed: the parsed answer."""
        reply = self.post(path, body)
        if reply.status != 200:
            raise AssertionError(f"POST {path} {short(body)}: status {reply.status}: "
                                 f"{reply.body[:500]!r}")
        return reply.json()

    def session(self):
        reply = self.get("/api/session")
        if reply.status != 200:
            raise AssertionError(f"GET /api/session: status {reply.status}: {reply.body[:300]!r}")
        return reply.json()

    def evaluate(self, start, changes=(), level=None):
        return self.api("/api/evaluate", {"start": start, "changes": list(changes),
                                          "level": level})

    def stop(self):
        """SIGTERM, then wait up to 5 s: the exit status and the seconds taken
        (None when it had to be killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return (self.proc.returncode if self.proc else None), 0.0
        began = time.monotonic()
        self.proc.terminate()
        try:
            code = self.proc.wait(5)
            return code, time.monotonic() - began
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            return None, None


# --- the structure of an answer ------------------------------------------------------------

class Tree:
    """A structure as /api/evaluate draws it: units, parents, owners."""

    def __init__(self, structure):
        self.units = [u["id"] for u in structure["units"]]
        self.parent = {u["id"]: u["parent"] for u in structure["units"]}
        self.root = next(u for u in self.units if self.parent[u] is None)
        self.assign = structure["assign"]
        self.towers = structure["control_towers"]

    def ancestors(self, unit):
        out = []
        while self.parent[unit] is not None:
            unit = self.parent[unit]
            out.append(unit)
        return out

    def depth(self, unit):
        return len(self.ancestors(unit))

    def branch(self, unit):
        """The top-level unit above `unit` (itself at depth 1; the root for the root)."""
        chain = [unit] + self.ancestors(unit)
        return chain[-2] if len(chain) >= 2 else unit

    def top_level(self):
        return [u for u in self.units if self.parent[u] == self.root]

    def owning(self):
        return [u for u in self.units if u in set(self.assign.values())]


def scenarios(tree, session):
    """Four scenarios on the start structure, chosen from its data."""
    functions = [f["id"] for f in session["functions"] if f["id"] in tree.assign]
    owning = tree.owning()

    # 1. A function moves to an owning unit of another branch.
    f1 = next(f for f in functions if tree.assign[f] != tree.root)
    to1 = next(u for u in owning if u != tree.root and tree.branch(u) != tree.branch(tree.assign[f1]))
    move_function = [{"op": "move-function", "function": f1, "to": to1}]

    # 2. A unit two levels down moves under another top-level unit.
    unit = next(u for u in tree.units if tree.depth(u) >= 2)
    new_parent = next(t for t in tree.top_level() if t not in tree.ancestors(unit))
    move_unit = [{"op": "move-unit", "unit": unit, "to": new_parent}]

    # 3. A new unit under a top-level unit takes two functions of different units.
    host = tree.top_level()[0]
    fa = functions[0]
    fb = next(f for f in functions if tree.assign[f] != tree.assign[fa])
    add_unit = [{"op": "add-unit", "id": "t-new-unit", "parent": host, "label": "Test unit"},
                {"op": "move-function", "function": fa, "to": "t-new-unit"},
                {"op": "move-function", "function": fb, "to": "t-new-unit"}]

    # 4. Control towers: one domain loses its tower, another gets one; a rename.
    with_tower = [d["id"] for d in session["domains"] if d["id"] in tree.towers]
    without_tower = [d["id"] for d in session["domains"] if d["id"] not in tree.towers]
    towers = []
    if with_tower:
        towers.append({"op": "set-control-tower", "domain": with_tower[0], "unit": None})
    tower_unit = tree.top_level()[-1]
    if without_tower:
        towers.append({"op": "set-control-tower", "domain": without_tower[0], "unit": tower_unit})
    else:
        towers.append({"op": "set-control-tower", "domain": with_tower[-1], "unit": tower_unit})
    towers.append({"op": "update-unit", "unit": tower_unit, "label": "Renamed by the API test"})

    return {"move-function": move_function, "move-unit": move_unit, "add-unit": add_unit,
            "control-towers": towers}


# --- the groups ----------------------------------------------------------------------------

def listens_on(port):
    """The local addresses of the sockets listening on `port` (Linux /proc)."""
    out = []
    for name, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = pathlib.Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:
                out.append(address)
    return out


def check_security(g, server, session):
    evaluate = {"start": START, "changes": []}
    g.status(server.get("/api/session", token=False), 403, "GET /api/session without a token")
    g.status(server.post("/api/evaluate", evaluate, token=False), 403,
             "POST /api/evaluate without a token")
    wrong = ("0" if server.token[:1] != "0" else "1") + server.token[1:]
    g.status(server.get("/api/session", token=wrong), 403, "GET /api/session with a wrong token")
    g.status(server.get("/api/session", token=server.token + "0"), 403,
             "GET /api/session with the token and one more character")
    g.status(server.get("/api/session", headers={"Host": f"evil.example:{server.port}"}), 403,
             "GET /api/session with Host: evil.example:PORT")
    g.status(server.get("/api/session", headers={"Host": f"localhost:{server.port}"}), 200,
             "GET /api/session with Host: localhost:PORT (docs/serve.md allows it)")
    g.status(server.post("/api/evaluate", evaluate, headers={"Origin": "http://evil.example"}),
             403, "POST /api/evaluate with Origin: http://evil.example")
    ours = server.post("/api/evaluate", evaluate,
                       headers={"Origin": f"http://127.0.0.1:{server.port}"})
    g.status(ours, 200, "POST /api/evaluate with Origin: http://127.0.0.1:PORT")
    g.check(ours.header("Access-Control-Allow-Origin") is None,
            f"an answer allows cross-origin use: Access-Control-Allow-Origin "
            f"{ours.header('Access-Control-Allow-Origin')!r}")

    limit = session["limits"]["body_bytes"]
    g.check(limit == 1 << 20, f"limits.body_bytes is {limit}, docs/serve.md says 1 MiB")
    g.check(session["limits"]["changes"] == 10000,
            f"limits.changes is {session['limits']['changes']}, docs/serve.md says 10,000")
    head = json.dumps({"start": START, "changes": [], "pad": ""})[:-2]
    big = head + "x" * (limit + 1 - len(head) - 2) + '"}'
    assert len(big) == limit + 1
    try:
        reply = server.post("/api/evaluate", big)
        g.status(reply, 413, f"POST /api/evaluate with a body of {limit + 1} bytes")
        g.check(reply.status != 413 or "error" in json.loads(reply.body),
                f"the 413 answer is not a JSON error: {reply.body[:200]!r}")
    except (OSError, ValueError) as e:
        g.check(False, f"POST /api/evaluate with a body of {limit + 1} bytes: no answer ({e!r})")
    many = [{"op": "update-unit", "unit": "u", "label": "x"}] * (session["limits"]["changes"] + 1)
    reply = server.post("/api/evaluate", {"start": START, "changes": many})
    g.status(reply, 413, f"POST /api/evaluate with {len(many)} change ops")

    reply = server.get("/api/nothing-here")
    g.status(reply, 404, "GET /api/nothing-here")
    g.status(server.post("/api/nothing-here", evaluate), 404, "POST /api/nothing-here")
    g.status(server.get("/api/evaluate"), 405, "GET /api/evaluate")
    g.status(server.post("/api/session", evaluate), 405, "POST /api/session")

    reply = server.post("/api/evaluate", '{"start": "after-2025", "changes": [')
    if g.status(reply, 400, "POST /api/evaluate with malformed JSON"):
        g.check(isinstance(reply.json().get("error"), str) and reply.json()["error"],
                f"the answer to malformed JSON has no error sentence: {reply.body!r}")
    reply = server.post("/api/evaluate", {"start": "no-such-structure", "changes": []})
    g.status(reply, 400, "POST /api/evaluate with an unknown start")

    for what, op in (("an unknown op", {"op": "jump", "unit": "x"}),
                     ("move-function to an unknown unit",
                      {"op": "move-function", "function": session["functions"][0]["id"],
                       "to": "no-such-unit"})):
        reply = server.post("/api/evaluate", {"start": START, "changes": [op]})
        if g.status(reply, 400, f"POST /api/evaluate with {what}"):
            body = reply.json()
            problems = body.get("problems") or []
            g.check(isinstance(body.get("error"), str), f"{what}: no error sentence: {body}")
            g.check(problems and all(p.get("where", "").startswith("/changes/0")
                                     and isinstance(p.get("message"), str) for p in problems),
                    f"{what}: expected problems whose where starts with /changes/0, got "
                    f"{short(problems)}")

    page = server.get("/?token=" + urllib.parse.quote(server.token), token=False)
    g.status(page, 200, "GET /?token=TOKEN")
    g.check((page.header("Content-Type") or "").startswith("text/html"),
            f"the page's Content-Type is {page.header('Content-Type')!r}")
    html = page.body.decode(errors="replace")
    external = re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*""", html, re.I)
    g.check(not external, f"the page references other hosts: {external[:5]}")
    g.status(server.get("/", token=False), 403, "GET / without a token")

    for what, reply in (("the page", page), ("GET /api/session", server.get("/api/session")),
                        ("an error answer", server.get("/api/nothing-here"))):
        g.check(bool(reply.header("Content-Security-Policy")),
                f"{what}: no Content-Security-Policy header")
        g.check(reply.header("X-Content-Type-Options") == "nosniff",
                f"{what}: X-Content-Type-Options is {reply.header('X-Content-Type-Options')!r}")
    csp = page.header("Content-Security-Policy") or ""
    g.check("default-src 'none'" in csp or "default-src 'self'" in csp,
            f"the page's CSP does not restrict default-src: {csp!r}")

    g.check(server.host == "127.0.0.1", f"the printed address's host is {server.host!r}")
    addresses = listens_on(server.port)
    if addresses:
        g.check(set(addresses) == {"0100007F"},
                f"port {server.port} listens on {addresses} (/proc/net/tcp*), not 127.0.0.1 "
                f"only")


def check_figures(g, cli, server, model, levels=(None, 1)):
    session = server.session()
    ids = [s["id"] for s in session["structures"]]
    first = ids[0]
    g.check(session["baseline"] == first,
            f"the session's baseline is {session['baseline']!r}, the first structure {first!r}")
    for level in levels:
        for sid in ids:
            answer = server.evaluate(sid, [], level)
            expected = cli.metrics(model, sid, level)
            what = f"evaluate start {sid} level {level}"
            g.equal(without(answer["metrics"], "structure"), without(expected, "structure"),
                    f"{what}: metrics vs CLI metrics")
            g.equal(answer["start_metrics"], expected, f"{what}: start_metrics vs CLI metrics")
            g.equal(answer["baseline_metrics"], cli.metrics(model, first, level),
                    f"{what}: baseline_metrics vs CLI metrics of {first}")
            g.check(answer["change_size"].get("moved_functions") == 0,
                    f"{what}: change_size without changes is {answer['change_size']}")
    return len(ids)


def check_scenarios(g, cli, server, workdir, model, picked):
    for name, changes in picked.items():
        path = scenario_file(workdir, model, f"scenario-{name}.json",
                             {"id": "t-scn", "base": START, "changes": changes})
        for level in (None, 1):
            answer = server.evaluate(START, changes, level)
            expected = cli.metrics(path, "t-scn", level)
            what = f"scenario {name} {short(changes)} level {level}"
            g.equal(without(answer["metrics"], "structure"), without(expected, "structure"),
                    f"{what}: metrics vs CLI metrics --structure t-scn")
            g.equal(answer["start_metrics"], cli.metrics(path, START, level),
                    f"{what}: start_metrics vs CLI metrics --structure {START}")
            compared = cli.json("compare", path, "--structures", f"{START},t-scn",
                                *(["--level", level] if level is not None else []))
            g.equal(answer["change_size"], compared["structures"][1]["change"],
                    f"{what}: change_size vs CLI compare's change")
            explained = cli.json("explain", path, START, "t-scn",
                                 *(["--level", level] if level is not None else []))
            g.equal(without(answer["explain"], "to"), without(explained, "to"),
                    f"{what}: explain vs CLI explain {START} t-scn")
        dsm = server.api("/api/dsm", {"start": START, "changes": changes, "level": None})
        expected = cli.json("dsm", path, "--structure", "t-scn", "--against", START)
        g.equal(without(dsm, "structure"), without(expected, "structure"),
                f"dsm of scenario {name} vs CLI dsm --against {START}")
    dsm = server.api("/api/dsm", {"start": START, "changes": [], "level": 1})
    expected = cli.json("dsm", model, "--structure", START, "--level", 1)
    g.equal(without(dsm, "structure"), without(expected, "structure"),
            f"dsm of {START} level 1 without changes vs CLI dsm (no --against)")


def check_by_hand(g, server, session, changes):
    answer = server.evaluate(START, changes)
    assign = answer["structure"]["assign"]
    metrics = answer["metrics"]
    op = changes[0]
    g.check(assign.get(op["function"]) == op["to"],
            f"after {short(op)} the function is owned by {assign.get(op['function'])!r}")
    g.check(answer["change_size"].get("moved_functions") == 1,
            f"after one move-function, change_size is {answer['change_size']}")
    units = {u["id"] for u in answer["structure"]["units"]}
    g.check(set(assign.values()) <= units, "structure.assign names units not in structure.units")

    graph = nx.Graph()
    graph.add_nodes_from(assign)
    for d in session["dependencies"]:
        a, b = d["from"], d["to"]
        if a in assign and b in assign:
            w = graph[a][b]["weight"] if graph.has_edge(a, b) else 0.0
            graph.add_edge(a, b, weight=w + d["weight"])
    total = graph.size(weight="weight")
    cross = sum(w for a, b, w in graph.edges(data="weight") if assign[a] != assign[b])
    g.close(metrics["cross_unit_share"], cross / total, 1e-12, "cross_unit_share by hand")
    g.check(metrics["functions"] == graph.number_of_nodes(),
            f"functions {metrics['functions']}, by hand {graph.number_of_nodes()}")
    g.check(metrics["dependencies"] == graph.number_of_edges(),
            f"dependencies (pairs) {metrics['dependencies']}, by hand {graph.number_of_edges()}")
    g.close(metrics["total_weight"], total, 1e-9, "total_weight by hand")
    by_unit = {}
    for f, u in assign.items():
        by_unit.setdefault(u, set()).add(f)
    expected = nx.community.modularity(graph, list(by_unit.values()), weight="weight")
    g.close(metrics["modularity"], expected, 1e-12, "modularity vs networkx.community.modularity")


def check_compare(g, cli, server, workdir, model, changes):
    pair = ["before-2025", "after-2025"]
    answer = server.api("/api/compare", {"structures": pair, "scenario": None, "level": None})
    g.equal(answer, cli.json("compare", model, "--structures", ",".join(pair)),
            "compare before-2025,after-2025 vs CLI")
    answer = server.api("/api/compare", {"structures": pair, "scenario": None, "level": 1})
    g.equal(answer, cli.json("compare", model, "--structures", ",".join(pair), "--level", 1),
            "compare before-2025,after-2025 level 1 vs CLI")
    # docs/serve.md: the scenario comes last, as "what-if"; the CLI sees it
    # under that id in a copy of the model.
    path = scenario_file(workdir, model, "scenario-what-if.json",
                         {"id": "what-if", "base": START, "changes": changes})
    answer = server.api("/api/compare", {"structures": pair,
                                         "scenario": {"start": START, "changes": changes},
                                         "level": None})
    g.equal(answer, cli.json("compare", path, "--structures", ",".join(pair + ["what-if"])),
            "compare with a scenario vs CLI compare --structures before-2025,after-2025,what-if")
    reply = server.post("/api/compare", {"structures": ["no-such-structure"]})
    g.status(reply, 400, "compare of an unknown structure")


def check_optimize(g, cli, server, session, model):
    start = server.evaluate(START)
    tree = Tree(start["structure"])
    functions = {f["id"] for f in session["functions"]}
    units = set(tree.units)
    cli_metrics = cli.metrics(model, START)
    expected_cost = {"distance": cli_metrics["total_weight"] * cli_metrics["coordination_distance_mean"],
                     "cross": cli_metrics["total_weight"] * cli_metrics["cross_unit_share"]}
    for objective in ("distance", "cross"):
        what = f"optimize {START} max_moves 3 objective {objective}"
        answer = server.api("/api/optimize", {"start": START, "changes": [], "max_moves": 3,
                                              "objective": objective})
        moves = answer["moves"]
        g.check(answer["objective"] == objective, f"{what}: objective {answer['objective']!r}")
        g.check(0 < len(moves) <= 3, f"{what}: {len(moves)} moves")
        g.check(all(m["gain"] > 0 for m in moves), f"{what}: a gain is not > 0: {moves}")
        g.check(answer["cost_after"] < answer["cost_before"],
                f"{what}: cost {answer['cost_before']} -> {answer['cost_after']}")
        g.close(answer["cost_before"] - answer["cost_after"], sum(m["gain"] for m in moves), 1e-9,
                f"{what}: cost_before - cost_after vs the sum of gains")
        g.close(answer["cost_before"], expected_cost[objective], 1e-9,
                f"{what}: cost_before vs the CLI's W x (coordination_distance_mean or "
                f"cross_unit_share) (docs/metrics.md)")
        for m in moves:
            g.check(m["function"] in functions, f"{what}: unknown function {m['function']!r}")
            g.check(m["from"] in units and m["to"] in units and m["from"] != m["to"],
                    f"{what}: move {m['from']!r} -> {m['to']!r} between units of {START}?")
            g.check(tree.assign.get(m["function"]) == m["from"],
                    f"{what}: {m['function']} is owned by {tree.assign.get(m['function'])!r} in "
                    f"{START}, the move says from {m['from']!r}")
            g.check(all(isinstance(m.get(k), str) and m[k] for k in
                        ("function_label", "from_label", "to_label")), f"{what}: labels of {m}")
        proposal = cli.json("optimize", model, "--structure", START, "--max-moves", 3,
                            "--objective", objective)
        g.equal([(m["function"], m["to"]) for m in moves],
                [(c["function"], c["to"]) for c in proposal["changes"]],
                f"{what}: (function, to) of the moves vs CLI optimize's changes")
        applied = server.evaluate(START, [{"op": "move-function", "function": m["function"],
                                           "to": m["to"]} for m in moves])
        assign = applied["structure"]["assign"]
        for m in moves:
            g.check(assign.get(m["function"]) == m["to"],
                    f"{what}: after applying the moves {m['function']} is in "
                    f"{assign.get(m['function'])!r}, not {m['to']!r}")
        am = applied["metrics"]
        after = am["total_weight"] * (am["coordination_distance_mean"] if objective == "distance"
                                      else am["cross_unit_share"])
        g.close(answer["cost_after"], after, 1e-9,
                f"{what}: cost_after vs the figures of the structure with the moves applied")
    reply = server.post("/api/optimize", {"start": START, "changes": [], "objective": "cheap"})
    g.status(reply, 400, "optimize with an unknown objective")


def folder_listing(folder):
    return sorted(str(p.relative_to(folder)) for p in pathlib.Path(folder).rglob("*"))


def check_save(g, cli, server, folder, expected_listing, changes):
    model = pathlib.Path(folder) / "model.json"
    original_text = model.read_bytes()
    original = json.loads(original_text)
    sid = "api-test-scenario"
    label, description = "API test scenario", "Written by tests/serve/api_test.py."
    request = {"id": sid, "label": label, "description": description, "start": START,
               "changes": changes}
    evaluated = server.evaluate(START, changes)
    reply = server.post("/api/save", request)
    if not g.status(reply, 200, f"save {sid}"):
        return
    g.equal(reply.json(), {"saved": sid, "file": "model.json"}, "the answer to save")

    done = cli.run("validate", model)
    g.check(done.returncode == 0, f"policygraph validate on the saved file: exit "
            f"{done.returncode}: {done.stdout.decode(errors='replace')}"
            f"{done.stderr.decode(errors='replace')}")
    saved = json.loads(model.read_bytes())
    g.equal(without(saved, "structures"), without(original, "structures"),
            "the saved file outside structures vs the file before")
    g.equal(saved["structures"][:-1], original["structures"],
            "the saved file's earlier structures vs the file before")
    new = saved["structures"][-1] if len(saved["structures"]) > len(original["structures"]) else {}
    g.check(new.get("id") == sid, f"the last structure of the saved file is {short(new)}")
    g.check("units" not in new and "assign" not in new,
            f"the saved structure is not in change form: {short(new)}")
    g.check(new.get("base") == START, f"the saved structure's base is {new.get('base')!r}")
    g.equal(new.get("changes"), changes, "the saved structure's changes vs the changes sent")
    g.check(new.get("label") == label and new.get("description") == description,
            f"the saved label/description: {new.get('label')!r} / {new.get('description')!r}")
    expected = cli.metrics(model, sid)
    g.equal(without(evaluated["metrics"], "structure"), without(expected, "structure"),
            f"evaluate of the scenario vs CLI metrics --structure {sid} of the saved file")
    # with no change the what-if is the start itself: same figures, its own id "what-if"
    again = server.evaluate(sid)
    g.equal(again["start_metrics"], expected,
            f"evaluate start {sid}: start_metrics vs CLI metrics --structure {sid}")
    g.equal(without(again["metrics"], "structure"), without(expected, "structure"),
            f"evaluate start {sid}: metrics vs CLI metrics --structure {sid}")
    listed = {s["id"]: s for s in server.session()["structures"]}
    g.check(sid in listed and listed[sid].get("base") == START and listed[sid].get("label") == label,
            f"the session after the save lists {short(listed.get(sid))}")
    g.equal(folder_listing(folder), expected_listing, "the served folder's files after a save")

    before = model.read_bytes()
    reply = server.post("/api/save", request)
    g.status(reply, 400, f"a second save of {sid}")
    g.check(model.read_bytes() == before, "a refused duplicate save changed the file")

    with open(model, "ab") as f:
        f.write(b"\n")
    changed = model.read_bytes()
    reply = server.post("/api/save", dict(request, id="api-test-refused"))
    if g.status(reply, 409, "save after the file changed on disk"):
        g.check(isinstance(reply.json().get("error"), str), f"the 409 has no error: {reply.body}")
    g.check(model.read_bytes() == changed, "a refused save (409) changed the file")
    g.equal(folder_listing(folder), expected_listing, "the served folder's files after a 409")
    g.check(original_text != changed, "(the test did change the file)")


def check_report(g, server, changes):
    sid = "api-report-scenario"
    reply = server.post("/api/report", {"start": START, "changes": changes, "id": sid})
    if not g.status(reply, 200, "report"):
        return
    g.check((reply.header("Content-Type") or "").startswith("text/html"),
            f"report Content-Type {reply.header('Content-Type')!r}")
    disposition = reply.header("Content-Disposition") or ""
    g.check(disposition.startswith("attachment"), f"report Content-Disposition {disposition!r}")
    html = reply.body.decode(errors="replace")
    g.check("<html" in html, "the report has no <html")
    g.check(sid in html, f"the report does not name the scenario {sid}")
    reply = server.post("/api/report", {"start": START,
                                        "changes": [{"op": "move-unit", "unit": "no-such-unit",
                                                     "to": "x"}]})
    g.status(reply, 400, "report of a scenario whose op does not apply")


def check_concurrency(g, server, picked):
    bodies = [{"start": START, "changes": picked["move-function"], "level": None},
              {"start": START, "changes": picked["add-unit"], "level": 1}]
    reference = [server.post("/api/evaluate", b).body for b in bodies]

    def call(k):
        reply = server.post("/api/evaluate", bodies[k % 2])
        return k, reply.status, reply.body

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(call, range(20)))
    for k, status, body in results:
        g.check(status == 200, f"concurrent request {k}: status {status}: {body[:200]!r}")
        g.check(body == reference[k % 2],
                f"concurrent request {k}: body differs from the same request made alone")


def check_stop(g, server):
    code, seconds = server.stop()
    g.check(seconds is not None, "the server did not exit within 5 s of SIGTERM (killed)")
    g.check(code in (0, -signal.SIGTERM),
            f"the server's exit status after SIGTERM is {code} (expected 0, or -15); stderr: "
            f"{server.errors()}")
    return code, seconds


# --- main ------------------------------------------------------------------------------

def run_group(results, name, function, *args):
    g = Group(name)
    began = time.monotonic()
    note = ""
    try:
        note = function(g, *args) or ""
    except Exception:  # a failure of the group, not of the run: report it and go on
        g.failures.append("stopped by an exception:\n      "
                          + traceback.format_exc().strip().replace("\n", "\n      "))
    took = time.monotonic() - began
    status = "ok  " if not g.failures else "FAIL"
    print(f"{status} {name}: {g.passed} checks passed, {len(g.failures)} failed"
          f"{' (' + str(note) + ')' if note else ''} [{took:.1f} s]", flush=True)
    for message in g.failures:
        print(f"    - {message}", flush=True)
    results.append(not g.failures)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: api_test.py POLICYGRAPH SOURCE_DIR")
    binary = os.path.abspath(sys.argv[1])
    source = pathlib.Path(sys.argv[2]).resolve()
    dataset = source / "datasets" / "motie-2025"
    cli = Cli(binary)
    results = []
    began = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="pg-serve-") as served, \
            tempfile.TemporaryDirectory(prefix="pg-cli-") as workdir, \
            tempfile.TemporaryDirectory(prefix="pg-small-") as small_dir:
        served_dir = pathlib.Path(served) / "motie-2025"
        shutil.copytree(dataset, served_dir)
        # The CLI's scenario files go beside a copy of their own, so that the
        # served folder holds only what the server writes.
        work_dir = pathlib.Path(workdir) / "motie-2025"
        shutil.copytree(dataset, work_dir)
        work_model = work_dir / "model.json"
        listing = folder_listing(served_dir)
        small = pathlib.Path(small_dir) / "small.json"
        shutil.copyfile(source / "tests" / "data" / "small.json", small)

        server = Server(binary, served_dir / "model.json")
        small_server = Server(binary, small)
        try:
            server.start()
            small_server.start()
            session = server.session()
            tree = Tree(server.evaluate(START)["structure"])
            picked = scenarios(tree, session)

            run_group(results, "1 security", check_security, server, session)
            run_group(results, "2 figures = CLI metrics (ministry, every structure, levels "
                      "null and 1)", lambda g: f"{check_figures(g, cli, server, work_model)} "
                      f"structures")
            run_group(results, "2b figures = CLI metrics (tests/data/small.json)",
                      lambda g: f"{check_figures(g, cli, small_server, small)} structures")
            run_group(results, "3 scenarios = CLI on a copy with the scenario appended",
                      lambda g: check_scenarios(g, cli, server, work_dir, work_model, picked)
                      or ", ".join(picked))
            run_group(results, "4 cross_unit_share by hand (networkx)", check_by_hand, server,
                      session, picked["move-function"])
            run_group(results, "5 compare = CLI compare", check_compare, cli, server, work_dir,
                      work_model, picked["add-unit"])
            run_group(results, "6 optimize", check_optimize, cli, server, session, work_model)
            run_group(results, "7 save", check_save, cli, server, served_dir, listing,
                      picked["add-unit"])
            run_group(results, "8 report", check_report, server, picked["move-unit"])
            run_group(results, "9 concurrency (20 evaluations, 4 threads)", check_concurrency,
                      server, picked)
            run_group(results, "10 stop on SIGTERM",
                      lambda g: "exit status {}, {} s".format(
                          *[x if not isinstance(x, float) else round(x, 2)
                            for x in check_stop(g, server)])
                      + "; small.json server: exit status {}".format(
                          check_stop(g, small_server)[0]))
        except Exception:
            traceback.print_exc()
            results.append(False)
        finally:
            for s in (server, small_server):
                code, _ = s.stop()
        # The original dataset is never touched: everything ran on copies.

    failed = results.count(False)
    print(f"{len(results) - failed} of {len(results)} groups passed in "
          f"{time.monotonic() - began:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
