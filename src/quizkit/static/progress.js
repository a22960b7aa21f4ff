/* quizkit progress: the learner's saved progress across the book, and the "Your progress" page.
 *
 * QuizkitProgress (window, or module.exports in Node) holds what the progress and review pages
 * share: reading what quizkit.js saved of each question (localStorage "quizkit:<quiz id>:
 * <question id>:<key>", format 2), the learner's standing from it, the review schedule
 * (localStorage "quizkit-review": {v: 1, cards: {<question id>: {since, log: [[time, rating]]}}},
 * see quizkit/review.py for the rule), the progress file (download, validation, load, reset),
 * and the FSRS rating of a finished question. The page component is built from the packed
 * index in <div data-qk-page="progress"> (quizkit/sphinx_progress.py). Text from the bank
 * arrives as plain text and is inserted with textContent only. Nothing is fetched. */
(function (api) {
  "use strict";
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (typeof window !== "undefined") {
    window.QuizkitProgress = api;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", api.initAll);
    else api.initAll();
  }
})((function () {
  "use strict";
  var PREFIX = "quizkit:", REVIEW_KEY = "quizkit-review", FORMAT = "quizkit-progress", VERSION = 1;
  var KEY = /^quizkit:[A-Za-z0-9_.-]+:[a-z0-9]+(?:-[a-z0-9]+)*:[0-9a-f]{1,64}$/;
  var QID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;
  var AGAIN = 1, HARD = 2, GOOD = 3;

  var T = {
    summary: "You have answered {a} of the {n} questions in the book and earned {c} of {n} credits ({p}%).",
    missedCount: " {m} to look at again.", allLeft: "No question answered yet in this browser.",
    chart: "Questions per chapter: right, missed, started and not yet answered",
    chartDesc: "{t}: {r} right, {m} missed, {s} started, {l} not yet answered, of {n}.",
    right: "Right", missed: "Missed", started: "Started", left: "Not yet answered",
    byChapter: "By chapter", byObjective: "By learning objective", missedTitle: "Questions to look at again",
    noMissed: "None: every question you finished was fully right.",
    chapter: "Chapter", objective: "Objective", questions: "Questions", answered: "Answered",
    credit: "Credit", toDo: "Left", chapterN: "Chapter {n}: {t}",
    place: " ({page}, {quiz}question {n})", quizTitle: "\u201c{t}\u201d, ",
    scheduled: "{n} question{s} in your review schedule.", toReview: "Go to the review",
    file: "Your progress file", download: "Download progress", load: "Load progress from a file",
    loadNote: "Loading a file replaces the progress saved in this browser.",
    reset: "Reset progress", resetAsk: "Clear every saved answer and your review schedule in this browser?",
    resetYes: "Yes, clear everything", cancel: "Cancel", resetDone: "Your progress in this browser was cleared.",
    loaded: "Loaded the progress saved on {d}: {q} saved answers, {c} questions in the review schedule.",
    downloaded: "Downloaded {f}.", badFile: "That file was not loaded, nothing changed: {e}",
    notJson: "it is not JSON ({e})", noStore: "This browser does not let the page keep anything: progress lasts until the page is closed.",
    broken: "This page could not be shown.", old: "This page needs a newer web browser."
  };
  function say(text, values) { return text.replace(/\{(\w+)\}/g, (m, k) => String(values[k])); }
  function fmt(x) { return String(Math.round(x * 100) / 100); }

  /* ---- storage (localStorage, or memory where a browser refuses it) ---- */
  var memory = null;
  function store() {
    if (memory) return memory;
    try {
      var s = window.localStorage, probe = "quizkit-probe";
      s.setItem(probe, "1"); s.removeItem(probe);
      return s;
    } catch (e) {
      memory = { d: {}, get length() { return Object.keys(this.d).length; },
        key(i) { return Object.keys(this.d)[i]; }, getItem(k) { return k in this.d ? this.d[k] : null; },
        setItem(k, v) { this.d[k] = String(v); }, removeItem(k) { delete this.d[k]; }, fallback: true };
      return memory;
    }
  }
  function keys(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var k = s.key(i);
      if (k === REVIEW_KEY || k.indexOf(PREFIX) === 0) out.push(k);
    }
    return out;
  }
  function readJson(s, k) { try { return JSON.parse(s.getItem(k)); } catch (e) { return null; } }

  /* What is wrong with one saved question, or null (quizkit.review.check_record). */
  function recordProblem(r) {
    if (!r || typeof r !== "object" || Array.isArray(r)) return "must be an object";
    if (r.v !== 2) return "v must be 2 (the format of saved answers)";
    var s = r.s === undefined ? [] : r.s;
    if (!Array.isArray(s) || !s.every((x) => typeof x === "number" && isFinite(x) && x >= 0 && x <= 1)) {
      return "s must be a list of scores from 0 to 1";
    }
    var h = r.h === undefined ? 0 : r.h;
    if (!Number.isInteger(h) || h < 0) return "h must be a whole number of hints, 0 or more";
    if (["x", "o"].some((f) => r[f] !== undefined && typeof r[f] !== "boolean")) return "x and o must be true or false";
    return null;
  }

  /* Saved answers: {key: record} of every readable record (quizkit.js' own restore decides the rest). */
  function records(s) {
    var out = {};
    keys(s || store()).forEach((k) => {
      if (k === REVIEW_KEY) return;
      var r = readJson(s || store(), k);
      if (KEY.test(k) && !recordProblem(r)) out[k] = r;
    });
    return out;
  }

  /* The FSRS rating of a finished question (quizkit.review.rating). */
  function rating(r) {
    var s = r.s || [];
    if (r.x || !s.length) return AGAIN;
    var last = s[s.length - 1];
    if (last === 1) return s.length === 1 && !r.h ? GOOD : HARD;
    return last > 0 ? HARD : AGAIN;
  }

  function attempt(place, r) {
    var policy = { tries: place.tries, penalty: place.penalty };
    return (typeof window !== "undefined" ? window.QuizkitGrader : require("./grader.js")).attempt(policy, r.s || [], r.x === true);
  }

  /* Each question's standing from the saved answers of every quiz that asks it: the best
   * credit, finished or not, the worst rating of a finished answer, and the place to link. */
  function standing(data, recs) {
    var questions = {};
    data.questions.forEach((q) => {
      var st = { id: q.id, answered: false, finished: false, credit: 0, rating: null, place: q.places[0] };
      q.places.forEach((p) => {
        var r = recs["quizkit:" + p.quiz + ":" + q.id + ":" + p.key];
        if (!r || !(r.s || []).length) return;
        var a = attempt(p, r);
        st.answered = true;
        if (a.credit > st.credit) st.credit = a.credit;
        if (a.finished) {
          var g = rating(r);
          if (!st.finished || g < st.rating) { st.rating = g; st.place = p; }
          st.finished = true;
        }
      });
      st.status = !st.answered ? "left" : !st.finished ? "started" : st.credit === 1 ? "right" : "missed";
      questions[q.id] = st;
    });
    function tally(list) {
      var t = { n: list.length, answered: 0, credit: 0, right: 0, missed: 0, started: 0, left: 0 };
      list.forEach((q) => {
        var st = questions[q.id];
        if (st.answered) t.answered++;
        t.credit += st.credit;
        t[st.status]++;
      });
      t.credit = Math.round(t.credit * 100) / 100;
      t.todo = t.n - t.right - t.missed;
      return t;
    }
    var chapters = data.chapters.map((c) => {
      var qs = data.questions.filter((q) => q.chapter === c.id);
      return { chapter: c, total: tally(qs), questions: qs,
        objectives: c.objectives.map((o) => ({ objective: o, total: tally(qs.filter((q) => q.objectives.indexOf(o.id) >= 0)) })) };
    }).filter((c) => c.questions.length);
    return { questions: questions, chapters: chapters, total: tally(data.questions) };
  }

  /* ---- the review schedule ---- */
  function emptyReview() { return { v: 1, cards: {} }; }
  function reviewState(s) {
    var r = readJson(s || store(), REVIEW_KEY);
    try { return r && r.v === 1 ? { v: 1, cards: checkCards(r.cards) } : emptyReview(); } catch (e) { return emptyReview(); }
  }
  function saveReview(review, s) { (s || store()).setItem(REVIEW_KEY, JSON.stringify(review)); }

  /* Enter each question finished in a chapter and not yet scheduled (quizkit.review.enter_answer):
   * rated Good, that answer is its first review now; missed, a new card due at once. */
  function sync(data, now, s) {
    var review = reviewState(s), st = standing(data, records(s)).questions, when = new Date(now).toISOString(), added = 0;
    Object.keys(st).forEach((qid) => {
      var q = st[qid];
      if (!q.finished || review.cards[qid]) return;
      review.cards[qid] = { since: when, log: q.rating === GOOD ? [[when, GOOD]] : [] };
      added++;
    });
    if (added) saveReview(review, s);
    return review;
  }

  function checkTime(t, where) {
    if (typeof t !== "string" || !ISO.test(t) || isNaN(Date.parse(t))) throw new Error(where + ": not a time like 2026-01-05T09:00:00.000Z");
    return Date.parse(t);
  }
  function checkCards(cards) {
    if (!cards || typeof cards !== "object" || Array.isArray(cards)) throw new Error("review.cards must be an object");
    Object.keys(cards).forEach((qid) => {
      var c = cards[qid], where = "review.cards." + qid;
      if (!QID.test(qid)) throw new Error("review.cards: \u201c" + qid + "\u201d is not a question id");
      if (!c || typeof c !== "object" || (c.log !== undefined && !Array.isArray(c.log))) throw new Error(where + ": must be an object with since and log");
      var last = checkTime(c.since, where + ".since");
      c.log = c.log || [];
      c.log.forEach((item, n) => {
        var at = where + ".log[" + n + "]";
        if (!Array.isArray(item) || item.length !== 2) throw new Error(at + ": must be [time, rating]");
        var t = checkTime(item[0], at);
        if (!Number.isInteger(item[1]) || item[1] < 1 || item[1] > 4) throw new Error(at + ": the rating must be 1 to 4");
        if (t < last) throw new Error(at + ": reviews must be in time order");
        last = t;
      });
    });
    return cards;
  }

  /* ---- the progress file (quizkit.review.parse_progress) ---- */
  function makeFile(now, s) {
    return { format: FORMAT, version: VERSION, saved: new Date(now).toISOString(), quizzes: records(s), review: { cards: reviewState(s).cards } };
  }
  /* The file's content checked whole; throws an Error whose message says what is wrong. */
  function parseFile(text) {
    var d;
    try { d = JSON.parse(text); } catch (e) { throw new Error(say(T.notJson, { e: e.message })); }
    if (!d || typeof d !== "object" || d.format !== FORMAT) throw new Error("it is not a quizkit progress file (no \u201cformat\u201d: \u201c" + FORMAT + "\u201d)");
    if (!Number.isInteger(d.version)) throw new Error("version must be a whole number");
    if (d.version > VERSION) throw new Error("it was written by a newer quizkit (version " + d.version + "; this page reads " + VERSION + ")");
    if (d.version < VERSION) throw new Error("version " + d.version + " is older than any quizkit wrote");
    var quizzes = d.quizzes === undefined ? {} : d.quizzes;
    if (!quizzes || typeof quizzes !== "object" || Array.isArray(quizzes)) throw new Error("quizzes must be an object");
    Object.keys(quizzes).forEach((k) => {
      if (!KEY.test(k)) throw new Error("quizzes: \u201c" + k + "\u201d is not a saved question\u2019s key");
      var p = recordProblem(quizzes[k]);
      if (p) throw new Error("quizzes: " + k + ": " + p);
    });
    var review = d.review === undefined ? { cards: {} } : d.review;
    if (!review || typeof review !== "object") throw new Error("review.cards must be an object");
    return { saved: d.saved, quizzes: quizzes, cards: checkCards(review.cards === undefined ? {} : review.cards) };
  }
  /* Replace the saved progress with a parsed file, all or nothing. */
  function apply(parsed, s) {
    s = s || store();
    var before = {};
    keys(s).forEach((k) => { before[k] = s.getItem(k); });
    try {
      Object.keys(before).forEach((k) => { s.removeItem(k); });
      Object.keys(parsed.quizzes).forEach((k) => { s.setItem(k, JSON.stringify(parsed.quizzes[k])); });
      saveReview({ v: 1, cards: parsed.cards }, s);
    } catch (e) {
      keys(s).forEach((k) => { s.removeItem(k); });
      Object.keys(before).forEach((k) => { s.setItem(k, before[k]); });
      throw e;
    }
  }
  function resetAll(s) { s = s || store(); keys(s).forEach((k) => { s.removeItem(k); }); }

  /* The page's packed data: base64 of raw DEFLATE of JSON (quizkit.html.pack). */
  function unpack(text) {
    var bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }

  /* ---- the page ---- */
  function el(tag, props, kids) {
    var parts = tag.split("."), n = document.createElement(parts[0]);
    if (parts[1]) n.className = parts.slice(1).join(" ");
    for (var k in props || {}) {
      var v = props[k];
      if (v == null || v === false) continue;
      if (k === "text") n.textContent = v;
      else if (k === "onclick") n.addEventListener("click", v);
      else n.setAttribute(k, v);
    }
    (kids || []).forEach((c) => { if (c) n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, kids) {
    var n = document.createElementNS(SVG, tag);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    (kids || []).forEach((c) => { n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function chapterName(c) { return say(T.chapterN, { n: c.number, t: c.title }); }

  var SEGMENTS = ["right", "missed", "started", "left"];
  /* Stacked bars per chapter, with a title and description for assistive technology and the
   * same figures in the table that follows. */
  function chart(st, id) {
    /* Widths in percent and text in CSS pixels, so labels stay readable at any width. */
    var rowH = 46, top = 4, h = top + st.chapters.length * rowH;
    var desc = st.chapters.map((c) => say(T.chartDesc, { t: chapterName(c.chapter), r: c.total.right,
      m: c.total.missed, s: c.total.started, l: c.total.left, n: c.total.n })).join(" ");
    var root = svg("svg", { width: "100%", height: h, role: "img", "aria-labelledby": id + "-t " + id + "-d", class: "qk-chart" },
      [svg("title", { id: id + "-t" }, [T.chart]), svg("desc", { id: id + "-d" }, [desc])]);
    st.chapters.forEach((c, i) => {
      var y = top + i * rowH, x = 0;
      root.appendChild(svg("text", { x: 0, y: y + 13, class: "qk-chart-label" }, [chapterName(c.chapter)]));
      SEGMENTS.forEach((seg) => {
        var n = c.total[seg];
        if (!n) return;
        var width = (100 * n) / c.total.n;
        root.appendChild(svg("rect", { x: x + "%", y: y + 19, width: width + "%", height: 20, class: "qk-seg qk-seg-" + seg }));
        if (width > 6) root.appendChild(svg("text", { x: x + width / 2 + "%", y: y + 34, class: "qk-seg-n qk-segn-" + seg, "text-anchor": "middle" }, [String(n)]));
        x += width;
      });
    });
    var legend = el("ul.qk-legend", {}, SEGMENTS.map((seg) => el("li", {}, [el("span.qk-key.qk-seg-" + seg, { "aria-hidden": "true" }), T[seg]])));
    return el("figure.qk-figure", {}, [el("div.qk-chart-box", {}, [root]), el("figcaption", { text: T.chart + "." }), legend]);
  }

  function table(caption, firstHead, rows) {
    var head = el("tr", {}, [firstHead, T.questions, T.answered, T.credit, T.toDo].map((t) => el("th", { scope: "col", text: t })));
    var body = rows.map((r) => el("tr", {}, [el("th", { scope: "row", text: r[0] })].concat(
      [r[1].n, r[1].answered, fmt(r[1].credit), r[1].todo].map((v) => el("td", { text: String(v) })))));
    return el("div.qk-table-box", { role: "region", "aria-label": caption, tabindex: "0" }, [
      el("table.qk-table", {}, [el("caption", { text: caption }), el("thead", {}, [head]), el("tbody", {}, body)])]);
  }

  function ProgressPage(root, data) {
    var s = store(), view = el("div.qk-view"), status = el("p.qk-msg", { role: "status", "aria-live": "polite" });
    var alert = el("p.qk-msg.qk-error", { role: "alert" });

    function draw() {
      var review = sync(data, Date.now(), s), st = standing(data, records(s)), t = st.total;
      var kids = [];
      kids.push(el("p.qk-lead", { text: t.answered ? say(T.summary, { a: t.answered, n: t.n, c: fmt(t.credit), p: Math.round((100 * t.credit) / (t.n || 1)) }) +
        (t.missed ? say(T.missedCount, { m: t.missed }) : "") : T.allLeft }));
      var scheduled = Object.keys(review.cards).length;
      if (data.review_href) {
        kids.push(el("p", {}, [say(T.scheduled, { n: scheduled, s: scheduled === 1 ? "" : "s" }) + " ",
          el("a", { href: data.review_href, text: T.toReview })]));
      }
      kids.push(el("h2", { text: T.byChapter }), chart(st, "qk-progress-chart"));
      kids.push(table(T.byChapter, T.chapter, st.chapters.map((c) => [chapterName(c.chapter), c.total])));
      kids.push(el("h2", { text: T.byObjective }));
      st.chapters.forEach((c) => {
        kids.push(el("h3", { text: chapterName(c.chapter) }));
        kids.push(table(T.byObjective + ": " + chapterName(c.chapter), T.objective, c.objectives.filter((o) => o.total.n).map((o) => [o.objective.text, o.total])));
      });
      kids.push(el("h2", { text: T.missedTitle }));
      var any = false;
      st.chapters.forEach((c) => {
        var missed = c.questions.filter((q) => st.questions[q.id].status === "missed");
        if (!missed.length) return;
        any = true;
        kids.push(el("h3", { text: chapterName(c.chapter) }));
        kids.push(el("ul.qk-missed", {}, missed.map((q) => {
          var p = st.questions[q.id].place;
          return el("li", { "data-qid": q.id }, [el("a", { href: p.href, text: q.prompt }),
            say(T.place, { page: p.page, quiz: p.title ? say(T.quizTitle, { t: p.title }) : "", n: p.n })]);
        })));
      });
      if (!any) kids.push(el("p", { text: T.noMissed }));
      view.textContent = "";
      kids.forEach((k) => { view.appendChild(k); });
    }

    var file = el("input.qk-file", { type: "file", id: "qk-progress-file", accept: ".json,application/json", "aria-describedby": "qk-progress-load-note" });
    var downloadBtn = el("button.qk-primary", { type: "button", text: T.download });
    var resetBtn = el("button", { type: "button", text: T.reset });
    var tools = el("div.qk-btns", {}, [downloadBtn, resetBtn]);
    var section = el("section.qk-file-tools", { "aria-labelledby": "qk-progress-file-h" }, [
      el("h2", { id: "qk-progress-file-h", text: T.file }), tools,
      el("div.qk-load", {}, [el("label", { "for": file.id, text: T.load }), file]),
      el("p.qk-note", { id: "qk-progress-load-note", text: T.loadNote }), status, alert]);

    function tell(text, bad) { status.textContent = bad ? "" : text; alert.textContent = bad ? text : ""; }

    downloadBtn.addEventListener("click", () => {
      var now = Date.now(), name = "quizkit-progress-" + new Date(now).toISOString().slice(0, 10) + ".json";
      var blob = new Blob([JSON.stringify(makeFile(now, s), null, 1) + "\n"], { type: "application/json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => { URL.revokeObjectURL(a.href); }, 1000);
      tell(say(T.downloaded, { f: name }));
    });
    file.addEventListener("change", () => {
      var f = file.files && file.files[0];
      if (!f) return;
      f.text().then((text) => {
        var parsed = parseFile(text);
        apply(parsed, s);
        draw();
        tell(say(T.loaded, { d: typeof parsed.saved === "string" ? parsed.saved.slice(0, 10) : "?", q: Object.keys(parsed.quizzes).length, c: Object.keys(parsed.cards).length }));
      }).catch((e) => { tell(say(T.badFile, { e: e.message }), true); }).then(() => { file.value = ""; });
    });
    resetBtn.addEventListener("click", () => {
      if (tools.querySelector(".qk-confirm")) return;
      function close() { confirm.remove(); resetBtn.focus(); }
      var yes = el("button.qk-primary", { type: "button", text: T.resetYes });
      var confirm = el("div.qk-confirm", { role: "group", "aria-label": T.reset }, [el("span", { text: T.resetAsk }), yes,
        el("button", { type: "button", text: T.cancel, onclick: close })]);
      yes.addEventListener("click", () => { resetAll(s); draw(); close(); tell(T.resetDone); });
      tools.appendChild(confirm);
      yes.focus();
    });

    if (s.fallback) root.appendChild(el("p.qk-note", { text: T.noStore }));
    root.append(view, section);
    draw();
    this.draw = draw;
  }

  function initAll() {
    document.querySelectorAll('[data-qk-page="progress"]').forEach((root) => {
      if (root.qkStarted) return;
      root.qkStarted = true;
      new Promise((ok) => { ok(root.querySelector(".qk-page-data").textContent); }).then(unpack).then((data) => {
        root.qkPage = new ProgressPage(root, data);
        root.setAttribute("data-qk-ready", "1");
      }).catch((e) => {
        root.appendChild(el("p.qk-msg.qk-error", { text: window.DecompressionStream ? T.broken : T.old }));
        if (window.console) console.warn("quizkit:", e);
      });
    });
  }

  return {
    FORMAT: FORMAT, VERSION: VERSION, REVIEW_KEY: REVIEW_KEY, store: store, records: records, rating: rating,
    standing: standing, sync: sync, reviewState: reviewState, saveReview: saveReview, makeFile: makeFile,
    parseFile: parseFile, apply: apply, resetAll: resetAll, unpack: unpack, el: el, initAll: initAll, text: T
  };
})());
