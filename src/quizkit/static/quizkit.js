/* quizkit: the kernel-free quiz UI. Unpacks the quiz in each <div data-quizkit> (base64 of
 * raw-DEFLATE JSON, quizkit.html.pack), builds it, grades with window.QuizkitGrader
 * (grader.js) and keeps progress in localStorage. No framework, nothing loaded from
 * elsewhere. Only the HTML fields of the page form (rendered safely by quizkit.text on the
 * Python side) are inserted as HTML; every other string goes through textContent. */
(function () {
  "use strict";
  if (window.QuizkitUI) return window.QuizkitUI.initAll();

  var T = {
    check: "Check", hint: "Hint", retry: "Retry", reset: "Reset quiz",
    resetAsk: "Clear every answer and the score of this quiz?", resetYes: "Yes, clear",
    cancel: "Cancel", review: "Review the ones I missed", showAll: "Show all questions",
    correct: "Correct.", partial: "Partly right.", incorrect: "Not quite.",
    empty: "Give an answer first.", invalid: "That answer could not be read.",
    answer: "Your answer", choose: "(choose)", selectAll: "Select all that apply.",
    yes: "True", no: "False", up: "Move up", down: "Move down", model: "Answer: ",
    allRight: " Every question is right.", broken: "This quiz could not be shown.",
    old: "This quiz needs a newer web browser."
  };

  function fmt(x) { return String(Math.round(x * 100) / 100); }

  /* el("tag.class", {attributes; text; html (only safe HTML from the page form); onclick}, [children]) */
  function el(tag, props, kids) {
    var parts = tag.split("."), n = document.createElement(parts[0]);
    if (parts[1]) n.className = parts.slice(1).join(" ");
    for (var k in props || {}) {
      var v = props[k];
      if (v == null || v === false) continue;
      if (k === "text") n.textContent = v;
      else if (k === "html") n.innerHTML = v;
      else if (k === "onclick") n.addEventListener("click", v);
      else if (k === "hidden" || k === "disabled") n[k] = true;
      else n.setAttribute(k, v);
    }
    (kids || []).forEach((c) => { if (c) n.appendChild(c); });
    return n;
  }
  function button(text, onclick, props) {
    props = props || {};
    props.type = "button"; props.text = text; props.onclick = onclick;
    return el(props.cls ? "button." + props.cls : "button", props);
  }
  function textOf(html) { return el("div", { html: html }).textContent; }
  function select(id, options, label) {
    return el("select", { id: id, "aria-label": label }, [el("option", { value: "", text: T.choose })].concat(
      options.map((o) => el("option", { value: o.text, text: textOf(o.html) }))));
  }

  /* Storage may be unavailable (private mode, some file:// pages): then progress lives in memory. */
  var memory = {};
  function load(k) {
    try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return memory[k]; }
  }
  function save(k, v) {
    try { v == null ? localStorage.removeItem(k) : localStorage.setItem(k, JSON.stringify(v)); }
    catch (e) { memory[k] = v; }
  }

  /* ---- one question ---- */
  function Question(quiz, item, index) {
    var spec = item.spec, type = spec.type, id = quiz.id + "-q" + (index + 1);
    var key = "quizkit:" + quiz.id + ":" + item.id + ":" + item.key;
    var state = load(key) || { r: null, g: null, h: 0 };
    var inputs = [], rows = [], blanks = {}, order, list, announce, locked = false;
    var body = el("div.qk-body");
    var legend = el("div.qk-prompt", { id: id + "-prompt", tabindex: "-1" },
      [el("span.qk-num", { text: index + 1 + "." }), el("span", { html: spec.prompt })]);
    var hints = el("div.qk-hints", { id: id + "-hints", "aria-live": "polite" });
    var fb = el("div.qk-fb", { "aria-live": "polite" });
    var checkBtn = button(T.check, check, { cls: "qk-primary" });
    var retryBtn = button(T.retry, retry, { hidden: true });
    var hintBtn = spec.hints.length && button(T.hint, () => { hint(state.h + 1); }, { "aria-controls": hints.id });
    var box = el("div.qk-q", { id: id, "data-qid": item.id, "data-type": type }, [
      el("fieldset", { "aria-labelledby": legend.id }, [legend, body]),
      el("div.qk-btns", {}, [checkBtn, retryBtn, hintBtn]), hints, fb]);

    function input(props) {
      var i = el("input", props);
      inputs.push(i);
      return i;
    }

    /* controls, by type */
    function choices(options, radio) {
      options.forEach((o, i) => {
        var inp = input({ type: radio ? "radio" : "checkbox", name: id, id: id + "-o" + i, value: o.value });
        var row = el("label.qk-opt", { "for": inp.id }, [inp, el("span", o.text ? { text: o.text } : { html: o.html })]);
        rows.push(row);
        body.appendChild(row);
      });
    }
    function entry(numeric) {
      var inp = input({ type: "text", id: id + "-in", autocomplete: "off", spellcheck: "false",
        inputmode: numeric && "decimal", "aria-describedby": spec.unit_html && id + "-unit" });
      inp.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); check(); } });
      body.appendChild(el("div.qk-row.qk-entry", {}, [el("label", { "for": inp.id, text: T.answer }), inp,
        spec.unit_html && el("span", { id: id + "-unit", html: spec.unit_html })]));
    }
    function drawOrder(focus) {
      list.textContent = "";
      rows = [];
      order.forEach((pos, at) => {
        var textId = id + "-i" + pos;
        function mover(label, step, off) {
          return button(step < 0 ? "\u2191" : "\u2193", () => { move(at, step); },
            { cls: "qk-small", "aria-label": label, "aria-describedby": textId, disabled: off || locked });
        }
        var up = mover(T.up, -1, at === 0), down = mover(T.down, 1, at === order.length - 1);
        var row = el("li", {}, [el("span", { id: textId, html: spec.items[pos].html }), up, down]);
        rows.push(row);
        list.appendChild(row);
        if (focus && focus[0] === pos) (focus[1] < 0 && !up.disabled || down.disabled ? up : down).focus();
      });
    }
    function move(at, step) {
      var to = at + step, pos = order[at];
      order[at] = order[to]; order[to] = pos;
      drawOrder([pos, step]);
      announce.textContent = "Moved to position " + (to + 1) + " of " + order.length + ".";
      draft();
    }
    var build = {
      "single-choice": () => {
        choices(spec.options.map((o) => ({ value: o.index, html: o.html })), true);
      },
      "multiple-select": () => {
        body.appendChild(el("p.qk-src", { text: T.selectAll }));
        choices(spec.options.map((o) => ({ value: o.index, html: o.html })));
      },
      "true-false": () => {
        choices([{ value: "true", text: T.yes }, { value: "false", text: T.no }], true);
      },
      "numeric": () => { entry(true); },
      "short-text": () => { entry(false); },
      "matching": () => {
        spec.lefts.forEach((left, i) => {
          var sel = select(id + "-m" + i, spec.choices);
          inputs.push(sel);
          rows.push(sel);
          body.appendChild(el("div.qk-row", {}, [el("label", { "for": sel.id, html: left }), sel]));
        });
      },
      "ordering": () => {
        order = spec.items.map((it, pos) => pos);
        body.appendChild(list = el("ol.qk-order"));
        body.appendChild(announce = el("p.qk-sr", { "aria-live": "polite" }));
        drawOrder();
      },
      "fill-blanks": () => {
        /* The passage is safe HTML with each blank left as the text {{id}}: parse it, then
         * replace those text runs with inputs, so no HTML is ever split as a string. */
        var passage = el("div.qk-passage", { html: spec.passage }), found = [], node, n = 0;
        var walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT);
        while ((node = walker.nextNode())) if (node.nodeValue.indexOf("{{") >= 0) found.push(node);
        found.forEach((node) => {
          var frag = document.createDocumentFragment();
          node.nodeValue.split(/\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}/).forEach((part, i) => {
            var blank = spec.blanks.filter((b) => b.id === part)[0], field;
            if (i % 2 === 0 || !blank || blanks[part]) {
              frag.appendChild(document.createTextNode(i % 2 ? "{{" + part + "}}" : part));
              return;
            }
            var label = "Blank " + ++n, fieldId = id + "-b-" + part;
            field = blank.options ? select(fieldId, blank.options, label)
              : el("input", { type: "text", id: fieldId, autocomplete: "off", spellcheck: "false", "aria-label": label });
            inputs.push(field);
            frag.appendChild(blanks[part] = field);
          });
          node.parentNode.replaceChild(frag, node);
        });
        body.appendChild(passage);
      }
    };
    build[type]();

    /* responses in the grader's format (ARCHITECTURE.md) */
    function value(field) { return field.value === "" ? null : field.value; }
    function response() {
      var picked = inputs.filter((x) => x.checked).map((x) => x.value);
      switch (type) {
        case "single-choice": return picked.length ? Number(picked[0]) : null;
        case "multiple-select": return picked.map(Number);
        case "true-false": return picked.length ? picked[0] === "true" : null;
        case "numeric": case "short-text": return inputs[0].value;
        case "matching": return inputs.map(value);
        case "ordering": return order.slice();
      }
      var r = {};
      for (var b in blanks) r[b] = value(blanks[b]);
      return r;
    }
    function setResponse(r) {
      if (r == null) return;
      if (type === "ordering") {
        if (r.slice().sort().join() === order.slice().sort().join()) { order = r.slice(); drawOrder(); }
      } else if (type === "fill-blanks") {
        for (var b in blanks) blanks[b].value = r[b] == null ? "" : r[b];
      } else {
        inputs.forEach((x, i) => {
          if (x.type === "text") x.value = r;
          else if (x.tagName === "SELECT") x.value = r[i] == null ? "" : r[i];
          else x.checked = [].concat(r).map(String).indexOf(x.value) >= 0;
        });
      }
    }

    function store() { save(key, state); }
    function draft() { if (!locked) { state.r = response(); store(); } }

    function lock(on) {
      locked = on;
      inputs.forEach((x) => { x.disabled = on; });
      if (order) drawOrder();
      checkBtn.hidden = on;
      retryBtn.hidden = !on;
    }

    function grade() { return window.QuizkitGrader.grade(spec, state.r); }

    function check() {
      state.r = response();
      var g = grade(), done = g.status !== "empty" && g.status !== "invalid";
      state.g = done ? { score: g.score, correct: g.correct, status: g.status } : null;
      store();
      if (done) lock(true);
      show(g, done);
      if (!done) return;
      retryBtn.focus();
      quiz.update();
    }

    /* The expected answer as safe HTML (from the page form), as the notebook quiz shows it. */
    function modelAnswer() {
      function html(x) { return x.html; }
      switch (type) {
        case "single-choice": case "multiple-select":
          return spec.options.filter((o) => o.correct)
            .sort((a, b) => a.index - b.index).map(html).join("; ");
        case "true-false": return spec.answer ? T.yes : T.no;
        case "numeric":
          return (spec.range ? spec.range.join(" to ") : String(spec.answer)) + (spec.unit_html ? " " + spec.unit_html : "");
        case "short-text": return spec.answers[0][1];
        case "matching":
          return spec.lefts.map((left, i) => {
            return left + " \u2192 " + spec.choices.filter((c) => c.text === spec.answers[i]).map(html);
          }).join("; ");
        case "ordering":
          return spec.items.slice().sort((a, b) => a.rank - b.rank).map(html).join(" \u2192 ");
      }
      return spec.blanks.map((b) => b.answers[0][1]).join("; ");
    }

    function show(g, final) {
      fb.className = "qk-fb qk-" + g.status;
      fb.textContent = "";
      fb.appendChild(el("p.qk-verdict", { text: T[g.status] + (final && g.status === "partial" ? " Score " + fmt(g.score) + "." : "") }));
      g.feedback.forEach((h) => { fb.appendChild(el("div", { html: h })); });
      mark(final ? g : null);
      if (!final) return;
      if (!g.correct) fb.appendChild(el("p.qk-model", {}, [el("strong", { text: T.model }), el("span", { html: modelAnswer() })]));
      if (spec.explanation) fb.appendChild(el("div.qk-expl", { html: spec.explanation }));
      var src = spec.source, line = el("p.qk-src"), m = /^([A-F])([0-9]+)?/.exec(src.factsheet || "");
      if (src.quote_html) line.append(el("q", { html: src.quote_html }), " ");
      if (src.paragraph) {
        var para = "Read \u00b6" + src.paragraph.slice(1) + " of the paper";
        line.append(quiz.paper ? el("a", { href: quiz.paper + "#" + src.paragraph, text: para }) : para, src.factsheet ? ". " : "");
      }
      if (m) {
        /* the references appendix has an anchor per fact-sheet section: B1.5 -> #fs-b1, D5 -> #fs-d */
        var note = "Background: fact sheet " + src.factsheet;
        var anchor = "fs-" + (m[1] + (m[1] === "B" && m[2] ? m[2] : "")).toLowerCase();
        line.append(quiz.refs ? el("a", { href: quiz.refs + "#" + anchor, text: note }) : note);
      }
      if (line.childNodes.length) fb.appendChild(line);
    }

    /* Highlight right and wrong parts (grader "parts": per option in written order, per pair,
     * per position of the learner's order, per blank); aria-invalid marks wrong entries too. */
    function mark(g) {
      var marks = type === "fill-blanks" ? spec.blanks.map((b) => blanks[b.id]) : rows;
      marks.forEach((node, i) => {
        var ok = g && g.parts[i];
        if (rows[0] && rows[0].tagName === "LABEL") {
          var inp = inputs[i];
          ok = g && inp.checked ? (type === "true-false" ? g.correct : g.parts[inp.value]) : null;
        }
        node.classList.toggle("qk-right", ok === true);
        node.classList.toggle("qk-wrong", ok === false);
        if (ok === false && node.tagName !== "LI" && node.tagName !== "LABEL") node.setAttribute("aria-invalid", "true");
        else node.removeAttribute("aria-invalid");
      });
    }

    function retry() {
      state.g = null; store();
      lock(false);
      fb.textContent = ""; fb.className = "qk-fb";
      mark(null);
      quiz.update();
      (inputs.filter((x) => !x.disabled)[0] || legend).focus();
    }

    function hint(count) {
      count = Math.min(count, spec.hints.length);
      hints.textContent = "";
      for (var i = 0; i < count; i++) {
        hints.appendChild(el("div", {}, [el("strong", { text: "Hint " + (i + 1) + " of " + spec.hints.length + ": " }),
          el("span", { html: spec.hints[i] })]));
      }
      if (hintBtn) hintBtn.disabled = count >= spec.hints.length;
      if (count !== state.h) { state.h = count; store(); }
    }

    function reset() {
      save(key, null);
      state = { r: null, g: null, h: 0 };
      lock(false);
      inputs.forEach((x) => { x.checked = false; if (x.type === "text" || x.tagName === "SELECT") x.value = ""; });
      if (order) { order = spec.items.map((it, pos) => pos); drawOrder(); }
      hint(0);
      fb.textContent = ""; fb.className = "qk-fb";
      mark(null);
      box.hidden = false;
    }

    /* restore saved work: the answer, the hints shown, and the graded state if it still holds */
    setResponse(state.r);
    hint(state.h);
    if (state.g) {
      var g = grade();
      if (g.status === state.g.status) { lock(true); show(g, true); } else { state.g = null; store(); }
    }
    /* Save drafts as the learner answers, so a reload keeps unfinished work too. */
    box.addEventListener("change", draft);
    box.addEventListener("input", draft);

    this.box = box;
    this.legend = legend;
    this.reset = reset;
    this.state = () => state;
  }

  /* ---- one quiz ---- */
  function Quiz(root, data) {
    var self = this, questions;
    this.id = data.id;
    this.paper = root.getAttribute("data-paper-href");
    this.refs = root.getAttribute("data-refs-href");
    var status = el("p.qk-status", { "aria-live": "polite" });
    var summary = el("div.qk-summary", { "aria-live": "polite" });
    var resetBtn = button(T.reset, askReset);
    var tools = el("div.qk-btns.qk-tools", {}, [resetBtn]);
    root.appendChild(status);
    questions = data.questions.map((item, i) => {
      item.spec.messages = item.spec.messages || data.messages; /* carried once per quiz */
      var q = new Question(self, item, i);
      root.appendChild(q.box);
      return q;
    });
    root.append(summary, tools);

    function showOnly(missed) {
      questions.forEach((q) => { q.box.hidden = missed && missed.indexOf(q) < 0; });
      if (!missed) return;
      missed[0].legend.focus();
      missed[0].box.scrollIntoView({ block: "start" });
    }

    this.update = () => {
      var answered = 0, score = 0, missed = [];
      questions.forEach((q) => {
        var g = q.state().g;
        if (g) { answered++; score += g.score; if (!g.correct) missed.push(q); }
      });
      status.textContent = answered + " of " + questions.length + " answered, score " + fmt(score) + ".";
      summary.textContent = "";
      if (answered < questions.length) return;
      summary.appendChild(el("p", { text: "Finished: you scored " + fmt(score) + " out of " + questions.length + "." + (missed.length ? "" : T.allRight) }));
      if (missed.length) {
        summary.appendChild(el("div.qk-btns", {}, [
          button(T.review, () => { showOnly(missed); }),
          button(T.showAll, () => { showOnly(null); })]));
      }
    };

    function askReset() {
      if (tools.querySelector(".qk-confirm")) return;
      function close() { tools.removeChild(confirm); resetBtn.focus(); }
      var yes = button(T.resetYes, () => {
        questions.forEach((q) => { q.reset(); });
        self.update();
        close();
      }, { cls: "qk-primary" });
      var confirm = el("div.qk-confirm", { role: "group", "aria-label": T.reset },
        [el("span", { text: T.resetAsk }), yes, button(T.cancel, close)]);
      tools.appendChild(confirm);
      yes.focus();
    }

    this.update();
  }

  /* The payload: base64 of raw DEFLATE of JSON (quizkit.html.pack). */
  function unpack(text) {
    var bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }

  function initAll() {
    document.querySelectorAll("[data-quizkit]").forEach((root) => {
      if (root.qkStarted) return;
      root.qkStarted = true;
      new Promise((ok) => { ok(root.querySelector(".qk-data").textContent); }).then(unpack).then((data) => {
        root.quizkit = new Quiz(root, data);
        root.setAttribute("data-qk-ready", "1");
      }).catch((e) => {
        root.appendChild(el("p.qk-fb.qk-invalid", { text: window.DecompressionStream ? T.broken : T.old }));
        if (window.console) console.warn("quizkit:", e);
      });
    });
  }

  window.QuizkitUI = { initAll: initAll, version: "0.2.0" };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
