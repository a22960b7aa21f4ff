/* quizkit review: the book's "Review" page, spaced review scheduled by FSRS (ts-fsrs, window.FSRS).
 *
 * Built from the packed data in <div data-qk-page="review"> (quizkit/sphinx_progress.py): the
 * index of the book's questions, their page forms (those the chapters' pages share are read
 * from the shared files the page links, through QuizkitUI.items), the course's attempt policy and the
 * scheduler's settings (quizkit.review.FSRS_SETTINGS, the same numbers the notebooks' fsrs
 * uses). On load, questions finished in the chapters enter the schedule
 * (QuizkitProgress.sync); a card's due date is its log of reviews replayed through the
 * scheduler. The questions due now are shown one at a time with the quiz's own controls and
 * grading (QuizkitUI.render); once a question is finished its rating (QuizkitProgress.rating)
 * is added to its log at the browser's current time and the next due date is shown. The page
 * also says how many are due today and when the next ones are. */
(function () {
  "use strict";
  var P = window.QuizkitProgress;
  var T = {
    none: "Nothing to review yet: questions you finish in the chapters\u2019 quizzes enter your review schedule.",
    toProgress: "See your progress", dueNow: "{n} question{s} due now", later: ", {n} more later today",
    inSchedule: " ({t} in your schedule).", nothingDue: "Nothing is due now",
    next: "Next: {when}.", upcoming: "Coming up", day: "Day", count: "Questions due",
    reviewing: "Question {i} of {n} due now", rated: "Rated {r}: next review {when}.",
    nextQ: "Next question", done: "That was the last question due now. ", again: "Check for more",
    ratings: ["", "Again", "Hard", "Good", "Easy"], inMin: "in {n} minute{s}", todayAt: "today at {t}",
    tomorrow: "tomorrow ({d})", on: "on {d}", now: "now",
    notInBook: "{n} scheduled question{s} no longer in the book (kept in your schedule)."
  };
  function say(text, values) { return text.replace(/\{(\w+)\}/g, (m, k) => String(values[k])); }
  function plural(n) { return n === 1 ? "" : "s"; }
  var el = P.el;

  function dayKey(d) { return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate(); }
  function longDate(d) { return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }); }
  function when(due, now) {
    if (due <= now) return T.now;
    var minutes = Math.ceil((due - now) / 60000), today = new Date(now), tomorrow = new Date(now);
    tomorrow.setDate(tomorrow.getDate() + 1);
    if (dayKey(due) === dayKey(today)) {
      return minutes < 60 ? say(T.inMin, { n: minutes, s: plural(minutes) })
        : say(T.todayAt, { t: due.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) });
    }
    if (dayKey(due) === dayKey(tomorrow)) return say(T.tomorrow, { d: longDate(due) });
    return say(T.on, { d: longDate(due) });
  }

  function ReviewPage(root, data) {
    var f = window.FSRS.fsrs(window.FSRS.generatorParameters(data.fsrs));
    var summary = el("div.qk-review-summary", { role: "status", "aria-live": "polite" });
    var session = el("div.qk-session"), upcoming = el("div.qk-upcoming");
    var queue = [], at = 0;

    function due(entry) {
      if (!entry.log.length) return new Date(entry.since);
      var card = window.FSRS.createEmptyCard(new Date(entry.since));
      entry.log.forEach((l) => { card = f.next(card, new Date(l[0]), l[1]).card; });
      return new Date(card.due);
    }

    function draw(review) {
      var now = Date.now(), ids = Object.keys(review.cards);
      var dues = {}, lost = 0;
      ids.forEach((id) => { if (data.items[id]) dues[id] = due(review.cards[id]); else lost++; });
      var known = Object.keys(dues), nowDue = known.filter((id) => dues[id] <= now);
      var endOfDay = new Date(now); endOfDay.setHours(24, 0, 0, 0);
      var laterToday = known.filter((id) => dues[id] > now && dues[id] < endOfDay).length;
      summary.textContent = "";
      if (!ids.length) {
        summary.appendChild(el("p", {}, [T.none + " ", data.progress_href && el("a", { href: data.progress_href, text: T.toProgress })]));
      } else {
        summary.appendChild(el("p.qk-lead", { text: (nowDue.length ? say(T.dueNow, { n: nowDue.length, s: plural(nowDue.length) }) : T.nothingDue) +
          (laterToday ? say(T.later, { n: laterToday }) : "") + say(T.inSchedule, { t: ids.length }) }));
        var future = known.filter((id) => dues[id] > now).sort((a, b) => dues[a] - dues[b]);
        if (future.length) summary.appendChild(el("p", { text: say(T.next, { when: when(dues[future[0]], now) }) }));
        if (lost) summary.appendChild(el("p.qk-note", { text: say(T.notInBook, { n: lost, s: plural(lost) }) }));
      }
      drawUpcoming(known.filter((id) => dues[id] > now), dues, now);
      return nowDue.sort((a, b) => dues[a] - dues[b] || (a < b ? -1 : 1));
    }

    /* The next five days with questions due, as a table. */
    function drawUpcoming(ids, dues, now) {
      var days = {};
      ids.forEach((id) => { var k = dayKey(dues[id]); (days[k] = days[k] || { d: dues[id], n: 0 }).n++; });
      var list = Object.keys(days).map((k) => days[k]).sort((a, b) => a.d - b.d).slice(0, 5);
      upcoming.textContent = "";
      if (!list.length) return;
      upcoming.append(el("h2", { id: "qk-upcoming-h", text: T.upcoming }), el("div.qk-table-box", { role: "region", "aria-labelledby": "qk-upcoming-h", tabindex: "0" }, [
        el("table.qk-table", {}, [el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: T.day }), el("th", { scope: "col", text: T.count })])]),
          el("tbody", {}, list.map((x) => el("tr", {}, [el("th", { scope: "row", text: longDate(x.d) }), el("td", { text: String(x.n) })])))])]));
    }

    function show() {
      session.textContent = "";
      if (at >= queue.length) {
        if (queue.length) {
          session.appendChild(el("p.qk-done", {}, [T.done, el("button", { type: "button", text: T.again, onclick: start })]));
          session.querySelector("button").focus();
        }
        return;
      }
      var qid = queue[at], item = JSON.parse(JSON.stringify(data.items[qid])), finished = false;
      var heading = el("h2.qk-review-h", { tabindex: "-1", text: say(T.reviewing, { i: at + 1, n: queue.length }) });
      var box = el("div.qk-quiz.qk-review-q", { "data-qid": qid }), note = el("div.qk-rated", { "aria-live": "polite" });
      session.append(heading, box, note);
      window.QuizkitUI.render(box, item, {
        id: "qk-review-" + qid, attempts: data.attempts, messages: data.messages, paper: data.paper_href, refs: data.refs_href, refsAnchor: data.refs_anchor,
        onchange: (state, record) => {
          if (!state.finished || finished) return;
          finished = true;
          var grade = P.rating(record), now = Date.now(), review = P.reviewState();
          var entry = review.cards[qid] || (review.cards[qid] = { since: new Date(now).toISOString(), log: [] });
          var last = entry.log.length ? Date.parse(entry.log[entry.log.length - 1][0]) : Date.parse(entry.since);
          entry.log.push([new Date(Math.max(now, last)).toISOString(), grade]);
          P.saveReview(review);
          var next = el("button.qk-primary", { type: "button", text: T.nextQ, onclick: () => { at++; show(); } });
          note.append(el("p", { text: say(T.rated, { r: T.ratings[grade], when: when(due(entry), now) }) }), next);
          draw(review);
        }
      });
      if (at > 0) heading.focus();
    }

    function start() {
      queue = draw(P.sync(data, Date.now()));
      at = 0;
      show();
    }

    root.append(summary, session, upcoming);
    start();
  }

  /* Questions the chapters share are in the shared files the page links (data.files, read by
   * quizkit.js): each indexed question gets its item from there unless the page carries it. */
  function withShared(data) {
    if (!data.files || !data.files.length) return data;
    return window.QuizkitUI.items(data.files, data.page).then((found) => {
      data.questions.forEach((q) => { if (!data.items[q.id] && found[q.id]) data.items[q.id] = found[q.id]; });
      return data;
    });
  }

  function initAll() {
    document.querySelectorAll('[data-qk-page="review"]').forEach((root) => {
      if (root.qkStarted) return;
      root.qkStarted = true;
      new Promise((ok) => { ok(root.querySelector(".qk-page-data").textContent); }).then(P.unpack).then(withShared).then((data) => {
        root.qkPage = new ReviewPage(root, data);
        root.setAttribute("data-qk-ready", "1");
      }).catch((e) => {
        root.appendChild(el("p.qk-msg.qk-error", { text: P.text.broken }));
        if (window.console) console.warn("quizkit:", e);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
