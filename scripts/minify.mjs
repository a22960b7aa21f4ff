// Minify the quiz scripts that book pages load: src/quizkit/static/<name>.js -> static/min/<name>.js.
//
// Run `npm run minify` after editing grader.js, quizkit.js or scorm.js, and commit them all;
// `npm run minify -- --check` (run by tests/test_assets.py) fails if a committed file is stale.
// The readable sources stay the reference: the grading table runs on source and minified.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";

const STATIC = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "quizkit", "static");
const SCRIPTS = ["grader.js", "quizkit.js", "scorm.js"];
const OPTIONS = {
  ecma: 2018,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};

const check = process.argv.includes("--check");
const stale = [];
for (const name of SCRIPTS) {
  const source = await readFile(join(STATIC, name), "utf8");
  const { code } = await minify({ [name]: source }, OPTIONS);
  const target = join(STATIC, "min", name);
  if (check) {
    const committed = await readFile(target, "utf8").catch(() => null);
    if (committed !== code + "\n") stale.push(`static/min/${name}`);
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, code + "\n");
    const bytes = (text) => Buffer.byteLength(text, "utf8");
    console.log(`static/min/${name}: ${bytes(source)} -> ${bytes(code) + 1} bytes`);
  }
}
if (stale.length) {
  console.error(`stale minified scripts (run npm run minify): ${stale.join(", ")}`);
  process.exit(1);
}
