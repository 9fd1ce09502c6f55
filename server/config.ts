// Runtime configuration from the environment, read once at start.
import { parseCorsOrigins } from './modules/http/http.plugin.ts';
import { parsePublicUrl } from './modules/security/origin.ts';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  logLevel: string;
  /** Fastify trustProxy: behind a TLS-terminating proxy, X-Forwarded-* give the client's address
   * (login limits) and protocol (Secure cookies). Off unless TRUST_PROXY is set. */
  trustProxy: boolean | string | number;
  /** PUBLIC_URL: where users reach the app, e.g. https://atlas.example.gov.cn. Absolute links and
   * the CSRF origin check use it instead of the request's Host header. */
  publicUrl: URL | null;
  /** ALLOW_DEMO_ACCOUNTS=yes: serve on a non-loopback HOST even while the demo accounts (public
   * passwords) still sign in. For a demo shown on a LAN on purpose; main.ts warns loudly. */
  allowDemoAccounts: boolean;
  /** CORS_ORIGINS: origins whose pages may read the public routes (tiles, OGC API…); default any. */
  corsOrigins: '*' | string[];
}

/** Whether HOST only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function parseYesNo(name: string, value: string | undefined): boolean {
  const normalised = (value ?? '').trim().toLowerCase();
  if (['', 'no', 'false', '0', 'off'].includes(normalised)) return false;
  if (['yes', 'true', '1', 'on'].includes(normalised)) return true;
  throw new Error(`${name} must be yes or no, got "${value}"`);
}

/** TRUST_PROXY: `true` (one proxy in front), a number of proxies, or their addresses / CIDR
 * ranges, comma-separated. How the client's address follows from it: buildApp (proxyTrust). */
function parseTrustProxy(value: string | undefined): boolean | string | number {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^[1-9][0-9]?$/.test(value)) return Number(value);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`PORT must be 1-65535, got ${env.PORT}`);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  return {
    host: env.HOST ?? 'localhost',
    port,
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    allowDemoAccounts: parseYesNo('ALLOW_DEMO_ACCOUNTS', env.ALLOW_DEMO_ACCOUNTS),
    publicUrl: env.PUBLIC_URL ? parsePublicUrl(env.PUBLIC_URL) : null,
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
  };
}
