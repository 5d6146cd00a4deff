// Where the e2e tests find the built app and the sandbox binary.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const DIST_DIR = process.env.DIST_DIR || path.join(ROOT, 'dist');
export const SANDBOX_BIN = process.env.SANDBOX_BIN || path.join(ROOT, 'target/debug/tallyfy-sandbox');
export const APP_PORT = Number(process.env.E2E_APP_PORT || 4173);
