/* quizkit: the kernel-free quiz UI. Builds each quiz from the JSON in its
 * <div data-quizkit>, grades with window.QuizkitGrader (grader.js) and keeps progress in
 * localStorage. No framework, nothing loaded from elsewhere. Only the HTML fields of the
 * page form (rendered safely by quizkit.text on the Python side) are inserted as HTML;
 * every other string goes through textContent. */
(function () {
  "use strict";
  if (window.QuizkitUI) { window.QuizkitUI.initAll(); return; }

  var T = {
    check: "Check", hint: "Hint", retry: "Retry", reset: "Reset quiz",
    resetAsk: "Clear every answer and the score of this quiz?", resetYes: "Yes, clear",
    cancel: "Cancel", review: "Review the ones I missed", showAll: "Show all questions",
    correct: "Correct.", partial: "Partly right.", incorrect: "Not quite.",
    empty: "Give an answer first.", invalid: "That answer could not be read.",
    answer: "Your answer", unit: "Unit: ", choose: "(choose)", selectAll: "Select all that apply.",
    trueL: "True", falseL: "False", up: "Move up", down: "Move down", modelAnswer: "Answer: ",
    moved: function (i, n) { return "Moved to position " + i + " of " + n + "."; },
    progress: function (a, n, s) { return a + " of " + n + " answered, score " + fmt(s) + "."; },
    done: function (s, n) { return "Finished: you scored " + fmt(s) + " out of " + n + "."; },
    allRight: "Every question is right.",
    readPara: function (n) { return "Read \u00b6" + n + " of the paper"; },
    background: function (item) { return "Background: fact sheet " + item; },
    blank: function (i) { return "Blank " + i; },
    hintN: function (i, n) { return "Hint " + i + " of " + n + ": "; },
    noGrader: "The quiz could not load its grader."
  };

  function fmt(x) { return String(Math.round(x * 100) / 100); }

  function el(tag, props, kids) {
    var n = document.createElement(tag);
    if (props) {
      for (var k in props) {
        if (!Object.prototype.hasOwnProperty.call(props, k) || props[k] == null) continue;
        if (k === "text") n.textContent = props[k];
        else if (k === "html") n.innerHTML = props[k]; /* only safe HTML from the page form */
        else if (k === "cls") n.className = props[k];
        else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), props[k]);
        else if (k === "type" || k === "value" || k === "name" || k === "id" || k === "checked" || k === "disabled" || k === "hidden") n[k] = props[k];
        else n.setAttribute(k, props[k]);
      }
    }
    (kids || []).forEach(function (c) { if (c) n.appendChild(c); });
    return n;
  }

  /* Storage may be unavailable (private mode, file://): then progress lives in memory. */
  var memory = {};
  var store = {
    get: function (k) {
      try { var v = window.localStorage.getItem(k); return v ? JSON.parse(v) : null; }
      catch (e) { return memory[k] || null; }
    },
    set: function (k, v) {
      try { window.localStorage.setItem(k, JSON.stringify(v)); } catch (e) { memory[k] = v; }
    },
    del: function (k) { try { window.localStorage.removeItem(k); } catch (e) { delete memory[k]; } }
  };

  /* ---- the page form (quizkit.public), as the UI needs it ---- */
  function plain(html) { var d = document.createElement("div"); d.innerHTML = html; return d.textContent; }
  function view(spec) {
    var v = { type: spec.type, prompt: spec.prompt, hints: spec.hints || [] };
    if (spec.options) v.options = spec.options.map(function (o) { return { value: o.index, html: o.html }; });
    if (spec.unit_html) v.unit = spec.unit_html;
    if (spec.lefts) {
      v.lefts = spec.lefts;
      v.choices = spec.choices.map(function (c) { return { value: c.text, label: plain(c.html) }; });
    }
    /* ordering: the grader takes display positions (indices into spec.items) */
    if (spec.type === "ordering") v.items = spec.items.map(function (it, pos) { return { value: pos, html: it.html }; });
    if (spec.type === "fill-blanks") {
      v.passage = spec.passage;
      v.blanks = spec.blanks.map(function (b) {
        return { id: b.id, options: b.options && b.options.map(function (o) { return { value: o.text, label: plain(o.html) }; }) };
      });
    }
    return v;
  }

  /* ---- one question ---- */
  function Question(quiz, item, index) {
    this.quiz = quiz; this.item = item; this.spec = item.spec; this.v = view(item.spec);
    this.index = index; this.id = quiz.id + "-q" + (index + 1);
    this.key = "quizkit:" + quiz.id + ":" + item.id + ":" + item.key;
    this.state = store.get(this.key) || { r: null, g: null, h: 0 };
    this.build();
    this.restore();
  }

  Question.prototype.build = function () {
    var self = this, v = this.v, id = this.id;
    this.inputs = [];
    var legendId = id + "-prompt";
    this.box = el("div", { cls: "qk-q", id: id, "data-qid": this.item.id, "data-type": v.type });
    var fs = el("fieldset", { "aria-labelledby": legendId });
    var legend = el("div", { cls: "qk-prompt", id: legendId, tabindex: "-1" }, [
      el("span", { cls: "qk-num", text: (this.index + 1) + "." }),
      el("span", { html: v.prompt })
    ]);
    fs.appendChild(legend);
    this.legend = legend;
    this.body = el("div", { cls: "qk-body" });
    fs.appendChild(this.body);
    this.box.appendChild(fs);
    this["build_" + v.type.replace("-", "_")]();
    this.hintsBox = el("div", { cls: "qk-hints", id: id + "-hints", "aria-live": "polite" });
    this.fb = el("div", { cls: "qk-fb", id: id + "-fb", "aria-live": "polite" });
    this.checkBtn = el("button", { type: "button", cls: "qk-primary", text: T.check, onclick: function () { self.check(); } });
    this.retryBtn = el("button", { type: "button", text: T.retry, hidden: true, onclick: function () { self.retry(); } });
    var btns = [this.checkBtn, this.retryBtn];
    if (v.hints && v.hints.length) {
      this.hintBtn = el("button", { type: "button", text: T.hint, "aria-controls": id + "-hints", onclick: function () { self.hint(); } });
      btns.push(this.hintBtn);
    }
    this.box.appendChild(el("div", { cls: "qk-btns" }, btns));
    this.box.appendChild(this.hintsBox);
    this.box.appendChild(this.fb);
  };

  Question.prototype.choiceList = function (options, multi) {
    var self = this;
    this.optionRows = [];
    options.forEach(function (o, i) {
      var inp = el("input", { type: multi ? "checkbox" : "radio", name: self.id + "-opt", id: self.id + "-o" + i, value: String(o.value) });
      self.inputs.push(inp);
      var row = el("label", { cls: "qk-opt", "for": inp.id }, [inp, el("span", { html: o.html })]);
      self.optionRows.push(row);
      self.body.appendChild(row);
    });
  };
  Question.prototype.build_single_choice = function () { this.choiceList(this.v.options, false); };
  Question.prototype.build_multiple_select = function () {
    this.body.appendChild(el("p", { cls: "qk-src", text: T.selectAll }));
    this.choiceList(this.v.options, true);
  };
  Question.prototype.build_true_false = function () {
    this.choiceList([{ value: "true", html: T.trueL }, { value: "false", html: T.falseL }], false);
    /* the labels are our own words: set them as text, not HTML */
    this.optionRows[0].lastChild.textContent = T.trueL;
    this.optionRows[1].lastChild.textContent = T.falseL;
  };
  Question.prototype.textEntry = function (numeric) {
    var inp = el("input", { type: "text", id: this.id + "-in", autocomplete: "off", spellcheck: "false" });
    if (numeric) inp.setAttribute("inputmode", "decimal");
    this.inputs.push(inp);
    var kids = [el("label", { "for": inp.id, text: T.answer }), inp];
    if (numeric && this.v.unit) {
      inp.setAttribute("aria-describedby", this.id + "-unit");
      kids.push(el("span", { id: this.id + "-unit", text: this.v.unit }));
    }
    var self = this;
    inp.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); self.check(); } });
    this.body.appendChild(el("div", { cls: "qk-row qk-entry" }, kids));
  };
  Question.prototype.build_numeric = function () { this.textEntry(true); };
  Question.prototype.build_short_text = function () { this.textEntry(false); };
  Question.prototype.build_matching = function () {
    var self = this;
    this.selects = [];
    this.v.lefts.forEach(function (left, i) {
      var sel = el("select", { id: self.id + "-m" + i });
      sel.appendChild(el("option", { value: "", text: T.choose }));
      self.v.choices.forEach(function (c) { sel.appendChild(el("option", { value: c.value, text: c.label })); });
      self.inputs.push(sel); self.selects.push(sel);
      var row = el("div", { cls: "qk-row" }, [el("label", { "for": sel.id, html: left }), sel]);
      self.body.appendChild(row);
    });
  };
  Question.prototype.build_ordering = function () {
    this.order = this.v.items.map(function (it) { return it.value; });
    this.list = el("ol", { cls: "qk-order" });
    this.body.appendChild(this.list);
    this.announce = el("p", { cls: "qk-sr", "aria-live": "polite" });
    this.body.appendChild(this.announce);
    this.renderOrder(null);
  };
  Question.prototype.renderOrder = function (focus) {
    var self = this, n = this.order.length, byValue = {};
    this.v.items.forEach(function (it) { byValue[it.value] = it; });
    this.list.textContent = "";
    this.inputs = [];
    this.orderRows = [];
    this.order.forEach(function (value, pos) {
      var it = byValue[value];
      var textId = self.id + "-i" + value;
      var up = el("button", { type: "button", cls: "qk-small", text: "\u2191", "aria-label": T.up, "aria-describedby": textId, disabled: pos === 0 || self.locked,
        onclick: function () { self.move(pos, -1); } });
      var down = el("button", { type: "button", cls: "qk-small", text: "\u2193", "aria-label": T.down, "aria-describedby": textId, disabled: pos === n - 1 || self.locked,
        onclick: function () { self.move(pos, 1); } });
      var row = el("li", {}, [el("span", { id: textId, html: it.html }), up, down]);
      self.inputs.push(up, down);
      self.orderRows.push(row);
      self.list.appendChild(row);
      if (focus && focus.value === value) {
        var target = focus.dir < 0 ? (up.disabled ? down : up) : (down.disabled ? up : down);
        target.focus();
      }
    });
  };
  Question.prototype.move = function (pos, dir) {
    var to = pos + dir, o = this.order;
    if (to < 0 || to >= o.length || this.locked) return;
    var value = o[pos]; o[pos] = o[to]; o[to] = value;
    this.renderOrder({ value: value, dir: dir });
    this.announce.textContent = T.moved(to + 1, o.length);
    this.saveDraft();
  };
  Question.prototype.build_fill_blanks = function () {
    /* The passage is safe HTML with each blank left as the text {{id}}: parse it, then
     * replace those text runs with inputs, so no HTML is ever split as a string. */
    var self = this, p = el("div", { cls: "qk-passage", html: this.v.passage }), n = 0;
    var byId = {};
    this.v.blanks.forEach(function (b) { byId[b.id] = b; });
    this.blankInputs = {};
    this.blankOrder = [];
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), texts = [], t;
    while ((t = walker.nextNode())) if (/\{\{/.test(t.nodeValue)) texts.push(t);
    texts.forEach(function (node) {
      var parts = node.nodeValue.split(/\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}/), frag = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (i % 2 === 0) { if (part) frag.appendChild(document.createTextNode(part)); return; }
        var b = byId[part];
        if (!b || self.blankInputs[part]) { frag.appendChild(document.createTextNode("{{" + part + "}}")); return; }
        n += 1;
        var inp;
        if (b.options) {
          inp = el("select", { id: self.id + "-b-" + part });
          inp.appendChild(el("option", { value: "", text: T.choose }));
          b.options.forEach(function (o) { inp.appendChild(el("option", { value: o.value, text: o.label })); });
        } else {
          inp = el("input", { type: "text", id: self.id + "-b-" + part, autocomplete: "off", spellcheck: "false" });
        }
        inp.setAttribute("aria-label", T.blank(n));
        self.blankInputs[part] = inp;
        self.blankOrder.push(inp);
        self.inputs.push(inp);
        frag.appendChild(inp);
      });
      node.parentNode.replaceChild(frag, node);
    });
    this.body.appendChild(p);
  };

  /* ---- responses in the grader's format (ARCHITECTURE.md) ---- */
  Question.prototype.response = function () {
    var t = this.v.type, ins = this.inputs;
    if (t === "single-choice") {
      for (var i = 0; i < ins.length; i++) if (ins[i].checked) return Number(ins[i].value);
      return null;
    }
    if (t === "multiple-select") return ins.filter(function (x) { return x.checked; }).map(function (x) { return Number(x.value); });
    if (t === "true-false") return ins[0].checked ? true : ins[1].checked ? false : null;
    if (t === "numeric" || t === "short-text") return ins[0].value;
    if (t === "matching") return this.selects.map(function (s) { return s.value === "" ? null : s.value; });
    if (t === "ordering") return this.order.slice();
    if (t === "fill-blanks") {
      var r = {}, b = this.blankInputs;
      Object.keys(b).forEach(function (k) { r[k] = b[k].value === "" ? null : b[k].value; });
      return r;
    }
    return null;
  };
  Question.prototype.setResponse = function (r) {
    var t = this.v.type, ins = this.inputs;
    if (r == null) return;
    if (t === "single-choice") ins.forEach(function (x) { x.checked = Number(x.value) === r; });
    else if (t === "multiple-select") ins.forEach(function (x) { x.checked = r.indexOf(Number(x.value)) >= 0; });
    else if (t === "true-false") { ins[0].checked = r === true; ins[1].checked = r === false; }
    else if (t === "numeric" || t === "short-text") ins[0].value = String(r);
    else if (t === "matching") this.selects.forEach(function (s, i) { s.value = r[i] == null ? "" : r[i]; });
    else if (t === "ordering") {
      var known = this.v.items.map(function (it) { return it.value; }).sort().join();
      if (r.slice().sort().join() === known) { this.order = r.slice(); this.renderOrder(null); }
    } else if (t === "fill-blanks") {
      var b = this.blankInputs;
      Object.keys(b).forEach(function (k) { b[k].value = r[k] == null ? "" : r[k]; });
    }
  };

  Question.prototype.saveDraft = function () { this.state.r = this.response(); this.save(); };
  Question.prototype.save = function () { store.set(this.key, this.state); };

  Question.prototype.lock = function (locked) {
    this.locked = locked;
    this.inputs.forEach(function (x) { x.disabled = locked; });
    if (this.v.type === "ordering") this.renderOrder(null);
    this.checkBtn.hidden = locked;
    this.retryBtn.hidden = !locked;
  };

  Question.prototype.check = function () {
    var G = window.QuizkitGrader;
    if (!G) { this.fb.textContent = T.noGrader; return; }
    var r = this.response();
    var g = G.grade(this.spec, r);
    this.state.r = r;
    if (g.status === "empty" || g.status === "invalid") {
      this.state.g = null; this.save();
      this.showFeedback(g, false);
      return;
    }
    this.state.g = { score: g.score, correct: g.correct, status: g.status };
    this.save();
    this.lock(true);
    this.showFeedback(g, true);
    this.retryBtn.focus();
    this.quiz.update(true);
  };

  /* The expected answer as safe HTML (from the page form), as the notebook quiz shows it. */
  function modelAnswer(spec, extra) {
    var a = extra.answer;
    switch (spec.type) {
      case "single-choice": case "multiple-select": return (a || []).join("; ");
      case "true-false": return a ? T.trueL : T.falseL;
      case "numeric":
        var v = extra.range ? extra.range[0] + " to " + extra.range[1] : String(a);
        return spec.unit_html ? v + " " + spec.unit_html : v;
      case "short-text": return a;
      case "matching":
        return (a || []).map(function (r, i) { return spec.lefts[i] + " \u2192 " + r; }).join("; ");
      case "ordering": return (a || []).join(" \u2192 ");
      case "fill-blanks":
        return spec.blanks.map(function (b) { return extra.blanks[b.id].answer; }).join("; ");
    }
    return null;
  }

  Question.prototype.showFeedback = function (g, final) {
    var fb = this.fb, self = this;
    fb.className = "qk-fb qk-" + g.status;
    fb.textContent = "";
    var verdict = T[g.status] || "";
    if (final && g.status === "partial") verdict += " Score " + fmt(g.score) + ".";
    fb.appendChild(el("p", { cls: "qk-verdict", text: verdict }));
    (g.feedback || []).forEach(function (h) { fb.appendChild(el("div", { html: h })); });
    this.mark(final ? g.parts || [] : [], final ? g : null);
    if (!final) return;
    var G = window.QuizkitGrader, extra = (G.reveal && G.reveal(self.spec)) || {};
    var model = g.correct ? null : modelAnswer(self.spec, extra);
    if (model) {
      var said = el("p", { cls: "qk-model" }, [el("strong", { text: T.modelAnswer })]);
      said.appendChild(el("span", { html: model }));
      fb.appendChild(said);
    }
    if (extra.explanation) fb.appendChild(el("div", { cls: "qk-expl", html: extra.explanation }));
    var src = extra.source || {};
    var line = el("p", { cls: "qk-src" });
    if (src.quote_html) { line.appendChild(el("q", { html: src.quote_html })); line.appendChild(document.createTextNode(" ")); }
    if (src.paragraph) {
      var n = String(src.paragraph).replace(/^p/, "");
      var href = this.quiz.paperHref;
      line.appendChild(href ? el("a", { href: href + "#" + src.paragraph, text: T.readPara(n) }) : el("span", { text: T.readPara(n) }));
      if (src.factsheet) line.appendChild(document.createTextNode(". "));
    }
    if (src.factsheet) {
      /* the references appendix has an anchor per fact-sheet section: B1.5 -> #fs-b1, D5 -> #fs-d */
      var m = /^([A-F])([0-9]+)?/.exec(String(src.factsheet)), refs = this.quiz.refsHref;
      var anchor = m ? "fs-" + (m[1] + (m[1] === "B" && m[2] ? m[2] : "")).toLowerCase() : "";
      line.appendChild(refs && anchor ? el("a", { href: refs + "#" + anchor, text: T.background(src.factsheet) })
        : document.createTextNode(T.background(src.factsheet)));
    }
    if (line.childNodes.length) fb.appendChild(line);
  };

  /* Highlight right and wrong parts (grader "parts": per option in written order, per pair,
   * per position of the learner's order, per blank); aria-invalid marks wrong entries too. */
  Question.prototype.mark = function (parts, g) {
    var t = this.v.type, self = this, pairs = [];
    if (t === "ordering") pairs = this.orderRows.map(function (row, i) { return [row, parts[i]]; });
    else if (t === "matching") pairs = this.selects.map(function (sel, i) { return [sel, parts[i]]; });
    else if (t === "fill-blanks") pairs = this.v.blanks.map(function (b, i) { return [self.blankInputs[b.id], parts[i]]; });
    else if (this.optionRows) {
      pairs = this.optionRows.map(function (row, i) {
        var inp = self.inputs[i];
        if (!inp.checked || !g) return [row, undefined];
        return [row, t === "true-false" ? g.correct : parts[Number(inp.value)]];
      });
    }
    pairs.forEach(function (pr) {
      var node = pr[0];
      if (!node) return;
      node.classList.remove("qk-right", "qk-wrong");
      node.removeAttribute("aria-invalid");
      if (pr[1] === true) node.classList.add("qk-right");
      else if (pr[1] === false) {
        node.classList.add("qk-wrong");
        if (node.tagName === "INPUT" || node.tagName === "SELECT") node.setAttribute("aria-invalid", "true");
      }
    });
  };

  Question.prototype.retry = function () {
    this.state.g = null; this.save();
    this.lock(false);
    this.fb.textContent = ""; this.fb.className = "qk-fb";
    this.mark([]);
    this.quiz.update(false);
    var first = this.inputs.filter(function (x) { return !x.disabled; })[0];
    if (first) first.focus();
  };

  Question.prototype.hint = function (silentCount) {
    var hints = this.v.hints || [];
    var upto = silentCount != null ? silentCount : Math.min(this.state.h + 1, hints.length);
    this.hintsBox.textContent = "";
    for (var i = 0; i < upto; i++) {
      this.hintsBox.appendChild(el("div", {}, [el("strong", { text: T.hintN(i + 1, hints.length) }), el("span", { html: hints[i] })]));
    }
    this.state.h = upto;
    if (this.hintBtn) this.hintBtn.disabled = upto >= hints.length;
    if (silentCount == null) this.save();
  };

  Question.prototype.restore = function () {
    var self = this;
    this.setResponse(this.state.r);
    if (this.state.h) this.hint(this.state.h);
    if (this.state.g) {
      var G = window.QuizkitGrader, g = G ? G.grade(this.spec, this.state.r) : null;
      if (g && g.status === this.state.g.status) { this.lock(true); this.showFeedback(g, true); }
      else { this.state.g = null; this.save(); }
    }
    /* Save drafts as the learner answers, so a reload keeps unfinished work too. */
    this.box.addEventListener("change", function () { if (!self.locked) self.saveDraft(); });
    this.box.addEventListener("input", function () { if (!self.locked) self.saveDraft(); });
  };

  Question.prototype.reset = function () {
    store.del(this.key);
    this.state = { r: null, g: null, h: 0 };
    this.lock(false);
    this.inputs.forEach(function (x) { if (x.type === "radio" || x.type === "checkbox") x.checked = false; else if (x.tagName !== "BUTTON") x.value = ""; });
    if (this.v.type === "ordering") { this.order = this.v.items.map(function (it) { return it.value; }); this.renderOrder(null); }
    this.hintsBox.textContent = "";
    if (this.hintBtn) this.hintBtn.disabled = false;
    this.fb.textContent = ""; this.fb.className = "qk-fb";
    this.mark([]);
    this.box.hidden = false;
  };

  /* ---- one quiz ---- */
  function Quiz(root) {
    var self = this, dataEl = root.querySelector("script.qk-data");
    var data = JSON.parse(dataEl.textContent);
    this.root = root; this.id = data.id || root.id; this.paperHref = root.getAttribute("data-paper-href") || "";
    this.refsHref = root.getAttribute("data-refs-href") || "";
    this.status = el("p", { cls: "qk-status", "aria-live": "polite" });
    this.summary = el("div", { cls: "qk-summary", "aria-live": "polite" });
    var tools = el("div", { cls: "qk-btns qk-tools" });
    this.resetBtn = el("button", { type: "button", text: T.reset, onclick: function () { self.askReset(tools); } });
    tools.appendChild(this.resetBtn);
    root.appendChild(this.status);
    this.questions = data.questions.map(function (item, i) {
      if (!item.spec.messages) item.spec.messages = data.messages; /* carried once per quiz */
      var q = new Question(self, item, i);
      root.appendChild(q.box);
      return q;
    });
    root.appendChild(this.summary);
    root.appendChild(tools);
    this.update(false);
  }

  Quiz.prototype.update = function (announce) {
    var n = this.questions.length, answered = 0, score = 0, missed = [];
    this.questions.forEach(function (q) {
      if (q.state.g) { answered += 1; score += q.state.g.score; if (!q.state.g.correct) missed.push(q); }
    });
    this.status.textContent = T.progress(answered, n, score);
    this.summary.textContent = "";
    if (answered < n) return;
    var self = this;
    this.summary.appendChild(el("p", { text: T.done(score, n) + (missed.length ? "" : " " + T.allRight) }));
    if (missed.length) {
      this.summary.appendChild(el("div", { cls: "qk-btns" }, [
        el("button", { type: "button", text: T.review, onclick: function () { self.review(missed); } }),
        el("button", { type: "button", text: T.showAll, onclick: function () { self.showAll(); } })
      ]));
    }
    void announce;
  };

  Quiz.prototype.review = function (missed) {
    this.questions.forEach(function (q) { q.box.hidden = missed.indexOf(q) < 0; });
    missed[0].legend.focus();
    missed[0].box.scrollIntoView({ block: "start" });
  };
  Quiz.prototype.showAll = function () { this.questions.forEach(function (q) { q.box.hidden = false; }); };

  Quiz.prototype.askReset = function (tools) {
    var self = this;
    if (tools.querySelector(".qk-confirm")) return;
    var yes, box = el("div", { cls: "qk-confirm", role: "group", "aria-label": T.reset }, [
      el("span", { text: T.resetAsk }),
      yes = el("button", { type: "button", cls: "qk-primary", text: T.resetYes, onclick: function () {
        self.questions.forEach(function (q) { q.reset(); });
        tools.removeChild(box); self.update(false); self.resetBtn.focus();
      } }),
      el("button", { type: "button", text: T.cancel, onclick: function () { tools.removeChild(box); self.resetBtn.focus(); } })
    ]);
    tools.appendChild(box);
    yes.focus();
  };

  function initAll() {
    var roots = document.querySelectorAll("[data-quizkit]:not([data-qk-ready])");
    Array.prototype.forEach.call(roots, function (root) {
      root.setAttribute("data-qk-ready", "1");
      try { root.quizkit = new Quiz(root); }
      catch (e) {
        root.appendChild(el("p", { cls: "qk-fb qk-invalid", text: "This quiz could not be shown." }));
        if (window.console) console.warn("quizkit:", e);
      }
    });
  }

  window.QuizkitUI = { initAll: initAll, version: "0.1.0" };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
