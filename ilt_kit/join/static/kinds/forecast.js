// A forecast on the phone: every item, each rated 1-5 for likelihood and impact, sent once both are chosen.
"use strict";

(() => {
  const pending = {}; // item id -> {likelihood, impact} chosen but not yet sent

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
            } else ILT.redraw();
          },
        }, n))));
  }

  function forecastView(task, view) {
    return [
      el("p", { class: "kicker" }, "Forecast"),
      el("h1", {}, view.segment.title),
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

  ILT.kinds.forecast = forecastView;
})();
