// Several `examgate serve` processes on one database and one Redis, with Debian's nginx in front
// on a loopback port: used by the exam load benchmark (--instances) and the cluster test. nginx
// runs unprivileged as a child process with its own configuration, pid and log files in a
// temporary folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NGINX_PATH = '/usr/sbin/nginx';
const BIN = fileURLToPath(new URL('../bin/examgate.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface Instance {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Output of the process so far, for failure messages. */
  output(): string;
}

export interface InstanceOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** Extra environment variables of every instance. */
  env?: Record<string, string>;
  logLevel?: string;
}

/** Returns a free TCP port on 127.0.0.1 (bound and released, so a race is possible but rare). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  if (address === null || typeof address === 'string') {
    throw new Error('could not read the port of a probe socket');
  }

  return address.port;
}

/** Waits until `url` answers 200, or fails after the timeout with the last status. */
export async function waitForReady(url: string, timeoutMs: number = START_TIMEOUT_MS, output: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';

  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      last = `HTTP ${response.status}`;

      if (response.ok) {
        return;
      }
    } catch (error) {
      last = (error as Error).message;
    }

    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error(`${url} was not ready after ${timeoutMs} ms (last: ${last}); output:\n${output()}`);
}

/** Starts one `examgate serve` process with `--database` and `--redis` on a free port. */
export async function startInstance(name: string, options: InstanceOptions): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--database', options.databaseUrl, '--redis', options.redisUrl, '--port', String(port), '--trust-proxy', '127.0.0.1'], {
    env: { ...process.env, ...options.env, EXAMGATE_REDIS_PREFIX: options.redisPrefix, EXAMGATE_INSTANCE_ID: name, EXAMGATE_LOG_LEVEL: options.logLevel ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output = (output + String(chunk)).slice(-20_000); });
  child.stderr?.on('data', (chunk: Buffer) => { output = (output + String(chunk)).slice(-20_000); });

  const instance: Instance = { name, port, url: `http://127.0.0.1:${port}`, child, output: () => output };
  await waitForReady(`${instance.url}/ready`, START_TIMEOUT_MS, () => output);
  return instance;
}

/** Stops an instance with SIGTERM (graceful) and waits for it to exit. */
export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) {
    return;
  }

  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

export interface Proxy {
  port: number;
  url: string;
  folder: string;
  /** Process id of the nginx master. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Writes an nginx configuration for `upstreamPorts` (the same as docs/deployment.md describes,
 * on loopback) and starts nginx in the foreground as a child process.
 */
export async function startNginx(upstreamPorts: number[]): Promise<Proxy> {
  if (!existsSync(NGINX_PATH)) {
    throw new Error(`nginx is missing at ${NGINX_PATH}: apt-get install nginx`);
  }

  const folder = mkdtempSync(join(tmpdir(), 'examgate-nginx-'));
  const port = await freePort();
  const servers = upstreamPorts.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=5s;`).join('\n');
  const config = `
worker_processes 1;
worker_rlimit_nofile 131072;
pid ${folder}/nginx.pid;
error_log ${folder}/error.log warn;
daemon off;
events { worker_connections 65536; }
http {
  access_log off;
  client_body_temp_path ${folder}/body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream examgate {
${servers}
    keepalive 256;
  }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    client_max_body_size 20m;
    location / {
      proxy_pass http://examgate;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 3600s;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 3;
    }
  }
}
`;
  const configPath = join(folder, 'nginx.conf');
  writeFileSync(configPath, config);

  const child = spawn(NGINX_PATH, ['-c', configPath, '-p', folder, '-e', join(folder, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => { errors += String(chunk); });

  const url = `http://127.0.0.1:${port}`;
  await waitForReady(`${url}/health`, START_TIMEOUT_MS, () => errors);

  return {
    port, url, folder,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }

      rmSync(folder, { recursive: true, force: true });
    },
  };
}
