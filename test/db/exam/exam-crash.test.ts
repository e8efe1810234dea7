// Crash test: simulated candidates keep saving while the server process is killed with SIGKILL
// and restarted, twice. Every answer the server acknowledged must be stored afterwards, at the
// acknowledged version or a newer one, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { forEachDatabase } from '../../support/databases.js';
import { answerFor, CandidateClient } from './candidate-client.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./crash-server.ts', import.meta.url));
const CANDIDATES = 24;
const QUESTIONS = 12;
const RUN_MS_BETWEEN_KILLS = 2_000;
const KILLS = 2;

interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
}

async function startServer(databaseUrl: string): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT, databaseUrl], { env: { ...process.env, EXAMGATE_FINALISER: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';

  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const match = /listening (\S+)/.exec(output);

    if (match !== null) {
      return { child, baseUrl: match[1] as string };
    }
  }

  throw new Error(`the crash-test server exited before listening; output: ${output}`);
}

async function kill(server: RunningServer): Promise<void> {
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await exited;
}

forEachDatabase('exam answers survive SIGKILL', async (testDatabase, t) => {
  const seeded = await seedExam(testDatabase.database.db, { candidates: CANDIDATES, questions: QUESTIONS });
  let server = await startServer(testDatabase.url);
  const current = { baseUrl: server.baseUrl };
  const acknowledged = new Map<string, number>();
  let stop = false;
  let acks = 0;
  let failures = 0;

  const candidateLoop = async (index: number): Promise<void> => {
    const candidate = seeded.candidates[index]!;
    let view: { attempt: { id: string }; questions: { id: string; kind: string }[] } | null = null;
    let version = 0;

    while (!stop) {
      const client = new CandidateClient(current.baseUrl, candidate);

      try {
        if (view === null) {
          const loaded = await client.load();
          assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
          view = loaded.body;
          continue;
        }

        version += 1;
        const question = view.questions[version % view.questions.length]!;
        const response = await client.save(view.attempt.id, [{ questionId: question.id, clientVersion: version, value: answerFor(question, version), idempotencyKey: `${question.id}:${version}` }]);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const ack = response.body.acks[0];
        assert.ok(['stored', 'duplicate'].includes(ack.result), `unexpected ack ${JSON.stringify(ack)}`);
        acknowledged.set(`${view.attempt.id}|${question.id}`, Math.max(acknowledged.get(`${view.attempt.id}|${question.id}`) ?? 0, version));
        acks += 1;
      } catch (error) {
        if (error instanceof assert.AssertionError) {
          throw error;
        }

        // The server is down: the browser keeps the change and tries again shortly.
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  const loops = Array.from({ length: CANDIDATES }, (_, index) => candidateLoop(index));

  try {
    for (let kill_ = 0; kill_ < KILLS; kill_ += 1) {
      await new Promise((resolve) => setTimeout(resolve, RUN_MS_BETWEEN_KILLS));
      await kill(server);
      server = await startServer(testDatabase.url);
      current.baseUrl = server.baseUrl;
    }

    await new Promise((resolve) => setTimeout(resolve, RUN_MS_BETWEEN_KILLS));
  } finally {
    stop = true;
    await Promise.allSettled(loops);
    await kill(server);
  }

  await Promise.all(loops);
  t.diagnostic(`${acks} acknowledged saves, ${failures} failed while the server was down, ${acknowledged.size} answers checked`);
  assert.ok(acks > CANDIDATES * 3, `only ${acks} acknowledged saves; the load did not run`);
  assert.ok(failures > 0, 'no save failed, so the kills did not hit the load');

  const rows = await examDb(testDatabase.database.db).selectFrom('exam_answers').select(['attempt_id', 'question_id', 'version']).execute();
  const stored = new Map(rows.map((row) => [`${row.attempt_id}|${row.question_id}`, Number(row.version)]));
  const lost = [...acknowledged.entries()].filter(([key, version]) => (stored.get(key) ?? 0) < version);
  assert.deepEqual(lost, [], `${lost.length} acknowledged answers are missing after the crashes`);
});
