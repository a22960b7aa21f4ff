/*
 * quizkit grader: grades a response against the page form of a question (quizkit.public).
 *
 * QuizkitGrader.grade(spec, response) -> {score, correct, status, feedback, parts}
 * follows quizkit/grading.py rule for rule; tests/grading_cases.yml pins both. Feedback is
 * HTML that Python rendered safely into the spec. Responses are those of grading.py, except
 * ordering, which takes display positions (indices into spec.items).
 *
 * QuizkitGrader.attempt(policy, scores, revealed) -> {tries_used, credit, finished, can_retry,
 * can_reveal, show_expected, revealed} is the attempt rule of quizkit/attempts.py (the
 * `attempts` section of the table pins both): policy {tries: n or null (unlimited), penalty},
 * scores of the readable tries in order, revealed once the learner pressed "Show answer".
 *
 * Works in the browser (window.QuizkitGrader) and in Node (module.exports); no dependencies.
 */
(function (api) {
  "use strict";
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (typeof window !== "undefined") window.QuizkitGrader = api;
})((function () {
  "use strict";

  // ---- Text normalisation: the same steps and Unicode classes as grading.normalise.
  var TYPOGRAPHIC = /[\u2018\u2019\u201a\u201b\u2032\u201c-\u201f\u2033\u00ab\u00bb\u2010-\u2015\u2212]/g;
  var SPACE = /[\t\n\v\f\r\p{Z}]/gu;
  var BLANK = /^[\t\n\v\f\r\p{Z}\p{Cc}\p{Cf}\p{Cs}]*$/u;
  var NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

  // Quotes to ' or ", dashes and the minus sign to - (grading._QUOTES).
  function plain(text) {
    return text.normalize("NFKC").replace(TYPOGRAPHIC, (c) => {
      return /[\u2018-\u201b\u2032]/.test(c) ? "'" : /[\u2010-\u2015\u2212]/.test(c) ? "-" : '"';
    });
  }

  function normalise(text, caseSensitive) {
    var t = plain(text);
    if (!caseSensitive) t = t.toLowerCase();
    t = t.replace(/[\t\n\v\f\r\p{Z}\p{Pd}]/gu, " ")
      .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, "")
      .replace(/[\p{P}\p{S}]/gu, (c) => c === "+" ? c : "");
    return t.split(" ").filter(Boolean).join(" ");
  }

  function isBlank(text) {
    return BLANK.test(text);
  }

  // Optimal string alignment distance over code points (as grading.typo_distance).
  function typoDistance(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    var prev2 = [], prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        }
      }
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function parseNumber(response) {
    if (typeof response === "number") return isFinite(response) ? response : "unreadable";
    if (typeof response !== "string") return "unreadable";
    var t = plain(response).replace(SPACE, " ").replace(/^ +| +$/g, "");
    if (t.indexOf(",") >= 0) return "comma";
    if (!NUMBER.test(t)) return "not_a_number";
    var value = Number(t);
    return isFinite(value) ? value : "not_a_number";
  }

  // ---- Results.
  // Six decimals, half up: grading.round_score.
  function round(score) {
    return Math.floor(score * 1e6 + 0.5) / 1e6;
  }

  function result(score, feedback, parts) {
    score = round(Math.max(0, Math.min(1, score)));
    var status = score === 1 ? "correct" : score > 0 ? "partial" : "incorrect";
    return { score: score, correct: score === 1, status: status, feedback: feedback || [], parts: parts || [] };
  }

  function invalid(spec, key) {
    return { score: 0, correct: false, status: "invalid", feedback: [spec.messages[key || "unreadable"]], parts: [] };
  }

  function emptyScalar(value) {
    return value == null || (typeof value === "string" && isBlank(value));
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isEmpty(response) {
    if (Array.isArray(response)) return response.every(emptyScalar);
    if (isObject(response)) return Object.keys(response).every((k) => emptyScalar(response[k]));
    return emptyScalar(response);
  }

  function asIndex(value, size) {
    return Number.isInteger(value) && value >= 0 && value < size ? value : null;
  }

  // Distinct valid indices, or null (grading._indices).
  function indices(response, size) {
    if (!Array.isArray(response)) return null;
    for (var i = 0; i < response.length; i++) {
      if (asIndex(response[i], size) === null || response.indexOf(response[i]) < i) return null;
    }
    return response.map((v) => v + 0);
  }

  function count(flags) {
    return flags.filter(Boolean).length;
  }

  function texts(choices) {
    return choices.map((c) => c.text);
  }

  // The first accepted answer within maxTypos edits of norm, as HTML ([normalised, html] pairs).
  function nearMiss(norm, answers, maxTypos) {
    for (var i = 0; maxTypos > 0 && i < answers.length; i++) {
      if (typoDistance(norm, answers[i][0]) <= maxTypos) return answers[i][1];
    }
    return null;
  }

  function spelling(spec, answerHtml) {
    return spec.messages.spelling.replace("{answer}", () => answerHtml);
  }

  // Whether norm is one of the accepted answers ([normalised, html] pairs).
  function accepted(norm, answers) {
    return answers.some((a) => a[0] === norm);
  }

  // ---- One function per question type, in the order of grading.py.
  function gradeChoice(spec, response) {
    var options = spec.options, chosen;
    if (spec.multiple) {
      chosen = indices(response, options.length);
      if (chosen === null) return invalid(spec);
      chosen.sort((x, y) => x - y);
    } else {
      var index = asIndex(response, options.length);
      if (index === null) return invalid(spec);
      chosen = [index];
    }
    var byIndex = [];
    options.forEach((o) => { byIndex[o.index] = o; });
    var right = count(chosen.map((i) => byIndex[i].correct));
    var feedback = chosen.map((i) => byIndex[i].feedback).filter(Boolean);
    var parts = byIndex.map((o, i) => (chosen.indexOf(i) >= 0) === o.correct);
    var nCorrect = count(byIndex.map((o) => o.correct));
    return result((right - (chosen.length - right)) / nCorrect, feedback, parts);
  }

  function gradeTrueFalse(spec, response) {
    if (typeof response !== "boolean") return invalid(spec);
    var note = response ? spec.feedback_true : spec.feedback_false;
    return result(response === spec.answer ? 1 : 0, note ? [note] : []);
  }

  function numberOk(spec, x) {
    // Written exactly like grading._number_ok so both make the same IEEE-double decisions.
    if (spec.range) return spec.range[0] <= x && x <= spec.range[1];
    var answer = spec.answer === null ? 0 : spec.answer;
    var eps = 1e-9 * Math.max(1, Math.abs(answer));
    if (spec.tolerance !== null) return Math.abs(x - answer) <= spec.tolerance + eps;
    if (spec.relative_tolerance !== null) {
      return Math.abs(x - answer) <= spec.relative_tolerance * Math.abs(answer) + eps;
    }
    return Math.abs(x - answer) <= eps;
  }

  function gradeNumeric(spec, response) {
    var value = parseNumber(response);
    if (typeof value === "string") return invalid(spec, value);
    return result(numberOk(spec, value) ? 1 : 0);
  }

  function patternMatches(pattern, text) {
    try {
      return new RegExp("^(?:" + pattern + ")$", "u").test(text);
    } catch (error) {
      return false; // a pattern outside the portable subset accepts nothing, as in Python
    }
  }

  function gradeShortText(spec, response) {
    if (typeof response !== "string") return invalid(spec);
    var norm = normalise(response, spec.case_sensitive);
    if (accepted(norm, spec.answers)) return result(1);
    if (spec.pattern !== null && patternMatches(spec.pattern, norm)) return result(1);
    for (var i = 0; i < spec.mistakes.length; i++) {
      if (norm === spec.mistakes[i][0]) return result(0, [spec.mistakes[i][1]]);
    }
    var near = nearMiss(norm, spec.answers, spec.max_typos);
    return near === null ? result(0) : result(1, [spelling(spec, near)]);
  }

  function gradeMatching(spec, response) {
    if (!Array.isArray(response) || response.length !== spec.answers.length) return invalid(spec);
    var known = texts(spec.choices);
    for (var i = 0; i < response.length; i++) {
      var v = response[i];
      if (v != null && (typeof v !== "string" || known.indexOf(v) < 0)) return invalid(spec);
    }
    var parts = response.map((v, i) => v === spec.answers[i]);
    return result(count(parts) / parts.length, [], parts);
  }

  function gradeOrdering(spec, response) {
    var size = spec.items.length;
    var order = indices(response, size);
    if (order === null || order.length !== size) return invalid(spec);
    var ranks = order.map((position) => spec.items[position].rank);
    var concordant = 0;
    for (var i = 0; i < size; i++) {
      for (var j = i + 1; j < size; j++) if (ranks[i] < ranks[j]) concordant++;
    }
    var parts = ranks.map((rank, position) => rank === position);
    return result(concordant / (size * (size - 1) / 2), [], parts);
  }

  function gradeFillBlanks(spec, response) {
    if (!isObject(response)) return invalid(spec);
    var ids = spec.blanks.map((b) => b.id);
    for (var key in response) {
      var v = response[key];
      if (ids.indexOf(key) < 0 || (v != null && typeof v !== "string")) return invalid(spec);
    }
    var parts = [], feedback = [];
    for (var k = 0; k < spec.blanks.length; k++) {
      var blank = spec.blanks[k];
      var value = Object.prototype.hasOwnProperty.call(response, blank.id) ? response[blank.id] : null;
      if (emptyScalar(value)) {
        parts.push(false);
      } else if (blank.options !== null) {
        if (texts(blank.options).indexOf(value) < 0) return invalid(spec);
        parts.push(accepted(value, blank.answers));
      } else {
        var norm = normalise(value, false);
        var near = accepted(norm, blank.answers) ? true : nearMiss(norm, blank.answers, blank.max_typos);
        parts.push(near !== null);
        if (typeof near === "string") feedback.push(spelling(spec, near));
      }
    }
    return result(count(parts) / parts.length, feedback, parts);
  }

  var GRADERS = {
    "single-choice": gradeChoice,
    "multiple-select": gradeChoice,
    "true-false": gradeTrueFalse,
    "numeric": gradeNumeric,
    "short-text": gradeShortText,
    "matching": gradeMatching,
    "ordering": gradeOrdering,
    "fill-blanks": gradeFillBlanks
  };

  function grade(spec, response) {
    if (!spec || spec.format !== 2 || !GRADERS.hasOwnProperty(spec.type)) {
      throw new Error("QuizkitGrader: not a quizkit question spec (format 2)");
    }
    if (isEmpty(response)) return { score: 0, correct: false, status: "empty", feedback: [], parts: [] };
    return GRADERS[spec.type](spec, response);
  }

  // ---- Attempts: the same expressions as quizkit.attempts, so credits agree to the bit.
  function credit(scores, penalty) {
    if (!scores.length) return 0;
    return round(Math.max(0, scores[scores.length - 1] - penalty * (scores.length - 1)));
  }

  function attempt(policy, scores, revealed) {
    policy = policy || {};
    var tries = policy.tries === undefined ? 2 : policy.tries;
    var penalty = typeof policy.penalty === "number" ? policy.penalty : 1 / 3;
    var used = scores.length, right = used > 0 && scores[used - 1] === 1;
    var outOfTries = tries !== null && used >= tries;
    revealed = Boolean(revealed) && used > 0 && !right;
    var finished = right || outOfTries || revealed;
    return {
      tries_used: used,
      credit: credit(scores, penalty),
      finished: finished,
      can_retry: used > 0 && !finished,
      can_reveal: used > 0 && !finished,
      show_expected: finished && !right,
      revealed: revealed
    };
  }

  return {
    grade: grade,
    attempt: attempt,
    credit: credit,
    normalise: normalise,
    isBlank: isBlank,
    typoDistance: typoDistance,
    parseNumber: parseNumber
  };
})());
