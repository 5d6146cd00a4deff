// A linked template's request, sent as the page opens (index.html carries this script inline),
// while the app itself downloads: on a slow link the template's answer is in before the app
// starts. See src/api/early.rs.
//
// This script knows no address and no header. It follows the recipe the Settings screen and the
// Launch tools keep for the connection (no token in it), only while Settings still name the API
// base and organization the recipe was made for, and never for a link that names another API or organization; it
// sends the token the app stored, in the Authorization header, to that API base only.
//
// The app's first template request then meets this answer: the browser's fetch, wrapped until
// that request, hands it over when the request is exactly the one sent here (address, headers,
// token and options) and sends anything else as it was asked.
(() => {
  try {
    const tokenKey = 'tallyfy-launcher/token';
    const recipe = JSON.parse(localStorage.getItem('tallyfy-launcher/early-template'));
    const settings = JSON.parse(localStorage.getItem('tallyfy-launcher/settings/v1'));
    const token = localStorage.getItem(tokenKey) ?? sessionStorage.getItem(tokenKey);
    const route = /^#\/*launch\/*\?(.*)$/s.exec(location.hash);
    if (!recipe || !settings || !token || !route) return;
    if (settings.api_base !== recipe.stored_api || settings.org_id !== recipe.stored_org) return;
    const link = new URLSearchParams(route[1]);
    const id = (link.get('template') ?? '').trim();
    const other = (name) => link.has(name) && link.get(name).trim() !== recipe[name];
    // "." and ".." would move the address up a folder: the app encodes them, and never asks
    // for such a template early.
    if (!id || id === '.' || id === '..' || other('api') || other('org')) return;
    // A path segment as the app writes it: only letters, digits and "-_.~" stay as they are.
    const segment = encodeURIComponent(id).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    const sent = new Request(recipe.before + segment + recipe.after, {
      headers: [['Authorization', `Bearer ${token}`], ...recipe.headers],
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
    });
    const templates = new URL(recipe.before).href;
    const send = window.fetch;
    const answer = send(sent.clone());
    answer.catch(() => {});
    const same = (asked) =>
      asked.url === sent.url &&
      ['method', 'credentials', 'cache', 'redirect', 'mode'].every((o) => asked[o] === sent[o]) &&
      asked.body === null &&
      JSON.stringify([...asked.headers]) === JSON.stringify([...sent.headers]);
    window.fetch = (input, init) => {
      const asked = input instanceof Request && init === undefined ? input : null;
      if (asked?.url.startsWith(templates)) {
        // The first template request: the offer ends with it, whichever it is.
        window.fetch = send;
        if (same(asked)) return answer;
      }
      return send(input, init);
    };
  } catch {
    // Storage refused, or a recipe or settings unreadable: the app asks for the template itself.
  }
})();
