"""policygraph: consolidation metrics for organizational restructurings.

Load a model once; every call computes in C++ and returns plain Python
values, the same documents the command line prints with ``--format json``::

    import policygraph
    model = policygraph.load("datasets/motie-2025/model.json")
    model.metrics("after-2025")["cross_unit_share"]
    what_if = model.apply("after-2025", [
        {"op": "move-function", "function": "growth-hindering-regulation",
         "to": "regulatory-innovation-division"}])
    what_if.metrics()["cross_unit_share"]

See docs/python.md for the whole tour.
"""

import io
import json
import math
import numbers

from . import _core

__all__ = [
    "Model", "ModelError", "Result", "Structure", "__version__",
    "from_networkx", "load", "loads",
]

__version__ = _core.version

ModelError = _core.ModelError
ModelError.__module__ = "policygraph"


# ---- results --------------------------------------------------------------


class Result(dict):
    """The JSON document of one command, as a dict, with its tables.

    It equals ``json.loads`` of what ``policygraph CMD --format json`` prints.
    ``tables`` names the tables of ``--format csv --table NAME``;
    ``to_pandas(name)`` gives one as a pandas DataFrame and ``csv(name)`` as
    the CSV text itself.
    """

    def __init__(self, document, tables):
        super().__init__(document)
        self._tables = tables

    @property
    def tables(self):
        """The names of the tables this result has (the first is the default)."""
        return list(self._tables.names)

    def csv(self, table=None):
        """The CSV text of ``table`` (default: the first), as the command line writes it."""
        return self._tables.csv(table or self._tables.names[0])

    def to_pandas(self, table=None):
        """One table as a pandas DataFrame: the frame ``pandas.read_csv`` gives
        of the command line's CSV of that table. Needs pandas."""
        try:
            import pandas
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise ImportError("to_pandas needs pandas (Debian: python3-pandas)") from e
        return pandas.read_csv(io.StringIO(self.csv(table)))


def _result(pair):
    document, tables = pair
    return Result(document, tables)


# ---- structures and models --------------------------------------------------


class Structure:
    """A what-if structure: a base structure changed by change ops, resolved
    in memory (``Model.apply``). It is not in any file; ``Model.with_structure``
    adds it to a copy of the model, which ``Model.save`` writes.

    Any method of ``Model`` that takes a structure id also takes a Structure.
    """

    def __init__(self, model, id, base, changes):
        self._model = model
        self.id = id
        self.base = base
        self.changes = changes

    def __repr__(self):
        return "<policygraph.Structure %r: %d change(s) on %r>" % (
            self.id, len(self.changes), self.base)

    @property
    def model(self):
        """A copy of the model this what-if came from, with it added last."""
        return self._model

    def metrics(self, **options):
        """``Model.metrics`` of this structure (same options)."""
        return self._model.metrics(self.id, **options)

    def units(self):
        """``Model.units`` of this structure."""
        return self._model.units(self.id)


def _ids(structures):
    if structures is None:
        return []
    if isinstance(structures, (str, Structure)):
        structures = [structures]
    return list(structures)


class Model:
    """A loaded model: functions, dependencies, structures, held in C++.

    Get one with ``load``, ``loads`` or ``from_networkx``. It does not change:
    ``apply`` and ``with_structure`` give new values.
    """

    def __init__(self, core):
        if not isinstance(core, _core.Model):
            raise TypeError("use policygraph.load, loads or from_networkx to get a Model")
        self._core = core
        self._info = None

    def __repr__(self):
        info = self._plain()
        return "<policygraph.Model %r: %d functions, %d dependencies, structures %s>" % (
            info["title"], len(info["functions"]), info["dependency_count"],
            ", ".join(s["id"] for s in info["structures"]))

    def _plain(self):
        if self._info is None:
            self._info = self._core.info()
        return self._info

    # -- read-only values --

    @property
    def path(self):
        """The file the model was read from (the name given to ``loads``)."""
        return self._core.path

    @property
    def title(self):
        return self._plain()["title"]

    @property
    def warnings(self):
        """Warnings of the loader (each a dict like ModelError.diagnostics)."""
        return self._core.warnings()

    @property
    def structures(self):
        """The structures in model order: dicts with id, label, labels, date, base."""
        return [dict(s) for s in self._plain()["structures"]]

    @property
    def functions(self):
        """The functions: dicts with id, label, labels, description, domains."""
        return [dict(f, domains=list(f["domains"])) for f in self._plain()["functions"]]

    @property
    def domains(self):
        """The policy domains: dicts with id, label, labels, description."""
        return [dict(d) for d in self._plain()["domains"]]

    def units(self, structure=None):
        """The units of a structure (default: the last) in listing order: dicts
        with id, parent, label, labels, kind, headcount, autonomous, depth,
        the ids of the functions it owns and the domains it is control tower of."""
        core, ids = self._on([structure])
        return core.units(ids[0])

    # -- structures as arguments --

    def _on(self, structures):
        """The core model where every structure given exists, and their ids.
        Structures that are what-ifs of this model are added to a copy."""
        whatifs = []
        for s in structures:
            if isinstance(s, Structure) and all(s is not w for w in whatifs):
                whatifs.append(s)
        core = self._core
        if len(whatifs) == 1:
            core = whatifs[0]._model._core
        elif whatifs:
            seen = set()
            for w in whatifs:
                if w.id in seen:
                    raise ValueError("two what-ifs have the id %r; give each its own id" % w.id)
                seen.add(w.id)
                core = core.with_changes(w.base, json.dumps(w.changes), w.id, "", "")
        ids = []
        for s in structures:
            if s is None:
                ids.append(self._plain()["structures"][-1]["id"])
            elif isinstance(s, Structure):
                ids.append(s.id)
            elif isinstance(s, str):
                ids.append(s)
            else:
                raise TypeError("a structure is an id (str) or a policygraph.Structure, not %s"
                                % type(s).__name__)
        return core, ids

    def _among(self, structures, baseline):
        """_on for a list of structures (default: all) and a baseline among them."""
        given = _ids(structures)
        core, ids = self._on(given + ([baseline] if baseline is not None else []))
        if baseline is None:
            return core, ids, None
        return core, ids[:len(given)], ids[-1]

    # -- what-ifs --

    def apply(self, structure, ops, *, id="what-if", label="", description=""):
        """Structure ``structure`` changed by ``ops``, resolved in memory.

        ``ops`` is a list of change ops as dicts, written as in a structure's
        ``changes`` (docs/model-format.md), for example
        ``{"op": "move-function", "function": "f1", "to": "u2"}``. Nothing is
        written. Raises ModelError naming the op (``ops: /0/to: ...``) and its
        key when an op is invalid."""
        if isinstance(ops, dict):
            ops = [ops]
        try:
            text = json.dumps(list(ops), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise TypeError("ops must be a list of dicts of JSON values: %s" % e) from None
        core, ids = self._on([structure])
        copy = core.with_changes(ids[0], text, id, label, description)
        model = Model(copy)
        changes = copy.added()[-1]["changes"]
        return Structure(model, id, ids[0], changes)

    def with_structure(self, structure, ops=None, *, id="what-if", label="", description=""):
        """A copy of the model with a what-if added as its last structure, in
        change form: either a Structure from ``apply``, or a base structure
        and its ops (then ``id``, ``label`` and ``description`` name it).
        ``save`` writes it into the model file."""
        if isinstance(structure, Structure):
            if ops is not None:
                raise TypeError("give a Structure, or a base structure and ops, not both")
            if not label and not description:
                return structure._model
            return self.with_structure(structure.base, structure.changes, id=structure.id,
                                       label=label, description=description)
        if ops is None:
            raise TypeError("with_structure needs ops with a base structure id")
        return self.apply(structure, ops, id=id, label=label, description=description)._model

    def model_text(self, path):
        """The model file ``save(path)`` would write, as text."""
        return self._core.text_for(str(path))

    def save(self, path):
        """Writes the model, with the structures added by ``with_structure``, to
        ``path``: atomically (a temporary file, then rename), CSV paths
        rewritten for the new folder. ``path`` may not be a file the model
        was read from (OSError): those stay as they were written."""
        self._core.save(str(path))

    # -- the commands --

    def metrics(self, structure=None, *, level=None, betweenness="exact", work_grouping="leiden",
                threads=0, lang="en"):
        """Every metric of docs/metrics.md for one structure (default: the last):
        the dict of ``policygraph metrics --format json``. Tables: summary,
        domains, units, misplaced, levels. ``work_grouping="skip"`` leaves the
        work's own grouping out (None), as ``--work-grouping skip``;
        ``betweenness="sample:500"`` estimates it from 500 sources, as
        ``--betweenness sample:500``, and the dict gains ``betweenness_sample``."""
        core, ids = self._on([structure])
        return _result(core.metrics(ids[0], _level(level), _betweenness(betweenness),
                                    _work_grouping(work_grouping),
                                    _whole(threads, "threads", 0, 1024), lang))

    def compare(self, structures=None, *, baseline=None, level=None, betweenness="exact",
                work_grouping="leiden", threads=0, lang="en"):
        """Structures side by side with the size of each change and the
        consolidation of each domain: ``policygraph compare --format json``.
        Default: every structure; baseline: the first. Tables: summary,
        consolidation, domains, units, misplaced, levels."""
        core, ids, base = self._among(structures, baseline)
        return _result(core.compare(ids, base, _level(level), _betweenness(betweenness),
                                    _work_grouping(work_grouping),
                                    _whole(threads, "threads", 0, 1024), lang))

    def diff(self, a, b, *, lang="en"):
        """What changed from structure ``a`` to ``b``: ``policygraph diff --format json``."""
        core, ids = self._on([a, b])
        return _result(core.diff(ids[0], ids[1], lang))

    def explain(self, a, b, *, level=None, lang="en"):
        """What happened to each unit from ``a`` to ``b`` and what drove each
        figure's change: ``policygraph explain --format json``. Tables: events,
        moves, dependencies, units, shifts."""
        core, ids = self._on([a, b])
        return _result(core.explain(ids[0], ids[1], _level(level), lang))

    def sensitivity(self, structures=None, *, baseline=None, samples=200, noise=0.3, drop=0.0,
                    seed=1, level=None, threads=0):
        """The figures under redrawn weights: ``policygraph sensitivity --format json``."""
        core, ids, base = self._among(structures, baseline)
        return _result(core.sensitivity(
            ids, base, _whole(samples, "samples", 1, 1_000_000), _real(noise, "noise"),
            _real(drop, "drop"), _whole(seed, "seed", 0, 2**64 - 1), _level(level),
            _whole(threads, "threads", 0, 1024)))

    def optimize(self, structure=None, *, max_moves=10, pins=(), capacity="current", slack=1,
                 targets="owning", objective="distance", seed=1, rounds=30, samples=0,
                 noise=None, drop=None, threads=None, id="", lang="en"):
        """A proposal with a lower coordination cost for ``structure``
        (default: the last): the structure in change form that ``policygraph
        optimize --format json`` prints, its ``changes`` a list of change ops
        (dicts) ready for ``apply``. Table: moves.

        With ``samples=N``: the search runs on N redrawn weightings (``noise``,
        default 0.3, ``drop``, default 0, and ``seed`` as for ``sensitivity``;
        ``threads``, default 0: all cores), and the result is the
        document of ``optimize --samples N --format json``: how often each
        move was proposed, and under ``proposal`` the consensus, the moves at
        least half the samples agree on."""
        if isinstance(pins, str):
            pins = [pins]
        samples = _whole(samples, "samples", 0, 1_000_000)
        given = [n for n, v in (("noise", noise), ("drop", drop), ("threads", threads))
                 if v is not None]
        if samples == 0 and given:
            raise ValueError("%s takes effect only with samples=N (N above 0)" % given[0])
        noise = 0.3 if noise is None else noise
        drop = 0.0 if drop is None else drop
        threads = 0 if threads is None else threads
        core, ids = self._on([structure])
        if not isinstance(capacity, str):
            capacity = str(_whole(capacity, "capacity", 0, 1_000_000))
        return _result(core.optimize(
            ids[0], _whole(max_moves, "max_moves", 0, 1_000_000), [str(p) for p in pins],
            capacity, _whole(slack, "slack", 0, 1_000_000), targets, objective,
            _whole(seed, "seed", 0, 2**64 - 1), _whole(rounds, "rounds", 0, 1_000_000),
            samples, _real(noise, "noise"), _real(drop, "drop"),
            _whole(threads, "threads", 0, 1024), id, lang))

    def check(self, rules, structures=None, *, known=None, lang="en"):
        """Checks rules (a path, or the rules document as a dict) on the
        structures (default: all): the dict of ``policygraph check --format
        json``. ``known`` is a known-violations file or dict."""
        text, name = _document(rules, "rules")
        known_text = _document(known, "known")[0] if known is not None else None
        core, ids = self._on(_ids(structures))
        return core.check(text, name, ids, known_text, lang)

    # -- networkx --

    def to_networkx(self, structure=None, *, directed=False):
        """The function graph of a structure as a networkx graph.

        Nodes are the functions present, with attributes label, unit,
        unit_path (unit ids from the root), domains and primary_domain.
        Undirected (default): one edge per pair with the summed weight, the
        graph every metric is computed on. ``directed=True``: a MultiDiGraph
        with one edge per dependency (weight, kind)."""
        import networkx
        core, ids = self._on([structure])
        nodes, edges = core.graph(ids[0], directed)
        g = networkx.MultiDiGraph() if directed else networkx.Graph()
        g.add_nodes_from(nodes)
        g.add_edges_from(edges)
        return g


def _whole(value, name, low, high):
    """``value`` as an int from ``low`` to ``high``, or a clear exception."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError("%s must be a whole number, not %r" % (name, value))
    if not low <= value <= high:
        raise ValueError("%s must be from %d to %d, not %d" % (name, low, high, value))
    return int(value)


def _level(level):
    return None if level is None else _whole(level, "level", 0, 1_000_000)


def _real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %r" % (name, value))
    return float(value)


def _betweenness(choice):
    """-1 for "skip", 0 for "exact", K for "sample:K" (as --betweenness)."""
    if choice == "exact":
        return 0
    if choice == "skip":
        return -1
    if isinstance(choice, str) and choice.startswith("sample:"):
        k = choice[len("sample:"):]
        if k.isdigit() and k.isascii() and int(k) >= 1:
            return int(k)
        raise ValueError('betweenness "sample:K" takes a whole number K of 1 or more, not %r'
                         % (choice,))
    raise ValueError('betweenness takes "exact", "sample:K" or "skip", not %r' % (choice,))


def _work_grouping(choice):
    if choice not in ("leiden", "skip"):
        raise ValueError('work_grouping takes "leiden" or "skip", not %r' % (choice,))
    return choice == "leiden"


def _document(value, what):
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False), what
    path = str(value)
    with open(path, encoding="utf-8") as f:
        return f.read(), path


# ---- loading ----------------------------------------------------------------


def load(path, *, any_path=False):
    """Reads the model file at ``path`` (docs/model-format.md). Raises
    ModelError with every located problem, OSError when it cannot be read.
    ``any_path`` lets its CSV references name files outside its folder."""
    return Model(_core.Model.load(str(path), any_path))


def loads(text, name="<string>", *, base_dir="", any_path=False):
    """A model from JSON text (str, or bytes in UTF-8); ``name`` is used in
    messages and ``base_dir`` resolves CSV references (default: the current
    folder). Bytes that are not UTF-8 are a located ModelError."""
    if isinstance(text, str):
        # Lone surrogates pass through as the bytes they stand for, so that
        # the loader locates them rather than the conversion failing.
        text = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, (bytearray, memoryview)):
        text = bytes(text)
    elif not isinstance(text, bytes):
        raise TypeError("loads takes a str or bytes, not %s" % type(text).__name__)
    return Model(_core.Model.loads(text, str(name), str(base_dir), any_path))


def _pairs(value, what):
    """(key, value) pairs of a mapping, a pandas DataFrame or Series, or an
    iterable of pairs."""
    if hasattr(value, "columns") and hasattr(value, "itertuples"):  # a DataFrame
        if len(value.columns) < 2:
            raise ValueError("%s: a table needs two columns" % what)
        return [(row[0], row[1]) for row in value.iloc[:, :2].itertuples(index=False)]
    if hasattr(value, "items"):
        return list(value.items())
    out = []
    for item in value:
        if len(item) != 2:
            raise ValueError("%s: expected pairs, found %r" % (what, item))
        out.append((item[0], item[1]))
    return out


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def from_networkx(G, tree, assignment, *, weight="weight", domains="domains", label="label",
                  structure="as-is", title="A model from networkx"):
    """A model from a networkx graph of functions.

    - ``G``: the functions are its nodes (ids: ``str(node)``) and its edges
      the dependencies, with weight ``G.edges[...][weight]`` (1 when absent).
      A directed graph keeps its directions; a multigraph gives one
      dependency per edge.
    - ``tree``: each unit and its parent (None for the root), as a dict, a
      list of pairs, or a DataFrame of two columns.
    - ``assignment``: each function's unit, the same way; or the name of a
      node attribute that holds it.
    - ``domains``: the name of a node attribute with a domain id or a list
      of them (functions without one are in the domain "all"), or a mapping
      from function to domain(s).
    - ``label``: the node attribute with a function's label.

    The model has one structure, ``structure``; errors are those of the
    model loader (ModelError)."""
    nodes = list(G.nodes)
    ids = [str(n) for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("two nodes of G have the same id once written as text")
    if isinstance(assignment, str):
        attribute = assignment
        assignment = {}
        for n in nodes:
            if attribute not in G.nodes[n]:
                raise ValueError("node %r has no attribute %r for its unit" % (n, attribute))
            assignment[n] = G.nodes[n][attribute]
    assign = {}
    for f, u in _pairs(assignment, "assignment"):
        if _missing(u):
            continue
        assign[str(f)] = str(u)
    domain_of = {}
    if isinstance(domains, str):
        for n in nodes:
            value = G.nodes[n].get(domains)
            if not _missing(value):
                domain_of[str(n)] = value
    elif domains is not None:
        domain_of = {str(f): d for f, d in _pairs(domains, "domains")}
    functions, domain_ids = [], []
    for n, i in zip(nodes, ids):
        ds = domain_of.get(i, "all")
        ds = [str(d) for d in ([ds] if isinstance(ds, (str, int)) else ds)] or ["all"]
        for d in ds:
            if d not in domain_ids:
                domain_ids.append(d)
        f = {"id": i, "domains": ds}
        text = G.nodes[n].get(label) if label else None
        if isinstance(text, str) and text:
            f["label"] = text
        functions.append(f)
    dependencies = []
    directed = G.is_directed()
    for u, v, data in G.edges(data=True):
        w = data.get(weight, 1) if weight else 1
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w <= 0:
            raise ValueError("edge (%r, %r): weight %r is not a positive number" % (u, v, w))
        if str(u) == str(v):
            continue  # a function's dependency on itself crosses no boundary
        d = {"from": str(u), "to": str(v), "weight": w}
        dependencies.append(d)
    units = []
    for u, parent in _pairs(tree, "tree"):
        unit = {"id": str(u)}
        if not _missing(parent):
            unit["parent"] = str(parent)
        units.append(unit)
    doc = {
        "format": "policygraph/1",
        "title": title,
        "description": "Built with policygraph.from_networkx from a %s graph of %d nodes."
                       % ("directed" if directed else "undirected", len(nodes)),
        "domains": [{"id": d} for d in domain_ids],
        "functions": functions,
        "dependencies": dependencies,
        "structures": [{"id": structure, "units": units, "assign": assign}],
    }
    return loads(json.dumps(doc, ensure_ascii=False), "<networkx>")
