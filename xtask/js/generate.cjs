// Writes the staff app's service worker, `dist/staff-sw.js`, with Workbox
// (`workbox-build`, pinned in package-lock.json). `cargo xtask dist` runs it
// after trunk: node generate.cjs <dist>.
//
// What it does in the browser:
// - precaches the staff app's shell (its index.html, boot script, wasm, JS
//   glue and CSS, the field app's wasm and JS glue, the icon and the
//   manifest), so /staff… and /login open and reload with no connection
//   (not the office's app nor the administration pages' app, which an
//   inspector's phone has no use for: with no connection those pages say
//   they need one);
// - answers a navigation to /staff… or /login with that shell when the
//   network cannot;
// - keeps the last answer of what an inspector reads on site (who they are,
//   their visits, a visit, the unit's posts and away notices): network first,
//   the kept answer when there is no network;
// - takes a new version only when the page asks (SKIP_WAITING), which the
//   app does when no inspection is open (src/offline.rs).
const path = require("node:path");
const { generateSW } = require("workbox-build");

const dist = path.resolve(process.argv[2] || "dist");

generateSW({
  globDirectory: dist,
  globPatterns: [
    "staff-app/*.{html,js,wasm,css}",
    "field-app/*.{js,wasm}",
    "favicon.svg",
    "manifest.webmanifest",
  ],
  // The staff wasm is ~4 MB before compression; the server sends it brotli'd.
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  // trunk names carry a content hash: no need to add a revision.
  dontCacheBustURLsMatching: /[-_.][0-9a-f]{16}[-_.]/,
  swDest: path.join(dist, "staff-sw.js"),
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: "production",
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  skipWaiting: false,
  navigateFallback: "/staff-app/index.html",
  navigateFallbackAllowlist: [/^\/staff(\/|$)/, /^\/login$/],
  runtimeCaching: [
    {
      urlPattern: ({ url, request }) =>
        request.method === "GET" &&
        /^\/api\/(auth\/me|visits|visits\/\d+|units\/\d+\/(posts|away-notices))$/.test(
          url.pathname,
        ),
      handler: "NetworkFirst",
      options: {
        cacheName: "xiaoneng-field-data",
        networkTimeoutSeconds: 8,
        expiration: { maxEntries: 400, maxAgeSeconds: 14 * 24 * 3600 },
        cacheableResponse: { statuses: [200] },
      },
    },
  ],
})
  .then(({ count, size, warnings }) => {
    for (const w of warnings) console.warn(w);
    console.log(`staff-sw.js: ${count} files precached, ${size} bytes`);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
