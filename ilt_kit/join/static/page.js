// The member's page: shows what the projected screen asks of this member and sends answers.
// Every text from the session is put in with textContent: it is data, never markup.
//
// This file is what every segment kind shares: the link to the screen, sending answers, the status
// line, claiming a name. What a kind's task looks like is its own file, static/kinds/<phone>.js
// (named after the kind's phone part in join/phones/), loaded after this one; it adds its view to
// ILT.kinds under that name: ILT.kinds.<phone> = (task, view) => the page's parts. A view may use
// el, answer and notice from here, ILT.redraw() to draw the page again, ILT.sent = "<id>" before
// sending the text of a box marked "data-draft" (emptied once accepted), and keeps its own state.
// A kind with no file of its own (its phone says to look at the screen) gets screenView.
"use strict";

const ILT = {
  kinds: {}, // the phone part's name -> its view (task, view) => parts: see static/kinds/
  sent: null, // the id of a draft box whose text was just sent: emptied once it is accepted
  redraw() { render(current); },
};

const match = location.pathname.match(/^\/j\/([A-Za-z0-9_-]+)\/?$/);
const base = match ? `/j/${match[1]}` : null;
let current = null;
let stream = null;
let choosing = false; // a device waiting to be let in chose to pick another name

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
    ILT.sent = null; // a text refused stays in its box
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

function screenView(view) {
  return [
    el("p", { class: "kicker" }, `Segment ${view.segment.number} of ${view.segment.of}`),
    el("h1", {}, view.segment.title),
    view.segment.prompt ? el("div", { class: "card vision" }, view.segment.prompt) : null,
    el("div", { class: "screen" }, el("div", { class: "icon", "aria-hidden": "true" }, "👀"), el("p", { class: "big" }, "Look at the screen.")),
  ];
}

function render(view) {
  const drafts = keptDrafts(); // what is being written (an idea, a follow-up's date or evidence) survives a redraw
  ILT.sent = null;
  current = view;
  document.getElementById("where").textContent = view.session;
  document.getElementById("who").textContent = view.me || "";
  let parts;
  const kind = view.me && ILT.kinds[view.segment.phone];
  if (!view.me && view.waiting && !choosing) parts = waitingView(view);
  else if (!view.me) parts = claimView(view);
  else if (view.task.kind === "finished") parts = endedView(ENDED);
  else if (kind) parts = kind(view.task, view);
  else parts = screenView(view);
  const target = document.getElementById("view");
  target.replaceChildren(...parts.filter(Boolean));
  putBack(drafts);
}

// A box marked "data-draft" keeps what is typed in it while the page is drawn again (by its id and
// the item it belongs to), unless its text was just sent (ILT.sent).
function keptDrafts() {
  return Array.from(document.querySelectorAll("#view [data-draft]"), (box) => ({
    id: box.id, item: box.dataset.item, value: box.id === ILT.sent ? "" : box.value, focused: document.activeElement === box,
  }));
}

function putBack(drafts) {
  for (const draft of drafts) {
    const box = document.getElementById(draft.id);
    if (!box || box.dataset.item !== draft.item) continue; // another item now: its own values
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

// Started once every kind's file (loaded after this one) has added its view.
document.addEventListener("DOMContentLoaded", () => {
  if (base) {
    refresh().then((response) => { if (response.status === 404) end(DEAD_LINK); }).catch(lost);
    connect();
  } else {
    codeForm();
  }
});
