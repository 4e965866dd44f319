// The playground: loads the package, converts what the user types, renders what escalon answers.
// It computes nothing itself: priorities, clocks, owners, instants and sentences all come from
// the package. Nothing from a policy or ticket is inserted as HTML: text goes in as text.
import { Calendar, Policy, validatePolicy, EscalonError } from "./pkg/index.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

/** An element with attributes and children; strings become text nodes, never HTML. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}
const hms = (s) => (s === null || s === undefined ? "–" : `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`);
const ms = (iso) => Date.parse(iso);
const debounce = (f, wait) => {
  let t;
  return (...a) => {
    clearTimeout(t);
    t = setTimeout(() => f(...a), wait);
  };
};

const state = { policy: null, policyDoc: null, tickets: [], whatIf: null };

// ---- JSON Pointer -> position in the text (editor navigation, not a rule) ----
function locate(text, pointer) {
  const keys = pointer === "" ? [] : pointer.slice(1).split("/").map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const str = () => { const s = i; i++; while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1; i++; return JSON.parse(text.slice(s, i)); };
  const skip = () => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      while (i < text.length && text[i] !== close) { if (c === "{") { str(); ws(); i++; } skip(); ws(); if (text[i] === ",") i++; ws(); }
      i++;
      return;
    }
    while (i < text.length && !/[,\]}\s]/.test(text[i])) i++;
  };
  let found = 0;
  for (const key of keys) {
    ws();
    const c = text[i];
    if (c !== "{" && c !== "[") return found;
    i++;
    let index = 0;
    let hit = false;
    for (;;) {
      ws();
      if (text[i] === "}" || text[i] === "]" || i >= text.length) return found;
      let name = String(index);
      const at = i;
      if (c === "{") { name = str(); ws(); i++; ws(); }
      if (name === key) { found = at; hit = true; break; }
      skip();
      ws();
      if (text[i] === ",") i++;
      index++;
    }
    if (!hit) return found;
  }
  return found;
}
function selectPointer(textarea, pointer) {
  const start = locate(textarea.value, pointer);
  const end = textarea.value.indexOf("\n", start);
  textarea.focus();
  textarea.setSelectionRange(start, end === -1 ? textarea.value.length : end);
  const line = textarea.value.slice(0, start).split("\n").length;
  textarea.scrollTop = Math.max(0, (line - 5) * 16);
}

// ---- Policy ----
function validate() {
  const text = $("policy").value;
  const list = $("diagnostics");
  list.replaceChildren();
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    try { new Policy(text); } catch (err) {
      if (err instanceof EscalonError) list.append(el("li", {}, el("span", { class: "code" }, err.code), " line ", String(err.line), ": ", err.message));
    }
    state.policy = null;
    return;
  }
  const v = validatePolicy(doc);
  for (const d of v.diagnostics) {
    list.append(el("li", { class: d.severity, "data-path": d.path, onclick: () => selectPointer($("policy"), d.path) },
      el("span", { class: "code" }, d.code), " ", d.path || "/", ": ", d.message));
  }
  if (v.valid) {
    if (!v.diagnostics.length) list.append(el("li", { class: "ok" }, "valid, no warnings"));
    state.policy?.free();
    state.policy = new Policy(doc);
    state.policyDoc = doc;
    fillCalendars();
  } else {
    state.policy = null;
  }
  saveHash();
  render();
}

// ---- Ticket and evaluation ----
function currentTicket() {
  try { return JSON.parse($("ticket").value); } catch { return null; }
}
function nowInstant(ticket) {
  return new Date(ms(ticket.createdAt) + Number($("now").value) * 60000).toISOString();
}
function traceList(steps) {
  return el("ul", { class: "trace" }, steps.map((s) => el("li", {}, s.text)));
}
function render() {
  const out = $("evaluation");
  out.replaceChildren();
  const ticket = currentTicket();
  if (!state.policy || !ticket) {
    out.append(el("p", {}, state.policy ? "The ticket is not valid JSON." : "Fix the policy to evaluate."));
    return;
  }
  const now = nowInstant(ticket);
  $("now-label").textContent = now;
  let e;
  try {
    e = state.policy.evaluate(ticket, now);
  } catch (err) {
    out.append(el("p", {}, `${err.code ?? "error"} ${err.path ?? ""}: ${err.message}`));
    return;
  }
  out.append(el("h3", {}, "Priority ", el("strong", { id: "priority-value" }, e.priority.value), ` (${e.priority.source})`), traceList(e.priority.trace));
  out.append(el("p", {}, "SLA policy: ", el("strong", { id: "sla-name" }, e.sla ? e.sla.name : "none")));
  const rows = Object.entries(e.metrics).map(([name, m]) =>
    el("tr", { "data-metric": name },
      el("td", {}, name), el("td", { class: `state state-${m.state}` }, m.state), el("td", {}, hms(m.elapsed)), el("td", {}, hms(m.remaining)),
      el("td", {}, m.dueAt ?? "–"), el("td", {}, m.warnings.map((w) => `${w.threshold} ${w.at ?? "–"}`).join(", "))));
  out.append(el("table", {}, el("tr", {}, ["clock", "state", "elapsed", "remaining", "due", "warnings"].map((h) => el("th", {}, h))), rows));
  for (const [name, m] of Object.entries(e.metrics)) {
    out.append(el("details", {}, el("summary", {}, `why: ${name}`), traceList(m.trace)));
  }
  if (e.escalation) {
    const x = e.escalation;
    const owner = (o) => Object.entries(o).filter(([k]) => k !== "person").map(([k, v]) => `${k} ${v}`).join("") + (o.person !== undefined ? ` (on call: ${o.person ?? "nobody"})` : "");
    out.append(el("h3", {}, "Owner"), el("p", { id: "owner" }, `Level ${x.level.index} ${x.level.name} (${x.level.kind}): ${owner(x.owner)} since ${x.since}`));
    out.append(el("p", { id: "next" }, x.next ? `Next: level ${x.next.level.index} ${x.next.level.name} at ${x.next.at}, ${owner(x.next.owner)}, because ${x.next.reason}` : "No further escalation."));
    if (x.actions.length) out.append(el("p", {}, "Actions due: ", x.actions.map((a) => `${a.type}${a.priority ? " " + a.priority : ""} (level ${a.level}, ${a.at})`).join("; ")));
    out.append(traceList(x.trace));
  }
  if (e.trace.length) out.append(el("h3", {}, "History"), traceList(e.trace));
  drawTimeline(ticket, e, now);
  drawCalendar(now);
}

// ---- Timeline chart ----
function drawTimeline(ticket, e, now) {
  const box = $("timeline");
  box.replaceChildren();
  const from = ms(ticket.createdAt);
  const until = from + Number($("now").max) * 60000;
  const width = 1200;
  const metrics = Object.entries(e.metrics);
  const height = 60 + metrics.length * 26 + 60;
  const x = (t) => 130 + ((t - from) / (until - from)) * (width - 140);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "timeline" });
  const calName = e.sla ? state.policyDoc.slas[e.sla.index].calendar : null;
  if (calName) {
    const cal = new Calendar(calName === "24x7" ? "24x7" : state.policyDoc.calendars[calName]);
    for (const [s, t] of cal.periods(new Date(from).toISOString(), new Date(until).toISOString())) {
      root.append(svg("rect", { x: x(ms(s)), y: 20, width: Math.max(1, x(ms(t)) - x(ms(s))), height: height - 40, fill: "#eaf3ea" }));
    }
    cal.free();
  }
  for (let d = 0; d <= (until - from) / 86400000; d++) {
    const t = from + d * 86400000;
    root.append(svg("text", { x: x(t) + 2, y: 14 }, new Date(t).toISOString().slice(5, 16).replace("T", " ")));
  }
  metrics.forEach(([name, m], i) => {
    const y = 34 + i * 26;
    root.append(svg("text", { x: 4, y: y + 12 }, name));
    for (const cycle of [m]) {
      for (const s of cycle.trace.filter((s) => s.code === "counted")) {
        root.append(svg("rect", { x: x(ms(s.from)), y, width: Math.max(1, x(ms(s.to)) - x(ms(s.from))), height: 16, fill: "#7aa7e0" }));
      }
    }
    for (const w of m.warnings) if (w.at) root.append(svg("text", { x: x(ms(w.at)) - 4, y: y + 13, fill: "#d90" }, "◆"));
    if (m.dueAt) root.append(svg("text", { x: x(ms(m.dueAt)) - 4, y: y + 13 }, "▲"));
    if (m.breachedAt) root.append(svg("text", { x: x(ms(m.breachedAt)) - 4, y: y + 13, fill: "#c22" }, "✕"));
  });
  if (e.escalation && state.policy) {
    // What has happened comes from the evaluation; what will happen, from now on, assuming
    // nothing else happens to the ticket, from the timeline.
    const tl = ms(now) < until ? state.policy.timeline(ticket, now, new Date(until).toISOString()) : { events: [] };
    const y = 34 + metrics.length * 26 + 10;
    root.append(svg("text", { x: 4, y: y + 12 }, "escalation"));
    const steps = [...e.escalation.trace.map((s) => ({ at: s.at, text: s.level })), ...tl.events.filter((v) => v.type === "escalation" || v.type === "handoff").map((v) => ({ at: v.at, text: v.type === "handoff" ? `↻ ${v.person ?? "nobody"}` : `${v.level.name}${v.owner.person ? " (" + v.owner.person + ")" : ""}` }))];
    steps.forEach((s, k) => {
      root.append(svg("line", { x1: x(ms(s.at)), x2: x(ms(s.at)), y1: y - 4, y2: y + 16, stroke: "#734" }));
      root.append(svg("text", { x: x(ms(s.at)) + 3, y: y + 12 + (k % 2) * 14 }, s.text));
    });
  }
  root.append(svg("line", { x1: x(ms(now)), x2: x(ms(now)), y1: 18, y2: height - 4, stroke: "#c22", "stroke-width": 2 }));
  box.append(root);
}

// ---- Calendar week ----
function fillCalendars() {
  const pick = $("calendar-pick");
  const names = ["24x7", ...Object.keys(state.policyDoc.calendars ?? {})];
  const keep = pick.value;
  pick.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  pick.value = names.includes(keep) ? keep : names[1] ?? names[0];
}
function drawCalendar(now) {
  const box = $("calendar-view");
  box.replaceChildren();
  const name = $("calendar-pick").value;
  if (!name || !state.policyDoc) return;
  const doc = name === "24x7" ? "24x7" : state.policyDoc.calendars[name];
  const cal = new Calendar(doc);
  const zone = cal.timeZone;
  const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const from = new Date(ms(now) - 3 * 86400000).toISOString();
  const until = new Date(ms(now) + 4 * 86400000).toISOString();
  const periods = cal.periods(from, until);
  for (const [label, tz] of [[`in ${zone}`, zone], [`in your zone (${viewer})`, viewer]]) {
    const fmt = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const part = (t) => Object.fromEntries(fmt.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    const days = [];
    for (let d = 0; d < 7; d++) {
      const p = part(ms(from) + d * 86400000 + 43200000);
      days.push(`${p.year}-${p.month}-${p.day}`);
    }
    const root = svg("svg", { viewBox: "0 0 560 270", role: "img", "aria-label": `week ${label}` });
    days.forEach((day, i) => {
      const business = typeof doc === "string" || cal.isBusinessDay(day);
      const marks = [];
      if (typeof doc === "object") {
        if ((doc.holidays ?? []).some((h) => h === day || h === "--" + day.slice(5) || (h.from && h.from <= day && day <= h.to))) marks.push("holiday");
        if (doc.breaks?.[day]) marks.push("break");
        if (doc.overrides?.[day]) marks.push("override");
      }
      root.append(svg("rect", { x: 40 + i * 74, y: 30, width: 70, height: 240, fill: business ? "#f7f9fb" : "#eee" }));
      root.append(svg("text", { x: 42 + i * 74, y: 12 }, day.slice(5)));
      root.append(svg("text", { x: 42 + i * 74, y: 25 }, marks.join(" ")));
    });
    for (let h = 0; h <= 24; h += 6) root.append(svg("text", { x: 4, y: 34 + h * 10 }, `${String(h).padStart(2, "0")}:00`));
    for (const [s, t] of periods) {
      // Split each period at the viewer's local midnights by sampling its start and end parts.
      let a = ms(s);
      const b = ms(t);
      while (a < b) {
        const p = part(a);
        const day = days.indexOf(`${p.year}-${p.month}-${p.day}`);
        const minutes = Number(p.hour) * 60 + Number(p.minute);
        const span = Math.min(b - a, (1440 - minutes) * 60000);
        if (day >= 0) root.append(svg("rect", { x: 40 + day * 74, y: 30 + minutes / 6, width: 70, height: Math.max(1, span / 360000), fill: "#7fbf7f" }));
        a += Math.max(span, 60000);
      }
    }
    box.append(el("h3", {}, label), root);
  }
  cal.free();
}

// ---- What if ----
function generate(n) {
  // Deterministic sample tickets (a seeded PRNG): test data for the comparison.
  let seed = 2026;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const start = Date.UTC(2026, 2, 2, 8);
  return Array.from({ length: n }, (_, i) => {
    const created = start + Math.floor(rnd() * 60 * 86400) * 1000;
    const events = [];
    let t = created;
    for (let k = Math.floor(rnd() * 6); k > 0; k--) {
      t += Math.floor(rnd() * 20 * 3600) * 1000;
      events.push({ at: new Date(t).toISOString(), ...pick([{ type: "reply", by: "agent", public: true }, { type: "reply", by: "customer" }, { type: "status", status: "pending" }, { type: "status", status: "open" }, { type: "status", status: "solved" }]) });
    }
    return { id: `G-${i}`, createdAt: new Date(created).toISOString(), status: "open",
      fields: { tier: pick(["gold", "silver", "free"]), impact: pick(["high", "medium", "low"]), urgency: pick(["high", "medium", "low"]), channel: pick(["email", "twitter", "phone"]), category: pick(["billing", "technical", "question"]) },
      events };
  });
}
function parseTickets(text, name) {
  if (name.endsWith(".csv")) {
    const [head, ...lines] = text.trim().split(/\r?\n/);
    const cols = head.split(",").map((c) => c.trim());
    return lines.map((l) => {
      const v = Object.fromEntries(l.split(",").map((x, i) => [cols[i], x.trim()]));
      const { id, createdAt, ...fields } = v;
      return { id, createdAt, status: "open", fields };
    });
  }
  return JSON.parse(text);
}
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = ({ data }) => {
  const out = $("whatif");
  out.replaceChildren();
  if (data.error) {
    $("whatif-status").textContent = `${data.which}: ${data.error}`;
    return;
  }
  $("whatif-status").textContent = `${data.count} tickets, both policies in ${data.ms.toFixed(0)} ms`;
  const [a, b] = data.summaries;
  const rate = (s, m) => (s.breaches[m]?.all ? `${(s.breaches[m].all.rate * 100).toFixed(1)}% (${s.breaches[m].all.breached})` : "–");
  const metrics = [...new Set([...Object.keys(a.breaches), ...Object.keys(b.breaches)])];
  const row = (label, va, vb) => el("tr", {}, el("td", {}, label), el("td", {}, String(va)), el("td", { class: va === vb ? "" : "diff" }, String(vb)));
  const table = el("table", { class: "compare", id: "compare-table" }, el("tr", {}, el("th", {}, ""), el("th", {}, "policy A"), el("th", {}, "policy B")),
    metrics.map((m) => row(`breach rate: ${m}`, rate(a, m), rate(b, m))),
    a.escalations.map((l, i) => row(`reached level ${l.index} ${l.name}`, l.reached, b.escalations[i]?.reached ?? "–")),
    row("over-escalated", a.overEscalated, b.overEscalated), row("under-escalated", a.underEscalated, b.underEscalated),
    row("resolved at level 0", a.resolvedAtLevel0, b.resolvedAtLevel0), row("resolved escalated", a.resolvedEscalated, b.resolvedEscalated),
    row("median first response", hms(a.firstResponse.median), hms(b.firstResponse.median)), row("p90 resolution", hms(a.resolution.p90), hms(b.resolution.p90)));
  const byId = new Map(b.outcomes.map((o) => [o.ticket, o]));
  const changed = a.outcomes.filter((o) => JSON.stringify(o) !== JSON.stringify(byId.get(o.ticket)));
  out.append(table, el("h3", {}, `${changed.length} tickets whose outcome changes`),
    el("ul", { id: "changed" }, changed.slice(0, 200).map((o) => {
      const ob = byId.get(o.ticket);
      return el("li", {}, `${o.ticket}: ${o.priority}/${o.sla ?? "–"}/L${o.level}/${o.breached.join("+") || "no breach"} → ${ob ? `${ob.priority}/${ob.sla ?? "–"}/L${ob.level}/${ob.breached.join("+") || "no breach"}` : "–"}`);
    })));
};
function compare() {
  if (!state.whatIf) state.whatIf = generate(1000);
  $("whatif-status").textContent = `comparing ${state.whatIf.length} tickets…`;
  worker.postMessage({ a: $("policy").value, b: $("policy-b").value, tickets: JSON.stringify(state.whatIf), now: "2026-06-01T00:00:00Z" });
}

// ---- State in the URL ----
const saveHash = debounce(() => {
  const data = JSON.stringify({ policy: $("policy").value, ticket: $("ticket").value, now: $("now").value });
  const bytes = new TextEncoder().encode(data);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  history.replaceState(null, "", "#" + btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""));
}, 400);
function readHash() {
  if (location.hash.length < 2) return null;
  try {
    const bin = atob(location.hash.slice(1).replaceAll("-", "+").replaceAll("_", "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch { return null; }
}

// ---- Start ----
async function start() {
  const [policyText, tickets] = await Promise.all([fetch("sample-policy.json").then((r) => r.text()), fetch("sample-tickets.json").then((r) => r.json())]);
  state.tickets = tickets;
  const saved = readHash();
  $("sample").replaceChildren(...tickets.map((t, i) => el("option", { value: String(i) }, t.id)));
  $("policy").value = saved?.policy ?? policyText;
  $("ticket").value = saved?.ticket ?? JSON.stringify(tickets[0], null, 2);
  if (saved?.now) $("now").value = saved.now;
  const b = JSON.parse(policyText);
  for (const s of b.slas) for (const row of Object.values(s.targets)) if (row.resolution) row.resolution = row.resolution.replace(/^(\d+)h$/, (_, h) => `${h * 2}h`);
  $("policy-b").value = JSON.stringify(b, null, 2);
  $("policy").addEventListener("input", debounce(validate, 250));
  $("ticket").addEventListener("input", debounce(() => { saveHash(); render(); }, 250));
  $("now").addEventListener("input", () => { saveHash(); render(); });
  $("sample").addEventListener("change", () => { $("ticket").value = JSON.stringify(state.tickets[Number($("sample").value)], null, 2); render(); saveHash(); });
  $("calendar-pick").addEventListener("change", render);
  for (const b of document.querySelectorAll("#event-buttons button")) {
    b.addEventListener("click", () => {
      const t = currentTicket();
      if (!t) return;
      const at = nowInstant(t);
      t.events = [...(t.events ?? []).filter((e) => ms(e.at) <= ms(at)), { at, ...JSON.parse(b.dataset.event) }, ...(t.events ?? []).filter((e) => ms(e.at) > ms(at))];
      $("ticket").value = JSON.stringify(t, null, 2);
      render();
      saveHash();
    });
  }
  $("policy-file").addEventListener("change", async (ev) => { const f = ev.target.files[0]; if (f) { $("policy").value = await f.text(); validate(); } });
  $("policy-save").addEventListener("click", () => {
    const a = el("a", { href: URL.createObjectURL(new Blob([$("policy").value], { type: "application/json" })), download: "policy.json" });
    a.click();
  });
  $("policy-reset").addEventListener("click", () => { $("policy").value = policyText; validate(); });
  $("share").addEventListener("click", () => navigator.clipboard?.writeText(location.href));
  $("tickets-file").addEventListener("change", async (ev) => { const f = ev.target.files[0]; if (f) { state.whatIf = parseTickets(await f.text(), f.name); compare(); } });
  $("generate").addEventListener("click", () => { state.whatIf = generate(Number($("generate-count").value)); compare(); });
  $("compare").addEventListener("click", compare);
  validate();
  $("status").textContent = "Ready.";
  document.body.dataset.ready = "true";
}
start().catch((e) => { $("status").textContent = `Failed to start: ${e.message}`; });
