// A brainstorm on the phone: one idea at a time, and the member's own ideas so far.
"use strict";

(() => {
  function brainstormView(task, view) {
    const box = el("textarea", { id: "idea", maxlength: "500", "aria-label": "Your idea", placeholder: "One idea at a time", "data-draft": true });
    const send = el("button", { class: "primary", on: async () => {
      if (!box.value.trim()) { notice("Write an idea first."); return; }
      ILT.sent = "idea";
      const ok = await answer({ text: box.value });
      if (!ok) ILT.sent = null;
    } }, "Send idea");
    return [
      el("p", { class: "kicker" }, "Brainstorm"),
      el("h1", {}, view.segment.title),
      view.segment.prompt ? el("p", { class: "card vision" }, view.segment.prompt) : null,
      box, el("p", {}, send),
      task.mine.length ? el("h2", {}, `Your ideas (${task.mine.length})`) : null,
      task.mine.length ? el("ol", { class: "mine-list" }, ...task.mine.map((t) => el("li", {}, t))) : null,
    ];
  }

  ILT.kinds.brainstorm = brainstormView;
})();
