// Runtime configuration from the environment, read once at start.
export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  logLevel: string;
  /** Fastify trustProxy: behind a TLS-terminating proxy, X-Forwarded-* give the client's address
   * (login limits) and protocol (Secure cookies). Off unless TRUST_PROXY is set. */
  trustProxy: boolean | string;
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  return value; // comma-separated addresses / CIDR ranges of trusted proxies
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
  };
}
