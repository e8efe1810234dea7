// Exam load benchmark: simulated candidates start together, answer a 40-question exam with one
// save per interval (15 s by default, as in a real exam; --interval-ms compresses it), then submit.
// Prints saves per second, save latency percentiles, errors, and acknowledged versus stored
// answers. The server runs in a separate process on this machine.
// Connections model browsers: each candidate has a keep-alive connection of its own, as a browser
// tab does, so a save never waits in this process behind another candidate's request. When the
// candidates need more sockets than the file-descriptor limit (`ulimit -n`) leaves free, the
// benchmark prints so and switches to split pools: attempt loads share --max-sockets sockets, and
// saves and submits use a pool capped only by the descriptors that the server side can hold, so
// saves queue here only when that many are in flight.
// Save latency is also given separately for saves sent while attempt loads were still running and
// for saves sent after the last load.
// With --instances N (N > 1) it starts N `examgate serve` processes on PostgreSQL and Redis behind
// nginx (bench/cluster.ts) and sends every request through nginx.
// Usage: npm run bench:exam -- [--candidates N] [--questions N] [--interval-ms MS]
//        [--database sqlite|postgres|postgres://URL] [--instances N] [--redis URL]
//        [--connections per-candidate|split] [--max-sockets N] [--server-cpu-prof DIR] [--json]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { createDatabase } from '../src/server/db/database.js';
import { type Instance, startInstance, startNginx, stopInstance } from './cluster.js';
import { Migrator } from 'kysely';

import { FolderMigrationProvider } from '../src/server/db/migrate.js';
import { examDb } from '../src/server/exam/exam-schema.js';
import { seedExam, type SeededCandidate } from '../src/server/exam/exam-seed.js';

const DEFAULT_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '200' },
    questions: { type: 'string', default: '40' },
    // A save every 15 s, as in a real exam; smaller values compress the run.
    'interval-ms': { type: 'string', default: '15000' },
    database: { type: 'string', default: 'sqlite' },
    // per-candidate (the default when the file-descriptor limit allows it) or split.
    connections: { type: 'string' },
    // Sockets shared by the attempt loads in split mode.
    'max-sockets': { type: 'string', default: '512' },
    // Writes a V8 CPU profile of the single server process into DIR when it stops.
    'server-cpu-prof': { type: 'string' },
    instances: { type: 'string', default: '1' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    json: { type: 'boolean', default: false },
  },
});

const candidateCount = Number(args.candidates);
const questionCount = Number(args.questions);
const intervalMs = Number(args['interval-ms']);
const instanceCount = Number(args.instances);
const databaseKind = args.database.startsWith('postgres') ? 'postgres' : args.database;

/** File descriptors kept free for the database, the server pipes and Node.js itself. */
const RESERVED_DESCRIPTORS = 512;

/** Returns the soft limit of open files of this process (`ulimit -n`). */
function descriptorLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  return match === null || match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

const openFileLimit = descriptorLimit();
const connectionMode = args.connections ?? (candidateCount + RESERVED_DESCRIPTORS <= openFileLimit ? 'per-candidate' : 'split');

if (connectionMode !== 'per-candidate' && connectionMode !== 'split') {
  throw new Error(`--connections must be per-candidate or split, found ${connectionMode}`);
}

if (connectionMode === 'per-candidate' && candidateCount + RESERVED_DESCRIPTORS > openFileLimit) {
  throw new Error(`--connections per-candidate needs ${candidateCount + RESERVED_DESCRIPTORS} file descriptors, but ulimit -n is ${openFileLimit}: raise the limit or use --connections split`);
}

// In split mode the loads share a capped pool, and saves and submits open a socket whenever none
// is free, so only loads can wait here.
// The pools reuse the most recently freed socket, so some sockets sit idle. The agents close a
// socket after 30 s idle, before the server's keep-alive timeout (72 s in Fastify) can close it
// just as a request is sent on it, which the client would see as a reset.
const IDLE_SOCKET_TIMEOUT_MS = 30_000;
const loadAgent = new http.Agent({ keepAlive: true, maxSockets: Number(args['max-sockets']), timeout: IDLE_SOCKET_TIMEOUT_MS });
// nginx and the server run with the same descriptor limit as this process. Through nginx, every
// request in flight takes two descriptors there (client side and instance side), so the save pool
// gets at most half of what the limit leaves. Without the cap, a 20,000-candidate run through
// nginx ran out of descriptors ("Too many open files" in its log) and reset connections.
const saveSocketCap = Math.max(1, Math.floor((openFileLimit - RESERVED_DESCRIPTORS - Number(args['max-sockets'])) / 2));
const saveAgent = new http.Agent({ keepAlive: true, maxSockets: saveSocketCap, maxFreeSockets: 4096, timeout: IDLE_SOCKET_TIMEOUT_MS });
const candidateAgents = new Map<string, http.Agent>();

/** Returns the agent for one candidate's request: its own connection, or a pool of split mode. */
function agentFor(candidate: SeededCandidate, kind: 'load' | 'save'): http.Agent {
  if (connectionMode === 'split') {
    return kind === 'load' ? loadAgent : saveAgent;
  }

  let agent = candidateAgents.get(candidate.sessionToken);

  if (agent === undefined) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    candidateAgents.set(candidate.sessionToken, agent);
  }

  return agent;
}

interface Reply {
  status: number;
  body: any;
}

function request(baseUrl: URL, candidate: SeededCandidate, method: string, path: string, body?: unknown): Promise<Reply> {
  const agent = agentFor(candidate, method === 'GET' ? 'load' : 'save');
  const payload = body === undefined ? undefined : JSON.stringify(body);

  return new Promise((resolve, reject) => {
    const outgoing = http.request({
      agent, host: baseUrl.hostname, port: baseUrl.port, method, path,
      headers: { cookie: `examgate_session=${candidate.sessionToken}; examgate_csrf=${candidate.csrfToken}`, 'x-csrf-token': candidate.csrfToken, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');

        // A proxy's error page is HTML, and the status alone then counts as the error.
        try {
          resolve({ status: response.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
        } catch {
          resolve({ status: response.statusCode === 200 ? 0 : (response.statusCode ?? 0), body: null });
        }
      });
      response.on('error', reject);
    });

    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

function answerFor(question: { kind: string; options?: { id: string }[]; statements?: { id: string }[] }, salt: number): unknown {
  switch (question.kind) {
    case 'single':
      return { choice: question.options?.[salt % (question.options?.length ?? 1)]?.id ?? null };
    case 'true_false':
      return { statements: Object.fromEntries((question.statements ?? []).map((statement, index) => [statement.id, (index + salt) % 2 === 0])) };
    default:
      return { text: String(salt) };
  }
}

async function openDatabase(kind: string): Promise<{ url: string; schema: string | null; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-bench-'));
    return { url: join(folder, 'bench.sqlite'), schema: null, cleanup: async () => rmSync(folder, { recursive: true, force: true }) };
  }

  if (kind !== 'postgres' && !kind.startsWith('postgres://')) {
    throw new Error(`--database must be sqlite, postgres or a postgres:// URL, found ${kind}`);
  }

  const POSTGRES_URL = kind === 'postgres' ? DEFAULT_POSTGRES_URL : kind;

  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(statement);
    await client.end();
  };

  await admin(`CREATE SCHEMA ${schema}`);
  return { url: `${POSTGRES_URL}?schema=${schema}`, schema, cleanup: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

interface RunningServer {
  baseUrl: URL;
  /** Server process ids, whose CPU time the benchmark reads from /proc. */
  pids: number[];
  /** Other child process ids (nginx), ended with the servers if the benchmark crashes. */
  helperPids?: number[];
  stop(): Promise<void>;
}

/** Returns the CPU time (user + system) of the processes in seconds, from /proc/PID/stat (Linux, 100 ticks per second). */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;

  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }

  return ticks / 100;
}

/** Starts `instanceCount` instances on PostgreSQL and Redis behind nginx. */
async function startCluster(databaseUrl: string): Promise<RunningServer> {
  if (databaseKind !== 'postgres') {
    throw new Error('--instances above 1 needs --database postgres (or a postgres:// URL), because SQLite is a file of one process');
  }

  const redisPrefix = `bench:${randomBytes(5).toString('hex')}:`;
  const instances: Instance[] = [];

  for (let index = 1; index <= instanceCount; index++) {
    instances.push(await startInstance(`bench-${index}`, { databaseUrl, redisUrl: args.redis, redisPrefix, env: { EXAMGATE_FINALISER: 'off' } }));
  }

  const proxy = await startNginx(instances.map((instance) => instance.port));
  return {
    baseUrl: new URL(proxy.url),
    pids: instances.map((instance) => instance.child.pid as number),
    helperPids: [proxy.pid],
    async stop() {
      await proxy.stop();
      await Promise.all(instances.map((instance) => stopInstance(instance)));
    },
  };
}

async function startSingleServer(databaseUrl: string): Promise<RunningServer> {
  const server = await startServer(databaseUrl);
  return {
    baseUrl: server.baseUrl,
    pids: [server.child.pid as number],
    async stop() {
      const exited = once(server.child, 'exit');
      server.child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: URL }> {
  const script = fileURLToPath(new URL('./exam-server.ts', import.meta.url));
  const profileArgs = args['server-cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', args['server-cpu-prof']];
  const child = spawn(process.execPath, [...profileArgs, '--import', 'tsx', script, databaseUrl], { env: { ...process.env, EXAMGATE_FINALISER: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';

  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const match = /listening (\S+)/.exec(output);

    if (match !== null) {
      return { child, baseUrl: new URL(match[1] as string) };
    }
  }

  throw new Error(`the benchmark server exited before listening: ${output}`);
}

interface CpuSnapshot {
  serverCpu: number;
  generatorCpu: NodeJS.CpuUsage;
  saveRequests: number;
}

/** Returns the CPU per save request between two snapshots, or null when there are none between them. */
function savePhaseCpu(start: CpuSnapshot | null, end: CpuSnapshot | null): { saveRequests: number; serverCpuMsPerSave: number; generatorCpuMsPerSave: number } | null {
  if (start === null || end === null || end.saveRequests <= start.saveRequests) {
    return null;
  }

  const count = end.saveRequests - start.saveRequests;
  const generatorMicros = end.generatorCpu.user + end.generatorCpu.system - start.generatorCpu.user - start.generatorCpu.system;
  return {
    saveRequests: count,
    serverCpuMsPerSave: Number((((end.serverCpu - start.serverCpu) * 1000) / count).toFixed(3)),
    generatorCpuMsPerSave: Number((generatorMicros / 1000 / count).toFixed(3)),
  };
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }

  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const { url, schema, cleanup } = await openDatabase(args.database);
  const database = createDatabase(url);
  let server: RunningServer | null = null;

  try {
    // The migration tables are looked up in the benchmark's own schema, because other schemas
    // of the shared test database hold tables of the same names.
    const migrated = await new Migrator({ db: database.db, provider: new FolderMigrationProvider(), allowUnorderedMigrations: true, ...(schema === null ? {} : { migrationTableSchema: schema }) }).migrateToLatest();

    if (migrated.error !== undefined) {
      throw migrated.error;
    }

    const seedStarted = Date.now();
    const seeded = await seedExam(database.db, { candidates: candidateCount, questions: questionCount, durationMinutes: 120, windowMinutes: 60 });
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    server = instanceCount > 1 ? await startCluster(url) : await startSingleServer(url);
    const baseUrl = server.baseUrl;
    const children = [...server.pids, ...(server.helperPids ?? [])];

    // An uncaught error or Ctrl-C skips the `finally` below, so the servers and nginx are ended
    // on exit, and a signal exits through it.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
    }

    process.once('exit', () => {
      for (const pid of children) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    });

    const latencies: number[] = [];
    // Saves sent after the last attempt load and before the first submit, so without the start burst.
    const savePhaseLatencies: number[] = [];
    // Saves sent while attempt loads were still running, and saves sent after the last load.
    const duringLoadsLatencies: number[] = [];
    const afterLoadsLatencies: number[] = [];
    const acknowledged = new Map<string, number>();
    const errors = new Map<string, number>();
    const countError = (kind: string): void => {
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
    };

    let saves = 0;
    let saveRequests = 0;
    let loadsDone = 0;
    // CPU of the server and of this process while only saves run: after the last attempt load
    // and before the first submit. Null when the phases overlapped.
    const steady: { start: CpuSnapshot | null; end: CpuSnapshot | null } = { start: null, end: null };
    const runningServer = server;
    const snapshot = (): CpuSnapshot => ({ serverCpu: cpuSeconds(runningServer.pids), generatorCpu: process.cpuUsage(), saveRequests });
    const loadStarted = Date.now();
    const cpuAtStart = cpuSeconds(server.pids);
    // Time and server CPU from the start until the last attempt load was answered.
    const start: { phase: { seconds: number; serverCpu: number; saveRequests: number } | null } = { phase: null };
    const generatorCpuAtStart = process.cpuUsage();

    const runCandidate = async (candidate: SeededCandidate): Promise<void> => {
      const loaded = await request(baseUrl, candidate, 'GET', '/api/exam/attempt').catch(() => null);
      loadsDone += 1;

      if (loadsDone === candidateCount) {
        steady.start = snapshot();
        start.phase = { seconds: (Date.now() - loadStarted) / 1000, serverCpu: cpuSeconds(runningServer.pids) - cpuAtStart, saveRequests };
      }

      if (loaded === null || loaded.status !== 200) {
        countError(`load ${loaded?.status ?? 'network'}`);
        return;
      }

      const attemptId = loaded.body.attempt.id as string;
      const questions = loaded.body.questions as { id: string; kind: string }[];

      // Each browser's timer starts when its page loads, so saves spread over the interval.
      await sleep(Math.random() * intervalMs);

      for (let index = 0; index < questions.length; index += 1) {
        const question = questions[index]!;
        const item = { questionId: question.id, clientVersion: 1, value: answerFor(question, index), idempotencyKey: `${question.id}:1` };
        const sent = performance.now();
        const sentInSavePhase = steady.start !== null && steady.end === null;
        const sentDuringLoads = loadsDone < candidateCount;
        const tickStarted = Date.now();
        let stored = false;

        for (let tries = 0; tries < 3 && !stored; tries += 1) {
          try {
            // A retry after a failed try is a resend, which the server records for the evaluation.
            saveRequests += 1;
            const reply = await request(baseUrl, candidate, 'POST', `/api/exam/attempts/${attemptId}/answers`, { answers: [tries === 0 ? item : { ...item, resent: true }] });

            if (reply.status !== 200) {
              countError(`save HTTP ${reply.status}`);
              continue;
            }

            const ack = reply.body.acks[0];

            if (ack.result !== 'stored' && ack.result !== 'duplicate') {
              countError(`save ack ${ack.result}`);
              break;
            }

            acknowledged.set(`${attemptId}|${question.id}`, ack.storedVersion);
            stored = true;
          } catch (error) {
            countError(`save network ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
          }
        }

        latencies.push(performance.now() - sent);

        if (sentInSavePhase) {
          savePhaseLatencies.push(performance.now() - sent);
        }

        (sentDuringLoads ? duringLoadsLatencies : afterLoadsLatencies).push(performance.now() - sent);

        saves += 1;
        await sleep(Math.max(0, intervalMs - (Date.now() - tickStarted)));
      }

      if (steady.end === null && steady.start !== null) {
        steady.end = snapshot();
      }

      const submitted = await request(baseUrl, candidate, 'POST', `/api/exam/attempts/${attemptId}/submit`, { idempotencyKey: 'bench' }).catch(() => null);

      if (submitted === null || submitted.status !== 200) {
        countError(`submit ${submitted?.status ?? 'network'}`);
      }
    };

    await Promise.all(seeded.candidates.map((candidate) => runCandidate(candidate)));
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const serverCpuSeconds = cpuSeconds(server.pids) - cpuAtStart;
    const generatorCpu = process.cpuUsage(generatorCpuAtStart);
    const generatorCpuSeconds = (generatorCpu.user + generatorCpu.system) / 1e6;

    const rows = await examDb(database.db).selectFrom('exam_answers').select(['attempt_id', 'question_id', 'version']).execute();
    const stored = new Map(rows.map((row) => [`${row.attempt_id}|${row.question_id}`, Number(row.version)]));
    const lost = [...acknowledged.entries()].filter(([key, version]) => (stored.get(key) ?? 0) < version).length;
    const submittedCount = await examDb(database.db).selectFrom('exam_attempts').select((eb) => eb.fn.countAll().as('count')).where('exam_session_id', '=', seeded.examSessionId).where('status', '=', 'submitted').executeTakeFirstOrThrow();
    const sorted = [...latencies].sort((a, b) => a - b);
    const savePhaseSorted = [...savePhaseLatencies].sort((a, b) => a - b);
    const summarise = (values: number[]) => {
      const ordered = [...values].sort((a, b) => a - b);
      return { saves: ordered.length, p50: Number(percentile(ordered, 0.5).toFixed(1)), p95: Number(percentile(ordered, 0.95).toFixed(1)), p99: Number(percentile(ordered, 0.99).toFixed(1)), max: Number((ordered.at(-1) ?? Number.NaN).toFixed(1)) };
    };
    const duringLoads = summarise(duringLoadsLatencies);
    const afterLoads = summarise(afterLoadsLatencies);
    const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();

    const result = {
      database: databaseKind,
      instances: instanceCount,
      candidates: candidateCount,
      questions: questionCount,
      intervalMs,
      connections: connectionMode,
      openFileLimit,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      seedSeconds: Number(seedSeconds.toFixed(1)),
      loadSeconds: Number(loadSeconds.toFixed(1)),
      saves,
      savesPerSecond: Number((saves / loadSeconds).toFixed(1)),
      latencyMs: { p50: Number(percentile(sorted, 0.5).toFixed(1)), p95: Number(percentile(sorted, 0.95).toFixed(1)), p99: Number(percentile(sorted, 0.99).toFixed(1)), max: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)) },
      errors: Object.fromEntries(errors),
      errorCount: [...errors.values()].reduce((sum, count) => sum + count, 0),
      acknowledgedAnswers: acknowledged.size,
      storedAnswers: rows.length,
      lostAnswers: lost,
      serverCpuSeconds: Number(serverCpuSeconds.toFixed(1)),
      serverCpuMsPerRequest: Number(((serverCpuSeconds * 1000) / (saves + 2 * candidateCount)).toFixed(2)),
      generatorCpuSeconds: Number(generatorCpuSeconds.toFixed(1)),
      generatorCpuMsPerRequest: Number(((generatorCpuSeconds * 1000) / (saves + 2 * candidateCount)).toFixed(2)),
      savePhase: savePhaseCpu(steady.start, steady.end),
      savePhaseLatencyMs: { saves: savePhaseSorted.length, p50: Number(percentile(savePhaseSorted, 0.5).toFixed(1)), p95: Number(percentile(savePhaseSorted, 0.95).toFixed(1)), p99: Number(percentile(savePhaseSorted, 0.99).toFixed(1)), max: Number((savePhaseSorted.at(-1) ?? Number.NaN).toFixed(1)) },
      startPhase: start.phase === null ? null : {
        seconds: Number(start.phase.seconds.toFixed(1)),
        serverCpuSeconds: Number(start.phase.serverCpu.toFixed(1)),
        // Includes the CPU of the save requests the server replied to in the same time, counted beside it.
        serverCpuMsPerLoad: Number(((start.phase.serverCpu * 1000) / candidateCount).toFixed(2)),
        saveRequests: start.phase.saveRequests,
      },
      duringLoadsLatencyMs: duringLoads,
      afterLoadsLatencyMs: afterLoads,
      submittedAttempts: Number(submittedCount.count),
      uptimeAtEnd: uptime,
    };

    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write([
        `exam load: ${candidateCount} candidates × ${questionCount} questions, one save per ${intervalMs} ms, ${databaseKind}, ${instanceCount} instance(s)${instanceCount > 1 ? ' behind nginx' : ''}, ${result.cpus} × ${result.cpuModel}`,
        `connections: ${connectionMode === 'per-candidate' ? 'one keep-alive connection per candidate' : `split: attempt loads share ${args['max-sockets']} sockets, saves and submits up to ${saveSocketCap}`} (ulimit -n ${openFileLimit})`,
        `seeding: ${result.seedSeconds} s; load: ${result.loadSeconds} s`,
        `saves: ${saves} (${result.savesPerSecond}/s)`,
        `save latency ms: p50 ${result.latencyMs.p50}, p95 ${result.latencyMs.p95}, p99 ${result.latencyMs.p99}, max ${result.latencyMs.max}`,
        `save latency ms of the ${duringLoads.saves} saves sent while attempt loads were running: p50 ${duringLoads.p50}, p95 ${duringLoads.p95}, p99 ${duringLoads.p99}, max ${duringLoads.max}`,
        `save latency ms of the ${afterLoads.saves} saves sent after the last attempt load: p50 ${afterLoads.p50}, p95 ${afterLoads.p95}, p99 ${afterLoads.p99}, max ${afterLoads.max}`,
        result.startPhase === null
          ? 'attempt loads: not all answered'
          : `attempt loads: the last answered after ${result.startPhase.seconds} s; server CPU ${result.startPhase.serverCpuSeconds} s until then, ${result.startPhase.serverCpuMsPerLoad} ms per load (including the ${result.startPhase.saveRequests} save requests answered in that time)`,
        `server CPU: ${result.serverCpuSeconds} s in the server processes, ${result.serverCpuMsPerRequest} ms per request (saves, attempt loads and submits; PostgreSQL and nginx not counted)`,
        `load generator CPU: ${result.generatorCpuSeconds} s, ${result.generatorCpuMsPerRequest} ms per request (this process, which shares the machine's cores with the server)`,
        result.savePhase === null
          ? 'save phase: none (the last attempt load came after the first submit)'
          : `save phase (after the last load, before the first submit): ${result.savePhase.saveRequests} save requests, server CPU ${result.savePhase.serverCpuMsPerSave} ms and load generator CPU ${result.savePhase.generatorCpuMsPerSave} ms per save request; latency ms of the ${result.savePhaseLatencyMs.saves} saves sent in it: p50 ${result.savePhaseLatencyMs.p50}, p95 ${result.savePhaseLatencyMs.p95}, p99 ${result.savePhaseLatencyMs.p99}, max ${result.savePhaseLatencyMs.max}`,
        `errors: ${result.errorCount}${result.errorCount === 0 ? '' : ` ${JSON.stringify(result.errors)}`}`,
        `answers acknowledged: ${result.acknowledgedAnswers}, stored: ${result.storedAnswers}, lost: ${lost}`,
        `attempts submitted: ${result.submittedAttempts} of ${candidateCount}`,
        `uptime at the end: ${uptime}`,
      ].join('\n') + '\n');
    }

    if (lost > 0) {
      process.exitCode = 1;
    }
  } finally {
    if (server !== null) {
      await server.stop();
    }

    loadAgent.destroy();
    saveAgent.destroy();

    for (const agent of candidateAgents.values()) {
      agent.destroy();
    }

    await database.close();
    await cleanup();
  }
}

await main();
