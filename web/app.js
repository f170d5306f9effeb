"use strict";
// policygraph serve: the browser workbench. One file, no framework, no external
// resource. Every text from the model goes into the DOM through textContent.

// ---------------------------------------------------------------- messages --
// {name} is replaced by a value; {name|ro} and {name|eul} add the Korean
// particle (으)로 / 을(를) that fits the end of the value.
const MESSAGES = {
  en: {
    languageName: "English", startFrom: "Start from", level: "Level", all: "all",
    searchPlaceholder: "Search functions, units, domains", orgTree: "Organisation", clearFocus: "Clear focus",
    focusOn: "Focus: {name}", tabGraph: "Unit graph", tabFigures: "Figures", tabDomains: "Domains",
    tabCompare: "Compare", tabMatrix: "Matrix", tabOptimize: "Optimize", tabExplain: "Explain",
    graphHint: "Wheel to zoom, drag to pan, click an edge for its dependencies.", resetView: "Reset view",
    edgeDeps: "Dependencies of the link", edgeNone: "Click an edge.", edgeTitle: "{a} ↔ {b}: weight {w}",
    noEdges: "No dependency crosses the units shown.",
    tooManyUnits: "{n} units are shown: too many for a picture. The heaviest links between them:", from: "From",
    to: "To", weight: "Weight", kind: "Kind", count: "Dependencies", maxMoves: "Max moves", objective: "Objective",
    objDistance: "Coordination distance", objCross: "Cross-unit weight", run: "Run", undo: "Undo", redo: "Redo",
    save: "Save", report: "Report", saveId: "Id", saveLabel: "Label", saveDescription: "Description",
    saveConfirm: "Save to the model", cancel: "Cancel", moveTitle: "Move",
    nothingSelected: "Select a function or a unit (click, or Enter on it), then choose where it goes.",
    selectedFunction: "Function {name}, now in {unit}", selectedUnit: "Unit {name}, now under {unit}",
    selectedRoot: "Unit {name} (the root cannot move)", moveTo: "Move to…", moveApply: "Move", actions: "Changes",
    noActions: "No change yet: drag a function chip or a unit onto a unit in the tree.", addUnit: "Add a unit",
    label: "Label", id: "Id", parent: "Parent", add: "Add", renameUnit: "Rename a unit", unit: "Unit",
    newLabel: "New label", rename: "Rename", removeUnit: "Remove a unit", unitLeaf: "Unit (without sub-units)",
    functionsTo: "Its functions go to", remove: "Remove", noTarget: "(it owns no function)",
    mergeUnits: "Merge units", mergeList: "Units merged away", into: "Into", merge: "Merge",
    towerTitle: "Control tower", domain: "Domain", setTower: "Set", noTower: "(none)", deleteOp: "Delete this change",
    opMoveFunction: "Move {f} → {u}", opMoveUnit: "Move unit {u} under {p}",
    opAddUnit: "Add {l} under {p}", opRename: "Rename {u} to {l}", opUpdate: "Update {u}", opRemove: "Remove {u}",
    opRemoveTo: "Remove {u}, its functions to {v}", opMerge: "Merge {a} into {c}",
    opTower: "Make {u} the control tower of {d}", opTowerClear: "Clear the control tower of {d}", opUnknown: "{op}",
    whatIf: "What-if", start: "Start", baseline: "Baseline", deltaBaseline: "Δ baseline", deltaStart: "Δ start",
    figure: "Figure", figuresWhole: "Whole structure", figuresShape: "Size and shape",
    cross_unit_share: "Cross-unit share", modularity: "Modularity",
    coordination_distance_mean: "Mean coordination distance", top_level_share: "Top-level share",
    escalation_depth_mean: "Mean escalation depth", alignment_nmi: "Alignment of units with domains (NMI)",
    work_grouping_nmi: "Alignment with the work's own grouping (NMI)",
    work_grouping_communities: "Work grouping communities", work_grouping_modularity: "Work grouping modularity",
    work_grouping_modularity_ratio: "Modularity ratio to the work grouping", functions: "Functions",
    dependencies: "Dependencies", total_weight: "Total weight", units: "Units", owning_units: "Owning units",
    depth: "Depth", span_mean: "Mean span", span_max: "Largest span", headcount: "Headcount", branches: "Branches",
    owner: "Owner", control_tower: "Control tower", tower_coverage: "Tower coverage", fragmentation: "Fragmentation",
    startWas: "start: {v}", moved_functions: "Moved functions", added_units: "Added units",
    removed_units: "Removed units", moved_units: "Moved units", changed_towers: "Changed towers",
    renamed_units: "Renamed units", followed_functions: "Functions moved with their unit",
    added_functions: "Added functions", dropped_functions: "Dropped functions", common_functions: "Common functions",
    nmi: "NMI", vi: "VI", adjusted_rand: "Adjusted Rand index", split_join: "Split-join distance",
    changeSize: "Size of the change", sentences: "What changed",
    noSentences: "Nothing to explain: the scenario is the start structure.",
    compareDomains: "Consolidation: branches per domain (and tower coverage)", compareWhole: "Whole structure",
    coverage: "coverage {v}", loading: "Loading…", costBefore: "Cost before",
    costAfter: "Cost after", exact: "Exact: the best possible under the constraints",
    heuristic: "Heuristic search: good, not proven best", accept: "Accept", acceptAll: "Accept all",
    accepted: "Accepted", noMoves: "No move lowers the cost.", gain: "saves {g}",
    optimizeHint: "Run the search to get a proposal for the current scenario.",
    optimizeStale: "Computed for an earlier state of the scenario.", moveSentence: "Move {f} from {a} to {b}",
    dsmTitle: "Dependency matrix, level {l}: {n} units, total weight {w}", dsmLegend: "Weight:",
    dsmEmpty: "The matrix is empty.",
    dsmPlus: "came inside one unit", dsmMinus: "came to cross units",
    dsmNoLabels: "Too many rows to name them: fold the tree with the level control.", kindUnit: "unit",
    kindFunction: "function", kindDomain: "domain", noResults: "No match.", saved: "Saved as {id} in {file}.",
    reportDone: "Report downloaded.", httpError: "The server answered {status}.",
    network: "The server cannot be reached: is policygraph serve still running?",
    badId: "An id takes lowercase letters, digits and single hyphens: {id}", idTaken: "The id {id} is taken.",
    needLabel: "Give a label.", needUnit: "Choose a unit.",
    needFunctionsTo: "{u} owns functions: choose where they go.",
    mergeNeedsUnits: "Choose the units to merge and the unit they go into (not among them).",
    cannotMoveInside: "A unit cannot move under itself or one of its sub-units.",
    tooManyChanges: "The server takes at most {n} changes.", nothingToUndo: "Nothing to undo.",
    nothingToRedo: "Nothing to redo.",
   
    rolledUp: "in a folded sub-unit", fold: "Fold", unfold: "Unfold",
  },
  ko: {
    languageName: "한국어", startFrom: "시작 조직 구조", level: "수준", all: "전체", searchPlaceholder: "기능, 조직, 정책 영역 검색",
    orgTree: "조직도", clearFocus: "강조 해제", focusOn: "강조: {name}", tabGraph: "조직 관계도", tabFigures: "지표",
    tabDomains: "정책 영역", tabCompare: "비교", tabMatrix: "의존 행렬", tabOptimize: "최적화", tabExplain: "변화 설명",
    graphHint: "휠로 확대·축소, 끌어서 이동, 연결선을 누르면 그 의존 관계를 볼 수 있습니다.", resetView: "보기 초기화", edgeDeps: "연결선의 의존 관계",
    edgeNone: "연결선을 누르세요.", edgeTitle: "{a} ↔ {b}: 가중치 {w}", noEdges: "보이는 조직 사이를 잇는 의존 관계가 없습니다.",
    tooManyUnits: "보이는 조직이 {n}개라 그림으로 그리기에 너무 많습니다. 가장 무거운 연결:", from: "출발", to: "도착", weight: "가중치", kind: "종류",
    count: "의존 관계 수", maxMoves: "최대 이동 수", objective: "목표", objDistance: "조정 거리", objCross: "조직 간 가중치", run: "실행",
    undo: "실행 취소", redo: "다시 실행", save: "저장", report: "보고서", saveId: "ID", saveLabel: "이름", saveDescription: "설명",
    saveConfirm: "모델에 저장", cancel: "취소", moveTitle: "이동", nothingSelected: "기능이나 조직을 선택한 뒤(클릭 또는 Enter) 옮길 곳을 고르세요.",
    selectedFunction: "기능 {name}, 현재 소속: {unit}", selectedUnit: "조직 {name}, 현재 상위 조직: {unit}",
    selectedRoot: "조직 {name} (최상위 조직은 옮길 수 없습니다)", moveTo: "옮길 곳…", moveApply: "이동", actions: "변경 사항",
    noActions: "아직 변경 사항이 없습니다. 조직도에서 기능이나 조직을 다른 조직 위로 끌어다 놓으세요.", addUnit: "조직 신설", label: "이름", id: "ID",
    parent: "상위 조직", add: "신설", renameUnit: "조직 이름 변경", unit: "조직", newLabel: "새 이름", rename: "이름 변경",
    removeUnit: "조직 폐지", unitLeaf: "조직(하위 조직이 없는 조직)", functionsTo: "기능을 넘겨받을 조직", remove: "폐지",
    noTarget: "(맡은 기능 없음)", mergeUnits: "조직 통합", mergeList: "통합되어 없어지는 조직", into: "통합 대상 조직", merge: "통합",
    towerTitle: "컨트롤타워", domain: "정책 영역", setTower: "지정", noTower: "(없음)", deleteOp: "이 변경 삭제",
    opMoveFunction: "{f} → {u|ro} 이동", opMoveUnit: "{u|eul} {p} 아래로 이동",
    opAddUnit: "{p} 아래에 {l} 신설", opRename: "{u}의 이름을 {l|ro} 변경", opUpdate: "{u} 정보 변경", opRemove: "{u} 폐지",
    opRemoveTo: "{u} 폐지, 기능은 {v|ro} 이관", opMerge: "{a|eul} {c}에 통합", opTower: "{d} 컨트롤타워를 {u|ro} 지정",
    opTowerClear: "{d} 컨트롤타워 지정 해제", opUnknown: "{op}", whatIf: "가상 개편안", start: "시작", baseline: "기준",
    deltaBaseline: "기준 대비", deltaStart: "시작 대비", figure: "지표", figuresWhole: "조직 구조 전체", figuresShape: "규모와 형태",
    cross_unit_share: "조직 간 의존 비율", modularity: "모듈성", coordination_distance_mean: "평균 조정 거리",
    top_level_share: "최상위 조정 비중", escalation_depth_mean: "평균 조정 상향 깊이", alignment_nmi: "조직과 정책 영역의 일치도(NMI)",
    work_grouping_nmi: "업무 군집과의 일치도(NMI)", work_grouping_communities: "업무 군집 수",
    work_grouping_modularity: "업무 군집의 모듈성", work_grouping_modularity_ratio: "업무 군집 대비 모듈성 비율", functions: "기능 수",
    dependencies: "의존 관계 수", total_weight: "총 가중치", units: "조직 수", owning_units: "기능 보유 조직 수", depth: "깊이",
    span_mean: "평균 통솔 범위", span_max: "최대 통솔 범위", headcount: "정원", branches: "최상위 갈래", owner: "관할 조직",
    control_tower: "컨트롤타워", tower_coverage: "컨트롤타워 포괄률", fragmentation: "단절도", startWas: "시작: {v}",
    moved_functions: "옮겨진 기능", added_units: "신설 조직", removed_units: "폐지 조직", moved_units: "옮겨진 조직",
    changed_towers: "바뀐 컨트롤타워", renamed_units: "이름이 바뀐 조직", followed_functions: "조직과 함께 옮겨진 기능",
    added_functions: "추가된 기능", dropped_functions: "삭제된 기능", common_functions: "공통 기능",
    nmi: "NMI", vi: "VI", adjusted_rand: "수정 Rand 지수", split_join: "split-join 거리", changeSize: "변경 규모",
    sentences: "달라진 점", noSentences: "설명할 변화가 없습니다. 가상 개편안이 시작 조직 구조와 같습니다.",
    compareDomains: "정책 영역별 최상위 갈래 수(와 컨트롤타워 포괄률)", compareWhole: "조직 구조 전체", coverage: "포괄률 {v}", loading: "불러오는 중…",
    costBefore: "변경 전 비용", costAfter: "변경 후 비용", exact: "정확한 해: 제약 안에서 가장 좋은 안",
    heuristic: "휴리스틱 탐색: 좋은 안이지만 최선이라는 보장은 없음", accept: "수락", acceptAll: "모두 수락", accepted: "수락함",
    noMoves: "비용을 낮추는 이동이 없습니다.", gain: "{g} 절감", optimizeHint: "실행하면 현재 가상 개편안에 대한 제안을 계산합니다.",
    optimizeStale: "가상 개편안이 바뀌기 전에 계산한 제안입니다.", moveSentence: "{f}: {a} → {b|ro} 이동",
    dsmTitle: "의존 행렬, 수준 {l}: 조직 {n}개, 총 가중치 {w}", dsmLegend: "가중치:", dsmEmpty: "행렬이 비어 있습니다.",
    dsmPlus: "한 조직 안으로 들어온 가중치", dsmMinus: "조직 간으로 나간 가중치",
    dsmNoLabels: "행이 너무 많아 이름을 적지 않았습니다. 수준을 골라 조직도를 접으세요.", kindUnit: "조직", kindFunction: "기능", kindDomain: "정책 영역",
    noResults: "검색 결과가 없습니다.", saved: "{file}에 {id} 조직 구조로 저장했습니다.", reportDone: "보고서를 내려받았습니다.",
    httpError: "서버 응답 {status}.", network: "서버에 연결할 수 없습니다. policygraph serve가 실행 중인지 확인하세요.",
    badId: "ID에는 영문 소문자, 숫자와 하이픈만 쓸 수 있습니다: {id}", idTaken: "ID {id}는 이미 쓰이고 있습니다.", needLabel: "이름을 입력하세요.",
    needUnit: "조직을 고르세요.", needFunctionsTo: "{u}에 기능이 있습니다. 기능을 넘겨받을 조직을 고르세요.",
    mergeNeedsUnits: "통합할 조직들과, 그 조직들이 합쳐질 조직(목록에 없는 조직)을 고르세요.",
    cannotMoveInside: "조직을 자기 자신이나 하위 조직 아래로 옮길 수 없습니다.", tooManyChanges: "서버는 변경 사항을 최대 {n}개까지 받습니다.",
    nothingToUndo: "취소할 작업이 없습니다.", nothingToRedo: "다시 실행할 작업이 없습니다.",
    rolledUp: "접힌 하위 조직 소속", fold: "접기",
    unfold: "펼치기",
  },
};

// Colour-blind-friendly palette (Paul Tol's muted and light schemes), by domain index.
const PALETTE = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
  "#882255", "#AA4499", "#EE8866", "#77AADD", "#BBCC33", "#FFAABB", "#AAAA00", "#99DDFF"];
const DSM_SHADES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
const DSM_MARKS = { "+": "#1b9e3e", "−": "#d62728", "±": "#7b3fa0" };
const WHOLE_FIGURES = ["cross_unit_share", "modularity", "coordination_distance_mean", "top_level_share",
  "escalation_depth_mean", "alignment_nmi", "work_grouping_nmi"];
const SHAPE_FIGURES = ["functions", "dependencies", "total_weight", "units", "owning_units", "depth",
  "span_mean", "span_max", "headcount", "work_grouping_communities", "work_grouping_modularity",
  "work_grouping_modularity_ratio"];
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const GRAPH_PICTURE_LIMIT = 300;

// ------------------------------------------------------------------ state --
const state = {
  token: new URLSearchParams(location.search).get("token") || "",
  session: null,
  lang: "en",
  start: null,          // id of the structure the scenario starts from
  level: null,          // fold level: null = all
  actions: [],          // the change ops, as sent to the server
  undo: [],             // snapshots {start, actions}
  redo: [],
  version: 0,           // bumped on every change of start, actions or level
  result: null,         // last successful evaluate answer
  resultVersion: -1,
  problems: [],         // problems of the last failed evaluate
  startStructures: new Map(), // start id -> structure evaluated without changes
  unitLabels: new Map(),      // every unit label seen, for sentences about gone units
  selected: null,       // {kind: "function"|"unit", id}
  focus: null,          // {kind: "function"|"unit"|"domain", id}
  tab: "graph",
  foldOverrides: new Map(), // unit id -> true (collapsed) / false (expanded)
  layouts: new Map(),   // visible-unit key -> positions
  graphKey: "",
  view: null,           // viewBox of the unit graph {x, y, w, h}
  edge: null,           // selected graph edge key
  compare: null, compareVersion: -1,
  dsm: null, dsmVersion: -1,
  optimize: null,       // {answer, version, accepted: Set}
  evaluations: 0,
  statusSource: "",
};
let busy = 0;           // requests in flight
let evalBusy = false;   // an evaluate loop is running
let evalAgain = false;  // the state changed while it ran
let dragged = null;     // {kind, id} being dragged

// Indexes over the session (model) and over the evaluated structure.
const M = { fn: new Map(), dom: new Map(), domIndex: new Map(), adj: new Map(), order: new Map() };
let S = emptyStructure();

// -------------------------------------------------------------- utilities --
const $ = (sel) => document.querySelector(sel);

/** Creates an element; attrs may hold class, text, dataset-like data-* and on* handlers. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const c of children) if (c != null) node.append(c);
  return node;
}
function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(node, attrs);
  for (const c of children) if (c != null) node.append(c);
  return node;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
}

/** Final consonant of the last syllable (digits read in Korean), -1 when unknown. */
function finalConsonant(word) {
  const last = String(word).replace(/[\s)\]}.,'"”’」』]+$/u, "").slice(-1);
  const c = last.charCodeAt(0);
  if (c >= 0xac00 && c <= 0xd7a3) return (c - 0xac00) % 28;
  return /\d/.test(last) ? [21, 8, 0, 16, 0, 0, 1, 8, 8, 0][Number(last)] : -1;
}
function particle(word, kind) {
  const j = finalConsonant(word);
  if (kind === "ro") return j === -1 ? "(으)로" : (j === 0 || j === 8) ? "로" : "으로";
  if (kind === "eul") return j === -1 ? "을(를)" : j === 0 ? "를" : "을";
  return "";
}
function t(key, vars = {}) {
  const table = MESSAGES[state.lang] || MESSAGES.en;
  const text = table[key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)(?:\|(\w+))?\}/g, (_, name, p) => {
    const v = vars[name] == null ? "" : String(vars[name]);
    return p && state.lang === "ko" ? v + particle(v, p) : v;
  });
}
function hasMessage(key) { return key in MESSAGES.en; }

function fmt(v) {
  if (v == null || v === "") return "–";
  if (typeof v !== "number") return String(v);
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
function fmtDelta(v) {
  if (v == null || !Number.isFinite(v)) return "–";
  const r = Math.round(v * 1000) / 1000;
  if (r === 0) return "0";
  return (r > 0 ? "+" : "−") + (Number.isInteger(v) ? String(Math.abs(v)) : Math.abs(v).toFixed(3));
}
function norm(s) { return String(s ?? "").normalize("NFKC").toLowerCase().trim(); }
function slug(text) {
  return norm(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
}
function clone(x) { return JSON.parse(JSON.stringify(x)); }

// ---------------------------------------------------------------- status --
function setStatus(message, kind = "info", source = "") {
  const box = $("#status");
  box.textContent = message || "";
  box.className = message ? kind : "";
  state.statusSource = message ? source : "";
}
function clearStatus(source) {
  if (!source || state.statusSource === source) setStatus("");
}
function showProblems(problems) {
  const list = $("#problems");
  list.replaceChildren(...problems.map((p) =>
    el("li", {}, el("code", { text: p.where || "" }), " ", p.message || "")));
  list.hidden = problems.length === 0;
}
function setReady() {
  document.body.dataset.ready = busy === 0 && !evalBusy ? "1" : "0";
}

// ------------------------------------------------------------------- API --
class ApiError extends Error {
  constructor(status, message, problems) {
    super(message);
    this.status = status;
    this.problems = problems || [];
  }
}

/** One request to the server; JSON in, JSON (or a Blob when asBlob) out. */
async function api(method, path, body, asBlob = false) {
  busy++;
  setReady();
  try {
    const headers = { "X-Policygraph-Token": state.token, Accept: asBlob ? "text/html" : "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(path, { method, headers, referrerPolicy: "no-referrer", body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, t("network"), []);
    }
    if (!res.ok) {
      let data = null;
      try { data = await res.json(); } catch (e) { /* not JSON */ }
      throw new ApiError(res.status, (data && data.error) || t("httpError", { status: res.status }),
        data && Array.isArray(data.problems) ? data.problems : []);
    }
    return asBlob ? await res.blob() : await res.json();
  } finally {
    busy--;
    setReady();
  }
}
function reportError(e, source = "") {
  setStatus(e instanceof ApiError ? e.message : String(e && e.message || e), "error", source);
  showProblems(e instanceof ApiError ? e.problems : []);
}
function scenarioBody() {
  return { start: state.start, changes: clone(state.actions), level: state.level };
}

// --------------------------------------------------------------- indexes --
function indexSession(session) {
  M.fn.clear(); M.dom.clear(); M.domIndex.clear(); M.adj.clear(); M.order.clear();
  (session.domains || []).forEach((d, i) => { M.dom.set(d.id, d); M.domIndex.set(d.id, i); });
  (session.functions || []).forEach((f, i) => { M.fn.set(f.id, f); M.order.set(f.id, i); M.adj.set(f.id, new Set()); });
  for (const d of session.dependencies || []) {
    if (M.adj.has(d.from)) M.adj.get(d.from).add(d.to);
    if (M.adj.has(d.to)) M.adj.get(d.to).add(d.from);
  }
}
function emptyStructure() {
  return { units: new Map(), order: [], root: null, assign: {}, towers: {}, owned: new Map(), maxDepth: 0 };
}

/** Builds lookups over a structure of an evaluate answer (units in tree order). */
function indexStructure(structure) {
  const s = emptyStructure();
  s.assign = structure.assign || {};
  s.towers = structure.control_towers || {};
  for (const u of structure.units || []) {
    s.units.set(u.id, { id: u.id, parent: u.parent ?? null, label: u.label || u.id, kind: u.kind || "", children: [], depth: 0 });
  }
  for (const u of s.units.values()) {
    if (u.parent != null && s.units.has(u.parent)) s.units.get(u.parent).children.push(u.id);
    else if (s.root == null) s.root = u.id;
  }
  // depths and tree order, iteratively (deep trees must not overflow the stack)
  const stack = s.root == null ? [] : [[s.root, 0]];
  while (stack.length) {
    const [id, depth] = stack.pop();
    const u = s.units.get(id);
    u.depth = depth;
    s.maxDepth = Math.max(s.maxDepth, depth);
    s.order.push(id);
    for (let i = u.children.length - 1; i >= 0; i--) stack.push([u.children[i], depth + 1]);
  }
  for (const id of s.order) s.owned.set(id, []);
  const byOrder = (a, b) => (M.order.get(a) ?? 0) - (M.order.get(b) ?? 0);
  for (const [f, u] of Object.entries(s.assign)) if (s.owned.has(u)) s.owned.get(u).push(f);
  for (const list of s.owned.values()) list.sort(byOrder);
  return s;
}
function unitName(id) {
  if (id == null) return "–";
  if (S.units.has(id)) return S.units.get(id).label;
  if (state.unitLabels.has(id)) return state.unitLabels.get(id);
  const added = state.actions.find((op) => op.op === "add-unit" && op.id === id);
  return added && added.label ? added.label : id;
}
function fnName(id) { const f = M.fn.get(id); return f ? f.label || id : id; }
function domName(id) { const d = M.dom.get(id); return d ? d.label || id : id; }
function domainColour(domainId) {
  const i = M.domIndex.get(domainId);
  return i == null ? "#9aa0a6" : PALETTE[i % PALETTE.length];
}
function fnColour(fid) {
  const f = M.fn.get(fid);
  return domainColour(f && f.domains && f.domains[0]);
}
/** A light tint of a colour, mixed with white (for chip backgrounds). */
function tint(hex, amount) {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c) => Math.round(c * amount + 255 * (1 - amount));
  return `rgb(${mix(n >> 16)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
}
function ancestorAt(id, level) {
  let u = S.units.get(id);
  if (!u) return id;
  while (level != null && u.depth > level && u.parent != null) u = S.units.get(u.parent);
  return u.id;
}
function isInside(id, ancestor) {
  for (let u = S.units.get(id); u; u = S.units.get(u.parent)) if (u.id === ancestor) return true;
  return false;
}
function subtreeFunctions(id) {
  const out = [];
  const stack = [id];
  while (stack.length) {
    const u = S.units.get(stack.pop());
    if (!u) continue;
    out.push(...(S.owned.get(u.id) || []));
    stack.push(...u.children);
  }
  return out;
}
function startStructure() { return state.startStructures.get(state.start) || null; }

// --------------------------------------------------------------- actions --
/** The human sentence of one change op; `unitName` may be the names as of before the op. */
function opSentence(op, unitName) {
  switch (op.op) {
    case "move-function":
      return t("opMoveFunction", { f: (op.functions || [op.function]).map(fnName).join(", "), u: unitName(op.to) });
    case "move-unit": return t("opMoveUnit", { u: unitName(op.unit), p: unitName(op.to) });
    case "add-unit": return t("opAddUnit", { l: op.label || op.id, p: unitName(op.parent) });
    case "update-unit":
      return op.label != null ? t("opRename", { u: unitName(op.unit), l: op.label }) : t("opUpdate", { u: unitName(op.unit) });
    case "remove-unit":
      return op.functions_to ? t("opRemoveTo", { u: unitName(op.unit), v: unitName(op.functions_to) }) : t("opRemove", { u: unitName(op.unit) });
    case "merge-units":
      return t("opMerge", { a: (op.units || []).map(unitName).join(", "), c: unitName(op.into) });
    case "set-control-tower":
      return op.unit == null ? t("opTowerClear", { d: domName(op.domain) }) : t("opTower", { d: domName(op.domain), u: unitName(op.unit) });
    default: return t("opUnknown", { op: JSON.stringify(op) });
  }
}

/** Replaces the action list (and start) as one undoable edit. */
function commit(actions, start = state.start) {
  const limits = (state.session && state.session.limits) || {};
  const bytes = new TextEncoder().encode(JSON.stringify({ start, changes: actions, level: state.level })).length;
  if ((limits.changes && actions.length > limits.changes) || (limits.body_bytes && bytes > limits.body_bytes)) {
    setStatus(t("tooManyChanges", { n: limits.changes }), "error", "edit");
    return false;
  }
  state.undo.push({ start: state.start, actions: state.actions });
  state.redo = [];
  apply({ start, actions });
  return true;
}
function apply(snapshot) {
  state.start = snapshot.start;
  state.actions = snapshot.actions;
  state.problems = [];
  clearStatus("edit");
  stateChanged();
}
function undo() {
  if (!state.undo.length) { setStatus(t("nothingToUndo"), "info", "edit"); return; }
  state.redo.push({ start: state.start, actions: state.actions });
  apply(state.undo.pop());
}
function redo() {
  if (!state.redo.length) { setStatus(t("nothingToRedo"), "info", "edit"); return; }
  state.undo.push({ start: state.start, actions: state.actions });
  apply(state.redo.pop());
}
function appendOp(op) { commit([...state.actions, op]); }

/**
 * The list with `fid` moved to `to`. An earlier single move of the same
 * function is replaced; a move back to the owner in the start structure drops
 * the op. Returns null when nothing would change.
 */
function withMoveFunction(list, fid, to) {
  const isSame = (op) => op.op === "move-function" && op.function === fid && !Array.isArray(op.functions);
  const out = list.filter((op) => !isSame(op));
  const replaced = out.length !== list.length;
  const start = startStructure();
  const origin = start ? (start.assign || {})[fid] : undefined;
  if (replaced && origin !== undefined && origin === to) return out;
  if (!replaced && S.assign[fid] === to) return null;
  out.push({ op: "move-function", function: fid, to });
  return out;
}
/** Same rule for move-unit of one unit. */
function withMoveUnit(list, uid, to) {
  const isSame = (op) => op.op === "move-unit" && op.unit === uid;
  const out = list.filter((op) => !isSame(op));
  const replaced = out.length !== list.length;
  const start = startStructure();
  const unit = start ? (start.units || []).find((u) => u.id === uid) : undefined;
  const origin = unit ? unit.parent ?? null : undefined;
  if (replaced && origin !== undefined && origin === to) return out;
  const now = S.units.get(uid);
  if (!replaced && now && now.parent === to) return null;
  out.push({ op: "move-unit", unit: uid, to });
  return out;
}
function moveFunction(fid, to) {
  const list = withMoveFunction(state.actions, fid, to);
  if (list) commit(list);
}
function moveUnit(uid, to) {
  if (uid === S.root) return;
  if (isInside(to, uid)) { setStatus(t("cannotMoveInside"), "error", "edit"); return; }
  const list = withMoveUnit(state.actions, uid, to);
  if (list) commit(list);
}
function deleteOp(index) { commit(state.actions.filter((_, i) => i !== index)); }

// -------------------------------------------------------------- evaluate --
function stateChanged() {
  state.version++;
  syncStartPicker();
  renderActions();
  evaluate();
}

/**
 * Sends one evaluate at a time. When the state changes while one is in
 * flight, its answer is dropped and the latest state is sent on its return.
 */
async function evaluate() {
  if (evalBusy) { evalAgain = true; return; }
  evalBusy = true;
  setReady();
  try {
    do {
      evalAgain = false;
      const version = state.version;
      let answer = null, error = null;
      try { answer = await api("POST", "/api/evaluate", scenarioBody()); } catch (e) { error = e; }
      if (evalAgain) continue;
      if (answer) onEvaluated(answer, version);
      else onEvaluateFailed(error);
    } while (evalAgain);
  } finally {
    evalBusy = false;
    state.evaluations++;
    document.body.dataset.evaluations = String(state.evaluations);
    setReady();
  }
}
function onEvaluated(answer, version) {
  state.result = answer;
  state.resultVersion = version;
  state.problems = [];
  showProblems([]);
  clearStatus("evaluate");
  const structure = answer.structure || { units: [], assign: {} };
  if (state.actions.length === 0) state.startStructures.set(state.start, structure);
  for (const u of structure.units || []) state.unitLabels.set(u.id, u.label || u.id);
  S = indexStructure(structure);
  dropMissingSelection();
  renderAll();
}
function onEvaluateFailed(error) {
  state.problems = error instanceof ApiError ? error.problems : [];
  reportError(error, "evaluate");
  renderActions();
}
function dropMissingSelection() {
  const exists = (x) => !x || (x.kind === "unit" ? S.units.has(x.id) : x.kind === "function" ? M.fn.has(x.id) : M.dom.has(x.id));
  if (!exists(state.selected)) state.selected = null;
  if (!exists(state.focus)) state.focus = null;
}
function renderAll() {
  renderLevelOptions();
  renderLegend();
  renderTree();
  renderSelection();
  renderForms();
  renderActions();
  renderChangeSize();
  renderGraph();
  renderFigures();
  renderDomains();
  renderExplain();
  renderOptimize();
  applyFocus();
  refreshTab();
}

// ---------------------------------------------------------------- header --
function applyI18n() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  $("#lang-badge").textContent = t("languageName");
}
function renderHeader() {
  const s = state.session;
  $("#title").textContent = s.title || "policygraph";
  document.title = (s.title ? s.title + " — " : "") + "policygraph";
  $("#file-name").textContent = s.file || "";
  const picker = $("#start");
  picker.replaceChildren(...(s.structures || []).map((st) =>
    el("option", { value: st.id, text: st.label && st.label !== st.id ? `${st.label} (${st.id})` : st.id })));
  syncStartPicker();
}
function syncStartPicker() {
  $("#start").value = state.start || "";
  $("#start").title = structureLabel(state.start);
}
function structureLabel(id) {
  if (id === "what-if") return t("whatIf");
  const st = ((state.session && state.session.structures) || []).find((x) => x.id === id);
  return st && st.label ? st.label : id;
}
function renderLevelOptions() {
  const select = $("#fold-level");
  const deepest = Math.max(S.maxDepth, state.level || 0, 1);
  const options = [el("option", { value: "all", text: t("all") })];
  for (let d = 1; d <= deepest; d++) options.push(el("option", { value: String(d), text: String(d) }));
  select.replaceChildren(...options);
  select.value = state.level == null ? "all" : String(state.level);
}

// ---------------------------------------------------------------- legend --
function renderLegend() {
  const present = new Set();
  for (const f of Object.keys(S.assign)) for (const d of (M.fn.get(f) || {}).domains || []) present.add(d);
  const buttons = (state.session.domains || []).map((d) => el("button", {
    type: "button", "data-domain": d.id, title: `${d.label} [${d.id}]`,
    class: present.has(d.id) ? "" : "absent",
    onclick: () => setFocus({ kind: "domain", id: d.id }),
  }, el("span", { class: "swatch", style: `background:${domainColour(d.id)}` }), el("span", { text: d.label || d.id })));
  $("#legend").replaceChildren(...buttons);
}

// ------------------------------------------------------------------ tree --
function isCollapsed(u) {
  if (!u.children.length) return false;
  if (state.foldOverrides.has(u.id)) return state.foldOverrides.get(u.id);
  return state.level != null && u.depth >= state.level;
}
/**
 * Unit id -> {sig, li, group} of the last drawing. A unit whose own row and
 * chips read the same as before keeps its elements, so that an edit rebuilds
 * only the units it touched: on 10,000 functions a full rebuild is most of
 * the page's time per edit.
 */
const treeCache = new Map();
function renderTree() {
  const wrap = $("#tree");
  const scroller = wrap.closest(".col");
  const top = scroller.scrollTop;
  const start = startStructure();
  const ctx = {
    startAssign: start ? start.assign || {} : null,
    startUnits: start ? new Set((start.units || []).map((u) => u.id)) : null,
    totals: new Map(),
  };
  // functions per subtree, children before parents (S.order is parents first)
  for (let i = S.order.length - 1; i >= 0; i--) {
    const u = S.units.get(S.order[i]);
    let n = (S.owned.get(u.id) || []).length;
    for (const c of u.children) n += ctx.totals.get(c) || 0;
    ctx.totals.set(u.id, n);
  }
  const ul = el("ul", { role: "group" });
  if (S.root != null) ul.append(treeNode(S.root, ctx));
  wrap.replaceChildren(ul);
  scroller.scrollTop = top;
}
function treeNode(id, ctx) {
  const u = S.units.get(id);
  const collapsed = isCollapsed(u);
  const total = ctx.totals.get(id) || 0;
  const isNew = !!ctx.startUnits && !ctx.startUnits.has(id);
  // a folded unit shows the functions of its sub-units too, marked as rolled up
  const fns = collapsed ? subtreeFunctions(id) : S.owned.get(id) || [];
  const own = new Set(S.owned.get(id) || []);
  const moved = (f) => !!ctx.startAssign && ctx.startAssign[f] !== S.assign[f];
  const sig = [u.label, u.kind, u.parent, collapsed, u.children.length, isNew, total,
    fns.map((f) => `${f}${moved(f) ? "*" : ""}${own.has(f) ? "" : "^" + unitName(S.assign[f])}`).join(",")].join("\u0001");
  let entry = treeCache.get(id);
  if (!entry || entry.sig !== sig) {
    const row = el("div", {
      class: "unit-row" + (isNew ? " is-new" : ""),
      "data-unit": id, tabindex: 0, draggable: u.parent != null ? "true" : "false",
      title: `${u.label} [${id}]${u.kind ? " · " + u.kind : ""}`,
    });
    row.append(el("button", {
      type: "button", class: "fold" + (u.children.length ? "" : " leaf"), tabindex: -1,
      "aria-label": t(collapsed ? "unfold" : "fold"), "data-fold": id, text: collapsed ? "▸" : "▾",
    }));
    row.append(el("span", { class: "unit-label", text: u.label }));
    if (total) row.append(el("span", { class: "unit-count", text: String(total) }));
    const li = el("li", { role: "treeitem", "aria-expanded": u.children.length ? String(!collapsed) : null }, row);
    if (fns.length) li.append(el("div", { class: "chips" }, ...fns.map((f) => chip(f, !own.has(f), ctx))));
    entry = { sig, li, group: null };
    treeCache.set(id, entry);
  }
  if (!collapsed && u.children.length) {
    if (!entry.group) entry.li.append(entry.group = el("ul", { role: "group" }));
    entry.group.replaceChildren(...u.children.map((c) => treeNode(c, ctx)));
  } else if (entry.group) {
    entry.group.remove();
    entry.group = null;
  }
  return entry.li;
}
function chip(fid, rolled, ctx) {
  const f = M.fn.get(fid) || { label: fid, domains: [] };
  const colour = fnColour(fid);
  const moved = ctx.startAssign && ctx.startAssign[fid] !== S.assign[fid];
  const doms = (f.domains || []).map(domName).join(", ");
  return el("span", {
    class: "chip" + (rolled ? " rolled" : "") + (moved ? " is-moved" : ""),
    "data-function": fid, tabindex: 0, draggable: "true",
    style: `--chip:${colour};background:${tint(colour, 0.16)}`,
    title: `${f.label || fid} [${fid}]${doms ? " — " + doms : ""}${rolled ? " (" + t("rolledUp") + ": " + unitName(S.assign[fid]) + ")" : ""}`,
    text: f.label || fid,
  });
}
function toggleFold(id) {
  const u = S.units.get(id);
  if (!u || !u.children.length) return;
  state.foldOverrides.set(id, !isCollapsed(u));
  renderTree();
  applyFocus();
}
/** Unfolds the ancestors of a unit so that its row is in the tree. */
function reveal(unitId) {
  for (let u = S.units.get(S.units.get(unitId)?.parent); u; u = S.units.get(u.parent)) {
    if (isCollapsed(u)) state.foldOverrides.set(u.id, false);
  }
}
function scrollToItem(kind, id) {
  const node = document.querySelector(kind === "unit" ? `[data-unit="${CSS.escape(id)}"]` : `[data-function="${CSS.escape(id)}"]`);
  if (node) { node.scrollIntoView({ block: "nearest" }); node.focus({ preventScroll: true }); }
}

/** Click, Enter, folding and drag-and-drop on the tree, by delegation. */
function wireTree() {
  const tree = $("#tree");
  tree.addEventListener("click", (e) => {
    const fold = e.target.closest("[data-fold]");
    if (fold) { toggleFold(fold.dataset.fold); return; }
    pickTreeItem(e.target);
  });
  tree.addEventListener("keydown", (e) => {
    const row = e.target.closest("[data-unit]");
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pickTreeItem(e.target); }
    else if (row && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      const u = S.units.get(row.dataset.unit);
      if (u && u.children.length && isCollapsed(u) === (e.key === "ArrowRight")) {
        toggleFold(u.id);
        scrollToItem("unit", u.id);
      }
    }
  });
  tree.addEventListener("dragstart", (e) => {
    const item = e.target.closest("[data-function], [data-unit]");
    if (!item) return;
    dragged = item.dataset.function ? { kind: "function", id: item.dataset.function } : { kind: "unit", id: item.dataset.unit };
    if (dragged.kind === "unit" && dragged.id === S.root) { e.preventDefault(); dragged = null; return; }
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", `${dragged.kind}:${dragged.id}`);
    item.classList.add("dragging");
  });
  tree.addEventListener("dragend", (e) => {
    e.target.classList && e.target.classList.remove("dragging");
    dragged = null;
    for (const n of tree.querySelectorAll(".drop-target")) n.classList.remove("drop-target");
  });
  tree.addEventListener("dragover", (e) => {
    const row = e.target.closest("[data-unit]");
    if (!row || !dragged || !canDrop(dragged, row.dataset.unit)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    for (const n of tree.querySelectorAll(".drop-target")) if (n !== row) n.classList.remove("drop-target");
    row.classList.add("drop-target");
  });
  tree.addEventListener("dragleave", (e) => {
    const row = e.target.closest("[data-unit]");
    if (row && !row.contains(e.relatedTarget)) row.classList.remove("drop-target");
  });
  tree.addEventListener("drop", (e) => {
    const row = e.target.closest("[data-unit]");
    if (!row || !dragged) return;
    e.preventDefault();
    const what = dragged;
    dragged = null;
    row.classList.remove("drop-target");
    if (what.kind === "function") moveFunction(what.id, row.dataset.unit);
    else moveUnit(what.id, row.dataset.unit);
  });
}
function canDrop(what, target) {
  if (what.kind === "function") return S.assign[what.id] !== target;
  return what.id !== target && !isInside(target, what.id);
}
function pickTreeItem(target) {
  const chipNode = target.closest("[data-function]");
  if (chipNode) { select({ kind: "function", id: chipNode.dataset.function }); return; }
  const row = target.closest("[data-unit]");
  if (row) select({ kind: "unit", id: row.dataset.unit });
}

// ------------------------------------------------------ selection, focus --
function select(item) {
  state.selected = item;
  setFocus(item);
  renderSelection();
}
function setFocus(item) {
  state.focus = item;
  applyFocus();
}

/** The focused functions and their neighbours (functions they depend on or that depend on them). */
function focusSets() {
  const fns = new Set();
  const f = state.focus;
  if (!f) return null;
  if (f.kind === "function") fns.add(f.id);
  else if (f.kind === "unit") subtreeFunctions(f.id).forEach((x) => fns.add(x));
  else for (const id of Object.keys(S.assign)) if (((M.fn.get(id) || {}).domains || []).includes(f.id)) fns.add(id);
  const nbrs = new Set();
  for (const id of fns) for (const n of M.adj.get(id) || []) if (!fns.has(n) && S.assign[n] != null) nbrs.add(n);
  const units = new Set(f.kind === "unit" ? [f.id] : [...fns].map((x) => S.assign[x]).filter(Boolean));
  const nbrUnits = new Set([...nbrs].map((x) => S.assign[x]).filter((u) => u && !units.has(u)));
  return { fns, nbrs, units, nbrUnits };
}
function focusLabel() {
  const f = state.focus;
  if (!f) return "";
  return f.kind === "unit" ? unitName(f.id) : f.kind === "function" ? fnName(f.id) : domName(f.id);
}
/** Marks the focus in the tree, legend and graph, without rebuilding them. */
function applyFocus() {
  const sets = focusSets();
  const tree = $("#tree");
  tree.classList.toggle("has-focus", !!sets);
  for (const c of tree.querySelectorAll("[data-function]")) {
    const id = c.dataset.function;
    c.classList.toggle("is-focus", !!sets && sets.fns.has(id));
    c.classList.toggle("is-neighbour", !!sets && sets.nbrs.has(id));
    c.classList.toggle("is-selected", state.selected?.kind === "function" && state.selected.id === id);
  }
  for (const r of tree.querySelectorAll("[data-unit]")) {
    const id = r.dataset.unit;
    r.classList.toggle("is-focus", !!sets && sets.units.has(id));
    r.classList.toggle("is-neighbour", !!sets && sets.nbrUnits.has(id));
    r.classList.toggle("is-selected", state.selected?.kind === "unit" && state.selected.id === id);
  }
  for (const b of document.querySelectorAll("#legend [data-domain]")) {
    b.classList.toggle("is-focus", state.focus?.kind === "domain" && state.focus.id === b.dataset.domain);
  }
  $("#focus-bar").hidden = !sets;
  $("#focus-label").textContent = sets ? t("focusOn", { name: focusLabel() }) : "";
  $("#focus-label").title = focusLabel();
  applyGraphFocus(sets);
}
function renderSelection() {
  const sel = state.selected;
  const p = $("#selection");
  const target = $("#move-target");
  const applyBtn = $("#move-apply");
  p.replaceChildren();
  if (!sel || (sel.kind === "unit" && sel.id === S.root)) {
    if (sel) p.textContent = t("selectedRoot", { name: unitName(sel.id) });
    else p.textContent = t("nothingSelected");
    target.replaceChildren();
    target.disabled = applyBtn.disabled = true;
    return;
  }
  const isFn = sel.kind === "function";
  const text = isFn ? t("selectedFunction", { name: fnName(sel.id), unit: unitName(S.assign[sel.id]) })
    : t("selectedUnit", { name: unitName(sel.id), unit: unitName(S.units.get(sel.id)?.parent) });
  p.append(el("strong", { text }));
  const current = isFn ? S.assign[sel.id] : S.units.get(sel.id)?.parent;
  fillUnitSelect(target, {
    filter: (id) => isFn || (id !== sel.id && !isInside(id, sel.id)),
    disabled: (id) => id === current,
  });
  target.disabled = applyBtn.disabled = target.options.length === 0;
}
function applyMove() {
  const sel = state.selected;
  const to = $("#move-target").value;
  if (!sel || !to) return;
  if (sel.kind === "function") moveFunction(sel.id, to);
  else moveUnit(sel.id, to);
}

// ----------------------------------------------------------------- forms --
/** Fills a select with the units in tree order, indented by depth; keeps the value when it can. */
function fillUnitSelect(select, { filter = () => true, disabled = () => false, none = null } = {}) {
  const keep = select.multiple ? new Set([...select.selectedOptions].map((o) => o.value)) : select.value;
  const options = [];
  if (none != null) options.push(el("option", { value: "", text: none }));
  for (const id of S.order) {
    if (!filter(id)) continue;
    const u = S.units.get(id);
    options.push(el("option", { value: id, disabled: disabled(id), text: "\u00a0\u00a0".repeat(u.depth) + u.label }));
  }
  select.replaceChildren(...options);
  if (select.multiple) for (const o of select.options) o.selected = keep.has(o.value);
  else if ([...select.options].some((o) => o.value === keep && !o.disabled)) select.value = keep;
  else {
    const first = [...select.options].find((o) => !o.disabled);
    if (first) select.value = first.value;
  }
}
function selectedUnitOr(fallback) {
  return state.selected?.kind === "unit" ? state.selected.id : fallback;
}
function renderForms() {
  const notRoot = (id) => id !== S.root;
  fillUnitSelect($("#add-parent"));
  fillUnitSelect($("#rename-unit"));
  fillUnitSelect($("#remove-unit"), { filter: (id) => notRoot(id) && !S.units.get(id).children.length });
  renderRemoveTarget();
  fillUnitSelect($("#merge-units"), { filter: notRoot });
  fillUnitSelect($("#merge-into"));
  const dom = $("#tower-domain");
  const keep = dom.value;
  dom.replaceChildren(...(state.session.domains || []).map((d) => el("option", { value: d.id, text: d.label || d.id })));
  if (keep && M.dom.has(keep)) dom.value = keep;
  renderTowerUnit();
  suggestUnitId();
}
function renderRemoveTarget() {
  const unit = $("#remove-unit").value;
  const owns = (S.owned.get(unit) || []).length > 0;
  fillUnitSelect($("#remove-to"), { filter: (id) => id !== unit, none: owns ? null : t("noTarget") });
}
function renderTowerUnit() {
  const select = $("#tower-unit");
  fillUnitSelect(select, { none: t("noTower") });
  select.value = S.towers[$("#tower-domain").value] || "";
}
function takenIds() {
  const ids = new Set(S.units.keys());
  for (const op of state.actions) if (op.op === "add-unit") ids.add(op.id);
  return ids;
}
function uniqueId(base) {
  const taken = takenIds();
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
/** Proposes a valid id from the label while the user has not typed one. */
function suggestUnitId() {
  const input = $("#add-id");
  if (input.dataset.touched === "1") return;
  input.value = uniqueId(slug($("#add-label").value) || "new-unit");
}
function submitAddUnit() {
  const label = $("#add-label").value.trim();
  const id = $("#add-id").value.trim();
  const parent = $("#add-parent").value;
  if (!label) return setStatus(t("needLabel"), "error", "edit");
  if (!ID_PATTERN.test(id)) return setStatus(t("badId", { id }), "error", "edit");
  if (takenIds().has(id)) return setStatus(t("idTaken", { id }), "error", "edit");
  if (!parent) return setStatus(t("needUnit"), "error", "edit");
  state.unitLabels.set(id, label);
  if (commit([...state.actions, { op: "add-unit", id, parent, label }])) {
    $("#add-label").value = "";
    $("#add-id").dataset.touched = "";
  }
}
function submitRename() {
  const unit = $("#rename-unit").value;
  const label = $("#rename-label").value.trim();
  if (!unit) return setStatus(t("needUnit"), "error", "edit");
  if (!label) return setStatus(t("needLabel"), "error", "edit");
  if (commit([...state.actions, { op: "update-unit", unit, label }])) $("#rename-label").value = "";
}
function submitRemove() {
  const unit = $("#remove-unit").value;
  const to = $("#remove-to").value;
  if (!unit) return setStatus(t("needUnit"), "error", "edit");
  const owns = (S.owned.get(unit) || []).length > 0;
  if (owns && !to) return setStatus(t("needFunctionsTo", { u: unitName(unit) }), "error", "edit");
  const op = { op: "remove-unit", unit };
  if (owns) op.functions_to = to;
  appendOp(op);
}
function submitMerge() {
  const units = [...$("#merge-units").selectedOptions].map((o) => o.value);
  const into = $("#merge-into").value;
  if (!units.length || !into || units.includes(into)) return setStatus(t("mergeNeedsUnits"), "error", "edit");
  appendOp({ op: "merge-units", units, into });
}
function submitTower() {
  const domain = $("#tower-domain").value;
  const unit = $("#tower-unit").value || null;
  if (!domain) return;
  appendOp({ op: "set-control-tower", domain, unit });
}

// ----------------------------------------------------------- action list --
/** The problems of the last evaluate, by op index (`where` starts with /changes/K). */
function problemsByOp() {
  const out = new Map();
  for (const p of state.problems || []) {
    const m = /^\/changes\/(\d+)(?:\/|$)/.exec(p.where || "");
    if (!m) continue;
    const k = Number(m[1]);
    if (!out.has(k)) out.set(k, []);
    out.get(k).push(p.message || "");
  }
  return out;
}
function renderActions() {
  const problems = problemsByOp();
  // names as each op sees them: a rename reads "old → new", not "new → new"
  const names = new Map(((startStructure() || {}).units || []).map((u) => [u.id, u.label || u.id]));
  const nameOf = (id) => names.get(id) ?? unitName(id);
  const items = state.actions.map((op, i) => {
    const li = el("li", { "data-index": i, class: problems.has(i) ? "invalid" : null });
    const sentence = opSentence(op, nameOf);
    if (op.op === "add-unit") names.set(op.id, op.label || op.id);
    if ((op.op === "update-unit" || op.op === "merge-units") && op.label) names.set(op.unit ?? op.into, op.label);
    li.append(el("div", { class: "op" },
      el("span", { text: sentence }),
      el("button", { type: "button", class: "icon-btn", title: t("deleteOp"), "aria-label": t("deleteOp"), text: "×", onclick: () => deleteOp(i) })));
    for (const m of problems.get(i) || []) li.append(el("div", { class: "problem", text: m }));
    return li;
  });
  $("#actions").replaceChildren(...items);
  $("#actions-empty").hidden = state.actions.length > 0;
  $("#undo").disabled = state.undo.length === 0;
  $("#redo").disabled = state.redo.length === 0;
}
function renderChangeSize() {
  const size = (state.result && state.result.change_size) || {};
  const box = $("#change-size");
  box.replaceChildren(...Object.entries(size).map(([k, v]) =>
    el("span", { "data-key": k }, (hasMessage(k) ? t(k) : k.replace(/_/g, " ")) + ": ", el("b", { text: fmt(v) }))));
}

// ------------------------------------------------------------ unit graph --
let graph = null; // {data, key, base} of the last drawing

/** Units at the fold level and the summed dependency weight between them. */
function graphData() {
  const level = state.level;
  const visible = S.order.filter((id) => level == null || S.units.get(id).depth <= level);
  const roll = new Map(S.order.map((id) => [id, ancestorAt(id, level)]));
  const count = new Map(visible.map((id) => [id, 0]));
  for (const u of Object.values(S.assign)) if (roll.has(u)) count.set(roll.get(u), count.get(roll.get(u)) + 1);
  const rank = new Map(S.order.map((id, i) => [id, i]));
  const edges = new Map();
  for (const d of state.session.dependencies || []) {
    const ua = S.assign[d.from], ub = S.assign[d.to];
    if (ua == null || ub == null || !roll.has(ua) || !roll.has(ub)) continue;
    let a = roll.get(ua), b = roll.get(ub);
    if (a === b) continue;
    if (rank.get(a) > rank.get(b)) [a, b] = [b, a];
    const key = a + "\u0001" + b;
    if (!edges.has(key)) edges.set(key, { key, a, b, weight: 0, deps: [] });
    const e = edges.get(key);
    e.weight += Number(d.weight) || 0;
    e.deps.push(d);
  }
  return { visible, roll, count, edges };
}

/** Radial tree positions: the root in the centre, each depth on a ring, angles by leaf count. */
function radialLayout(visible, ring) {
  const inSet = new Set(visible);
  const kids = (id) => S.units.get(id).children.filter((c) => inSet.has(c));
  const leaves = new Map();
  for (let i = visible.length - 1; i >= 0; i--) {
    const id = visible[i];
    const k = kids(id);
    leaves.set(id, k.length ? k.reduce((s, c) => s + leaves.get(c), 0) : 1);
  }
  const pos = new Map();
  const place = (id, from, to, depth) => {
    const angle = (from + to) / 2;
    pos.set(id, { x: Math.cos(angle) * depth * ring, y: Math.sin(angle) * depth * ring });
    let a = from;
    for (const c of kids(id)) {
      const span = ((to - from) * leaves.get(c)) / leaves.get(id);
      place(c, a, a + span, depth + 1);
      a += span;
    }
  };
  // iterative would be safer for very deep trees; depth is bounded by the fold level shown
  if (S.root != null && inSet.has(S.root)) place(S.root, -Math.PI / 2, (3 * Math.PI) / 2, 0);
  return pos;
}

/** A short deterministic force layout started from the radial one. */
function forceLayout(visible, edges) {
  const n = visible.length;
  const k = 140;
  const pos = radialLayout(visible, 160);
  const ids = visible.filter((id) => pos.has(id));
  const index = new Map(ids.map((id, i) => [id, i]));
  const xs = ids.map((id, i) => pos.get(id).x + (i % 7) * 0.01);
  const ys = ids.map((id, i) => pos.get(id).y + (i % 5) * 0.01);
  const springs = [];
  for (const id of ids) {
    const p = S.units.get(id).parent;
    if (index.has(p)) springs.push([index.get(id), index.get(p), 1]);
  }
  const maxW = Math.max(1, ...[...edges.values()].map((e) => e.weight));
  for (const e of edges.values()) springs.push([index.get(e.a), index.get(e.b), 0.05 + (0.5 * e.weight) / maxW]);
  const iterations = n > 150 ? 60 : 150;
  for (let it = 0; it < iterations; it++) {
    const dx = new Float64Array(ids.length), dy = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const vx = xs[i] - xs[j], vy = ys[i] - ys[j];
        const d2 = Math.max(vx * vx + vy * vy, 1);
        const f = (k * k) / d2;
        dx[i] += vx * f; dy[i] += vy * f; dx[j] -= vx * f; dy[j] -= vy * f;
      }
    }
    for (const [i, j, s] of springs) {
      const vx = xs[i] - xs[j], vy = ys[i] - ys[j];
      const d = Math.max(Math.hypot(vx, vy), 1);
      const f = (d / k) * s;
      dx[i] -= vx * f; dy[i] -= vy * f; dx[j] += vx * f; dy[j] += vy * f;
    }
    const temp = k * (1 - it / iterations) + 2;
    for (let i = 0; i < ids.length; i++) {
      dx[i] -= xs[i] * 0.01; dy[i] -= ys[i] * 0.01; // a little gravity keeps islands near
      const d = Math.hypot(dx[i], dy[i]);
      if (d > 0) { xs[i] += (dx[i] / d) * Math.min(d, temp); ys[i] += (dy[i] / d) * Math.min(d, temp); }
    }
  }
  return fitAspect(new Map(ids.map((id, i) => [id, { x: xs[i], y: ys[i] }])));
}
/** Stretches the layout towards the shape of the graph box, so that it fills it. */
function fitAspect(pos) {
  const box = $("#graph");
  const want = box && box.clientHeight ? box.clientWidth / box.clientHeight : 1.4;
  const b = boundsOf(pos);
  const have = b.w / b.h;
  const f = Math.sqrt(Math.max(0.4, Math.min(2.5, want / have)));
  for (const p of pos.values()) { p.x *= f; p.y /= f; }
  return pos;
}
function boundsOf(pos) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of pos.values()) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); }
  if (!Number.isFinite(x0)) return { x: -100, y: -100, w: 200, h: 200 };
  // Text is drawn at a constant size on screen, so the room it needs is in
  // pixels: half a label (~85 px) left and right, a node and a label line
  // (~30 px) above and below. Solve w = span + 2 * 85 * (w / cw) for w.
  const box = $("#graph");
  const cw = Math.max(box && box.clientWidth || 700, 400), ch = Math.max(box && box.clientHeight || 500, 300);
  const w = Math.max((x1 - x0) / (1 - 170 / cw), 300), h = Math.max((y1 - y0) / (1 - 60 / ch), 240);
  return { x: (x0 + x1 - w) / 2, y: (y0 + y1 - h) / 2, w, h };
}
/** Positions are computed once per set of visible units, then reused. */
function positionsFor(data) {
  const key = [...data.visible].sort().join("\n");
  if (!state.layouts.has(key)) {
    const pos = forceLayout(data.visible, data.edges);
    state.layouts.set(key, { pos, base: boundsOf(pos) });
  }
  if (state.graphKey !== key) { state.graphKey = key; state.view = null; }
  const layout = state.layouts.get(key);
  if (!state.view) state.view = { ...layout.base };
  return layout;
}
function renderGraph() {
  const box = $("#graph");
  const data = graphData();
  if (data.visible.length > GRAPH_PICTURE_LIMIT) {
    graph = { data, key: "", base: null };
    box.replaceChildren(heaviestLinksTable(data));
  } else {
    const layout = positionsFor(data);
    graph = { data, key: state.graphKey, base: layout.base };
    box.replaceChildren(drawGraph(data, layout));
  }
  renderEdgeList();
}
function drawGraph(data, layout) {
  const { pos, base } = layout;
  // user units per screen pixel at the initial view: keeps text and strokes readable
  const box = $("#graph");
  const cw = box.clientWidth || 700, ch = box.clientHeight || 500;
  const scale = Math.max(0.2, Math.max(base.w / cw, base.h / ch));
  const maxW = Math.max(1, ...[...data.edges.values()].map((e) => e.weight));
  const v = state.view;
  const svg = svgEl("svg", { viewBox: `${v.x} ${v.y} ${v.w} ${v.h}`, role: "img", "aria-label": t("tabGraph"), "font-size": 11 * scale });
  const treeLinks = svgEl("g");
  for (const id of data.visible) {
    const p = S.units.get(id).parent;
    if (p != null && pos.has(p) && pos.has(id)) {
      treeLinks.append(svgEl("line", { class: "g-tree", x1: pos.get(p).x, y1: pos.get(p).y, x2: pos.get(id).x, y2: pos.get(id).y }));
    }
  }
  svg.append(treeLinks);
  const edgeLayer = svgEl("g");
  for (const e of data.edges.values()) {
    const a = pos.get(e.a), b = pos.get(e.b);
    if (!a || !b) continue;
    const width = (1.2 + 9 * Math.sqrt(e.weight / maxW)) * scale;
    const g = svgEl("g", { "data-edge": e.key });
    g.append(svgEl("line", { class: "g-hit", x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": Math.max(width + 8 * scale, 12 * scale) },
      svgEl("title", { text: t("edgeTitle", { a: unitName(e.a), b: unitName(e.b), w: fmt(e.weight) }) })));
    g.append(svgEl("line", { class: "g-edge" + (state.edge === e.key ? " is-selected" : ""), x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": width }));
    edgeLayer.append(g);
  }
  svg.append(edgeLayer);
  const nodeLayer = svgEl("g");
  for (const id of data.visible) {
    const p = pos.get(id);
    if (!p) continue;
    const n = data.count.get(id) || 0;
    const r = (5 + 3 * Math.sqrt(n)) * scale;
    const label = unitName(id);
    const short = label.length > 26 ? label.slice(0, 25) + "…" : label;
    nodeLayer.append(svgEl("g", { class: "g-node", "data-node": id, transform: `translate(${p.x} ${p.y})` },
      svgEl("circle", { r }, svgEl("title", { text: `${label} [${id}] · ${n}` })),
      svgEl("text", { y: r + 11 * scale, "text-anchor": "middle", "stroke-width": 3 * scale, text: short })));
  }
  svg.append(nodeLayer);
  if (!data.edges.size) svg.append(svgEl("text", { x: v.x + 10 * scale, y: v.y + 20 * scale, fill: "#5f6875", text: t("noEdges") }));
  return svg;
}
function heaviestLinksTable(data) {
  const edges = [...data.edges.values()].sort((x, y) => y.weight - x.weight).slice(0, 200);
  const table = el("table", { class: "data" },
    el("thead", {}, el("tr", {}, el("th", { text: t("from") }), el("th", { text: t("to") }),
      el("th", { class: "num", text: t("weight") }), el("th", { class: "num", text: t("count") }))),
    el("tbody", {}, ...edges.map((e) => el("tr", { "data-edge": e.key, style: "cursor:pointer" },
      el("td", { text: unitName(e.a) }), el("td", { text: unitName(e.b) }),
      el("td", { class: "num", text: fmt(e.weight) }), el("td", { class: "num", text: String(e.deps.length) })))));
  return el("div", {}, el("p", { class: "muted", text: t("tooManyUnits", { n: data.visible.length }) }), table);
}
function renderEdgeList() {
  const box = $("#edge-list");
  const e = graph && state.edge ? graph.data.edges.get(state.edge) : null;
  if (!e) { box.replaceChildren(el("p", { class: "muted", text: t("edgeNone") })); return; }
  const deps = [...e.deps].sort((x, y) => y.weight - x.weight);
  box.replaceChildren(
    el("p", {}, el("strong", { text: `${unitName(e.a)} ↔ ${unitName(e.b)}` }), el("br"), `${t("weight")}: ${fmt(e.weight)}`),
    el("table", { class: "data" },
      el("thead", {}, el("tr", {}, el("th", { text: t("from") }), el("th", { text: t("to") }),
        el("th", { class: "num", text: t("weight") }), el("th", { text: t("kind") }))),
      el("tbody", {}, ...deps.map((d) => el("tr", {},
        el("td", { class: "wrap", text: fnName(d.from), title: d.from }), el("td", { class: "wrap", text: fnName(d.to), title: d.to }),
        el("td", { class: "num", text: fmt(d.weight) }), el("td", { text: d.kind || "–" }))))));
}
function applyGraphFocus(sets) {
  const svg = $("#graph svg");
  if (!svg || !graph) return;
  svg.classList.toggle("dim", !!sets);
  const roll = (u) => graph.data.roll.get(u);
  const focusUnits = new Set(), nbrUnits = new Set();
  if (sets) {
    if (state.focus.kind === "unit") focusUnits.add(roll(state.focus.id));
    for (const f of sets.fns) focusUnits.add(roll(S.assign[f]));
    for (const f of sets.nbrs) { const u = roll(S.assign[f]); if (!focusUnits.has(u)) nbrUnits.add(u); }
  }
  for (const g of svg.querySelectorAll("[data-node]")) {
    g.classList.toggle("is-focus", focusUnits.has(g.dataset.node));
    g.classList.toggle("is-neighbour", nbrUnits.has(g.dataset.node));
  }
  for (const g of svg.querySelectorAll("[data-edge]")) {
    const e = graph.data.edges.get(g.dataset.edge);
    const lit = !!sets && e.deps.some((d) => sets.fns.has(d.from) || sets.fns.has(d.to));
    g.querySelector(".g-edge").classList.toggle("is-lit", lit);
  }
}
function setView(view) {
  state.view = view;
  const svg = $("#graph svg");
  if (svg) svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
}
/** Wheel zoom around the pointer, drag to pan, clicks on edges and nodes. */
function wireGraph() {
  const box = $("#graph");
  let pan = null;
  let moved = false;
  box.addEventListener("wheel", (e) => {
    const svg = box.querySelector("svg");
    if (!svg || !state.view) return;
    e.preventDefault();
    const ctm = svg.getScreenCTM();
    if (!ctm) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const f = Math.exp(Math.max(-0.5, Math.min(0.5, e.deltaY * 0.0015)));
    const v = state.view;
    const w = Math.max(graph.base.w / 20, Math.min(graph.base.w * 8, v.w * f));
    const k = w / v.w;
    setView({ x: pt.x - (pt.x - v.x) * k, y: pt.y - (pt.y - v.y) * k, w, h: v.h * k });
  }, { passive: false });
  box.addEventListener("pointerdown", (e) => {
    const svg = box.querySelector("svg");
    if (!svg || e.button !== 0) return;
    const ctm = svg.getScreenCTM();
    pan = { x: e.clientX, y: e.clientY, view: { ...state.view }, scale: ctm ? ctm.a : 1 };
    moved = false;
  });
  box.addEventListener("pointermove", (e) => {
    if (!pan) return;
    const dx = e.clientX - pan.x, dy = e.clientY - pan.y;
    if (!moved && Math.hypot(dx, dy) < 4) return;
    if (!moved) { moved = true; box.setPointerCapture(e.pointerId); box.querySelector("svg")?.classList.add("panning"); }
    setView({ ...pan.view, x: pan.view.x - dx / pan.scale, y: pan.view.y - dy / pan.scale });
  });
  const end = () => { pan = null; box.querySelector("svg")?.classList.remove("panning"); };
  box.addEventListener("pointerup", end);
  box.addEventListener("pointercancel", end);
  box.addEventListener("click", (e) => {
    if (moved) { moved = false; return; }
    const node = e.target.closest("[data-node]");
    if (node) { select({ kind: "unit", id: node.dataset.node }); return; }
    const edge = e.target.closest("[data-edge]");
    state.edge = edge ? edge.dataset.edge : null;
    for (const l of box.querySelectorAll(".g-edge")) l.classList.toggle("is-selected", l.parentNode.dataset.edge === state.edge);
    renderEdgeList();
  });
  $("#graph-reset").addEventListener("click", () => { if (graph && graph.base) setView({ ...graph.base }); });
}

// --------------------------------------------------------------- figures --
/** A figure of a metrics object M, by the flat names the compare CSV uses. */
function figure(m, key) {
  if (!m) return null;
  if (key.startsWith("work_grouping_")) return m.work_grouping ? m.work_grouping[key.slice(14)] ?? null : null;
  if (m.shape && key in m.shape) return m.shape[key];
  const v = m[key];
  return typeof v === "number" ? v : null;
}
function numCell(value, key, withData) {
  const attrs = { class: "num", text: fmt(value) };
  if (withData) { attrs["data-figure"] = key; attrs["data-value"] = value == null ? "" : String(value); }
  return el("td", attrs);
}
function deltaCell(a, b) {
  const d = typeof a === "number" && typeof b === "number" ? a - b : null;
  const r = d == null ? 0 : Math.round(d * 1000);
  return el("td", { class: "num" + (r < 0 ? " delta-neg" : r > 0 ? " delta-pos" : ""), text: fmtDelta(d) });
}
function structureHead(title, id) {
  return el("th", { class: "num", title: structureLabel(id) }, title, el("br"), el("span", { class: "was", text: id }));
}
function figuresTable(keys, r) {
  const head = el("tr", {}, el("th", { text: t("figure") }), el("th", { class: "num", text: t("whatIf") }),
    structureHead(t("start"), state.start), structureHead(t("baseline"), state.session.baseline),
    el("th", { class: "num", text: t("deltaBaseline") }), el("th", { class: "num", text: t("deltaStart") }));
  const rows = keys.map((key) => {
    const now = figure(r.metrics, key), start = figure(r.start_metrics, key), base = figure(r.baseline_metrics, key);
    return el("tr", {}, el("th", { text: t(key), title: key, scope: "row" }), numCell(now, key, true),
      numCell(start, key, false), numCell(base, key, false), deltaCell(now, base), deltaCell(now, start));
  });
  return el("table", { class: "data figures" }, el("thead", {}, head), el("tbody", {}, ...rows));
}
function renderFigures() {
  const r = state.result;
  const box = $("#figures");
  if (!r || !r.metrics) { box.replaceChildren(); return; }
  box.replaceChildren(
    el("h3", { class: "section-title", text: t("figuresWhole") }), figuresTable(WHOLE_FIGURES, r),
    el("h3", { class: "section-title", text: t("figuresShape") }), figuresTable(SHAPE_FIGURES, r));
}

// --------------------------------------------------------------- domains --
function domainValue(row, key) {
  if (!row) return null;
  const v = row[key];
  return key === "owner" || key === "control_tower" ? (v == null ? null : unitName(v)) : v;
}
function renderDomains() {
  const r = state.result;
  const box = $("#domains");
  if (!r || !r.metrics) { box.replaceChildren(); return; }
  const keys = ["functions", "branches", "units", "owner", "control_tower", "tower_coverage", "fragmentation"];
  const startRows = new Map(((r.start_metrics && r.start_metrics.domains) || []).map((d) => [d.id, d]));
  const head = el("tr", {}, el("th", { text: t("domain") }), ...keys.map((k) =>
    el("th", { class: k === "owner" || k === "control_tower" ? "" : "num", text: t(k), title: k })));
  const rows = (r.metrics.domains || []).map((d) => {
    const before = startRows.get(d.id);
    const cells = keys.map((k) => {
      const now = domainValue(d, k), was = domainValue(before, k);
      const isText = k === "owner" || k === "control_tower";
      const td = el("td", { class: isText ? "wrap" : "num", "data-key": k, text: fmt(now) });
      if (before && d[k] !== before[k]) td.append(el("span", { class: "was", text: `(${t("startWas", { v: fmt(was) })})` }));
      return td;
    });
    return el("tr", { "data-domain-row": d.id },
      el("th", { scope: "row" }, el("button", { type: "button", class: "btn small", title: d.id, onclick: () => setFocus({ kind: "domain", id: d.id }) },
        el("span", { class: "swatch", style: `display:inline-block;margin-right:4px;background:${domainColour(d.id)}` }), domName(d.id))),
      ...cells);
  });
  box.replaceChildren(el("table", { class: "data" }, el("thead", {}, head), el("tbody", {}, ...rows)));
}

// --------------------------------------------------------------- explain --
function renderExplain() {
  const r = state.result;
  const box = $("#explain");
  if (!r) { box.replaceChildren(); return; }
  const parts = [];
  const size = r.change_size || {};
  if (Object.keys(size).length) {
    parts.push(el("h3", { class: "section-title", text: t("changeSize") }));
    parts.push(el("table", { class: "data" }, el("tbody", {}, ...Object.entries(size).map(([k, v]) =>
      el("tr", {}, el("th", { text: hasMessage(k) ? t(k) : k, title: k }), el("td", { class: "num", "data-key": k, text: fmt(v) }))))));
  }
  const sentences = r.explain && Array.isArray(r.explain.sentences) ? r.explain.sentences : null;
  if (sentences) {
    parts.push(el("h3", { class: "section-title", text: t("sentences") }));
    parts.push(sentences.length ? el("ul", { class: "sentences" }, ...sentences.map((s) => el("li", { text: String(s) })))
      : el("p", { class: "muted", text: t("noSentences") }));
  }
  box.replaceChildren(...parts);
}

// --------------------------------------------------- compare and matrix --
/** Fetches the data of the Compare or Matrix tab when it is shown and stale. */
function refreshTab() {
  if (state.tab === "compare" && state.compareVersion !== state.version) loadCompare();
  if (state.tab === "matrix" && state.dsmVersion !== state.version) loadDsm();
}
async function loadCompare() {
  const version = state.version;
  state.compareVersion = version;
  $("#compare").classList.add("stale");
  const body = {
    structures: [...new Set([state.session.baseline, state.start].filter(Boolean))],
    scenario: { start: state.start, changes: clone(state.actions) },
    level: state.level,
  };
  try {
    const answer = await api("POST", "/api/compare", body);
    if (version !== state.version) return;
    state.compare = answer;
    renderCompare();
  } catch (e) {
    state.compareVersion = -1;
    reportError(e, "compare");
  } finally {
    if (version === state.version) $("#compare").classList.remove("stale");
  }
}
function compareColumns(c) {
  return (c.structures || []).map((m) => ({ id: m.structure, m }));
}
/** A domain row's entry for a column of the compare answer. */
function perStructure(row, column) {
  return (row.per_structure || []).find((x) => x.structure === column.id) ?? null;
}
function renderCompare() {
  const c = state.compare;
  const box = $("#compare");
  if (!c) { box.replaceChildren(); return; }
  const cols = compareColumns(c);
  const head = (first) => el("thead", {}, el("tr", {}, el("th", { text: first }),
    ...cols.map((col) => el("th", { class: "num head-wrap", title: structureLabel(col.id) }, col.id === "what-if" ? t("whatIf") : col.id,
      col.id === c.baseline ? ` (${t("baseline")})` : "", el("br"), el("span", { class: "was", text: structureLabel(col.id) })))));
  const marks = { consolidated: " +", narrowed: " ~", unchanged: " =", dispersed: " −" };
  const domainRows = (c.domains || []).map((row) => el("tr", {},
    el("th", { scope: "row", title: row.id, text: domName(row.id) }),
    ...cols.map((col) => {
      const cell = perStructure(row, col) || {};
      let text = fmt(cell.branches);
      if (cell.change && marks[cell.change]) text += marks[cell.change];
      if (cell.tower_coverage != null) text += " · " + t("coverage", { v: fmt(cell.tower_coverage) });
      return el("td", { class: "num", "data-structure": col.id, text, title: cell.control_tower ? unitName(cell.control_tower) : "" });
    })));
  const figureRows = WHOLE_FIGURES.map((key) => el("tr", {}, el("th", { scope: "row", title: key, text: t(key) }),
    ...cols.map((col) => el("td", { class: "num", text: fmt(figure(col.m, key)) }))));
  box.replaceChildren(
    el("h3", { class: "section-title", text: t("compareDomains") }),
    el("table", { class: "data" }, head(t("domain")), el("tbody", {}, ...domainRows)),
    el("h3", { class: "section-title", text: t("compareWhole") }),
    el("table", { class: "data" }, head(t("figure")), el("tbody", {}, ...figureRows)));
}
async function loadDsm() {
  const version = state.version;
  state.dsmVersion = version;
  $("#matrix").classList.add("stale");
  try {
    const answer = await api("POST", "/api/dsm", scenarioBody());
    if (version !== state.version) return;
    state.dsm = answer;
    renderMatrix();
  } catch (e) {
    state.dsmVersion = -1;
    reportError(e, "dsm");
  } finally {
    if (version === state.version) $("#matrix").classList.remove("stale");
  }
}
/** The matrix of /api/dsm: rows in tree order, cells by row and column, blocks [first, end). */
function normaliseDsm(d) {
  const rows = d.rows || [];
  const cells = (d.cells || []).map((c) => ({ i: c.row, j: c.column, w: c.weight, plus: c.internalised, minus: c.externalised }));
  const blocks = (d.blocks || []).map((b) => ({ first: b.first, last: b.end - 1, depth: b.depth }))
    .filter((b) => b.last >= b.first);
  return { rows, cells, blocks, level: d.level, total: d.total_weight };
}
function renderMatrix() {
  const box = $("#matrix");
  if (!state.dsm) { box.replaceChildren(); return; }
  const { rows, cells, blocks, level, total } = normaliseDsm(state.dsm);
  const n = rows.length;
  const title = el("p", { class: "muted", text: t("dsmTitle", { l: level == null ? t("all") : level, n, w: fmt(total) }) });
  if (!n) { box.replaceChildren(title, el("p", { text: t("dsmEmpty") })); return; }
  const cs = n <= 30 ? 22 : n <= 60 ? 14 : n <= 120 ? 8 : 5;
  const named = n <= 150;
  const labelOf = (r) => r.label || r.id || "";
  const labelW = named ? Math.min(300, 30 + Math.max(...rows.map((r) => labelOf(r).length * 6.6 + (r.depth || 0) * 10))) : 10;
  const top = cs >= 14 ? 24 : 6;
  const size = n * cs;
  const svg = svgEl("svg", { class: "dsm", width: labelW + size + 2, height: top + size + 2, role: "img", "aria-label": t("tabMatrix") });
  svg.append(svgEl("rect", { x: labelW, y: top, width: size, height: size, fill: "#fff", stroke: "#d9dce1" }));
  for (let i = 0; i < n; i++) {
    svg.append(svgEl("rect", { x: labelW + i * cs, y: top + i * cs, width: cs, height: cs, fill: "#eef0f3" }));
    if (named) {
      const r = rows[i];
      svg.append(svgEl("text", { x: 4 + (r.depth || 0) * 10, y: top + i * cs + cs / 2 + 4, "font-size": Math.min(11, cs), text: `${i + 1} ${labelOf(r)}` },
        svgEl("title", { text: `${labelOf(r)} [${r.id}]` })));
    }
    if (cs >= 14) svg.append(svgEl("text", { x: labelW + i * cs + cs / 2, y: top - 8, "text-anchor": "middle", "font-size": 10, fill: "#5f6875", text: String(i + 1) }));
  }
  const max = Math.max(1, ...cells.map((c) => Number(c.w)));
  const shade = (w) => DSM_SHADES[Math.min(4, Math.floor(Math.sqrt(w / max) * 5 - 1e-9))];
  for (const c of cells) {
    const w = Number(c.w);
    // against the start: weight that came inside one unit (+), or came to cross units (−)
    const mark = c.plus > 0 && c.minus > 0 ? "±" : c.plus > 0 ? "+" : c.minus > 0 ? "−" : "";
    const detail = mark ? ` (${c.plus > 0 ? "+" + fmt(c.plus) : ""}${c.minus > 0 ? " −" + fmt(c.minus) : ""})` : "";
    svg.append(svgEl("rect", { class: "cell", x: labelW + c.j * cs + 0.5, y: top + c.i * cs + 0.5, width: cs - 1, height: cs - 1,
      fill: shade(w), stroke: DSM_MARKS[mark] || "none", "stroke-width": mark ? 2 : 0 },
      svgEl("title", { text: `${labelOf(rows[c.i])} → ${labelOf(rows[c.j])}: ${fmt(w)}${detail}` })));
    if (cs >= 22) svg.append(svgEl("text", { x: labelW + c.j * cs + cs / 2, y: top + c.i * cs + cs / 2 + 4, "text-anchor": "middle", "font-size": 10, "pointer-events": "none", fill: Math.sqrt(w / max) > 0.6 ? "#fff" : "#1d2430", text: fmt(w) }));
  }
  for (const b of blocks) {
    svg.append(svgEl("rect", { x: labelW + b.first * cs, y: top + b.first * cs, width: (b.last - b.first + 1) * cs, height: (b.last - b.first + 1) * cs,
      fill: "none", stroke: "#1d2430", "stroke-width": Math.max(0.6, 2.4 - b.depth * 0.6), "pointer-events": "none" }));
  }
  const legend = el("div", { class: "dsm-legend" }, t("dsmLegend"), ...DSM_SHADES.map((colour, k) => {
    const lo = max * (k / 5) ** 2, hi = max * ((k + 1) / 5) ** 2;
    return el("span", {}, el("i", { style: `background:${colour}` }), ` ${fmt(Math.round(lo * 10) / 10)}–${fmt(Math.round(hi * 10) / 10)}`);
  }));
  if (cells.some((c) => c.plus > 0 || c.minus > 0)) {
    for (const [mark, key] of [["+", "dsmPlus"], ["−", "dsmMinus"]]) {
      legend.append(el("span", {}, el("i", { style: `border:2px solid ${DSM_MARKS[mark]}` }), " " + t(key)));
    }
  }
  box.replaceChildren(title, legend, svg);
  if (!named) box.append(el("p", { class: "muted", text: t("dsmNoLabels") }));
}

// -------------------------------------------------------------- optimize --
async function runOptimize() {
  const max = Math.max(0, Math.min(1000, parseInt($("#optimize-max").value, 10) || 0));
  const body = { start: state.start, changes: clone(state.actions), max_moves: max, objective: $("#optimize-objective").value };
  const version = state.version;
  $("#optimize-run").disabled = true;
  $("#optimize").replaceChildren(el("p", { class: "muted", text: t("loading") }));
  try {
    const answer = await api("POST", "/api/optimize", body);
    state.optimize = { answer, version, accepted: new Set() };
    clearStatus("optimize");
  } catch (e) {
    state.optimize = null;
    reportError(e, "optimize");
  } finally {
    $("#optimize-run").disabled = false;
    renderOptimize();
  }
}
function moveText(m) {
  return t("moveSentence", { f: m.function_label, a: m.from_label, b: m.to_label });
}
function renderOptimize() {
  const box = $("#optimize");
  const o = state.optimize;
  if (!o) { box.replaceChildren(el("p", { class: "muted", text: t("optimizeHint") })); return; }
  const a = o.answer;
  const moves = Array.isArray(a.moves) ? a.moves : [];
  const parts = [el("table", { class: "data", style: "min-width:0" }, el("tbody", {},
    el("tr", {}, el("th", { text: t("costBefore") }), el("td", { class: "num", "data-key": "cost_before", text: fmt(a.cost_before) })),
    el("tr", {}, el("th", { text: t("costAfter") }), el("td", { class: "num", "data-key": "cost_after", text: fmt(a.cost_after) }),
      el("td", { class: "num", text: fmtDelta(typeof a.cost_after === "number" && typeof a.cost_before === "number" ? a.cost_after - a.cost_before : null) }))))];
  if (a.exact != null) parts.push(el("p", { class: "muted", text: a.exact ? t("exact") : t("heuristic") }));
  if (o.version !== state.version) parts.push(el("p", { class: "muted", text: t("optimizeStale") }));
  if (!moves.length) parts.push(el("p", { text: t("noMoves") }));
  else {
    const open = moves.filter((_, i) => !o.accepted.has(i));
    parts.push(el("button", { type: "button", class: "btn primary", id: "optimize-accept-all", disabled: open.length === 0, text: t("acceptAll"), onclick: acceptAllMoves }));
    parts.push(el("ol", { class: "moves" }, ...moves.map((m, i) => {
      const done = o.accepted.has(i);
      return el("li", { class: done ? "accepted" : null, "data-move": i },
        el("span", { class: "text", text: moveText(m) }),
        m.gain != null ? el("span", { class: "gain", text: t("gain", { g: fmt(m.gain) }) }) : null,
        el("button", { type: "button", class: "btn small", disabled: done, text: done ? t("accepted") : t("accept"), onclick: () => acceptMoves([i]) }));
    })));
  }
  box.replaceChildren(...parts);
}
/** Accepting appends move-function ops (one undoable edit for all of them). */
function acceptMoves(indexes) {
  const o = state.optimize;
  if (!o) return;
  let list = state.actions;
  for (const i of indexes) {
    const m = o.answer.moves[i];
    if (!m || o.accepted.has(i)) continue;
    list = withMoveFunction(list, m.function, m.to) || list;
  }
  for (const i of indexes) o.accepted.add(i);
  if (list !== state.actions && commit(list)) o.version = state.version;
  renderOptimize();
}
function acceptAllMoves() {
  const o = state.optimize;
  if (o) acceptMoves(o.answer.moves.map((_, i) => i).filter((i) => !o.accepted.has(i)));
}

// -------------------------------------------------------- save and report --
function suggestSaveId() {
  const ids = new Set((state.session.structures || []).map((s) => s.id));
  for (let i = 1; ; i++) if (!ids.has(`what-if-${i}`)) return i;
}
function openSaveForm() {
  const form = $("#save-form");
  if (!form.hidden) { form.hidden = true; return; }
  const n = suggestSaveId();
  $("#save-id").value = `what-if-${n}`;
  $("#save-label").value = `${t("whatIf")} ${n}`;
  $("#save-description").value = "";
  form.hidden = false;
  $("#save-id").focus();
}
async function submitSave(e) {
  e.preventDefault();
  const id = $("#save-id").value.trim();
  if (!ID_PATTERN.test(id)) { setStatus(t("badId", { id }), "error", "save"); return; }
  const body = { id, label: $("#save-label").value.trim() || id, description: $("#save-description").value.trim(),
    start: state.start, changes: clone(state.actions) };
  try {
    const answer = await api("POST", "/api/save", body);
    $("#save-form").hidden = true;
    showProblems([]);
    setStatus(t("saved", { id: answer.saved || id, file: answer.file || state.session.file || "" }), "ok", "save");
    await loadSession(false);
  } catch (err) {
    reportError(err, "save");
  }
}
async function downloadReport() {
  try {
    const blob = await api("POST", "/api/report", { start: state.start, changes: clone(state.actions), id: "what-if" }, true);
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: "report.html", style: "display:none" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus(t("reportDone"), "ok", "report");
  } catch (err) {
    reportError(err, "report");
  }
}

// ---------------------------------------------------------------- search --
function searchItems(query) {
  const q = norm(query);
  if (!q) return [];
  const hit = (id, label) => norm(id).includes(q) || norm(label).includes(q);
  const out = [];
  for (const id of S.order) { const u = S.units.get(id); if (hit(id, u.label)) out.push({ kind: "unit", id, label: u.label }); }
  for (const f of state.session.functions || []) if (hit(f.id, f.label)) out.push({ kind: "function", id: f.id, label: f.label || f.id });
  for (const d of state.session.domains || []) if (hit(d.id, d.label)) out.push({ kind: "domain", id: d.id, label: d.label || d.id });
  return out.slice(0, 60);
}
function renderSearch() {
  const list = $("#search-results");
  const query = $("#search").value;
  if (!norm(query)) { list.hidden = true; list.replaceChildren(); return; }
  const items = searchItems(query);
  const kindName = { unit: t("kindUnit"), function: t("kindFunction"), domain: t("kindDomain") };
  list.replaceChildren(...(items.length ? items.map((it, i) => el("li", {
    role: "option", "data-kind": it.kind, "data-id": it.id, "aria-selected": i === 0 ? "true" : "false",
    onmousedown: (e) => { e.preventDefault(); pickSearch(it); },
  }, el("span", { class: "kind", text: kindName[it.kind] }), el("span", { class: "name", text: it.label }), el("span", { class: "id", text: it.id })))
    : [el("li", { class: "muted", text: t("noResults") })]));
  list.hidden = false;
}
function moveSearchCursor(step) {
  const options = [...document.querySelectorAll("#search-results [role=option]")];
  if (!options.length) return;
  let i = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
  i = (i + step + options.length) % options.length;
  options.forEach((o, k) => o.setAttribute("aria-selected", k === i ? "true" : "false"));
  options[i].scrollIntoView({ block: "nearest" });
}
function pickSearch(item) {
  $("#search-results").hidden = true;
  if (item.kind === "domain") { setFocus({ kind: "domain", id: item.id }); return; }
  if (item.kind === "function" && S.assign[item.id] == null) { setFocus({ kind: "function", id: item.id }); return; }
  const unit = item.kind === "unit" ? item.id : S.assign[item.id];
  reveal(unit);
  if (item.kind === "function") {
    const u = S.units.get(unit);
    if (u && isCollapsed(u)) state.foldOverrides.set(unit, false);
  }
  renderTree();
  select({ kind: item.kind, id: item.id });
  scrollToItem(item.kind, item.id);
}

// ---------------------------------------------------------------- wiring --
function showTab(name) {
  state.tab = name;
  for (const b of document.querySelectorAll("#tabs [data-tab]")) {
    const on = b.dataset.tab === name;
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  }
  for (const p of document.querySelectorAll(".panel")) p.hidden = p.id !== `panel-${name}`;
  if (name === "graph" && state.result) { renderGraph(); applyFocus(); } // sizes are known only when shown
  refreshTab();
}
function isTyping(target) {
  return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
}
function wireControls() {
  $("#start").addEventListener("change", (e) => {
    const start = e.target.value;
    if (start !== state.start) commit([], start); // a new start empties the list, undoably
  });
  $("#fold-level").addEventListener("change", (e) => {
    state.level = e.target.value === "all" ? null : Number(e.target.value);
    state.foldOverrides.clear();
    state.version++;
    renderTree();
    applyFocus();
    evaluate();
  });
  $("#search").addEventListener("input", renderSearch);
  $("#search").addEventListener("focus", renderSearch);
  $("#search").addEventListener("blur", () => { $("#search-results").hidden = true; });
  $("#search").addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); moveSearchCursor(e.key === "ArrowDown" ? 1 : -1); }
    else if (e.key === "Escape") $("#search-results").hidden = true;
    else if (e.key === "Enter") {
      const o = document.querySelector("#search-results [aria-selected=true]");
      if (o) { e.preventDefault(); pickSearch({ kind: o.dataset.kind, id: o.dataset.id }); }
    }
  });
  $("#clear-focus").addEventListener("click", () => setFocus(null));
  $("#tabs").addEventListener("click", (e) => { const b = e.target.closest("[data-tab]"); if (b) showTab(b.dataset.tab); });
  $("#tabs").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const tabs = [...document.querySelectorAll("#tabs [data-tab]")];
    const i = tabs.findIndex((b) => b.dataset.tab === state.tab);
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length];
    showTab(next.dataset.tab);
    next.focus();
  });
  $("#undo").addEventListener("click", undo);
  $("#redo").addEventListener("click", redo);
  $("#save").addEventListener("click", openSaveForm);
  $("#save-form").addEventListener("submit", submitSave);
  $("#save-cancel").addEventListener("click", () => { $("#save-form").hidden = true; });
  $("#report").addEventListener("click", downloadReport);
  $("#move-apply").addEventListener("click", applyMove);
  $("#add-label").addEventListener("input", suggestUnitId);
  $("#add-id").addEventListener("input", (e) => { e.target.dataset.touched = e.target.value ? "1" : ""; });
  $("#add-apply").addEventListener("click", submitAddUnit);
  $("#rename-unit").addEventListener("change", () => { $("#rename-label").value = unitName($("#rename-unit").value); });
  $("#rename-apply").addEventListener("click", submitRename);
  $("#remove-unit").addEventListener("change", renderRemoveTarget);
  $("#remove-apply").addEventListener("click", submitRemove);
  $("#merge-apply").addEventListener("click", submitMerge);
  $("#tower-domain").addEventListener("change", renderTowerUnit);
  $("#tower-apply").addEventListener("click", submitTower);
  $("#optimize-form").addEventListener("submit", (e) => { e.preventDefault(); runOptimize(); });
  // forms opened with a unit selected start from that unit
  for (const [form, select] of [["#form-add", "#add-parent"], ["#form-rename", "#rename-unit"], ["#form-remove", "#remove-unit"], ["#form-merge", "#merge-into"]]) {
    $(form).addEventListener("toggle", () => {
      const id = selectedUnitOr(null);
      const s = $(select);
      if ($(form).open && id && [...s.options].some((o) => o.value === id)) { s.value = id; s.dispatchEvent(new Event("change")); }
    });
  }
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey) || isTyping(e.target)) return;
    const key = e.key.toLowerCase();
    if (key === "z") { e.preventDefault(); if (e.shiftKey) redo(); else undo(); }
    else if (key === "y") { e.preventDefault(); redo(); }
  });
  wireTree();
  wireGraph();
}

// ------------------------------------------------------------------ start --
/** Loads the session; the first time it also fixes the language and the start. */
async function loadSession(first) {
  const session = await api("GET", "/api/session");
  state.session = session;
  indexSession(session);
  if (first) {
    state.lang = session.lang === "ko" ? "ko" : "en";
    const ids = (session.structures || []).map((s) => s.id);
    state.start = ids.includes(session.baseline) ? session.baseline : ids[0] ?? null;
    applyI18n();
  }
  renderHeader();
  if (state.result) { renderLegend(); renderForms(); renderActions(); }
}
async function init() {
  wireControls();
  showTab("graph");
  renderActions();
  try {
    await loadSession(true);
  } catch (e) {
    reportError(e, "session");
    state.evaluations++;
    document.body.dataset.evaluations = String(state.evaluations);
    return;
  }
  state.version++;
  evaluate();
}
init();
