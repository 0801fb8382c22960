// Minifies JavaScript files in place with esbuild (pinned in
// package-lock.json): the glue wasm-bindgen writes for each app, on which
// trunk's own minifier gives up, and the staff shell's boot script.
// `cargo xtask dist` runs it after trunk, before the service worker is
// written: node minify.cjs <file.js>…
// Only whitespace, comments and local names change: the module's exports
// and the names the wasm imports by are kept.
const fs = require("node:fs");
const { transformSync } = require("esbuild");

for (const file of process.argv.slice(2)) {
  const before = fs.readFileSync(file, "utf8");
  const { code } = transformSync(before, { minify: true, format: "esm", charset: "utf8" });
  fs.writeFileSync(file, code);
  console.log(`minified ${file}: ${before.length} → ${code.length} bytes`);
}
