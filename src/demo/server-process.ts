// The examgate server as a child process (`node bin/examgate.js serve`), so that the demo can
// stop it and start it again on the same database: a real restart, not a rebuilt object.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/examgate.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const LISTENING = /listening on (http:\/\/\S+)/;

export interface ServerProcess {
  baseUrl: string;
  port: number;
  /** Stops the server with SIGTERM (it finishes in-flight requests) and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `examgate serve` on `databaseUrl` and resolves once it listens. */
export function startServerProcess(databaseUrl: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--database', databaseUrl, '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  let errors = '';

  child.stderr?.on('data', (chunk: Buffer) => {
    errors = `${errors}${chunk.toString('utf8')}`.slice(-4_000);
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms; its error output: ${errors}`));
    }, START_TIMEOUT_MS);

    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);

      if (match === null) return;

      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      const baseUrl = (match[1] as string).replace(/\/$/, '');
      resolve({
        baseUrl,
        port: Number(new URL(baseUrl).port),
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });

    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening; its error output: ${errors}`));
    }, reject);
  });
}
