// A rubric or a survey on the phone: the criterion (or statement) the screen is on, its levels to
// choose from until the reveal, and what the room sees once it is revealed.
"use strict";

(() => {
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

  ILT.kinds.rated = ratedView;
})();
