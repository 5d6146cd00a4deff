// Tallyfy Launcher on Cloudflare Pages: this Pages Function passes /tallyfy-api/* on to Tallyfy's
// API, so the page and the API share one origin and no CORS applies.
// NOT TESTED HERE: this machine has no Cloudflare. The tested configurations are deploy/nginx and
// deploy/caddy; this follows Cloudflare's documented Pages Functions. Put the functions/ folder
// next to the built files (the project's output directory is dist/), and build with
// LAUNCHER_DEFAULT_API=/tallyfy-api (README: hosting it for a team).
const TALLYFY_API = 'https://go.tallyfy.com/api';

export async function onRequest({ request, params }) {
  const url = new URL(request.url);
  const path = [].concat(params.path ?? []).map(encodeURIComponent).join('/');
  const headers = new Headers(request.headers);
  // Tallyfy sees a server-to-server call; every other header passes as sent.
  for (const name of ['origin', 'referer', 'cookie']) headers.delete(name);
  const answer = await fetch(`${TALLYFY_API}/${path}${url.search}`, {
    method: request.method,
    headers,
    body: ['GET', 'HEAD'].includes(request.method) ? undefined : request.body,
    redirect: 'manual',
  });
  const response = new Response(answer.body, answer);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
