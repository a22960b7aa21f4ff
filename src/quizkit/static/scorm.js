/* quizkit SCORM host: the launch page of a SCORM package (quizkit/export/scorm.py).
 *
 * The package is one SCO. scorm/launch.html loads grader.js, course.js (window.QuizkitCourse:
 * the SCORM version, every quiz and question slot of the book, the start page, the mastery
 * score, the suspend-data limit) and this script, and shows the book in the frame #qk-book.
 *
 * At load the script looks for the LMS's API object (API for SCORM 1.2, API_1484_11 for
 * 2004) the standard way: this window and its parents up to the top, then the opener and its
 * parents, then the top window's opener, a bounded number of steps, every property read in
 * try/catch (a window of another origin throws). Found and initialised (once), it restores
 * the learner's progress from the suspend data and sets window.QuizkitHost, which the book's
 * quizkit.js finds as window.parent.QuizkitHost: the quizzes then load and save their
 * progress through it (host.load(key, spec), host.save(key, state, spec)) and report each
 * graded try (host.report(key, spec, state, attempt)). Not found (the package opened from disk
 * or a web host), no host is set and the book behaves as it always does; found but refusing
 * to start (a second launch of one session), a note says progress is not being recorded.
 *
 * What the LMS receives, after every graded try (then Commit), on every page change and when
 * the page is hidden (Commit), and when the launch page goes away (then Terminate):
 * - score: each question of the book counts once, at the best credit of the slots that ask
 *   it (a question in a chapter's quiz and in its exercise page is one question, as on the
 *   book's progress page): raw = 100 x (sum of the questions' credits) / (number of
 *   questions), min 0, max 100; SCORM 2004 also scaled = the same fraction. Credits follow
 *   the attempt rule (QuizkitGrader.attempt, quizkit/attempts.py).
 * - status: complete when every question is finished in at least one of its slots. With a
 *   mastery score (the LMS's, else the package's), passed as soon as the questions' finished
 *   credit (each its best finished slot's) reaches it, failed as soon as it can no longer be
 *   reached (a question with a slot still open may yet earn 1; the others keep their finished
 *   credit). SCORM 1.2 cmi.core.lesson_status: passed / failed, else completed / incomplete;
 *   2004 cmi.completion_status completed / incomplete, cmi.success_status passed / failed /
 *   unknown, cmi.progress_measure the share of questions finished.
 * - one interaction per slot tried, written again after each later try: id (the slot's
 *   <page>.<question id>), type, the learner's response in the data model's format, result
 *   (correct, wrong / incorrect, or the partial score), weighting 1, the time; 2004 also the
 *   prompt as description. Options, right-hand partners and ordering items are named a, b,
 *   c... in the bank's written order (partners: in the order of the pairs, then distractors),
 *   the items to match 1, 2, 3...
 * - suspend data (below), the page shown (cmi.core.lesson_location / cmi.location, reopened at
 *   the next launch), session time, and exit "suspend" so the next launch resumes.
 *
 * Suspend data, format 1: "1" then one entry per question slot with progress, joined by "|";
 * slots tried first, in the order of their first try (an entry's place there is its
 * interaction's index), then slots with only a draft or hints.
 *   entry = SLOT TRIES ["x"] ["o"] ["r"] ["h" HINTS] ["=" PART] [":" ANSWER] [";" DRAFT]
 * SLOT is the slot's index in base 36, fixed width for the course; TRIES and HINTS decimal;
 * x = answer shown, o = open again after Retry; the last try's score is 1 with r, PART when
 * partial (".5"), else 0; ANSWER (with any try) the last try's response and DRAFT the
 * response in the fields when it differs from it,
 * both encoded against the question's page form: indices in base 36 (options by written
 * index, matching partners and blank options by display index, ordering by display position,
 * fixed width per question, "-" for none), "t"/"f", typed text with "~" escapes for "~|;,"
 * (~0 ~1 ~2 ~3), fill-blank fields joined by ",". Only the last try's score and the number
 * of tries are kept: they decide the credit (quizkit/attempts.py). When the data would pass
 * the version's limit (4,096 characters in SCORM 1.2), drafts go first, then entries without
 * tries, then typed answers are cut (64, 32, 16, 8 characters), then entries from the end.
 *
 * In Node, module.exports is the codec (for tests); the host part needs a browser. */
(function () {
  "use strict";

  /* ---- the suspend-data codec ---- */
  var Codec = (function () {
    var ESC = { "~": "~0", "|": "~1", ";": "~2", ",": "~3" };
    var UNESC = { "0": "~", "1": "|", "2": ";", "3": "," };
    var TEXT_TYPES = { "numeric": 1, "short-text": 1 };

    function esc(text) { return String(text).replace(/[~|;,]/g, (c) => ESC[c]); }
    function unesc(text) { return text.replace(/~([0-3])/g, (m, d) => UNESC[d]); }
    function width(n) { var w = 1; while (Math.pow(36, w) < n) w++; return w; }
    function num(i, w) { var s = i.toString(36); while (s.length < w) s = "0" + s; return s; }
    function none(w) { return new Array(w + 1).join("-"); }
    function chunks(text, w) {
      var out = [];
      for (var i = 0; i < text.length; i += w) out.push(text.slice(i, i + w));
      return out;
    }
    function index(chunk, size) {
      if (!/^[0-9a-z]+$/.test(chunk)) return undefined;
      var i = parseInt(chunk, 36);
      return i < size ? i : undefined;
    }
    function isInt(x, size) { return typeof x === "number" && x % 1 === 0 && x >= 0 && x < size; }
    function textIndex(list, text) {
      for (var i = 0; i < list.length; i++) if (list[i].text === text) return i;
      return -1;
    }

    /* A response (the grader's format) as text, or null when it does not fit the question. */
    function body(spec, r) {
      var t = spec.type, w, out;
      if (t === "single-choice") {
        if (r == null) return "";
        return isInt(r, spec.options.length) ? num(r, width(spec.options.length)) : null;
      }
      if (t === "multiple-select") {
        if (r == null) return "";
        w = width(spec.options.length);
        if (!Array.isArray(r) || !r.every((i) => isInt(i, spec.options.length))) return null;
        return r.map((i) => num(i, w)).join("");
      }
      if (t === "true-false") return r == null ? "" : r === true ? "t" : r === false ? "f" : null;
      if (TEXT_TYPES[t]) return r == null ? "" : typeof r === "string" ? esc(r) : null;
      if (t === "matching") {
        if (r == null) return "";
        w = width(spec.choices.length);
        if (!Array.isArray(r) || r.length !== spec.lefts.length) return null;
        out = r.map((text) => {
          var i = text == null ? -1 : textIndex(spec.choices, text);
          return i < 0 ? none(w) : num(i, w);
        });
        return out.join("");
      }
      if (t === "ordering") {
        if (r == null) return "";
        w = width(spec.items.length);
        if (!Array.isArray(r) || r.length !== spec.items.length || !r.every((i) => isInt(i, spec.items.length))) return null;
        return r.map((i) => num(i, w)).join("");
      }
      if (t === "fill-blanks") {
        if (r == null || typeof r !== "object") return r == null ? "" : null;
        return spec.blanks.map((b) => {
          var v = r[b.id];
          if (b.options) {
            var i = v == null ? -1 : textIndex(b.options, v);
            return i < 0 ? "-" : num(i, width(b.options.length));
          }
          return v == null ? "" : esc(v);
        }).join(",");
      }
      return null;
    }

    /* The response a body stands for, or undefined when it does not fit the question. */
    function unbody(spec, text) {
      var t = spec.type, w, parts;
      if (t === "single-choice") return text === "" ? null : index(text, spec.options.length);
      if (t === "multiple-select") {
        parts = chunks(text, width(spec.options.length)).map((c) => index(c, spec.options.length));
        return parts.indexOf(undefined) >= 0 ? undefined : parts;
      }
      if (t === "true-false") return text === "t" ? true : text === "f" ? false : text === "" ? null : undefined;
      if (TEXT_TYPES[t]) return unesc(text);
      if (t === "matching") {
        if (text === "") return null;
        w = width(spec.choices.length);
        parts = chunks(text, w);
        if (parts.length !== spec.lefts.length) return undefined;
        parts = parts.map((c) => {
          if (c === none(w)) return null;
          var i = index(c, spec.choices.length);
          return i === undefined ? undefined : spec.choices[i].text;
        });
        return parts.indexOf(undefined) >= 0 ? undefined : parts;
      }
      if (t === "ordering") {
        if (text === "") return null;
        parts = chunks(text, width(spec.items.length)).map((c) => index(c, spec.items.length));
        if (parts.length !== spec.items.length || parts.indexOf(undefined) >= 0) return undefined;
        return parts.slice().sort((a, b) => a - b).every((p, i) => p === i) ? parts : undefined;
      }
      if (t === "fill-blanks") {
        if (text === "") return spec.blanks.length === 1 && !spec.blanks[0].options ? {} : null;
        parts = text.split(",");
        if (parts.length !== spec.blanks.length) return undefined;
        var r = {}, ok = true;
        spec.blanks.forEach((b, k) => {
          if (b.options) {
            var i = parts[k] === "-" ? null : index(parts[k], b.options.length);
            if (i === undefined) ok = false;
            r[b.id] = i == null ? null : b.options[i].text;
          } else {
            r[b.id] = parts[k] === "" ? null : unesc(parts[k]);
          }
        });
        return ok ? r : undefined;
      }
      return undefined;
    }

    /* Saved state (quizkit.js format 2) -> record {n, last, x, o, h, a, r} (bodies as text). */
    function record(state, spec) {
      if (!state || typeof state !== "object") return null;
      var s = Array.isArray(state.s) ? state.s : [];
      var rec = { n: s.length, last: s.length ? s[s.length - 1] : 0, x: state.x === true,
        o: state.o === true, h: state.h > 0 ? state.h : 0, a: null, r: null };
      if (rec.n) {
        rec.a = body(spec, state.a);
        if (rec.a === null) return null;
      }
      var draft = state.r == null ? null : body(spec, state.r);
      if (draft !== null && !(rec.n ? draft === rec.a : draft === "")) rec.r = draft;
      return rec.n || rec.h || rec.r !== null || rec.x || rec.o ? rec : null;
    }

    /* Record -> saved state for quizkit.js, or null when it does not fit the question. */
    function state(rec, spec) {
      var st = { v: 2, r: null, h: rec.h, s: [], a: null, x: rec.x, o: rec.o };
      if (rec.n) {
        st.a = unbody(spec, rec.a);
        if (st.a === undefined) return null;
        for (var i = 1; i < rec.n; i++) st.s.push(0);
        st.s.push(rec.last);
        st.r = st.a;
      }
      if (rec.r !== null) {
        var draft = unbody(spec, rec.r);
        if (draft !== undefined) st.r = draft;
      }
      return st;
    }

    function entry(slot, w, rec, withDraft) {
      var part = rec.n && rec.last > 0 && rec.last < 1;
      var out = num(slot, w) + rec.n + (rec.x ? "x" : "") + (rec.o ? "o" : "") +
        (rec.n && rec.last === 1 ? "r" : "") + (rec.h ? "h" + rec.h : "") +
        (part ? "=" + String(rec.last).replace(/^0\./, ".") : "");
      if (rec.n) out += ":" + rec.a;
      if (withDraft && rec.r !== null) out += ";" + rec.r;
      return out;
    }

    /* A typed answer cut to at most cap characters (whole code points, escapes kept whole). */
    function cut(text, cap) {
      var plain = Array.from(unesc(text));
      return plain.length > cap ? esc(plain.slice(0, cap).join("")) : text;
    }
    function clip(rec, type, cap) {
      if (!rec.n || !isFinite(cap)) return rec;
      var a = rec.a;
      if (TEXT_TYPES[type]) a = cut(a, cap);
      else if (type === "fill-blanks") a = a.split(",").map((p) => cut(p, cap)).join(",");
      return a === rec.a ? rec : Object.assign({}, rec, { a: a });
    }

    /* records: per slot, a record or null; order: slots tried, in the order of their first
     * try; types: per slot, the question type. The text, within limit characters. */
    function serialize(records, order, types, limit) {
      var w = width(records.length), tried = {}, rest = [];
      order.forEach((i) => { tried[i] = true; });
      records.forEach((rec, i) => { if (rec && !tried[i]) rest.push(i); });
      function build(drafts, untried, cap) {
        var parts = ["1"];
        order.forEach((i) => { if (records[i]) parts.push(entry(i, w, clip(records[i], types[i], cap), drafts)); });
        if (untried) rest.forEach((i) => { var e = entry(i, w, records[i], drafts); if (e.length > w + 1) parts.push(e); });
        return parts;
      }
      var tries = [[true, true, Infinity], [false, true, Infinity], [false, false, Infinity],
        [false, false, 64], [false, false, 32], [false, false, 16], [false, false, 8]];
      var parts;
      for (var k = 0; k < tries.length; k++) {
        parts = build(tries[k][0], tries[k][1], tries[k][2]);
        if (parts.join("|").length <= limit) return parts.join("|");
      }
      while (parts.length > 1 && parts.join("|").length > limit) parts.pop();
      return parts.join("|");
    }

    var ENTRY = /^(\d+)(x?)(o?)(r?)(?:h(\d+))?(?:=(\.\d+))?(?::([^;]*))?(?:;(.*))?$/;

    /* The text back into {records, order}; entries that do not parse are left out. */
    function parse(text, count) {
      var records = [], order = [], w = width(count);
      for (var i = 0; i < count; i++) records.push(null);
      var parts = typeof text === "string" ? text.split("|") : [];
      if (parts[0] !== "1") return { records: records, order: order };
      parts.slice(1).forEach((part) => {
        var slot = index(part.slice(0, w), count), m = ENTRY.exec(part.slice(w));
        if (slot === undefined || !m || records[slot]) return;
        var n = Number(m[1]);
        if ((n > 0) !== (m[7] !== undefined)) return;
        records[slot] = { n: n, last: m[4] ? 1 : m[6] ? Number(m[6]) : 0, x: m[2] === "x",
          o: m[3] === "o", h: m[5] ? Number(m[5]) : 0, a: n ? m[7] : null,
          r: m[8] === undefined ? null : m[8] };
        if (n) order.push(slot);
      });
      return { records: records, order: order };
    }

    return { body: body, unbody: unbody, record: record, state: state, serialize: serialize,
      parse: parse, width: width };
  })();

  if (typeof module === "object" && module && module.exports) module.exports = Codec;
  if (typeof window === "undefined" || !window.QuizkitCourse) return;

  /* ---- the LMS ---- */
  var course = window.QuizkitCourse, v12 = course.scorm === "1.2";
  var NAME = v12 ? "API" : "API_1484_11";
  var E = v12 ? {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish",
    suspend: "cmi.suspend_data", location: "cmi.core.lesson_location", exit: "cmi.core.exit",
    time: "cmi.core.session_time", score: "cmi.core.score.", mastery: "cmi.student_data.mastery_score",
    response: "student_response", wrong: "wrong", sep: ",", dot: ".", locationMax: 255
  } : {
    init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate",
    suspend: "cmi.suspend_data", location: "cmi.location", exit: "cmi.exit",
    time: "cmi.session_time", score: "cmi.score.", mastery: "cmi.scaled_passing_score",
    response: "learner_response", wrong: "incorrect", sep: "[,]", dot: "[.]", locationMax: 1000
  };

  function read(win, name) { try { return win[name] || null; } catch (e) { return null; } }
  function findIn(win) {
    for (var steps = 0; win && steps < 50; steps++) {
      var api = read(win, NAME), up = read(win, "parent");
      if (api) return api;
      if (!up || up === win) return null;
      win = up;
    }
    return null;
  }
  function findAPI() {
    return findIn(window) || findIn(read(window, "opener")) || findIn(read(read(window, "top"), "opener"));
  }

  var api = findAPI(), live = false;
  function call(method, a, b) {
    try { return String(api[method].apply(api, arguments.length > 2 ? [a, b] : [a === undefined ? "" : a])); }
    catch (e) { return "false"; }
  }
  var sent = {};
  function get(name) { return call(E.get, name); }
  function set(name, value) {
    value = String(value);
    if (sent[name] === value) return;
    if (call(E.set, name, value) === "true") sent[name] = value;
  }

  var slots = course.slots, quizzes = course.quizzes, N = slots.length;
  var types = slots.map((s) => s.type), bySlotKey = {}, asking = {}, questions = [];
  slots.forEach((s, i) => {
    bySlotKey["quizkit:" + quizzes[s.quiz].id + ":" + s.id + ":" + s.key] = i;
    if (!asking[s.id]) questions.push(asking[s.id] = []);
    asking[s.id].push(i);
  });
  var Q = questions.length; /* the slots of each question, in the order of its first slot */
  var records = [], order = [], mastery = course.mastery, started = Date.now(), frame = null;
  var ROOT = new URL("../", location.href).href;
  var PAGE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*\.html$/;

  function attemptOf(i) {
    var rec = records[i], policy = quizzes[slots[i].quiz].attempts, scores = [];
    if (rec) { for (var k = 1; k < rec.n; k++) scores.push(0); if (rec.n) scores.push(rec.last); }
    return window.QuizkitGrader.attempt(policy, scores, rec ? rec.x : false);
  }

  function round(x, places) { var f = Math.pow(10, places); return String(Math.round(x * f) / f); }

  function duration(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    s %= 60;
    if (!v12) return "PT" + h + "H" + m + "M" + s + "S";
    function two(x) { return (x < 10 ? "0" : "") + x; }
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(s);
  }

  /* Score, statuses, suspend data and session time, as the LMS should hold them now. */
  function update() {
    var sum = 0, locked = 0, reachable = 0, finished = 0;
    questions.forEach((list) => {
      var best = 0, kept = 0, done = false, open = false;
      list.forEach((i) => {
        var st = attemptOf(i);
        best = Math.max(best, st.credit);
        if (st.finished) { done = true; kept = Math.max(kept, st.credit); } else open = true;
      });
      sum += best;
      locked += kept;
      reachable += open ? 1 : kept;
      if (done) finished++;
    });
    var status = "incomplete", success = "unknown";
    if (mastery != null && Q) {
      var need = mastery / 100 * Q - 1e-9;
      if (locked >= need) success = "passed";
      else if (reachable < need) success = "failed";
    }
    if (Q) {
      set(E.score + "raw", round(100 * sum / Q, 2));
      set(E.score + "min", "0");
      set(E.score + "max", "100");
    }
    if (v12) {
      status = success !== "unknown" ? success : finished === Q ? "completed" : "incomplete";
      set("cmi.core.lesson_status", status);
    } else {
      if (Q) set("cmi.score.scaled", round(sum / Q, 4));
      set("cmi.completion_status", finished === Q ? "completed" : "incomplete");
      set("cmi.success_status", success);
      set("cmi.progress_measure", Q ? round(finished / Q, 4) : "1");
    }
    set(E.suspend, Codec.serialize(records, order, types, course.limit));
    set(E.time, duration(Date.now() - started));
  }

  function commit() {
    if (!live) return;
    update();
    call(E.commit, "");
  }

  function finish() {
    if (!live) return;
    update();
    set(E.exit, "suspend");
    call(E.commit, "");
    call(E.finish, "");
    live = false;
  }

  /* ---- interactions ---- */
  function letter(i) {
    var s = "";
    for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(97 + (i - 1) % 26) + s;
    return s;
  }
  function plain(text, max) {
    return text.replace(/\s+/g, " ").replace(/^\s+|\s+$/g, "").replace(/^\{/, "(")
      .replace(/\[[,.]\]/g, " ").slice(0, max);
  }
  function textOf(html) {
    return new DOMParser().parseFromString("<body>" + html, "text/html").body.textContent || "";
  }
  function decimal(x) {
    if (typeof x !== "number" || !isFinite(x) || Math.abs(x) >= 1e10) return null;
    var s = String(x);
    if (/e/.test(s)) s = x.toFixed(18).replace(/\.?0+$/, "");
    return s;
  }
  /* The type and the learner's response in the data model's format (null: not expressible). */
  function response(spec, r) {
    var t = spec.type, sep = E.sep;
    switch (t) {
      case "single-choice": return ["choice", letter(r)];
      case "multiple-select": return ["choice", r.slice().sort((a, b) => a - b).map(letter).join(sep)];
      case "true-false": return ["true-false", v12 ? (r ? "t" : "f") : String(r)];
      case "numeric": return ["numeric", decimal(window.QuizkitGrader.parseNumber(r))];
      case "short-text": return ["fill-in", plain(r, 250)];
      case "matching": {
        var partners = [];
        spec.answers.concat(spec.choices.map((c) => c.text)).forEach((c) => { if (partners.indexOf(c) < 0) partners.push(c); });
        return ["matching", r.map((c, i) => c == null ? null : (i + 1) + E.dot + letter(partners.indexOf(c)))
          .filter((x) => x).join(sep)];
      }
      case "ordering": return ["sequencing", r.map((pos) => letter(spec.items[pos].rank)).join(sep)];
    }
    var texts = spec.blanks.map((b) => plain(r[b.id] == null ? "" : String(r[b.id]), 250));
    if (v12) return ["fill-in", texts.join(", ").slice(0, 255)];
    return texts.length > 10 ? ["long-fill-in", texts.join(" / ")] : ["fill-in", texts.join(sep)];
  }
  function pad(x) { return (x < 10 ? "0" : "") + x; }

  function interaction(i, spec, st) {
    var n = order.indexOf(i), count = Number(get("cmi.interactions._count"));
    if (n < 0) return;
    if (isFinite(count) && n > count) n = count;
    var p = "cmi.interactions." + n + ".", rec = records[i], now = new Date(), r = response(spec, st.a);
    set(p + "id", slots[i].iid);
    set(p + "type", r[0]);
    if (r[1] !== null && r[1] !== "") set(p + E.response, r[1]);
    set(p + "result", rec.last === 1 ? "correct" : rec.last === 0 ? E.wrong : String(rec.last));
    set(p + "weighting", "1");
    if (v12) {
      set(p + "time", pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds()));
    } else {
      set(p + "timestamp", now.toISOString());
      var text = plain(textOf(spec.prompt), 250);
      if (text) set(p + "description", text);
    }
  }

  /* ---- the host the book's quizzes talk to ---- */
  var host = {
    load: function (key, spec) {
      var i = bySlotKey[key];
      if (i === undefined) return undefined;
      return records[i] ? Codec.state(records[i], spec) : null;
    },
    save: function (key, state, spec) {
      var i = bySlotKey[key];
      if (i === undefined) return false;
      records[i] = Codec.record(state, spec);
      var at = order.indexOf(i);
      if (records[i] && records[i].n && at < 0) order.push(i);
      if ((!records[i] || !records[i].n) && at >= 0) order.splice(at, 1);
      if (live) update();
      return true;
    },
    report: function (key, spec, state) {
      var i = bySlotKey[key];
      if (i === undefined || !records[i] || !records[i].n || !live) return;
      interaction(i, spec, state);
      commit();
    }
  };

  function note(text) {
    var p = document.getElementById("qk-scorm-note");
    if (p) { p.textContent = text; p.hidden = false; }
  }

  function pageShown() {
    var href = null;
    try { href = frame.contentWindow.location.href; } catch (e) { href = null; }
    if (!href || href.indexOf(ROOT) !== 0) return;
    var rel = href.slice(ROOT.length).split(/[?#]/)[0];
    try { if (frame.contentDocument.title) document.title = frame.contentDocument.title; } catch (e) { /* elsewhere */ }
    if (live && PAGE.test(rel) && rel.indexOf("..") < 0 && rel.length <= E.locationMax) {
      set(E.location, rel);
      commit();
    }
  }

  var failed = false;
  if (api && call(E.init, "") === "true") {
    live = true;
    var saved = Codec.parse(get(E.suspend), N);
    records = saved.records;
    order = saved.order;
    var given = Number(get(E.mastery)), raw = get(E.mastery);
    if (raw !== "" && isFinite(given)) mastery = v12 ? given : given * 100;
    var bookmark = get(E.location);
    window.QuizkitHost = host;
    commit();
    window.addEventListener("pagehide", finish);
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") commit(); });
  } else if (api) {
    failed = true;
  }

  function open() {
    frame = document.getElementById("qk-book");
    if (!frame) return;
    if (failed) note("This session is not being recorded by the learning platform: close this activity and open it again to keep your progress there.");
    frame.addEventListener("load", pageShown);
    var start = live && PAGE.test(bookmark || "") && bookmark.indexOf("..") < 0 ? bookmark : course.start;
    frame.src = ROOT + start;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", open);
  else open();
})();
