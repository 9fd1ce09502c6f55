// Nothing we run fetches from the network on a user's behalf: every GDAL command (imports read
// files with ogrinfo/ogr2ogr, exports write them with ogr2ogr) starts here. Two walls:
// 1. GDAL's configuration lets no driver open a URL: every HTTP(S)/FTP request goes through a proxy
//    with a scheme curl refuses before it connects, /vsicurl/ accepts no file name, PROJ stays
//    offline, LIBKML resolves no remote style. (GDAL 3.6 has no switch that turns HTTP off: a
//    GeoJSON `crs` link is fetched even with GDAL_HTTP_TIMEOUT and CPL_VSIL_CURL_ALLOWED_EXTENSIONS.)
// 2. Where the platform allows, the process runs in a network namespace of its own with no
//    interface up (`unshare -n` as root, `unshare -rn` in a user namespace otherwise), so even a
//    driver that ignored the configuration could not connect anywhere. Where neither works (a
//    container without namespaces), wall 1 holds alone and the server says so once in its log.
// Children also run niced, so a large conversion does not take the CPU from the event loop.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** A proxy curl refuses ("Unsupported proxy scheme") without opening any connection. */
const NO_PROXY_ALLOWED = 'refused://no-network';

export const GDAL_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CPL_DEBUG: 'OFF',
  GDAL_HTTP_PROXY: NO_PROXY_ALLOWED,
  GDAL_HTTPS_PROXY: NO_PROXY_ALLOWED,
  http_proxy: NO_PROXY_ALLOWED,
  https_proxy: NO_PROXY_ALLOWED,
  ftp_proxy: NO_PROXY_ALLOWED,
  all_proxy: NO_PROXY_ALLOWED,
  HTTP_PROXY: NO_PROXY_ALLOWED,
  HTTPS_PROXY: NO_PROXY_ALLOWED,
  ALL_PROXY: NO_PROXY_ALLOWED,
  NO_PROXY: '',
  no_proxy: '',
  GDAL_HTTP_TIMEOUT: '1',
  GDAL_HTTP_CONNECTTIMEOUT: '1',
  GDAL_HTTP_MAX_RETRY: '0',
  CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.none',
  CPL_VSIL_CURL_ALLOWED_FILENAME: '/no-remote-files',
  PROJ_NETWORK: 'OFF',
  LIBKML_RESOLVE_STYLE: 'NO',
  LIBKML_EXTERNAL_STYLE: 'NO',
};

export type SandboxKind = 'network namespace' | 'user and network namespace' | 'configuration only';

let sandbox: { kind: SandboxKind; prefix: string[] } | undefined;

/** How GDAL children are kept off the network here: tried once, then remembered. */
export function gdalSandbox(): { kind: SandboxKind; prefix: string[] } {
  if (sandbox) return sandbox;
  const candidates: [SandboxKind, string[]][] = [
    ['network namespace', ['unshare', '-n']],
    ['user and network namespace', ['unshare', '-rn']],
  ];
  for (const [kind, prefix] of candidates) {
    const probe = spawnSync(prefix[0]!, [...prefix.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) {
      sandbox = { kind, prefix };
      return sandbox;
    }
  }
  process.emitWarning(
    'GDAL runs without a network namespace here (unshare is missing or not allowed); its configuration alone keeps it off the network',
  );
  sandbox = { kind: 'configuration only', prefix: [] };
  return sandbox;
}

/** Starts a GDAL tool without network access, niced, stdout and stderr piped. */
export function spawnGdal(
  tool: 'ogr2ogr' | 'ogrinfo',
  args: string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  const command = [...gdalSandbox().prefix, 'nice', '-n', '10', tool, ...args];
  return spawn(command[0]!, command.slice(1), {
    env: { ...GDAL_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export class GdalNotInstalled extends Error {
  constructor(tool: string) {
    super(`${tool} is not installed (Debian package gdal-bin)`);
  }
}

export interface GdalRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a GDAL tool to its end (killed after `timeoutMs`); stderr is kept up to 20 000 characters. */
export function runGdalTool(
  tool: 'ogr2ogr' | 'ogrinfo',
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<GdalRun> {
  return new Promise((resolve, reject) => {
    const child = spawnGdal(tool, args, options.env);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 20_000) stderr += d;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new GdalNotInstalled(tool) : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // 127: the shell-style "command not found" of unshare and nice.
      if (code === 127 && /No such file|not found/i.test(stderr)) reject(new GdalNotInstalled(tool));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}
