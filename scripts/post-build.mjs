// Trunk post-build hook: the steps that must run in order on the built files (Trunk runs a
// stage's hooks side by side, so they are one hook): place the split-off wasm chunks, minify the
// first screen's script and style sheet, allow the start-up script in the CSP, point the copy at
// a team's API base and organization when asked (LAUNCHER_DEFAULT_API, LAUNCHER_DEFAULT_ORG),
// write the service worker's shell list (chunks included), then precompress every file for hosts
// that serve `.br`/`.gz`.
await import('./split-chunks.mjs');
await import('./minify.mjs');
await import('./csp-hash.mjs');
(await import('./pre-point.mjs')).fromEnvironment();
await import('./shell-list.mjs');
await import('./precompress.mjs');
