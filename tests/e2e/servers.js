// Real web servers for the hosting tests: Debian's nginx and Caddy run with the configurations in
// deploy/ exactly as the README says to fill them in, on loopback, in a scratch folder (logs,
// pid, temporary files), and stopped after the test. `scripts/setup.sh --test` installs both.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.js';

/** A free loopback port (the listener closes at once; the server takes it right after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something answers HTTP at `url`. */
async function answering(url, child, output) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing answered at ${url}: ${output()}`);
}

function started(child, url, scratch, log) {
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  return answering(url, child, () => output).then(() => ({
    url,
    log,
    /** The access log as written so far. */
    accessLog: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  }));
}

/** deploy/nginx/launcher.conf.template filled in with envsubst, inside a main configuration
 * that keeps every file nginx writes in a scratch folder. */
export async function startNginx({ root, upstream }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-'));
  // Workers may run as another user (nobody, when started as root): they read and write here.
  fs.chmodSync(scratch, 0o755);
  const port = await freePort();
  const log = path.join(scratch, 'access.log');
  const vars = { LISTEN: `127.0.0.1:${port}`, LAUNCHER_ROOT: root, LAUNCHER_LOG: log, TALLYFY_API: upstream };
  const template = fs.readFileSync(path.join(ROOT, 'deploy/nginx/launcher.conf.template'), 'utf8');
  const filled = spawnSync('envsubst', ['$LISTEN $LAUNCHER_ROOT $LAUNCHER_LOG $TALLYFY_API'], {
    input: template, env: { ...process.env, ...vars }, encoding: 'utf8',
  });
  if (filled.status !== 0) throw new Error(`envsubst: ${filled.stderr}`);
  fs.writeFileSync(path.join(scratch, 'launcher.conf'), filled.stdout);
  const temp = (name) => `${name}_temp_path ${path.join(scratch, name)};`;
  fs.writeFileSync(path.join(scratch, 'nginx.conf'), [
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(scratch, 'nginx.pid')};`,
    `error_log ${path.join(scratch, 'error.log')};`,
    'load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;',
    'events {}',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `  ${temp(n)}`),
    `  include ${path.join(scratch, 'launcher.conf')};`,
    '}',
  ].join('\n'));
  // Debian puts nginx in /usr/sbin, which a user's PATH may lack.
  const nginx = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const child = spawn(nginx, ['-c', path.join(scratch, 'nginx.conf'), '-e', path.join(scratch, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  return started(child, `http://127.0.0.1:${port}/`, scratch, log);
}

/** deploy/caddy/Caddyfile with its environment variables, Caddy's own files in a scratch folder. */
export async function startCaddy({ root, upstream }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'caddy-'));
  const port = await freePort();
  const log = path.join(scratch, 'access.log');
  const env = {
    PATH: process.env.PATH,
    HOME: scratch,
    XDG_DATA_HOME: scratch,
    XDG_CONFIG_HOME: scratch,
    LISTEN: `http://127.0.0.1:${port}`,
    LAUNCHER_ROOT: root,
    LAUNCHER_LOG: log,
    TALLYFY_API: upstream,
  };
  const child = spawn('caddy', ['run', '--config', path.join(ROOT, 'deploy/caddy/Caddyfile'), '--adapter', 'caddyfile'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return started(child, `http://127.0.0.1:${port}/`, scratch, log);
}
