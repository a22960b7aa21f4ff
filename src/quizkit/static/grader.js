/*
 * quizkit grader: grades a response against the page form of a question (quizkit.public).
 *
 * QuizkitGrader.grade(spec, response) -> {score, correct, status, feedback, parts}
 * follows quizkit/grading.py rule for rule; tests/grading_cases.yml pins both. Feedback is
 * HTML that Python rendered safely into the spec. Responses are those of grading.py, except
 * ordering, which takes display positions (indices into spec.items).
 * QuizkitGrader.reveal(spec) -> the decoded secret part (explanation, source, answer, ...).
 *
 * Works in the browser (window.QuizkitGrader) and in Node (module.exports); no dependencies.
 * The hashes and the obfuscated secret deter peeking at answers; they are not security.
 */
(function (factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (typeof window !== "undefined") window.QuizkitGrader = api;
})(function () {
  "use strict";

  // ---- SHA-256 over UTF-8 (FIPS 180-4), synchronous because grading is synchronous.
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var encoder = new TextEncoder();

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  function sha256(bytes) {
    var n = bytes.length;
    var total = ((n + 9 + 63) >> 6) << 6;
    var m = new Uint8Array(total);
    m.set(bytes);
    m[n] = 0x80;
    var bitsHigh = Math.floor(n / 0x20000000);
    var bitsLow = (n * 8) >>> 0;
    for (var b = 0; b < 4; b++) {
      m[total - 8 + b] = (bitsHigh >>> (24 - 8 * b)) & 0xff;
      m[total - 4 + b] = (bitsLow >>> (24 - 8 * b)) & 0xff;
    }
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var W = new Array(64);
    for (var off = 0; off < total; off += 64) {
      var i;
      for (i = 0; i < 16; i++) {
        var j = off + 4 * i;
        W[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3);
        var s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
      }
      var a = H[0], bb = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0;
        d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + bb) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    var out = new Uint8Array(32);
    for (var k = 0; k < 32; k++) out[k] = (H[k >> 2] >>> (24 - 8 * (k & 3))) & 0xff;
    return out;
  }

  function sha256Hex(text) {
    var bytes = sha256(encoder.encode(text));
    var hex = "";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return hex;
  }

  // Must equal quizkit.public.digest: salt NUL part NUL part ..., first 16 hex characters.
  function digest(salt, parts) {
    return sha256Hex([salt].concat(parts).join("\u0000")).slice(0, 16);
  }

  // ---- The obfuscated secret: JSON with ASCII letters and digits turned by amounts from
  // the salt (quizkit.public.obfuscate); turning them back reveals it.
  function unrotate(text, salt) {
    var key = sha256(encoder.encode(salt + "\u0000rot"));
    var letters = 26 - (key[0] % 25 + 1), digits = 10 - (key[1] % 9 + 1), out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c = 65 + (c - 65 + letters) % 26;
      else if (c >= 97 && c <= 122) c = 97 + (c - 97 + letters) % 26;
      else if (c >= 48 && c <= 57) c = 48 + (c - 48 + digits) % 10;
      out += String.fromCharCode(c);
    }
    return out;
  }

  var secrets = typeof WeakMap === "function" ? new WeakMap() : null;

  function reveal(spec) {
    if (secrets && secrets.has(spec)) return secrets.get(spec);
    var value = JSON.parse(unrotate(spec.secret, spec.salt));
    if (secrets) secrets.set(spec, value);
    return value;
  }

  // ---- Text normalisation: the same steps and Unicode classes as grading.normalise.
  var TYPOGRAPHIC = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-"
  };
  var TYPOGRAPHIC_RE = /[\u2018\u2019\u201a\u201b\u2032\u201c-\u201f\u2033\u00ab\u00bb\u2010-\u2015\u2212]/g;
  var SPACE_RE = /[\t\n\v\f\r\p{Z}]/gu;
  var BLANK_RE = /^[\t\n\v\f\r\p{Z}\p{Cc}\p{Cf}\p{Cs}]*$/u;
  var NUMBER_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

  function plain(text) {
    return text.normalize("NFKC").replace(TYPOGRAPHIC_RE, function (c) { return TYPOGRAPHIC[c]; });
  }

  function normalise(text, caseSensitive) {
    var t = plain(text);
    if (!caseSensitive) t = t.toLowerCase();
    t = t.replace(/[\t\n\v\f\r\p{Z}\p{Pd}]/gu, " ")
      .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, "")
      .replace(/[\p{P}\p{S}]/gu, function (c) { return c === "+" ? c : ""; });
    return t.split(" ").filter(Boolean).join(" ");
  }

  function isBlank(text) {
    return BLANK_RE.test(text);
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
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
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
    var t = plain(response).replace(SPACE_RE, " ").replace(/^ +| +$/g, "");
    if (t.indexOf(",") >= 0) return "comma";
    if (!NUMBER_RE.test(t)) return "not_a_number";
    var value = Number(t);
    return isFinite(value) ? value : "not_a_number";
  }

  // ---- Results.
  function result(score, feedback, parts) {
    score = Math.floor(Math.max(0, Math.min(1, score)) * 1e6 + 0.5) / 1e6;
    var status = score === 1 ? "correct" : score > 0 ? "partial" : "incorrect";
    return { score: score, correct: score === 1, status: status, feedback: feedback || [], parts: parts || [] };
  }

  function invalid(spec, key) {
    return { score: 0, correct: false, status: "invalid", feedback: [spec.messages[key || "unreadable"]], parts: [] };
  }

  function spelling(spec, answerHtml) {
    return spec.messages.spelling.replace("{answer}", function () { return answerHtml; });
  }

  function emptyScalar(value) {
    return value === null || value === undefined || (typeof value === "string" && isBlank(value));
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isEmpty(response) {
    if (Array.isArray(response)) return response.every(emptyScalar);
    if (isObject(response)) return Object.keys(response).every(function (k) { return emptyScalar(response[k]); });
    return emptyScalar(response);
  }

  function asIndex(value, size) {
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < size ? value : null;
  }

  function indices(response, size) {
    if (!Array.isArray(response)) return null;
    var seen = {};
    for (var i = 0; i < response.length; i++) {
      var index = asIndex(response[i], size);
      if (index === null || seen[index]) return null;
      seen[index] = true;
    }
    return response.map(function (v) { return v + 0; });
  }

  // ---- One function per question type, in the order of grading.py.
  function gradeChoice(spec, response) {
    var size = spec.options.length, chosen;
    if (spec.multiple) {
      chosen = indices(response, size);
      if (chosen === null) return invalid(spec);
      chosen.sort(function (x, y) { return x - y; });
    } else {
      var index = asIndex(response, size);
      if (index === null) return invalid(spec);
      chosen = [index];
    }
    var isCorrect = [], nCorrect = 0;
    spec.options.forEach(function (option) {
      isCorrect[option.index] = digest(spec.salt, ["option", String(option.index), "1"]) === option.key;
      if (isCorrect[option.index]) nCorrect++;
    });
    var right = chosen.filter(function (i) { return isCorrect[i]; }).length;
    var secret = reveal(spec);
    var feedback = chosen.map(function (i) { return secret.feedback[i]; }).filter(Boolean);
    var parts = isCorrect.map(function (c, i) { return (chosen.indexOf(i) >= 0) === c; });
    return result((right - (chosen.length - right)) / nCorrect, feedback, parts);
  }

  function gradeTrueFalse(spec, response) {
    if (typeof response !== "boolean") return invalid(spec);
    var secret = reveal(spec);
    var note = response ? secret.feedback_true : secret.feedback_false;
    var right = digest(spec.salt, ["tf", response ? "true" : "false"]) === spec.key;
    return result(right ? 1 : 0, note ? [note] : []);
  }

  function numberOk(secret, x) {
    // Written exactly like grading._number_ok so both make the same IEEE-double decisions.
    if (secret.range) return secret.range[0] <= x && x <= secret.range[1];
    var answer = secret.answer;
    var eps = 1e-9 * Math.max(1, Math.abs(answer));
    if (secret.tolerance !== null) return Math.abs(x - answer) <= secret.tolerance + eps;
    if (secret.relative_tolerance !== null) {
      return Math.abs(x - answer) <= secret.relative_tolerance * Math.abs(answer) + eps;
    }
    return Math.abs(x - answer) <= eps;
  }

  function gradeNumeric(spec, response) {
    var value = parseNumber(response);
    if (typeof value === "string") return invalid(spec, value);
    return result(numberOk(reveal(spec), value) ? 1 : 0);
  }

  function patternMatches(pattern, text) {
    try {
      return new RegExp("^(?:" + pattern + ")$", "u").test(text);
    } catch (error) {
      return false; // a pattern outside the portable subset accepts nothing, as in Python
    }
  }

  function nearMiss(norm, near, maxTypos) {
    if (!(maxTypos > 0)) return null;
    for (var i = 0; i < near.length; i++) {
      if (typoDistance(norm, near[i][0]) <= maxTypos) return near[i][1];
    }
    return null;
  }

  function gradeShortText(spec, response) {
    if (typeof response !== "string") return invalid(spec);
    var norm = normalise(response, spec.case_sensitive);
    if (spec.keys.indexOf(digest(spec.salt, ["text", norm])) >= 0) return result(1);
    var secret = reveal(spec);
    if (secret.pattern !== null && patternMatches(secret.pattern, norm)) return result(1);
    for (var i = 0; i < secret.mistakes.length; i++) {
      if (norm === secret.mistakes[i][0]) return result(0, [secret.mistakes[i][1]]);
    }
    var near = nearMiss(norm, secret.near, spec.max_typos);
    return near === null ? result(0) : result(1, [spelling(spec, near)]);
  }

  function gradeMatching(spec, response) {
    if (!Array.isArray(response) || response.length !== spec.keys.length) return invalid(spec);
    var texts = spec.choices.map(function (c) { return c.text; });
    for (var i = 0; i < response.length; i++) {
      var v = response[i];
      if (v !== null && v !== undefined && (typeof v !== "string" || texts.indexOf(v) < 0)) return invalid(spec);
    }
    var parts = response.map(function (v, i) {
      return typeof v === "string" && digest(spec.salt, ["pair", String(i), v]) === spec.keys[i];
    });
    var right = parts.filter(Boolean).length;
    return result(right / parts.length, [], parts);
  }

  function gradeOrdering(spec, response) {
    var size = spec.items.length;
    var order = indices(response, size);
    if (order === null || order.length !== size) return invalid(spec);
    var rankOf = spec.items.map(function (item, position) {
      for (var rank = 0; rank < size; rank++) {
        if (digest(spec.salt, ["rank", String(position), String(rank)]) === item.key) return rank;
      }
      return -1;
    });
    var ranks = order.map(function (position) { return rankOf[position]; });
    var concordant = 0;
    for (var i = 0; i < size; i++) {
      for (var j = i + 1; j < size; j++) if (ranks[i] < ranks[j]) concordant++;
    }
    var parts = ranks.map(function (rank, position) { return rank === position; });
    return result(concordant / (size * (size - 1) / 2), [], parts);
  }

  function gradeFillBlanks(spec, response) {
    if (!isObject(response)) return invalid(spec);
    var ids = spec.blanks.map(function (b) { return b.id; });
    var keys = Object.keys(response);
    for (var i = 0; i < keys.length; i++) {
      var v = response[keys[i]];
      if (ids.indexOf(keys[i]) < 0) return invalid(spec);
      if (v !== null && v !== undefined && typeof v !== "string") return invalid(spec);
    }
    var secret = reveal(spec), parts = [], feedback = [];
    for (var k = 0; k < spec.blanks.length; k++) {
      var blank = spec.blanks[k];
      var value = Object.prototype.hasOwnProperty.call(response, blank.id) ? response[blank.id] : null;
      if (emptyScalar(value)) {
        parts.push(false);
      } else if (blank.options !== null) {
        var texts = blank.options.map(function (o) { return o.text; });
        if (texts.indexOf(value) < 0) return invalid(spec);
        parts.push(blank.keys.indexOf(digest(spec.salt, ["blank", blank.id, value])) >= 0);
      } else {
        var norm = normalise(value, false);
        if (blank.keys.indexOf(digest(spec.salt, ["blank", blank.id, norm])) >= 0) {
          parts.push(true);
          continue;
        }
        var near = nearMiss(norm, secret.blanks[blank.id].near, blank.max_typos);
        parts.push(near !== null);
        if (near !== null) feedback.push(spelling(spec, near));
      }
    }
    var right = parts.filter(Boolean).length;
    return result(right / parts.length, feedback, parts);
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
    if (!spec || spec.format !== 1 || !GRADERS.hasOwnProperty(spec.type)) {
      throw new Error("QuizkitGrader: not a quizkit question spec (format 1)");
    }
    if (isEmpty(response)) return { score: 0, correct: false, status: "empty", feedback: [], parts: [] };
    return GRADERS[spec.type](spec, response);
  }

  return {
    grade: grade,
    reveal: reveal,
    normalise: normalise,
    isBlank: isBlank,
    typoDistance: typoDistance,
    parseNumber: parseNumber,
    sha256Hex: sha256Hex,
    digest: digest
  };
});
