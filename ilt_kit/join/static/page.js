// The member's page: shows what the projected screen asks of this member and sends answers.
// Every text from the session is put in with textContent: it is data, never markup.
"use strict";

const match = location.pathname.match(/^\/j\/([A-Za-z0-9_-]+)\/?$/);
const base = match ? `/j/${match[1]}` : null;
let current = null;
let sentIdea = false; // the idea box is emptied only after its idea was accepted
let stream = null;
let choosing = false; // a device waiting to be let in chose to pick another name
const pending = {}; // forecast: item id -> {likelihood, impact} chosen but not yet sent

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "on") node.addEventListener("click", value);
    else if (key === "width") node.style.width = value; // the page's policy allows no inline style attribute
    else if (value === true) node.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let noticeTimer = null;
function notice(text) {
  const box = document.getElementById("notice");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, 5000);
}

function status(text) {
  document.getElementById("status").textContent = text;
}

const RESENDS = 2; // an answer whose reply was lost is sent again, with the same request id

async function post(path, body) {
  let response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(base + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body),
      });
      break;
    } catch (error) {
      if (attempt >= RESENDS || !body.request) {
        notice("Not sent: the connection to the screen is lost. Try again.");
        return null;
      }
      await new Promise((done) => setTimeout(done, 1000)); // the server records a resent answer once
    }
  }
  const data = await response.json().catch(() => ({
    error: response.status === 404 ? DEAD_LINK : "Not sent: the screen did not answer. Try again in a moment.",
  }));
  if (!response.ok) {
    sentIdea = false; // an idea refused stays in its box
    if (response.status === 409 && data.view) render(data.view); // the screen moved on: its current question
    notice(data.error || "Not accepted.");
    if (response.status === 403 || (response.status === 409 && !data.view)) refresh();
    return null;
  }
  document.getElementById("notice").hidden = true;
  render(data);
  return data;
}

async function refresh() {
  const response = await fetch(base + "/state", { credentials: "same-origin" });
  if (response.ok) render(await response.json());
  return response;
}

function requestId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes); // randomUUID needs https; this works on the local network's http
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Every answer names what it answers (the segment, item and round this page was shown) and
// carries a request id: the server refuses it if the screen has moved on, and records it once.
function answer(body) {
  const address = current.address || {};
  const item = body.criterion || body.item || address.item;
  return post("/answer", Object.assign({
    kind: current.task.kind,
    segment: current.segment.id,
    item: item === undefined ? null : item,
    round: current.task.round === undefined ? null : current.task.round,
    request: requestId(),
  }, body));
}

// -- the views ---------------------------------------------------------------------------------

function claimView(view) {
  const names = view.members.map((m) =>
    el("button", {
      class: "choice",
      disabled: !m.free || !view.open,
      on: async () => {
        // the event stream was opened before this device had its cookie: open it again with it
        choosing = false;
        if (await post("/claim", { member: m.name })) connect();
      },
    }, m.name, m.free ? null : el("span", { class: "desc" }, "already joined"))
  );
  return [
    el("p", { class: "kicker" }, view.team || "Your team"),
    el("h1", {}, "Who are you?"),
    el("p", { class: "quiet" }, view.open
      ? "Choose your name. Your answers are hidden from the room until the facilitator reveals them."
      : "Joining is closed. Ask the facilitator to open it."),
    el("div", { class: "choices names" }, ...names),
  ];
}

function waitingView(view) {
  // the facilitator lets each new device in (or the name was released): the label tells them which
  return [
    el("p", { class: "kicker" }, view.team || "Your team"),
    el("h1", {}, `Waiting for the facilitator to let you in as ${view.waiting.name}`),
    el("div", { class: "card screen" },
      el("p", { class: "quiet" }, "Show the facilitator this code:"),
      el("p", { class: "label-code", "aria-label": "your device code" }, view.waiting.device)),
    el("p", { class: "quiet" }, "This page goes on by itself once you are let in."),
    el("p", {}, el("button", { class: "choice", on: () => { choosing = true; render(current); } }, "Wrong name? Choose another")),
  ];
}

function resultView(task) {
  const r = task.result;
  const most = Math.max(1, ...r.counts.map((c) => c.count));
  const label = (value) => (task.levels.find((l) => l.value === value) || { label: String(value) }).label;
  const bars = r.counts.map((c) =>
    el("div", { class: "bar" + (c.value === task.mine ? " me" : "") },
      el("span", { class: "name" }, label(c.value)),
      el("span", { class: "track" }, el("span", { class: "fill", width: `${(100 * c.count) / most}%` })),
      el("span", {}, c.count))
  );
  const lines = [];
  if (r.median !== null) lines.push(`Median ${r.median}`);
  if (r.agreement !== null) lines.push(task.kind === "survey"
    ? `${r.total} answered`
    : `${Math.round(100 * r.agreement)}% within one level of the median`);
  return el("div", { class: "card" },
    el("h2", {}, "Revealed: what the room sees"),
    el("div", { class: "bars" }, ...bars),
    el("p", { class: "quiet" }, lines.join(" · ")),
    task.mine !== null ? el("p", {}, "You chose: ", el("strong", {}, label(task.mine))) : null,
    r.agreed !== null && r.agreed !== undefined ? el("p", { class: "big" }, "Agreed: ", el("strong", {}, label(r.agreed))) : null);
}

function ratedView(task) {
  const c = task.criterion;
  const parts = [
    el("p", { class: "kicker" }, `${task.kind === "survey" ? "Statement" : "Criterion"} ${task.position[0]} of ${task.position[1]}` +
      (task.round > 1 ? ` · round ${task.round}` : "")),
    el("h1", {}, task.kind === "survey" && c.statement ? c.statement : c.title),
  ];
  if (task.kind === "survey" && c.statement && c.title !== c.statement) parts.push(el("p", { class: "quiet" }, c.title));
  if (c.vision) {
    parts.push(el("details", { class: "card" }, el("summary", {}, "The vision"), el("p", { class: "vision" }, c.vision)));
  }
  if (task.revealed) {
    parts.push(resultView(task));
    return parts;
  }
  if (task.mode === "tally") {
    parts.push(el("div", { class: "card screen" }, el("p", { class: "big" }, "A show of hands this time: look at the screen.")));
    return parts;
  }
  // "mine" is only an answer this device sent; one given elsewhere is "answered", never its level
  parts.push(el("p", { class: task.mine === null && task.answered ? "elsewhere" : "quiet" }, task.mine !== null
    ? "Your answer is in. You can change it until the reveal."
    : task.answered
      ? "You have already answered, at the keyboard or on another device; that answer is not shown here. Choosing one replaces it."
      : "Choose one. You can change it until the reveal."));
  parts.push(el("div", { class: "choices" }, ...task.levels.map((level) =>
    el("button", {
      class: "choice",
      "aria-pressed": String(task.mine === level.value),
      "data-level": level.value,
      on: () => answer({ criterion: c.id, level: level.value }),
    }, el("span", { class: "label" }, task.kind === "survey" || level.value === 0 ? level.label : `${level.value} · ${level.label}`),
       level.descriptor ? el("span", { class: "desc" }, level.descriptor) : null)
  )));
  return parts;
}

function scaleRow(item, axis, chosen) {
  return el("div", {},
    el("div", { class: "axis" }, el("span", {}, axis === "likelihood" ? "Likelihood" : "Impact"), el("span", {}, "1 low · 5 high")),
    el("div", { class: "scale" }, ...[1, 2, 3, 4, 5].map((n) =>
      el("button", {
        "aria-pressed": String(chosen === n),
        "aria-label": `${axis} ${n}`,
        on: () => {
          const pick = pending[item.id] = Object.assign({}, item.mine || {}, pending[item.id] || {}, { [axis]: n });
          if (pick.likelihood && pick.impact) {
            answer({ item: item.id, likelihood: pick.likelihood, impact: pick.impact }).then((ok) => { if (ok) delete pending[item.id]; });
          } else render(current);
        },
      }, n))));
}

function forecastView(task) {
  return [
    el("p", { class: "kicker" }, "Forecast"),
    el("h1", {}, current.segment.title),
    el("p", { class: "quiet" }, task.revealed ? "The ratings are revealed: see where each falls."
      : `Rate each ${task.label}: how likely, and how big its impact. Ratings stay hidden until the reveal.`),
    ...task.items.map((item) => {
      const pick = Object.assign({}, item.mine || {}, pending[item.id] || {});
      const where = item.position
        ? el("p", {}, `Likelihood ${item.position.likelihood} · impact ${item.position.impact}: ${item.position.quadrant}`)
        : el("p", { class: "quiet" }, `${item.rated} of ${item.of} rated`);
      if (task.revealed) return el("div", { class: "card" }, el("h2", {}, item.title), where);
      return el("div", { class: "card" },
        el("h2", {}, item.title),
        item.description ? el("p", { class: "quiet" }, item.description) : null,
        scaleRow(item, "likelihood", pick.likelihood), scaleRow(item, "impact", pick.impact), where,
        item.mine ? el("p", { class: "sent" }, "Sent")
          : pick.likelihood || pick.impact ? el("p", { class: "quiet" }, "Choose both to send.")
          : item.answered ? el("p", { class: "elsewhere" }, "Already rated, at the keyboard or on another device (not shown here). Rating it again replaces that.")
          : null);
    }),
  ];
}

function brainstormView(task) {
  const box = el("textarea", { id: "idea", maxlength: "500", "aria-label": "Your idea", placeholder: "One idea at a time" });
  const send = el("button", { class: "primary", on: async () => {
    if (!box.value.trim()) { notice("Write an idea first."); return; }
    sentIdea = true;
    const ok = await answer({ text: box.value });
    if (!ok) sentIdea = false;
  } }, "Send idea");
  return [
    el("p", { class: "kicker" }, "Brainstorm"),
    el("h1", {}, current.segment.title),
    current.segment.prompt ? el("p", { class: "card vision" }, current.segment.prompt) : null,
    box, el("p", {}, send),
    task.mine.length ? el("h2", {}, `Your ideas (${task.mine.length})`) : null,
    task.mine.length ? el("ol", { class: "mine-list" }, ...task.mine.map((t) => el("li", {}, t))) : null,
  ];
}

function prioritizeView(task) {
  if (task.revealed) {
    return [
      el("p", { class: "kicker" }, "Dot vote"),
      el("h1", {}, current.segment.title),
      el("p", { class: "quiet" }, "The dots are revealed: what the room sees."),
      ...task.ranking.map((idea, index) => el("div", { class: "card idea" },
        el("span", {}, el("span", { class: "quiet" }, `${index + 1}. #${idea.id} `), idea.text),
        el("span", { class: "count" }, `${idea.dots} ${idea.dots === 1 ? "dot" : "dots"}`))),
    ];
  }
  return [
    el("p", { class: "kicker" }, "Dot vote"),
    el("h1", {}, current.segment.title),
    el("p", { class: "left" }, `${task.left} of ${task.budget} dots left`),
    el("p", { class: "quiet" }, "Everyone's dots stay hidden until the facilitator reveals them."),
    task.elsewhere ? el("p", { class: "elsewhere" }, `${task.elsewhere} of your dots ${task.elsewhere === 1 ? "was" : "were"} placed at the keyboard or on another device (not shown here; the facilitator can take ${task.elsewhere === 1 ? "it" : "them"} back).`) : null,
    ...task.ideas.map((idea) => el("div", { class: "card idea" },
      el("span", {}, el("span", { class: "quiet" }, `#${idea.id} `), idea.text),
      el("span", { class: "dots" },
        el("button", { "aria-label": `take a dot from idea ${idea.id}`, disabled: !idea.mine, on: () => answer({ idea: idea.id, remove: true }) }, "−"),
        el("span", { class: "count" }, idea.mine),
        el("button", { "aria-label": `a dot on idea ${idea.id}`, disabled: !task.left, on: () => answer({ idea: idea.id }) }, "+")))),
    task.ideas.length ? null : el("p", { class: "quiet" }, "No ideas to vote on yet."),
  ];
}

// A follow-up: the action the screen is on can be marked done, carried over or dropped, and its
// evidence of impact written; the outcomes are the team's, so every phone shows them as they are.
function followUpView(task) {
  const here = task.actions.find((a) => a.id === task.item);
  const parts = [el("p", { class: "kicker" }, "Follow-up"), el("h1", {}, current.segment.title)];
  if (!task.actions.length) {
    parts.push(el("p", { class: "quiet" }, task.earlier
      ? "None of the open actions from this team's earlier sessions was due by today."
      : "This team has no earlier sessions here: nothing to follow up yet."));
  }
  if (here) {
    const day = el("input", { type: "date", id: "carry-date", min: task.today, "data-item": here.id, "aria-label": "New due date" });
    const why = el("input", { type: "text", id: "drop-reason", maxlength: "500", "data-item": here.id, "aria-label": "Why drop it", placeholder: "Why drop it?" });
    const impact = el("textarea", { id: "impact", maxlength: "500", "data-item": here.id, "aria-label": "Evidence of impact", placeholder: "One sentence" });
    impact.value = here.impact;
    day.value = here.carried_to;
    why.value = here.reason;
    parts.push(el("div", { class: "card" },
      el("p", { class: "quiet" }, `Due ${here.due || "—"} · ${here.owner || "no owner"} · from ${here.from}`),
      el("h2", {}, here.what),
      el("p", { class: "left" }, `Now: ${here.outcome}`),
      el("div", { class: "choices" },
        el("button", { class: "choice", "aria-pressed": String(here.status === "done"),
          on: () => answer({ item: here.id, status: here.status === "done" ? "open" : "done" }) }, here.status === "done" ? "Done ✓ (tap: open again)" : "Mark it done"),
        el("div", {}, day, el("button", { class: "choice", "aria-pressed": String(here.status === "carried"), on: () => {
          if (!day.value) { notice("Choose the new due date first."); return; }
          answer({ item: here.id, status: "carried", carried_to: day.value });
        } }, "Carry it over to this date")),
        el("div", {}, why, el("button", { class: "choice", "aria-pressed": String(here.status === "dropped"), on: () => {
          if (!why.value.trim()) { notice("Say why it is dropped first."); return; }
          answer({ item: here.id, status: "dropped", reason: why.value });
        } }, "Drop it"))),
      el("p", {}, task.question || "Evidence of impact, in a sentence"),
      impact,
      el("p", {}, el("button", { class: "primary", on: () => answer({ item: here.id, impact: impact.value }) }, "Send the evidence"))));
  }
  if (task.actions.length) {
    parts.push(el("h2", {}, "Every action followed up"),
      el("ol", { class: "mine-list" }, ...task.actions.map((a) => el("li", {}, `${a.what} — ${a.outcome}`))));
  }
  if (task.goals.length) parts.push(el("h2", {}, "Goals: baseline → latest agreed"), el("ul", {}, ...task.goals.map((g) => el("li", {}, g))));
  return parts;
}

function screenView(view) {
  return [
    el("p", { class: "kicker" }, `Segment ${view.segment.number} of ${view.segment.of}`),
    el("h1", {}, view.segment.title),
    view.segment.prompt ? el("div", { class: "card vision" }, view.segment.prompt) : null,
    el("div", { class: "screen" }, el("div", { class: "icon", "aria-hidden": "true" }, "👀"), el("p", { class: "big" }, "Look at the screen.")),
  ];
}

function render(view) {
  const old = document.getElementById("idea");
  const draft = old && !sentIdea ? old.value : "";
  const focused = old && document.activeElement === old;
  const drafts = keptDrafts(); // a follow-up's date, reason or evidence being written survives a redraw
  sentIdea = false;
  current = view;
  document.getElementById("where").textContent = view.session;
  document.getElementById("who").textContent = view.me || "";
  let parts;
  if (!view.me && view.waiting && !choosing) parts = waitingView(view);
  else if (!view.me) parts = claimView(view);
  else if (view.task.kind === "rubric" || view.task.kind === "survey") parts = ratedView(view.task);
  else if (view.task.kind === "forecast") parts = forecastView(view.task);
  else if (view.task.kind === "brainstorm") parts = brainstormView(view.task);
  else if (view.task.kind === "prioritize") parts = prioritizeView(view.task);
  else if (view.task.kind === "follow-up") parts = followUpView(view.task);
  else if (view.task.kind === "finished") parts = endedView(ENDED);
  else parts = screenView(view);
  const target = document.getElementById("view");
  target.replaceChildren(...parts.filter(Boolean));
  const box = document.getElementById("idea");
  if (box) {
    box.value = draft;
    if (focused) box.focus();
  }
  putBack(drafts);
}

const DRAFTS = ["carry-date", "drop-reason", "impact"];

function keptDrafts() {
  return DRAFTS.map((id) => document.getElementById(id)).filter(Boolean)
    .map((box) => ({ id: box.id, item: box.dataset.item, value: box.value, focused: document.activeElement === box }));
}

function putBack(drafts) {
  for (const draft of drafts) {
    const box = document.getElementById(draft.id);
    if (!box || box.dataset.item !== draft.item) continue; // another action now: its own values
    box.value = draft.value;
    if (draft.focused) box.focus();
  }
}

// -- the link to the screen ------------------------------------------------------------------------
// The browser reconnects the event stream by itself while the screen is away (a crash, a resume);
// when it gives up, this page tries again itself, less and less often. After LOST_AFTER without a
// link it says so plainly and keeps trying; once the session has ended it says that and stops.

const ENDED = "The session has ended. You can close this page.";
const STOPPED = "The facilitator stopped answering on phones. You can close this page.";
const LOST = "Lost the connection to the screen. Ask the facilitator; this page keeps trying.";
const DEAD_LINK = "This join link no longer works. Ask the facilitator for the code on the screen.";
let LOST_AFTER = 8000; // ms without a link before the page says it is lost
let RETRY_MAX = 10000; // ms between two tries, at most
let lostSince = null;
let retryTimer = null;
let retryDelay = 1000;
let ended = null; // why this page stopped trying (a text), or null

function endedView(text) {
  return [el("h1", {}, text === ENDED ? "The session has ended." : text === STOPPED ? "Answering on phones has stopped." : "This link no longer works."),
    el("p", { class: "big" }, text)];
}

function showLink() {
  const banner = document.getElementById("link");
  if (ended) {
    banner.hidden = true;
    status(ended);
    return;
  }
  if (current && current.finished) {
    banner.hidden = true;
    status(ENDED);
  } else if (lostSince === null) {
    banner.hidden = true;
    status("Connected to the screen");
  } else if (Date.now() - lostSince >= LOST_AFTER) {
    banner.textContent = LOST;
    banner.hidden = false;
    status(LOST);
  } else {
    status("Reconnecting to the screen…");
    setTimeout(showLink, LOST_AFTER - (Date.now() - lostSince) + 50);
  }
}

function linked() {
  lostSince = null;
  retryDelay = 1000;
  showLink();
}

function end(text) {
  ended = text;
  if (stream) stream.close();
  clearTimeout(retryTimer);
  document.getElementById("view").replaceChildren(...endedView(text));
  document.getElementById("notice").hidden = true;
  showLink();
}

function lost() {
  if (ended) return;
  if (current && current.finished) { end(ENDED); return; } // the screen closed after the session ended
  if (lostSince === null) lostSince = Date.now();
  showLink();
  if (stream && stream.readyState === EventSource.CLOSED) retry(); // the browser gave up: try again here
}

function retry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    let response = null;
    try {
      response = await fetch(base + "/state", { credentials: "same-origin" });
    } catch (error) {
      response = null; // the screen is away
    }
    if (response && response.ok) {
      render(await response.json());
      connect();
      return;
    }
    if (response && response.status === 404) { end(DEAD_LINK); return; } // a new join: this link is gone for good
    retryDelay = Math.min(RETRY_MAX, retryDelay * 2);
    retry();
  }, retryDelay);
}

function connect() {
  if (stream) stream.close();
  stream = new EventSource(base + "/events");
  stream.onopen = linked;
  stream.onmessage = (event) => { render(JSON.parse(event.data)); linked(); };
  stream.addEventListener("ended", (event) => {
    const reason = JSON.parse(event.data).reason;
    end(reason === "stopped" ? STOPPED : ENDED);
  });
  stream.onerror = lost;
}

function codeForm() {
  document.getElementById("code").hidden = false;
  document.getElementById("view").hidden = true;
  document.getElementById("code-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const typed = document.getElementById("code-input").value;
    const response = await fetch("/code", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: typed }),
    });
    const data = await response.json().catch(() => ({}));
    if (response.ok && data.go) location.assign(data.go);
    else notice(data.error || "That code did not work.");
  });
}

if (base) {
  refresh().then((response) => { if (response.status === 404) end(DEAD_LINK); }).catch(lost);
  connect();
} else {
  codeForm();
}
