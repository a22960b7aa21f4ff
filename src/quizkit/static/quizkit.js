/* quizkit: the kernel-free quiz UI. Unpacks the quiz in each <div data-quizkit> (base64 of
 * raw-DEFLATE JSON, quizkit.html.pack), builds it, grades with window.QuizkitGrader
 * (grader.js) and keeps progress in localStorage. No framework, nothing loaded from
 * elsewhere. Only the HTML fields of the page form (rendered safely by quizkit.text on the
 * Python side) are inserted as HTML; every other string goes through textContent.
 *
 * Tries follow the quiz's attempt policy (data.attempts, {tries: n or null, penalty}; two
 * tries and a third off per extra try when absent) by QuizkitGrader.attempt, the rule of
 * quizkit/attempts.py: a Check the grader can read uses a try; a try that does not finish
 * the question shows its verdict, feedback and part marks, the tries left and what the next
 * is worth, with Retry and Show answer; a finished question is locked and shows its credit,
 * the expected answer (only when not fully right), the explanation and the source.
 *
 * Saved per question (localStorage, format 2): {v: 2, r: response in the fields, h: hints
 * shown, s: scores of the tries used, a: response of the last try, x: answer shown, o: open
 * again after Retry}. Progress saved by the older format ({r, g, h}, one graded check) counts
 * as one try with its score; anything unreadable starts the question afresh.
 *
 * Question types: TYPES holds one entry per question type, keyed like the grader's GRADERS,
 * and an entry is all this script knows of its type: {build, response, set, mark, model}. All
 * but model take the question's controls c = {spec, id (prefix of element ids), fields,
 * check(), draft()}, on which an entry may keep state of its own:
 *   build(c)     returns the nodes of the answer area; its inputs and selects become c.fields,
 *                in document order (disabled, with its buttons, while the question is locked);
 *   response(c)  the learner's answer in the grader's format (the types table of
 *                ARCHITECTURE.md; ordering gives display positions);
 *   set(c, r)    shows response r (null: no answer); called whenever the question is laid out;
 *   mark(c, g)   marks right and wrong parts from the parts of grade g (null: no marks);
 *   model(spec)  the expected answer as safe HTML, as the notebook quiz shows it.
 * c.check() checks the answer (Enter in a typed answer); c.draft() saves it after a change
 * that fires no input or change event (a move in an ordering). A type without an entry stops
 * its quiz with an error naming the type when the quiz is built (the page then says "This quiz
 * could not be shown."); it never gets another type's controls. A new type needs its GRADERS
 * entry in grader.js and its entry here.
 *
 * Links in the feedback: a question's paragraph note names its source text by the page
 * form's source.label and links to source.href (its page and #pN), both set by
 * quizkit.html.render_quiz per question, so a quiz quoting several texts links each to its
 * own; pages written before them (no label) say "the paper" and link to the quiz
 * container's data-paper-href at #pN. data-refs-href is the references page. A fact-sheet item links there at the anchor
 * made by the container's data-refs-anchor, a template in which {item} stands for the item
 * id in lower case with dots as hyphens ("fs-{item}": B1.5 -> #fs-b1-5); without that
 * attribute the link goes to the references page itself.
 *
 * Review hook (the book's Review page, static/review.js): QuizkitUI.render(container, item,
 * options) builds one question ({id, key, spec} as packed) with the same controls, grading and
 * attempt rule, saves nothing (quiz.transient), and after each graded try or Show answer calls
 * options.onchange(attempt state, saved-format record). options: id (prefix of element ids),
 * attempts, messages, and paper, refs and refsAnchor as a quiz container's data-paper-href,
 * data-refs-href and data-refs-anchor. QuizkitUI.items(files, uri) gives (a promise of) the
 * items of shared files the page links, by id, their source links made relative to the page's
 * URI from the site's root. Its lines are marked "review hook".
 *
 * SCORM hook (quizkit/export/scorm.py, static/scorm.js): inside a SCORM package the book is
 * shown in a frame of the package's launch page, whose window.QuizkitHost keeps the LMS
 * session. When the parent window has one, progress is loaded from it (host.load(key, spec) ->
 * state, or null; undefined for a key it does not know, which localStorage then answers) and
 * saved to it (host.save(key, state, spec)); localStorage keeps a copy of what the host holds,
 * for the book's progress and review pages. Every try and "Show answer" of a saved quiz is
 * reported to it (host.report(key, spec, state, attempt state)), and "Reset quiz" is not
 * offered (the LMS counts the tries). Without a host (no parent, or a parent of another origin,
 * whose property read throws and is caught) nothing changes. Its lines are marked "SCORM hook". */
(function () {
  "use strict";
  if (window.QuizkitUI) return window.QuizkitUI.initAll();

  /* Every text the UI shows, words, punctuation and signs alike (tests/test_assets.py finds
   * any left outside); {name} is filled in by say(). */
  var T = {
    num: "{n}.", check: "Check", hint: "Hint", retry: "Retry", reveal: "Show answer", reset: "Reset quiz",
    resetAsk: "Clear every answer and the score of this quiz?", resetYes: "Yes, clear",
    cancel: "Cancel", review: "Review the ones I missed", showAll: "Show all questions",
    correct: "Correct.", partial: "Partly right.", incorrect: "Not quite.",
    empty: "Give an answer first.", invalid: "That answer could not be read.",
    answer: "Your answer", choose: "(choose)", selectAll: "Select all that apply.",
    yes: "True", no: "False", up: "Move up", down: "Move down", upSign: "\u2191", downSign: "\u2193",
    model: "Answer: ", and: "; ", arrow: " \u2192 ", to: " to ", stop: ". ",
    moved: "Moved to position {n} of {of}.", blank: "Blank {n}", hintOf: "Hint {n} of {of}: ",
    read: "Read \u00b6{p} of {label}", paper: "the paper", background: "Background: fact sheet {f}",
    tryScored: "This try scored {s}.", shown: "Answer shown.",
    score: "Score {c} of 1 after {n} {tries}.", tryWord: "try", triesWord: "tries",
    left: "{n} {tries} left", again: "You may try again",
    worth: "; the next is worth at most {w}.", worthAll: "; the next can earn full credit.",
    status: "{a} of {n} answered, score {s}.", finished: "Finished: you scored {s} out of {n}.",
    allRight: " Every question is right.",
    oneTry: "One try per question.", nTries: "{n} tries per question", anyTries: "Unlimited tries",
    free: ", no penalty.", firstOnly: "; only a right first try earns credit.",
    second: "; a second try earns at most {w}.", each: "; each try after the first takes {p} off the score.",
    numbers: ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    shares: [[1 / 3, "one third"], [2 / 3, "two thirds"], [0.5, "half"], [0.25, "a quarter"],
      [0.75, "three quarters"]],
    broken: "This quiz could not be shown.", old: "This quiz needs a newer web browser."
  };

  function fmt(x) { return String(Math.round(x * 100) / 100); }
  function say(text, values) { return text.replace(/\{(\w+)\}/g, (m, k) => String(values[k])); }
  function tries(n) { return n === 1 ? T.tryWord : T.triesWord; }
  function cap(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  /* A share of the credit in words where it has a common name (0.3333 is one third). */
  function share(x) {
    var named = T.shares.filter((p) => Math.abs(p[0] - x) < 5e-4)[0];
    return named ? named[1] : String(Math.round(x * 1000) / 1000);
  }

  /* The attempt policy in plain words, e.g. "Two tries per question; a second try earns at most two thirds." */
  function policyText(policy) {
    var n = policy.tries, p = policy.penalty;
    if (n === 1) return T.oneTry;
    var head = n === null ? T.anyTries : say(T.nTries, { n: cap(T.numbers[n] || String(n)) });
    if (p <= 0) return head + T.free;
    if (p >= 1) return head + T.firstOnly;
    return head + (n === 2 ? say(T.second, { w: share(1 - p) }) : say(T.each, { p: share(p) }));
  }


  /* el("tag.class", {attributes; text; html (only safe HTML from the page form); onclick, hidden,
   * disabled}, [children]) */
  function el(tag, props, kids) {
    var parts = tag.split("."), n = document.createElement(parts[0]);
    if (parts[1]) n.className = parts.slice(1).join(" ");
    for (var k in props || {}) {
      var v = props[k];
      if (v == null || v === false) continue;
      if (k === "text") n.textContent = v;
      else if (k === "html") n.innerHTML = v;
      else if (k === "onclick" || k === "hidden" || k === "disabled") n[k] = v;
      else n.setAttribute(k, v);
    }
    (kids || []).forEach((c) => { if (c) n.appendChild(c); });
    return n;
  }
  function button(text, onclick, props, cls) {
    return el(cls ? "button." + cls : "button", { type: "button", text: text, onclick: onclick, ...props });
  }
  function textOf(html) { return el("div", { html: html }).textContent; }
  function select(id, options, label) {
    return el("select", { id: id, "aria-label": label }, [el("option", { value: "", text: T.choose })].concat(
      options.map((o) => el("option", { value: o.text, text: textOf(o.html) }))));
  }

  /* SCORM hook: the launch page's host, if this page is in its frame (see the top of this file) */
  var host = null;
  try { if (window.parent !== window && window.parent.QuizkitHost) host = window.parent.QuizkitHost; } catch (e) { host = null; }

  /* Storage may be unavailable (private mode, some file:// pages): then progress lives in memory. */
  var memory = {};
  function load(k, spec) {
    var kept = host ? host.load(k, spec) : undefined; /* SCORM hook: the LMS's copy first */
    if (kept !== undefined) { keep(k, kept); return kept; }
    try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return memory[k]; }
  }
  function save(k, v, spec) {
    if (host) host.save(k, v, spec); /* SCORM hook */
    keep(k, v);
  }
  function keep(k, v) {
    try { v == null ? localStorage.removeItem(k) : localStorage.setItem(k, JSON.stringify(v)); }
    catch (e) { memory[k] = v; }
  }

  var DEFAULT_POLICY = { tries: 2, penalty: 1 / 3 }; /* quizkit.attempts.AttemptPolicy() */

  function okScore(x) { return typeof x === "number" && x >= 0 && x <= 1; }

  /* Saved progress in format 2, from whatever storage holds (see the top of this file). */
  function restore(saved) {
    var s = { v: 2, r: null, h: 0, s: [], a: null, x: false, o: false };
    if (!saved || typeof saved !== "object") return s;
    s.r = saved.r === undefined ? null : saved.r;
    s.h = Number.isInteger(saved.h) && saved.h > 0 ? saved.h : 0;
    if (saved.v === 2) {
      if (Array.isArray(saved.s) && saved.s.every(okScore)) s.s = saved.s;
      s.a = saved.a === undefined ? null : saved.a;
      s.x = saved.x === true;
      s.o = saved.o === true;
    } else if (saved.g && okScore(saved.g.score)) {
      s.s = [saved.g.score];
      s.a = s.r;
    }
    return s;
  }

  /* ---- the answer area of each question type (see the top of this file) ---- */

  var html = (x) => x.html;
  /* A text field's or drop-down's answer (null when empty), and an answer put back in one. */
  var value = (field) => (field.value === "" ? null : field.value);
  function put(field, v) { field.value = v == null ? "" : v; }
  /* Marks a node right (true), wrong (false) or neither; a wrong form field is aria-invalid too. */
  function tint(node, ok, field) {
    node.classList.toggle("qk-right", ok === true);
    node.classList.toggle("qk-wrong", ok === false);
    if (field) ok === false ? node.setAttribute("aria-invalid", "true") : node.removeAttribute("aria-invalid");
  }
  function textField(id, props) {
    return el("input", { type: "text", id: id, autocomplete: "off", spellcheck: "false", ...props });
  }

  /* Choices: a radio or checkbox per option (in display order) valued by its written index;
   * read(values picked) is the response, right(g) tells whether a checked choice is right
   * (only checked choices are marked). */
  function choice(build, read, right, model) {
    return {
      build: build,
      response: (c) => read(c.fields.filter((x) => x.checked).map((x) => x.value)),
      set: (c, r) => {
        var on = [].concat(r).map(String); /* null clears: no value is "null" */
        c.fields.forEach((x) => { x.checked = on.indexOf(x.value) >= 0; });
      },
      mark: (c, g) => { c.fields.forEach((x) => { tint(x.parentNode, g && x.checked ? right(g, x) : null); }); },
      model: model
    };
  }
  function choices(c, kind, options) {
    return (options || c.spec.options).map((o, i) => {
      var x = el("input", { type: kind, name: c.id, id: c.id + "-o" + i, value: o.index });
      return el("label.qk-opt", { "for": x.id }, [x, el("span", o.text ? { text: o.text } : { html: o.html })]);
    });
  }
  var option = (g, x) => g.parts[x.value];
  var keyed = (spec) => spec.options.filter((o) => o.correct).sort((a, b) => a.index - b.index).map(html).join(T.and);

  /* A typed answer: one text field, Enter checks; right or wrong as a whole, so never marked. */
  function typed(numeric, model) {
    return {
      build: (c) => {
        var unit = c.spec.unit_html, x = textField(c.id + "-in", { inputmode: numeric && "decimal", "aria-describedby": unit && c.id + "-unit" });
        x.onkeydown = (e) => { if (e.key === "Enter") { e.preventDefault(); c.check(); } };
        return [el("div.qk-row.qk-entry", {}, [el("label", { "for": x.id, text: T.answer }), x,
          unit && el("span", { id: c.id + "-unit", html: unit })])];
      },
      response: (c) => c.fields[0].value,
      set: (c, r) => { put(c.fields[0], r); },
      mark: () => {},
      model: model
    };
  }

  /* Ordering: c.order holds display positions in the learner's order, drawn in c.list with Move
   * up and Move down on each item (focus follows the moved item). */
  function drawOrder(c, focus) {
    c.list.textContent = "";
    c.order.forEach((pos, at, order) => {
      var textId = c.id + "-i" + pos;
      function mover(label, sign, step, off) {
        return button(sign, () => { move(c, at, step); },
          { "aria-label": label, "aria-describedby": textId, disabled: off }, "qk-small");
      }
      var up = mover(T.up, T.upSign, -1, at === 0), down = mover(T.down, T.downSign, 1, at === order.length - 1);
      c.list.appendChild(el("li", {}, [el("span", { id: textId, html: c.spec.items[pos].html }), up, down]));
      if (focus && focus[0] === pos) (focus[1] < 0 && !up.disabled || down.disabled ? up : down).focus();
    });
  }
  var positions = (c) => c.spec.items.map((it, pos) => pos);
  function move(c, at, step) {
    var order = c.order, to = at + step, pos = order[at];
    order[at] = order[to]; order[to] = pos;
    drawOrder(c, [pos, step]);
    c.announce.textContent = say(T.moved, { n: to + 1, of: order.length });
    c.draft();
  }

  /* Fill-blanks: the passage is safe HTML with each blank left as the text {{id}}: parse it,
   * then replace those text runs with fields named by their blank's id, so no HTML is ever
   * split as a string. */
  function passage(c) {
    var spec = c.spec, text = el("div.qk-passage", { html: spec.passage }), found = [], seen = {}, node, n = 0;
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    while ((node = walker.nextNode())) if (node.nodeValue.indexOf("{{") >= 0) found.push(node);
    found.forEach((node) => {
      var frag = document.createDocumentFragment();
      node.nodeValue.split(/\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}/).forEach((part, i) => {
        var blank = spec.blanks.filter((b) => b.id === part)[0], field;
        if (i % 2 === 0 || !blank || seen[part]) {
          frag.appendChild(document.createTextNode(i % 2 ? "{{" + part + "}}" : part));
          return;
        }
        var label = say(T.blank, { n: ++n }), fieldId = c.id + "-b-" + part;
        field = blank.options ? select(fieldId, blank.options, label) : textField(fieldId, { "aria-label": label });
        field.name = seen[part] = part;
        frag.appendChild(field);
      });
      node.parentNode.replaceChild(frag, node);
    });
    return [text];
  }

  var TYPES = {
    "single-choice": choice((c) => choices(c, "radio"),
      (p) => p.length ? Number(p[0]) : null, option, keyed),
    "multiple-select": choice((c) => [el("p.qk-src", { text: T.selectAll })].concat(choices(c, "checkbox")),
      (p) => p.map(Number), option, keyed),
    "true-false": choice((c) => choices(c, "radio", [{ index: "true", text: T.yes }, { index: "false", text: T.no }]),
      (p) => p.length ? p[0] === "true" : null, (g) => g.correct, (spec) => spec.answer ? T.yes : T.no),
    "numeric": typed(true, (spec) => (spec.range ? spec.range.join(T.to) : String(spec.answer)) +
      (spec.unit_html ? " " + spec.unit_html : "")),
    "short-text": typed(false, (spec) => spec.answers[0][1]),
    "matching": {
      build: (c) => c.spec.lefts.map((left, i) => {
        var x = select(c.id + "-m" + i, c.spec.choices);
        return el("div.qk-row", {}, [el("label", { "for": x.id, html: left }), x]);
      }),
      response: (c) => c.fields.map(value),
      set: (c, r) => { c.fields.forEach((x, i) => { put(x, (r || {})[i]); }); },
      mark: (c, g) => { c.fields.forEach((x, i) => { tint(x, g && g.parts[i], true); }); },
      model: (spec) => spec.lefts.map((left, i) => left + T.arrow +
        spec.choices.filter((o) => o.text === spec.answers[i]).map(html)).join(T.and)
    },
    "ordering": {
      build: (c) => {
        c.order = positions(c);
        c.list = el("ol.qk-order");
        return [c.list, c.announce = el("p.qk-sr", { "aria-live": "polite" })];
      },
      response: (c) => c.order.slice(),
      set: (c, r) => {
        if (r == null) c.order = positions(c);
        else if (Array.isArray(r) && r.slice().sort().join() === c.order.slice().sort().join()) c.order = r.slice();
        drawOrder(c);
      },
      mark: (c, g) => { [...c.list.children].forEach((li, i) => { tint(li, g && g.parts[i]); }); },
      model: (spec) => spec.items.slice().sort((a, b) => a.rank - b.rank).map(html).join(T.arrow)
    },
    "fill-blanks": {
      build: passage,
      response: (c) => Object.fromEntries(c.fields.map((x) => [x.name, value(x)])),
      set: (c, r) => { c.fields.forEach((x) => { put(x, (r || {})[x.name]); }); },
      mark: (c, g) => {
        c.fields.forEach((x) => { tint(x, g && g.parts[c.spec.blanks.findIndex((b) => b.id === x.name)], true); });
      },
      model: (spec) => spec.blanks.map((b) => b.answers[0][1]).join(T.and)
    }
  };

  /* ---- feedback that needs no question state ---- */

  /* Where the answer stands, added to fb: the quote, the paper's paragraph and the fact-sheet
   * item, linked where the page says where they are (see the top of this file). */
  function showSource(fb, quiz, src) {
    var line = el("p.qk-src"), item = src.factsheet, anchor = quiz.refsAnchor;
    if (src.quote_html) line.append(el("q", { html: src.quote_html }), " ");
    if (src.paragraph) {
      var para = say(T.read, { p: src.paragraph.slice(1), label: src.label || T.paper });
      var link = src.label ? src.href : quiz.paper && quiz.paper + "#" + src.paragraph;
      line.append(link ? el("a", { href: link, text: para }) : para, item ? T.stop : "");
    }
    if (item) {
      var note = say(T.background, { f: item }), href = quiz.refs;
      if (href && anchor) href += "#" + anchor.split("{item}").join(item.toLowerCase().replace(/\./g, "-"));
      line.append(href ? el("a", { href: href, text: note }) : note);
    }
    if (line.childNodes.length) fb.appendChild(line);
  }

  /* "1 try left; the next is worth at most 0.67." (unlimited: "You may try again; ...") */
  function triesLeft(policy, st, scores) {
    var n = policy.tries === null ? null : policy.tries - st.tries_used;
    var head = n === null ? T.again : say(T.left, { n: n, tries: tries(n) });
    var worth = window.QuizkitGrader.credit(scores.concat([1]), policy.penalty);
    return head + (worth === 1 ? T.worthAll : say(T.worth, { w: fmt(worth) }));
  }

  /* ---- one question ---- */
  function Question(quiz, item, index) {
    var spec = item.spec, type = spec.type, id = quiz.id + "-q" + (index + 1);
    var kind = TYPES.hasOwnProperty(type) && TYPES[type];
    if (!kind) throw new Error("unknown question type " + type);
    var key = "quizkit:" + quiz.id + ":" + item.id + ":" + item.key;
    var state = restore(quiz.transient ? null : load(key, spec)); /* review hook: transient; SCORM hook: spec */
    var c = { spec: spec, id: id, check: check, draft: draft };
    var body = el("div.qk-body", {}, kind.build(c));
    c.fields = [...body.querySelectorAll("input,select")];
    var legend = el("div.qk-prompt", { id: id + "-prompt", tabindex: "-1" },
      [el("span.qk-num", { text: say(T.num, { n: index + 1 }) }), el("span", { html: spec.prompt })]);
    var hints = el("div.qk-hints", { id: id + "-hints", "aria-live": "polite" });
    var fb = el("div.qk-fb", { "aria-live": "polite", tabindex: "-1" });
    var checkBtn = button(T.check, check, {}, "qk-primary");
    var retryBtn = button(T.retry, retry, { hidden: true });
    var revealBtn = button(T.reveal, reveal, { hidden: true });
    var hintBtn = spec.hints.length && button(T.hint, () => { hint(state.h + 1); }, { "aria-controls": hints.id });
    var area, box = el("div.qk-q", { id: id, "data-qid": item.id, "data-type": type }, [
      area = el("fieldset", { "aria-labelledby": legend.id }, [legend, body]),
      el("div.qk-btns", {}, [checkBtn, retryBtn, revealBtn, hintBtn]), hints, fb]);

    function store() { if (!quiz.transient) save(key, state, spec); } /* review hook: transient; SCORM hook: spec */
    function tell(st) { if (host && !quiz.transient) host.report(key, spec, state, st); } /* SCORM hook */
    function draft() { if (!area.disabled) { state.r = kind.response(c); store(); } }

    function grade(r) { return window.QuizkitGrader.grade(spec, r); }
    function readable(g) { return g.status !== "empty" && g.status !== "invalid"; }
    function attempt() { return window.QuizkitGrader.attempt(quiz.policy, state.s, state.x); }

    /* Lay the question out from its state: open with the draft, or locked showing its last try. */
    function view() {
      var st = attempt(), graded = st.tries_used > 0 && (st.finished || !state.o);
      area.disabled = graded; /* and so every field and button of the answer area */
      kind.set(c, graded ? state.a : state.r);
      checkBtn.hidden = graded;
      retryBtn.hidden = !(graded && st.can_retry);
      revealBtn.hidden = !st.can_reveal;
      fb.textContent = ""; fb.className = "qk-fb";
      kind.mark(c, null);
      if (graded) show(grade(state.a), st);
      return st;
    }

    function check() {
      state.r = kind.response(c);
      var g = grade(state.r);
      if (!readable(g)) { show(g, null); return; }
      state.s.push(g.score);
      state.a = state.r;
      state.o = false;
      store();
      var st = view();
      tell(st); /* SCORM hook */
      (st.finished ? fb : retryBtn).focus();
      quiz.update();
    }

    function retry() {
      state.o = true; store();
      view();
      (c.fields[0] || legend).focus();
    }

    /* "Show answer": ends the question at the credit earned so far. */
    function reveal() {
      state.x = true; state.r = state.a; state.o = false; store();
      tell(view()); /* SCORM hook */
      fb.focus();
      quiz.update();
    }

    /* Feedback on grade g. st is the attempt state after a try, null for a Check that used none. */
    function show(g, st) {
      var verdict = T[g.status];
      if (st && st.finished) {
        verdict += (st.revealed ? " " + T.shown : "") + " " + say(T.score, { c: fmt(st.credit), n: st.tries_used, tries: tries(st.tries_used) });
      } else if (st && g.status === "partial") {
        verdict += " " + say(T.tryScored, { s: fmt(g.score) });
      }
      fb.className = "qk-fb qk-" + g.status;
      fb.textContent = "";
      fb.appendChild(el("p.qk-verdict", { text: verdict }));
      g.feedback.forEach((h) => { fb.appendChild(el("div", { html: h })); });
      /* marks from the grader's parts: per option in written order, per pair, per position of the learner's order, per blank */
      kind.mark(c, st ? g : null);
      if (!st) return;
      if (!st.finished) {
        fb.appendChild(el("p.qk-tries", { text: triesLeft(quiz.policy, st, state.s) }));
        return;
      }
      if (st.show_expected) fb.appendChild(el("p.qk-model", {}, [el("strong", { text: T.model }), el("span", { html: kind.model(spec) })]));
      if (spec.explanation) fb.appendChild(el("div.qk-expl", { html: spec.explanation }));
      showSource(fb, quiz, spec.source);
    }

    function hint(count) {
      count = Math.min(count, spec.hints.length);
      hints.textContent = "";
      for (var i = 0; i < count; i++) {
        hints.appendChild(el("div", {}, [el("strong", { text: say(T.hintOf, { n: i + 1, of: spec.hints.length }) }),
          el("span", { html: spec.hints[i] })]));
      }
      if (hintBtn) hintBtn.disabled = count >= spec.hints.length;
      if (count !== state.h) { state.h = count; store(); }
    }

    function reset() {
      save(key, null, spec);
      state = restore(null);
      hint(0);
      view();
      box.hidden = false;
    }

    /* Restore saved work: the answer, the hints shown, and the tries if the last one still
     * grades as it did (a changed grader starts the question's tries afresh). */
    if (state.s.length) {
      var last = grade(state.a);
      if (!readable(last) || last.score !== state.s[state.s.length - 1]) {
        state = restore({ v: 2, r: state.r, h: state.h });
        store();
      }
    }
    hint(state.h);
    view();
    /* Save drafts as the learner answers, so a reload keeps unfinished work too. */
    box.onchange = box.oninput = draft;

    this.box = box;
    this.legend = legend;
    this.reset = reset;
    this.result = attempt;
    this.record = () => state; /* review hook */
  }

  /* ---- one quiz ---- */
  function Quiz(root, data) {
    var self = this, questions;
    this.id = data.id;
    this.paper = root.getAttribute("data-paper-href");
    this.refs = root.getAttribute("data-refs-href");
    this.refsAnchor = root.getAttribute("data-refs-anchor");
    /* as quizkit.html.render_quiz packs it (a valid AttemptPolicy), or the defaults of quizkit.attempts */
    this.policy = data.attempts || DEFAULT_POLICY;
    var status = el("p.qk-status", { "aria-live": "polite" });
    var summary = el("div.qk-summary", { "aria-live": "polite" });
    var resetBtn = button(T.reset, askReset);
    var tools = el("div.qk-btns.qk-tools", {}, [host ? null : resetBtn]); /* SCORM hook: no Reset */
    root.append(el("p.qk-policy", { text: policyText(this.policy) }), status);
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

    /* Status and summary count credits; "missed" = finished with less than full credit. */
    this.update = () => {
      var answered = 0, finished = 0, score = 0, missed = [];
      questions.forEach((q) => {
        var st = q.result();
        if (st.tries_used) answered++;
        score += st.credit;
        if (st.finished) { finished++; if (st.credit < 1) missed.push(q); }
      });
      var n = questions.length;
      status.textContent = say(T.status, { a: answered, n: n, s: fmt(score) });
      summary.textContent = "";
      if (finished < n) return;
      summary.appendChild(el("p", { text: say(T.finished, { s: fmt(score), n: n }) + (missed.length ? "" : T.allRight) }));
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
      }, {}, "qk-primary");
      var confirm = el("div.qk-confirm", { role: "group", "aria-label": T.reset },
        [el("span", { text: T.resetAsk }), yes, button(T.cancel, close)]);
      tools.appendChild(confirm);
      yes.focus();
    }

    this.update();
  }

  /* The payload: base64 of raw DEFLATE of JSON (quizkit.html.pack), or "@n" for the n-th of
   * the page's quizzes packed together in #qk-page-data (quizkit.html.pack_page), which is
   * unpacked once for them all: {quizzes, files, page}. A question given there by its id
   * alone comes from one of the shared files the page links before this script
   * (self.QuizkitData[name], packed the same way; quizkit.html.SharedFile), and its source
   * link, given from the site's root, is made relative to the page's own URI from there
   * (page), as quizkit.html.relative_href makes it. */
  var pagePacked = null;
  function inflate(text) {
    var bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }
  function relative(page, target) {
    var here = page.split("/").slice(0, -1), there = target.split("/"), n = 0;
    while (n < Math.min(here.length, there.length - 1) && here[n] === there[n]) n++;
    return "../".repeat(here.length - n) + there.slice(n).join("/");
  }
  /* The items of the shared files named (by id), their source links made relative to the
   * page at uri; also for the review page (review hook: QuizkitUI.items). */
  function sharedItems(files, uri) {
    var found = window.QuizkitData || {};
    return Promise.all(files.map((name) => inflate(found[name]))).then((lists) => {
      var items = {};
      lists.forEach((list) => {
        list.forEach((item) => {
          var note = item.spec.source;
          if (note && note.href) note.href = relative(uri || "", note.href);
          items[item.id] = item;
        });
      });
      return items;
    });
  }
  function shared(page) {
    return sharedItems(page.files || [], page.page).then((items) => {
      page.quizzes.forEach((quiz) => {
        quiz.questions = quiz.questions.map((entry) => typeof entry === "string" ? JSON.parse(JSON.stringify(items[entry])) : entry);
      });
      return page.quizzes;
    });
  }
  function unpack(text) {
    var ref = /^\s*@(\d+)\s*$/.exec(text);
    if (!ref) return inflate(text);
    pagePacked = pagePacked || inflate(document.getElementById("qk-page-data").textContent).then(shared);
    return pagePacked.then((all) => all[+ref[1]]);
  }

  /* A link to one question (#<quiz id>-q<n>, as the progress page makes them) finds nothing
   * when the page loads, the question being built later: once every quiz of the page is
   * built, the question is scrolled to and its prompt focused. */
  function showLinked() {
    var id = decodeURIComponent(location.hash.slice(1)), box = id && document.getElementById(id);
    if (!box || !box.classList.contains("qk-q")) return;
    box.scrollIntoView({ block: "start" });
    box.querySelector(".qk-prompt").focus({ preventScroll: true });
  }

  function initAll() {
    var built = [];
    document.querySelectorAll("[data-quizkit]").forEach((root) => {
      if (root.qkStarted) return;
      root.qkStarted = true;
      built.push(new Promise((ok) => { ok(root.querySelector(".qk-data").textContent); }).then(unpack).then((data) => {
        root.quizkit = new Quiz(root, data);
        root.setAttribute("data-qk-ready", "1");
      }).catch((e) => {
        root.appendChild(el("p.qk-fb.qk-invalid", { text: window.DecompressionStream ? T.broken : T.old }));
        if (window.console) console.warn("quizkit:", e);
      }));
    });
    if (built.length) Promise.all(built).then(showLinked);
  }
  window.addEventListener("hashchange", showLinked);

  /* review hook: one question outside a quiz (see the top of this file) */
  function render(container, item, options) {
    var q, quiz = { id: options.id, policy: options.attempts || DEFAULT_POLICY,
      paper: options.paper, refs: options.refs, transient: true,
      refsAnchor: options.refsAnchor,
      update: () => { if (options.onchange) options.onchange(q.result(), q.record()); } };
    item.spec.messages = item.spec.messages || options.messages;
    q = new Question(quiz, item, 0);
    container.appendChild(q.box);
    return q;
  }

  window.QuizkitUI = { initAll: initAll, render: render, items: sharedItems, version: "0.1.0" };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
