// Minify the scripts that book pages load: src/quizkit/static/<name>.js -> static/min/<name>.js,
// and the vendored ts-fsrs (static/vendor/ts-fsrs.umd.js, copied from node_modules with its
// LICENSE) -> static/min/ts-fsrs.js, with its licence notice kept on the first line.
//
// Run `npm run minify` after editing any of them, and commit the results;
// `npm run minify -- --check` (run by tests/test_assets.py) fails if a committed file is stale.
// The readable sources stay the reference: the grading table runs on source and minified.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";

const STATIC = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "quizkit", "static");
const SCRIPTS = [
  ["grader.js", "grader.js"],
  ["quizkit.js", "quizkit.js"],
  ["progress.js", "progress.js"],
  ["review.js", "review.js"],
  ["scorm.js", "scorm.js"],
  ["vendor/ts-fsrs.umd.js", "ts-fsrs.js",
    "/*! ts-fsrs 5.4.2 | MIT License | Copyright (c) 2026 Open Spaced Repetition | see vendor/ts-fsrs.LICENSE */"],
];
const OPTIONS = {
  ecma: 2018,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};

const check = process.argv.includes("--check");
const stale = [];
for (const [name, out, banner] of SCRIPTS) {
  const source = await readFile(join(STATIC, name), "utf8");
  const options = banner ? { ...OPTIONS, format: { ...OPTIONS.format, preamble: banner } } : OPTIONS;
  const { code } = await minify({ [name]: source }, options);
  const target = join(STATIC, "min", out);
  if (check) {
    const committed = await readFile(target, "utf8").catch(() => null);
    if (committed !== code + "\n") stale.push(`static/min/${out}`);
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, code + "\n");
    const bytes = (text) => Buffer.byteLength(text, "utf8");
    console.log(`static/min/${out}: ${bytes(source)} -> ${bytes(code) + 1} bytes`);
  }
}
if (stale.length) {
  console.error(`stale minified scripts (run npm run minify): ${stale.join(", ")}`);
  process.exit(1);
}
