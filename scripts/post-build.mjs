// Trunk post-build hook: the steps that must run in order on the built files (Trunk runs a
// stage's hooks side by side, so they are one hook): allow the start-up script in the CSP, write
// the service worker's shell list, then precompress every file for hosts that serve `.br`/`.gz`.
await import('./csp-hash.mjs');
await import('./shell-list.mjs');
await import('./precompress.mjs');
