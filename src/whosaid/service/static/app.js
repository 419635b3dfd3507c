// whosaid web page. Plain JavaScript, no build step, no network beyond this service's own API.
// Text from articles is only ever put in the page with textContent, never as HTML.
"use strict";

const API = "/api/v1";
const $ = (sel, root = document) => root.querySelector(sel);

// ---------- small helpers ----------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(API + path, options);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const err = body && body.error ? body.error : { message: `HTTP ${response.status}` };
    throw Object.assign(new Error(err.message), { reason: err.reason, status: response.status });
  }
  return body;
}

function setStatus(node, message, isError = false) {
  node.textContent = message;
  node.classList.toggle("error", isError);
}

// Speaker colours: the Okabe–Ito palette (Okabe & Ito 2008), eight colours that stay apart for
// readers with any common colour-vision deficiency. c is the accent, bg a light tint behind text,
// fg the text colour on c (dark on the light ones). The ninth speaker on gets the palette again
// hatched and dashed ("cycle"), so twelve stay distinct; the name is always written beside it.
const OKABE_ITO = [
  { c: "#0072B2", bg: "#d6e9f5", fg: "#fff" }, // blue
  { c: "#E69F00", bg: "#fcefd2", fg: "#1d2330" }, // orange
  { c: "#009E73", bg: "#d2efe6", fg: "#fff" }, // bluish green
  { c: "#CC79A7", bg: "#f6e3ee", fg: "#1d2330" }, // reddish purple
  { c: "#D55E00", bg: "#f8dccb", fg: "#fff" }, // vermillion
  { c: "#56B4E9", bg: "#dcf0fb", fg: "#1d2330" }, // sky blue
  { c: "#F0E442", bg: "#fbf7cf", fg: "#1d2330" }, // yellow
  { c: "#000000", bg: "#e4e4e4", fg: "#fff" }, // black
];
function speakerColour(index) {
  const base = OKABE_ITO[index % OKABE_ITO.length];
  const cycle = Math.floor(index / OKABE_ITO.length) % 2 === 1;
  return { ...base, cycle, ls: cycle ? "dashed" : "solid" };
}
const colourStyle = (colour) => `--c:${colour.c};--bg:${colour.bg};--fg:${colour.fg};--ls:${colour.ls || "solid"}`;

function speakerKey(q) {
  if (q.speaker && q.speaker.name) return q.speaker.name;
  return null; // unresolved: each one is marked on its own
}

function speakerLabel(q) {
  if (q.speaker && q.speaker.name) return q.speaker.name;
  if (q.speaker && q.speaker.unnamed) return `unnamed: ${q.speaker.unnamed}`;
  const m = q.speaker && q.speaker.mention ? q.speaker.mention.text : null;
  return m ? `? ${m}` : "? unknown";
}

function roleOf(analysis, q) {
  const id = q.speaker && q.speaker.entity;
  const ent = id ? (analysis.entities || []).find((e) => e.id === id) : null;
  return ent && ent.roles && ent.roles.length ? ent.roles.map((r) => r.text).join("; ") : null;
}

function quoteFacts(analysis, q) {
  const facts = [];
  facts.push(["Speaker", q.speaker && q.speaker.name ? q.speaker.name : "unresolved"]);
  if (q.speaker && q.speaker.mention && q.speaker.mention.text !== q.speaker.name)
    facts.push(["Written as", q.speaker.mention.text]);
  const role = analysis ? roleOf(analysis, q) : q.role;
  if (role) facts.push(["Role", role]);
  facts.push(["Kind", q.kind]);
  if (q.cue) facts.push(["Cue", typeof q.cue === "string" ? q.cue : q.cue.text]);
  if (q.via && q.via.length)
    facts.push(["Via", q.via.map((p) => (typeof p === "string" ? p : p.name)).join(", ")]);
  if (q.addressee)
    facts.push(["To", typeof q.addressee === "string" ? q.addressee : q.addressee.name]);
  if (q.date) facts.push(["Date", q.date]);
  if (q.speaker && typeof q.speaker.confidence === "number")
    facts.push(["Confidence", q.speaker.confidence.toFixed(2)]);
  return facts;
}

// ---------- the analysed article ----------

// Offsets count Unicode code points (Python str indices); JS strings count UTF-16 units, so
// the text is cut as an array of code points.
function codePoints(text) { return Array.from(text); }

function buildSpeakers(analysis) {
  const speakers = new Map(); // key -> {label, colour, quotes[], unresolved}
  let next = 0;
  analysis.quotes.forEach((q, i) => {
    const key = speakerKey(q) ?? `?${i}`;
    if (!speakers.has(key)) {
      const unresolved = speakerKey(q) === null;
      speakers.set(key, {
        key, label: speakerLabel(q), unresolved, quotes: [],
        colour: unresolved ? { c: "#666", bg: "#f1f1f1" } : speakerColour(next++),
      });
    }
    speakers.get(key).quotes.push(i);
  });
  return speakers;
}

function renderArticle(analysis, target, heading) {
  const cps = codePoints(analysis.text);
  const speakers = buildSpeakers(analysis);
  const keyOf = (i) => speakerKey(analysis.quotes[i]) ?? `?${i}`;

  // Every span that changes how the text looks, as [start, end) in code points.
  const pieces = [];
  analysis.quotes.forEach((q, i) => q.content.forEach((s, j) =>
    pieces.push({ start: s.start, end: s.end, q: i, first: j === 0, last: j === q.content.length - 1 })));
  const cues = analysis.quotes.filter((q) => q.cue).map((q) => q.cue);
  const mentions = analysis.quotes.map((q, i) => ({ i, m: q.speaker && q.speaker.mention })).filter((x) => x.m);
  const removed = analysis.removed || [];
  const blocks = (analysis.paragraphs || []).filter((p) => p.kind !== "paragraph");
  const cuts = new Set([0, cps.length]);
  for (const s of [...pieces, ...cues, ...removed, ...blocks, ...mentions.map((x) => x.m)]) {
    cuts.add(Math.max(0, Math.min(cps.length, s.start)));
    cuts.add(Math.max(0, Math.min(cps.length, s.end)));
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const covering = (list, a, b) => list.find((s) => s.start <= a && s.end >= b);

  const text = el("div", { class: "article-text" });
  let mark = null;
  let markPiece = null;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k], b = bounds[k + 1];
    const chunk = cps.slice(a, b).join("");
    const piece = covering(pieces, a, b);
    let node = document.createTextNode(chunk);
    if (covering(cues, a, b)) node = el("span", { class: "cue" }, node);
    const mention = mentions.find((x) => x.m.start <= a && x.m.end >= b);
    if (mention) {
      const sp = speakers.get(keyOf(mention.i));
      node = el("span", { class: "mention", style: `--c:${sp.colour.c}` }, node);
    }
    const rem = covering(removed, a, b);
    if (rem) node = el("span", { class: "removed", title: `removed: ${rem.reason}` }, node);
    const block = covering(blocks, a, b);
    if (block) node = el("span", { class: block.kind }, node);
    if (piece && piece !== markPiece) {
      const q = analysis.quotes[piece.q];
      const sp = speakers.get(keyOf(piece.q));
      mark = el("mark", {
        class: "q" + (sp.unresolved ? " unresolved" : ""),
        tabindex: "0",
        "data-q": String(piece.q),
        "data-speaker": sp.label,
        "data-first": piece.first ? "1" : null,
        "aria-label": `${q.kind} quote, ${sp.unresolved ? "speaker unresolved" : "said by " + sp.label}`,
        style: colourStyle(sp.colour),
      });
      text.append(mark);
      markPiece = piece;
    } else if (!piece) {
      mark = null;
      markPiece = null;
    }
    (mark || text).append(node);
    if (piece && piece.last && b === piece.end) {
      const sp = speakers.get(keyOf(piece.q));
      text.append(el("span", {
        class: "who" + (sp.unresolved ? " unresolved" : "") + (sp.colour.cycle ? " cycle" : ""),
        "aria-hidden": "true", style: colourStyle(sp.colour), "data-q": String(piece.q),
      }, sp.label));
      mark = null;
      markPiece = null;
    }
  }

  const meta = [analysis.outlet, analysis.published, analysis.byline && analysis.byline.join(", ")]
    .filter(Boolean).join(" · ");
  const article = el("article", { class: "card article", "aria-label": "Article with quotes highlighted" },
    el("header", { class: "article-head" },
      el("h3", {}, heading || analysis.headline || analysis.source || "Article"),
      el("div", { class: "meta" },
        `${analysis.quotes.length} quotes · ${[...speakers.values()].filter((s) => !s.unresolved).length} speakers`
        + (meta ? ` · ${meta}` : ""))),
    text);

  const details = el("section", { class: "card details", "aria-live": "polite", id: "quote-details" },
    el("h3", {}, "Quote"),
    el("p", { class: "muted" }, "Hover, focus or click a highlighted quote to see who said it."));
  const legend = el("ul", { class: "legend" });
  const side = el("div", { class: "side" },
    el("section", { class: "card" }, el("h3", {}, "Speakers"), legend), details);

  const state = { pinned: null, focus: null };
  const showDetails = (i) => {
    const q = analysis.quotes[i];
    const sp = speakers.get(keyOf(i));
    details.classList.add("open"); // on a phone: the sheet at the bottom of the screen
    details.replaceChildren(
      el("button", { type: "button", class: "sheet-close", "aria-label": "Close the quote",
        onclick: () => details.classList.remove("open") }, "×"),
      el("h3", {}, sp.unresolved ? "Quote (speaker unresolved)" : "Quote"),
      el("blockquote", { style: `--c:${sp.colour.c}` }, q.content.map((s) => s.text).join(" … ")),
      el("dl", {}, quoteFacts(analysis, q).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
  };
  const activate = (i, on) => text.querySelectorAll(`mark.q[data-q="${i}"]`)
    .forEach((m) => m.classList.toggle("active", on));

  for (const sp of speakers.values()) {
    const button = el("button", {
      type: "button", "aria-pressed": "false", "data-speaker": sp.label,
      onclick: () => {
        state.focus = state.focus === sp.key ? null : sp.key;
        legend.querySelectorAll("button").forEach((b) =>
          b.setAttribute("aria-pressed", String(b === button && state.focus !== null)));
        text.querySelectorAll("mark.q, .who").forEach((m) => m.classList.toggle("dim",
          state.focus !== null && keyOf(Number(m.dataset.q)) !== state.focus));
        if (state.focus !== null) {
          showDetails(sp.quotes[0]);
          const first = text.querySelector(`mark.q[data-q="${sp.quotes[0]}"]`);
          if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
        }
      },
    },
      el("span", { class: "swatch" + (sp.unresolved ? " unresolved" : "") + (sp.colour.cycle ? " cycle" : ""),
        style: colourStyle(sp.colour) }),
      el("span", {}, sp.label),
      sp.unresolved ? el("span", { class: "badge warn" }, "unresolved") : null,
      el("span", { class: "count", "aria-label": `${sp.quotes.length} quotes` }, String(sp.quotes.length)));
    legend.append(el("li", {}, button));
  }
  if (!speakers.size) legend.append(el("li", { class: "muted" }, "No quotations found."));

  // Hover or focus shows a tooltip and the details; a click (or Enter) pins them.
  const tip = $("#tip");
  const showTip = (m) => {
    const i = Number(m.dataset.q);
    const q = analysis.quotes[i];
    tip.replaceChildren(el("b", {}, speakerLabel(q)),
      ...quoteFacts(analysis, q).slice(1).map(([k, v]) => el("div", {}, el("span", { class: "k" }, k + ": "), v)));
    tip.hidden = false;
    // Above the quote's first line, so the tooltip never covers the line the reader goes on to;
    // below its last line only when there is no room above.
    const lines = m.getClientRects();
    const first = lines.length ? lines[0] : m.getBoundingClientRect();
    const last = lines.length ? lines[lines.length - 1] : first;
    const left = Math.min(window.scrollX + first.left, window.scrollX + document.documentElement.clientWidth - 330);
    tip.style.left = `${Math.max(8, left)}px`;
    const h = tip.offsetHeight;
    tip.style.top = first.top - h - 6 >= 0
      ? `${window.scrollY + first.top - h - 6}px`
      : `${window.scrollY + last.bottom + 6}px`;
    m.setAttribute("aria-describedby", "tip");
  };
  const hideTip = (m) => { tip.hidden = true; m.removeAttribute("aria-describedby"); };
  text.addEventListener("mouseover", (e) => {
    const m = e.target.closest("mark.q"); if (!m) return;
    showTip(m); activate(m.dataset.q, true); if (state.pinned === null) showDetails(Number(m.dataset.q));
  });
  text.addEventListener("mouseout", (e) => {
    const m = e.target.closest("mark.q"); if (!m) return;
    hideTip(m); if (state.pinned !== m.dataset.q) activate(m.dataset.q, false);
  });
  text.addEventListener("focusin", (e) => {
    const m = e.target.closest("mark.q"); if (!m) return;
    showTip(m); activate(m.dataset.q, true); showDetails(Number(m.dataset.q));
  });
  text.addEventListener("focusout", (e) => {
    const m = e.target.closest("mark.q"); if (!m) return;
    hideTip(m); if (state.pinned !== m.dataset.q) activate(m.dataset.q, false);
  });
  const pin = (m) => {
    if (state.pinned !== null) activate(state.pinned, false);
    state.pinned = state.pinned === m.dataset.q ? null : m.dataset.q;
    if (state.pinned !== null) { activate(state.pinned, true); showDetails(Number(state.pinned)); }
  };
  text.addEventListener("click", (e) => { const m = e.target.closest("mark.q"); if (m) pin(m); });
  text.addEventListener("keydown", (e) => {
    const m = e.target.closest("mark.q"); if (!m) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(m); }
    if (e.key === "Escape") { hideTip(m); m.blur(); }
  });

  target.replaceChildren(article, side);
  target.hidden = false;
}

// ---------- article view: paste or upload ----------

function looksLikeHtml(text) {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html") || (head.includes("<body") && head.includes("</"));
}

async function extractArticle(event) {
  event.preventDefault();
  const status = $("#extract-status");
  const raw = $("#article-input").value;
  if (!raw.trim()) { setStatus(status, "Paste an article or upload a file first.", true); return; }
  const body = looksLikeHtml(raw) ? { html: raw } : { text: raw };
  const published = $("#article-published").value;
  if (published) body.published = published;
  const button = $("#extract-button");
  button.disabled = true;
  setStatus(status, "Reading the article…");
  try {
    const analysis = await api("/extract", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    renderArticle(analysis, $("#article-result"));
    setStatus(status, `Found ${analysis.quotes.length} quotations.`);
  } catch (err) {
    setStatus(status, err.message, true);
  } finally {
    button.disabled = false;
  }
}

async function tryExample() {
  const status = $("#extract-status");
  try {
    const response = await fetch("/static/example.txt");
    if (!response.ok) throw new Error(`the example could not be loaded (HTTP ${response.status})`);
    $("#article-input").value = await response.text();
    $("#article-published").value = "2023-09-14";
    await extractArticle({ preventDefault() {} });
    if (!$("#article-result").hidden) $("#article-result").scrollIntoView({ block: "start" });
  } catch (err) {
    setStatus(status, err.message, true);
  }
}

function readUpload(event) {
  const file = event.target.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    $("#article-input").value = reader.result;
    setStatus($("#extract-status"), `Loaded ${file.name} (${file.size.toLocaleString()} bytes).`);
  };
  reader.onerror = () => setStatus($("#extract-status"), `Could not read ${file.name}.`, true);
  reader.readAsText(file);
}

// ---------- corpus view ----------

const search = { offset: 0, limit: 20, total: null, params: null };
const corpusColours = new Map();
function colourFor(name) {
  if (!name) return { c: "#666", bg: "#f1f1f1", fg: "#fff" };
  if (!corpusColours.has(name)) corpusColours.set(name, speakerColour(corpusColours.size));
  return corpusColours.get(name);
}

function searchParams() {
  const form = $("#search-form");
  const params = new URLSearchParams();
  for (const input of form.querySelectorAll("input[name], select[name]"))
    if (input.value.trim()) params.set(input.name, input.value.trim());
  if (search.order) params.set("order", search.order);
  return params;
}

// Every filter in use, shown as a chip that removes it: a filter set by a click elsewhere (a
// speaker) is never hidden inside the closed Filters panel. A filter at its default (act:
// speech, marked data-default) is not one the reader set, so it is no chip.
function activeFilters() {
  return [...$("#search-form").querySelectorAll(".filter-grid input[name], .filter-grid select[name]")]
    .filter((input) => input.value.trim() && input.value !== (input.dataset.default ?? ""))
    .map((input) => ({ input, label: input.closest("label").firstChild.textContent.trim() }));
}

function renderChips() {
  const active = activeFilters();
  $("#active-filters").replaceChildren(...active.map(({ input, label }) =>
    el("span", { class: "chip", "data-filter": input.name },
      el("span", { class: "k" }, `${label}:`), el("span", {}, input.value.trim()),
      el("button", { type: "button", "aria-label": `Remove the filter ${label}: ${input.value.trim()}`,
        onclick: () => { input.value = input.dataset.default ?? ""; if (input.name === "speaker") search.order = null; runSearch(0); } }, "×"))));
  const count = $("#filter-count");
  count.hidden = !active.length;
  count.textContent = `${active.length} active`;
  return active;
}

// A hit whose speaker is not resolved: the description the article gives ("a senior official",
// from the store's unnamed column when it has one), else "unnamed speaker" with the words the
// article used, so a stray mention never reads as a name.
function unnamedLabel(hit) {
  if (hit.unnamed) return `unnamed: ${hit.unnamed}`;
  return "unnamed speaker";
}

function quoteCard(hit) {
  const name = hit.speaker || null;
  const colour = colourFor(name);
  return el("li", { class: "card hit", style: `--c:${colour.c}`, "data-quote": String(hit.quote_id) },
    el("div", { class: "meta" },
      name
        ? el("button", { type: "button", class: "link speaker-name",
          onclick: () => openSpeaker(name) },
          el("span", { class: "swatch" + (colour.cycle ? " cycle" : ""), style: colourStyle(colour) }), " ", name)
        : el("span", { class: "speaker-name unresolved",
          title: hit.speaker_mention ? `written as: ${hit.speaker_mention}` : null }, unnamedLabel(hit)),
      !name && hit.speaker_mention && !hit.unnamed
        ? el("span", { class: "muted" }, `written as “${hit.speaker_mention}”`) : null,
      hit.act && hit.act !== "speech" ? el("span", { class: "badge" }, hit.act) : null,
      hit.cue ? el("span", {}, hit.cue) : null,
      el("span", { class: "badge" }, hit.kind),
      hit.via && hit.via.length ? el("span", {}, `via ${hit.via.join(", ")}`) : null,
      hit.addressee ? el("span", {}, `to ${hit.addressee}`) : null),
    el("blockquote", {}, hit.content),
    el("div", { class: "meta" },
      hit.outlet ? el("span", { class: "outlet" }, hit.outlet) : null,
      hit.published ? el("time", { datetime: hit.published }, hit.published) : null,
      el("span", {}, hit.title || hit.source || `article ${hit.article_id}`)),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => openStoredArticle(hit.article_id) }, "Read the article"),
      el("button", { type: "button", onclick: () => openJourney(hit.quote_id) },
        hit.occurrences > 1 ? `Journey · ${hit.occurrences} articles` : "Journey")));
}

async function runSearch(offset = 0, keepDetail = false) {
  const status = $("#search-status");
  const params = searchParams();
  params.set("limit", String(search.limit));
  params.set("offset", String(offset));
  setStatus(status, "Searching…");
  const active = renderChips();
  const title = $("#results-title");
  const speaker = $("#f-speaker").value.trim();
  title.hidden = !(speaker && search.order === "date");
  title.textContent = `Statements by ${speaker}, oldest first`;
  try {
    const page = await api(`/quotes?${params}`);
    search.offset = page.offset;
    search.total = page.total;
    if (!keepDetail) $("#corpus-detail").replaceChildren();
    $("#search-results").replaceChildren(...page.results.map(quoteCard));
    const shown = page.results.length;
    const total = page.total ?? "?";
    setStatus(status, shown ? `${total} quotations match.` : active.length
      ? `No quotations match with ${active.map((f) => `${f.label}: ${f.input.value.trim()}`).join(", ")}. Remove a filter (×) to search more widely.`
      : "No quotations match.");
    const pager = $("#pager");
    pager.hidden = !(page.offset > 0 || page.next_offset !== null);
    $("#page-info").textContent = shown ? `${page.offset + 1}–${page.offset + shown} of ${total}` : "";
    $("#prev-page").disabled = page.offset === 0;
    $("#next-page").disabled = page.next_offset === null;
    search.next = page.next_offset;
  } catch (err) {
    setStatus(status, err.message, true);
  }
}

async function loadSpeakers() {
  const list = $("#speaker-list");
  try {
    const page = await api("/speakers?limit=200");
    const items = page.results.map((s) => el("li", {},
      el("button", { type: "button", "data-speaker": s.name, onclick: () => openSpeaker(s.name),
        title: s.roles && s.roles.length ? s.roles.join("; ") : null },
        el("span", { class: "swatch" + (colourFor(s.name).cycle ? " cycle" : ""), style: colourStyle(colourFor(s.name)) }),
        el("span", {}, s.name),
        el("span", { class: "count", "aria-label": `${s.quotes} quotes` }, String(s.quotes)))));
    list.replaceChildren(...items);
    if (!items.length) list.replaceChildren(el("li", { class: "muted" }, "No speakers yet."));
  } catch (err) {
    list.replaceChildren(el("li", { class: "muted" }, err.message));
  }
}

function filterSpeakers() {
  const needle = $("#speaker-filter").value.trim().toLowerCase();
  for (const li of $("#speaker-list").children) {
    const b = li.querySelector("button");
    li.hidden = Boolean(b && needle && !b.dataset.speaker.toLowerCase().includes(needle));
  }
}

// A bar per period; dates are ISO strings sorted by the API.
// Drawn at the width it is shown at (one SVG unit a CSS pixel), so its labels keep their size on
// a phone instead of shrinking with the chart; labels are thinned to fit.
function timelineChart(points, name, width) {
  const W = Math.max(280, Math.round(width || 640)), H = 190, padL = 32, padB = 30, padT = 12;
  const max = Math.max(1, ...points.map((p) => p.count));
  const n = Math.max(points.length, 1);
  const bw = (W - padL - 8) / n;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Statements by ${name} over time: ` +
    points.map((p) => `${p.period}: ${p.count}`).join(", "));
  const add = (tag, attrs, textContent) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (textContent !== undefined) node.textContent = textContent;
    svg.append(node);
    return node;
  };
  add("line", { x1: padL, y1: H - padB, x2: W - 4, y2: H - padB, class: "axis" });
  add("text", { x: padL - 6, y: padT + 8, "text-anchor": "end" }, String(max));
  add("text", { x: padL - 6, y: H - padB, "text-anchor": "end" }, "0");
  const fits = Math.max(1, Math.floor((W - padL) / ((points[0] ? points[0].period.length : 7) * 7.5 + 10)));
  const every = Math.ceil(n / fits);
  points.forEach((p, i) => {
    const h = ((H - padB - padT) * p.count) / max;
    const width = Math.max(1, Math.min(48, bw * 0.7));
    const x = padL + i * bw + (bw - width) / 2;
    const bar = add("rect", { x, y: H - padB - h, width, height: h, class: "bar", rx: 2, tabindex: "0" });
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${p.period}: ${p.count} statement${p.count === 1 ? "" : "s"}`;
    bar.append(title);
    if (i % every === 0) add("text", { x: x + width / 2, y: H - padB + 16, "text-anchor": "middle" }, p.period);
  });
  return svg;
}

const PERIODS = ["day", "week", "month", "year"];

async function openSpeaker(name, period = "month") {
  const detail = $("#corpus-detail");
  try {
    const tl = await api(`/speakers/${encodeURIComponent(name)}/timeline?period=${period}&limit=1`);
    const colour = colourFor(name);
    const choice = el("div", { class: "period", role: "group", "aria-label": "Count statements per" },
      PERIODS.map((p) => el("button", { type: "button", "data-period": p, "aria-pressed": String(p === period),
        onclick: () => openSpeaker(name, p) }, p)));
    const card = el("section", { class: "card", "aria-label": `Timeline of ${name}`, id: "timeline",
      "data-period": period },
      el("div", { class: "panel-head" },
        el("h3", {}, el("span", { class: "swatch" + (colour.cycle ? " cycle" : ""), style: colourStyle(colour) }), " ", name),
        el("span", { class: "muted" }, `${tl.total} statements`)),
      choice);
    detail.replaceChildren(card);
    card.append(timelineChart(tl.points, name, card.clientWidth - 36));
    $("#f-speaker").value = name;
    $("#f-words").value = "";
    search.order = "date"; // a person's statements oldest first, as `whosaid timeline` lists them
    await runSearch(0, true);
    detail.scrollIntoView({ block: "start" });
  } catch (err) {
    detail.replaceChildren(el("p", { class: "status error" }, err.message));
  }
}

// Word-level differences between the first wording and a later one.
function wordDiff(ops) {
  return ops.map(([op, text]) => (op === "equal" ? text + " "
    : op === "insert" ? el("ins", {}, text + " ") : el("del", {}, text + " ")));
}

// A variant's changes against the statement's earliest wording ({op, old, new}, as the API
// gives them): each dropped, added or replaced run of words, in reading order.
function changeList(changes) {
  if (!changes.length) return el("p", { class: "changes muted" }, "The earliest wording.");
  return el("ul", { class: "changes", "aria-label": "Words changed" }, changes.map((c) => el("li", {},
    c.op === "delete" ? [el("span", { class: "k" }, "dropped "), el("del", {}, c.old)]
      : c.op === "insert" ? [el("span", { class: "k" }, "added "), el("ins", {}, c.new)]
        : [el("span", { class: "k" }, "replaced "), el("del", {}, c.old), " → ", el("ins", {}, c.new)])));
}

function variantItem(v, k) {
  return el("li", { class: k === 0 ? "first" : "", "data-variant": String(v.quote_id) },
    el("div", { class: "meta" },
      el("strong", {}, k === 0 ? "Earliest wording" : "Reworded"),
      v.published ? el("time", { datetime: v.published }, v.published) : el("span", {}, "undated"),
      v.outlet ? el("span", { class: "outlet" }, v.outlet) : null,
      v.speaker ? el("span", {}, v.speaker) : null),
    el("blockquote", {}, v.content),
    changeList(v.changes),
    el("button", { type: "button", onclick: () => openStoredArticle(v.article_id) }, "Read"));
}

async function openJourney(id) {
  if (location.hash !== "#corpus") location.hash = "#corpus";
  const detail = $("#corpus-detail");
  try {
    const j = await api(`/quotes/${encodeURIComponent(id)}/occurrences`);
    const items = j.occurrences.map((o, k) => el("li", { class: k === 0 ? "first" : "" },
      el("div", { class: "meta" },
        el("strong", {}, k === 0 ? "First seen" : o.same_wording ? "Picked up" : "Picked up, reworded"),
        o.published ? el("time", { datetime: o.published }, o.published) : null,
        o.outlet ? el("span", {}, o.outlet) : null,
        o.speaker ? el("span", {}, `${o.speaker}${o.cue ? " · " + o.cue : ""}`) : null,
        o.via && o.via.length ? el("span", {}, `via ${o.via.join(", ")}`) : null),
      el("blockquote", {}, k === 0 || o.same_wording ? o.content : wordDiff(o.changes)),
      el("button", { type: "button", onclick: () => openStoredArticle(o.article_id) }, "Read")));
    const variants = j.variants || [];
    const outlets = new Set([...j.outlets, ...variants.map((v) => v.outlet).filter(Boolean)]);
    const days = [j.first_seen, ...variants.map((v) => v.published)].filter(Boolean).sort();
    detail.replaceChildren(el("section", { class: "card", id: "journey", "aria-label": "Quote journey" },
      el("div", { class: "panel-head" }, el("h3", {}, "A quote's journey"),
        el("span", { class: "muted" }, `${j.occurrences.length} article${j.occurrences.length === 1 ? "" : "s"} with these words`
          + (variants.length ? ` · ${variants.length} other wording${variants.length === 1 ? "" : "s"}` : "")
          + ` · first seen ${days[0] || "undated"}`
          + (outlets.size ? ` · ${[...outlets].join(", ")}` : ""))),
      el("ol", { class: "journey" }, items),
      variants.length ? [
        el("h4", { class: "variants-title" }, "Other wordings of the statement, oldest first"),
        el("p", { class: "muted" }, "Trimmed, extended or reworded pickups, each with the words changed against the earliest wording."),
        el("ol", { class: "journey variants", id: "variants" }, variants.map(variantItem)),
      ] : null));
    detail.scrollIntoView({ block: "start" });
  } catch (err) {
    detail.replaceChildren(el("p", { class: "status error" }, err.message));
  }
}

// ---------- conflicts: a statement credited to two or more speakers ----------

const conflictPage = { offset: 0, limit: 10, next: null };

function conflictCard(c) {
  const versions = c.versions.map((v) => {
    const colour = colourFor(v.speaker);
    return el("li", { class: "version", style: `--c:${colour.c}`, "data-speaker": v.speaker },
      el("div", { class: "meta" },
        el("span", { class: "speaker-name" },
          el("span", { class: "swatch" + (colour.cycle ? " cycle" : ""), style: colourStyle(colour) }), " ", v.speaker),
        el("span", {}, `${v.articles.length} article${v.articles.length === 1 ? "" : "s"}`)),
      el("ul", { class: "evidence" }, v.articles.map((a) => el("li", {},
        el("div", { class: "meta" },
          a.outlet ? el("span", { class: "outlet" }, a.outlet) : null,
          a.published ? el("time", { datetime: a.published }, a.published) : el("span", {}, "undated"),
          el("button", { type: "button", onclick: () => openStoredArticle(a.id) }, "Read"),
          el("button", { type: "button", onclick: () => openJourney(a.quote_id) }, "Journey")),
        el("blockquote", {}, a.content)))));
  });
  return el("li", { class: "card conflict", "data-variant": String(c.variant_id) },
    el("div", { class: "meta" },
      el("span", { class: "badge warn" }, `${c.versions.length} speakers`),
      el("span", {}, `${c.articles} article${c.articles === 1 ? "" : "s"}`)),
    el("blockquote", { class: "statement" }, c.statement),
    el("ol", { class: "versions", "aria-label": "Credited to" }, versions));
}

async function loadConflicts(offset = 0) {
  const status = $("#conflicts-status");
  setStatus(status, "Looking for statements credited to several speakers…");
  try {
    const page = await api(`/conflicts?limit=${conflictPage.limit}&offset=${offset}`);
    conflictPage.offset = page.offset;
    conflictPage.next = page.next_offset;
    $("#conflicts-list").replaceChildren(...page.conflicts.map(conflictCard));
    const shown = page.conflicts.length;
    setStatus(status, shown ? "" : offset ? "No more conflicts." : "No statement is credited to two different speakers.");
    $("#conflicts-count").textContent = shown ? `${page.offset + 1}–${page.offset + shown}` : "";
    $("#conflicts-pager").hidden = !(page.offset > 0 || page.next_offset !== null);
    $("#conflicts-page").textContent = shown ? `${page.offset + 1}–${page.offset + shown}` : "";
    $("#conflicts-prev").disabled = page.offset === 0;
    $("#conflicts-next").disabled = page.next_offset === null;
  } catch (err) {
    setStatus(status, err.message, true);
  }
}

// ---------- relay graph: speaker -> relaying outlets -> publisher, drawn here as SVG ----------

const MAX_DRAWN_EDGES = 40; // the widest edges; every edge is in the table below the drawing
const MAX_LISTED_EDGES = 300;

// Each node's column: speakers first, then every outlet one column past the furthest node that
// points to it (the longest path), so a relaying outlet sits between speaker and publisher.
function layers(nodes, links) {
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < 6; pass++) { // a relay chain is short; this also ends any cycle
    let moved = false;
    for (const l of links) {
      const want = Math.min(5, layer.get(l.source) + 1);
      if (want > layer.get(l.target)) { layer.set(l.target, want); moved = true; }
    }
    if (!moved) break;
  }
  return layer;
}

function relayChart(graph, width) {
  const links = graph.links.slice(0, MAX_DRAWN_EDGES);
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const nodes = graph.nodes.filter((n) => used.has(n.id));
  const layer = layers(nodes, links);
  const columns = Math.max(...layer.values(), 1) + 1;
  const weight = new Map(nodes.map((n) => [n.id, 0]));
  for (const l of links) { weight.set(l.source, weight.get(l.source) + l.quotes); weight.set(l.target, weight.get(l.target) + l.quotes); }
  const byColumn = Array.from({ length: columns }, () => []);
  for (const n of nodes) byColumn[layer.get(n.id)].push(n);
  for (const col of byColumn) col.sort((a, b) => weight.get(b.id) - weight.get(a.id) || a.name.localeCompare(b.name));
  const W = Math.max(360, Math.round(width || 900)), row = 24, padT = 28, labelRoom = 150;
  const H = padT + Math.max(...byColumn.map((c) => c.length), 1) * row + 8;
  const colX = (k) => 12 + (columns === 1 ? 0 : (k * (W - 24 - labelRoom)) / (columns - 1));
  const pos = new Map();
  byColumn.forEach((col, k) => col.forEach((n, i) => pos.set(n.id, { x: colX(k), y: padT + i * row + row / 2 })));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const add = (parent, tag, attrs, textContent) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (textContent !== undefined) node.textContent = textContent;
    parent.append(node);
    return node;
  };
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "relay-graph");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Relay graph: ${nodes.length} speakers and outlets, the ${links.length} edges with the most quotes`);
  ["Speakers", ...Array.from({ length: columns - 1 }, (_, k) => (k === columns - 2 ? "Published by" : "Relayed by"))]
    .forEach((label, k) => add(svg, "text", { x: colX(k), y: 14, class: "col-label" }, label));
  const max = Math.max(1, ...links.map((l) => l.quotes));
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  for (const l of links) {
    const a = pos.get(l.source), b = pos.get(l.target);
    const mid = (a.x + b.x) / 2;
    const path = add(svg, "path", {
      d: `M${a.x},${a.y} C${mid},${a.y} ${mid},${b.y} ${b.x},${b.y}`,
      class: "edge", "stroke-width": (1 + 7 * Math.sqrt(l.quotes / max)).toFixed(1),
      "data-source": l.source, "data-target": l.target,
    });
    add(path, "title", {}, `${names.get(l.source)} → ${names.get(l.target)}: ${l.quotes} quote${l.quotes === 1 ? "" : "s"}, ${l.articles} article${l.articles === 1 ? "" : "s"}`);
  }
  for (const n of nodes) {
    const p = pos.get(n.id);
    const g = add(svg, "g", { class: `node ${n.kind}`, tabindex: "0", "data-id": n.id, role: "button",
      "aria-label": `${n.kind} ${n.name}: show only its edges` });
    add(g, "circle", { cx: p.x, cy: p.y, r: 6 });
    add(g, "text", { x: p.x + 10, y: p.y + 4 }, n.name.length > 28 ? n.name.slice(0, 27) + "…" : n.name);
    add(g, "title", {}, `${n.name} (${n.kind})`);
    const focus = () => {
      $(n.kind === "speaker" ? "#r-speaker" : "#r-outlet").value = n.name;
      loadRelays();
    };
    g.addEventListener("click", focus);
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focus(); } });
  }
  return svg;
}

async function loadRelays(event) {
  if (event) event.preventDefault();
  const status = $("#relays-status");
  const params = new URLSearchParams();
  for (const name of ["speaker", "outlet"]) {
    const v = $(`#r-${name}`).value.trim();
    if (v) params.set(name, v);
  }
  setStatus(status, "Drawing the relay graph…");
  try {
    const graph = await api(`/relays?${params}`);
    const box = $("#relays-graph");
    const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
    $("#relays-count").textContent = `${graph.nodes.length} nodes · ${graph.links.length} edges`;
    const body = $("#relays-edges tbody");
    body.replaceChildren(...graph.links.slice(0, MAX_LISTED_EDGES).map((l) => el("tr", {},
      el("td", {}, names.get(l.source)), el("td", {}, names.get(l.target)),
      el("td", { class: "num" }, String(l.quotes)), el("td", { class: "num" }, String(l.articles)))));
    $("#relays-edges-card").hidden = !graph.links.length;
    if (!graph.links.length) {
      box.hidden = true;
      setStatus(status, params.toString()
        ? "No relayed or attributed quote matches; clear the speaker or outlet."
        : "No quote with a speaker or a relaying outlet is stored yet.");
      return;
    }
    box.hidden = false;
    box.replaceChildren();
    box.append(relayChart(graph, box.clientWidth - 24));
    const more = graph.links.length - Math.min(graph.links.length, MAX_DRAWN_EDGES);
    setStatus(status, more > 0
      ? `The ${MAX_DRAWN_EDGES} edges with the most quotes are drawn (${more} more in the table${graph.links.length > MAX_LISTED_EDGES ? `, its first ${MAX_LISTED_EDGES} rows` : ""}). Click a node to keep only its edges.`
      : "Click a node to keep only its edges.");
  } catch (err) {
    setStatus(status, err.message, true);
  }
}

async function openStoredArticle(id) {
  if (id === undefined || id === null) return;
  try {
    const stored = await api(`/articles/${encodeURIComponent(id)}`);
    location.hash = "#article";
    renderArticle(stored.analysis, $("#article-result"), stored.title || stored.source);
    setStatus($("#extract-status"), `Article ${id} from the corpus.`);
    $("#article-result").scrollIntoView({ block: "start" });
  } catch (err) {
    setStatus($("#search-status"), err.message, true);
  }
}

// ---------- views ----------

const VIEWS = ["article", "corpus", "conflicts", "relays"];
const loaded = new Set();

function showView() {
  const asked = location.hash.slice(1);
  const view = VIEWS.includes(asked) ? asked : "article";
  for (const name of VIEWS) {
    $(`#view-${name}`).hidden = name !== view;
    const tab = $(`#tab-${name}`);
    if (name === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
  if (view === "corpus" && !$("#speaker-list").children.length) loadSpeakers();
  if (!loaded.has(view)) { // once per page load: the answers are the store's as it is now
    if (view === "conflicts") loadConflicts(0);
    if (view === "relays") loadRelays();
    if (view === "conflicts" || view === "relays") loaded.add(view);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#extract-form").addEventListener("submit", extractArticle);
  $("#article-file").addEventListener("change", readUpload);
  $("#search-form").addEventListener("submit", (e) => { e.preventDefault(); search.order = null; runSearch(0); });
  $("#try-example").addEventListener("click", tryExample);
  $("#prev-page").addEventListener("click", () => runSearch(Math.max(0, search.offset - search.limit), true));
  $("#next-page").addEventListener("click", () => { if (search.next !== null) runSearch(search.next, true); });
  $("#speaker-filter").addEventListener("input", filterSpeakers);
  $("#conflicts-prev").addEventListener("click", () => loadConflicts(Math.max(0, conflictPage.offset - conflictPage.limit)));
  $("#conflicts-next").addEventListener("click", () => { if (conflictPage.next !== null) loadConflicts(conflictPage.next); });
  $("#relays-form").addEventListener("submit", loadRelays);
  window.addEventListener("hashchange", showView);
  showView();
});
