// A follow-up: the action the screen is on can be marked done, carried over or dropped, and its
// evidence of impact written; the outcomes are the team's, so every phone shows them as they are.
"use strict";

(() => {
  function followUpView(task, view) {
    const here = task.actions.find((a) => a.id === task.item);
    const parts = [el("p", { class: "kicker" }, "Follow-up"), el("h1", {}, view.segment.title)];
    if (!task.actions.length) {
      parts.push(el("p", { class: "quiet" }, task.earlier
        ? "None of the open actions from this team's earlier sessions was due by today."
        : "This team has no earlier sessions here: nothing to follow up yet."));
    }
    if (here) {
      const day = el("input", { type: "date", id: "carry-date", min: task.today, "data-item": here.id, "aria-label": "New due date", "data-draft": true });
      const why = el("input", { type: "text", id: "drop-reason", maxlength: "500", "data-item": here.id, "aria-label": "Why drop it", placeholder: "Why drop it?", "data-draft": true });
      const impact = el("textarea", { id: "impact", maxlength: "500", "data-item": here.id, "aria-label": "Evidence of impact", placeholder: "One sentence", "data-draft": true });
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

  ILT.kinds.follow_up = followUpView;
})();
