// Dot voting on the phone: a dot on or off each idea until the budget is spent; the ranking once revealed.
"use strict";

(() => {
  function prioritizeView(task, view) {
    if (task.revealed) {
      return [
        el("p", { class: "kicker" }, "Dot vote"),
        el("h1", {}, view.segment.title),
        el("p", { class: "quiet" }, "The dots are revealed: what the room sees."),
        ...task.ranking.map((idea, index) => el("div", { class: "card idea" },
          el("span", {}, el("span", { class: "quiet" }, `${index + 1}. #${idea.id} `), idea.text),
          el("span", { class: "count" }, `${idea.dots} ${idea.dots === 1 ? "dot" : "dots"}`))),
      ];
    }
    return [
      el("p", { class: "kicker" }, "Dot vote"),
      el("h1", {}, view.segment.title),
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

  ILT.kinds.prioritize = prioritizeView;
})();
