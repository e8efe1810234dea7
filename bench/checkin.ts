// Check-in benchmark. Part 1: check-ins through one station, one after another, with virtual
// cards: the proctor names the candidate, the card is tapped, the server verifies and the
// proctor confirms the face. It prints tap-to-decision times (from naming the candidate to the
// server's verdict, the card being on the reader at once) and check-ins per minute. It also
// prints the process CPU time spent while the server handles each station result (decoding the
// dump, verification, the database queries, the photo and the decision). Part 2: server
// verification throughput of verifyCheckIn (passive and active authentication over the server's
// nonce, and the match with the registration) on one core, without storage.
// Run: node --import tsx bench/checkin.ts [--candidates 40] [--pcsc] [--json]
//   --pcsc reads through pcscd and the vpcd reader (takes the vpcd lock) instead of in-process.
import { randomBytes } from 'node:crypto';
import { cpuUsage } from 'node:process';
import { parseArgs } from 'node:util';

import { DEFAULT_FILES } from '../src/chip/reader/index.js';
import { TrustStore } from '../src/chip/pa/trust-store.js';
import { accessKeysFor } from '../src/server/checkin/access-keys.js';
import { checkInServiceOf } from '../src/server/checkin/checkin-plugin.js';
import { verifyCheckIn } from '../src/server/checkin/verify-check-in.js';
import { insertIntoVpcd, VPCD_DEFAULT_PORT } from '../src/sim/vpcd.js';
import { virtualCardFromImage } from '../src/sim/card-image.js';
import { TEST_PKI_VERIFY_AT, trustedCscaCertificates } from '../src/sim/pki.js';
import { PcscCardSlot } from '../src/station/card-slot.js';
import { ManualCardSlot } from '../src/station/manual-card-slot.js';
import { readWithKeys } from '../src/station/read-with-keys.js';
import { Station } from '../src/station/station.js';
import { cardTransport, EXAM_DATE, setUpCheckInRoom, waitForDecision, type CheckInRoom } from '../test/db/checkin/check-in-room.js';
import { createTestDatabase } from '../test/support/databases.js';
import { VPCD_READER } from '../test/support/virtual-reader.js';
import { lockVpcd } from '../test/support/vpcd-lock.js';
import { testPki } from '../test/support/virtual-cards.js';

const VERIFY_DURATION_MS = 3000;

const { values } = parseArgs({ options: { candidates: { type: 'string', default: '40' }, pcsc: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
const count = Number(values.candidates);

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

/**
 * Records the process CPU time of each call of the server's handler of station results. The
 * station, the card and the proctor's client run in this process too, and CPU that they use
 * while the handler awaits the database counts here. The figure is therefore an upper bound.
 */
function measureResultHandling(room: CheckInRoom): number[] {
  const cpuMs: number[] = [];
  const service = checkInServiceOf(room.app);
  const handle = service.handleReadResult.bind(service);

  service.handleReadResult = async (stationId, message) => {
    const started = cpuUsage();

    try {
      await handle(stationId, message);
    } finally {
      const used = cpuUsage(started);
      cpuMs.push((used.user + used.system) / 1000);
    }
  };

  return cpuMs;
}

async function stationRun(room: CheckInRoom): Promise<{ decisionsMs: number[]; wallMs: number }> {
  const decisionsMs: number[] = [];
  const manual = new ManualCardSlot(['Manual reader 0']);
  const pcsc = values.pcsc ? new PcscCardSlot(() => undefined) : null;
  const station = new Station({ serverUrl: room.baseUrl, token: room.tokens[0] as string, slot: pcsc ?? manual, reader: pcsc === null ? null : VPCD_READER });
  let onRemoved: (() => void) | null = null;
  pcsc?.onEvent((event) => {
    if (event.type === 'card-removed') onRemoved?.();
  });
  station.start();
  await station.waitUntilConnected();
  const started = performance.now();

  for (const candidate of room.candidates) {
    const response = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: candidate.candidateId });
    const insertion = pcsc === null ? null : await insertIntoVpcd(virtualCardFromImage(candidate.image), { port: VPCD_DEFAULT_PORT });
    if (pcsc === null) manual.present(cardTransport(candidate.image));

    const decided = await waitForDecision(room, response.body.id, 30_000);
    if (decided.status !== 'verified') throw new Error(`check-in of candidate ${candidate.candidateNumber} ended ${decided.status}/${decided.reason}`);
    decisionsMs.push(decided.durationMs);
    await room.proctor.post(`/api/checkin/check-ins/${decided.id}/confirm-face`, { accepted: true });

    if (insertion !== null) {
      // The next card goes on after pcscd saw this one leave, as with people at a real reader.
      const gone = new Promise<void>((resolve) => {
        onRemoved = resolve;
      });
      await insertion.remove();
      await gone;
    }

    manual.remove();
  }

  const wallMs = performance.now() - started;
  await station.stop();
  await pcsc?.close();
  return { decisionsMs, wallMs };
}

async function verificationRate(room: CheckInRoom): Promise<{ perCpuSecond: number; perWallSecond: number; verifications: number }> {
  const candidate = room.candidates[0]!;
  const nonce = new Uint8Array(randomBytes(8));
  const read = await readWithKeys(cardTransport(candidate.image), accessKeysFor(candidate.person, EXAM_DATE), nonce, DEFAULT_FILES);
  const trustStore = new TrustStore();
  for (const certificate of trustedCscaCertificates(testPki())) trustStore.addCertificates(certificate);
  const holder = { idNumber: candidate.person.idNumber, fullName: candidate.person.fullName, birthDate: candidate.person.birthDate };
  const verify = () => verifyCheckIn({ dump: read.result.dump, nonce, trustStore, at: TEST_PKI_VERIFY_AT, examDate: EXAM_DATE, findRegistration: () => holder });

  const first = await verify();
  if (first.reason !== null) throw new Error(`the benchmark card failed verification: ${first.reason}`);

  const cpuStart = cpuUsage();
  const wallStart = performance.now();
  let verifications = 0;

  while (performance.now() - wallStart < VERIFY_DURATION_MS) {
    await verify();
    verifications++;
  }

  const cpu = cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { perCpuSecond: verifications / cpuSeconds, perWallSecond: verifications / ((performance.now() - wallStart) / 1000), verifications };
}

const database = await createTestDatabase('sqlite');
const lock = values.pcsc ? await lockVpcd() : null;
const room = await setUpCheckInRoom(database, { count });

try {
  const handlingCpuMs = measureResultHandling(room);
  const { decisionsMs, wallMs } = await stationRun(room);
  const sorted = [...decisionsMs].sort((a, b) => a - b);
  const handlingSorted = [...handlingCpuMs].sort((a, b) => a - b);
  const rate = await verificationRate(room);
  const result = {
    transport: values.pcsc ? 'pcscd+vpcd' : 'in-process',
    candidates: count,
    tapToDecisionMs: { mean: Math.round(decisionsMs.reduce((sum, value) => sum + value, 0) / decisionsMs.length), p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) },
    checkInsPerMinute: Math.round((count / wallMs) * 60_000 * 10) / 10,
    resultHandlingCpuMs: {
      mean: Math.round((handlingCpuMs.reduce((sum, value) => sum + value, 0) / handlingCpuMs.length) * 100) / 100,
      p50: Math.round(percentile(handlingSorted, 0.5) * 100) / 100,
      p95: Math.round(percentile(handlingSorted, 0.95) * 100) / 100,
    },
    verification: { perCpuSecond: Math.round(rate.perCpuSecond), perWallSecond: Math.round(rate.perWallSecond), verifications: rate.verifications },
  };

  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(`check-in through one station (${result.transport}, SQLite, ${count} virtual cards, face confirmed by API at once)\n`);
    process.stdout.write(`  tap to decision: mean ${result.tapToDecisionMs.mean} ms, p50 ${result.tapToDecisionMs.p50} ms, p95 ${result.tapToDecisionMs.p95} ms, max ${result.tapToDecisionMs.max} ms (target under 3000 ms)\n`);
    process.stdout.write(`  check-ins per minute: ${result.checkInsPerMinute}\n`);
    process.stdout.write(`  process CPU while the server handles a station result (verification, database, photo, decision): mean ${result.resultHandlingCpuMs.mean} ms, p50 ${result.resultHandlingCpuMs.p50} ms, p95 ${result.resultHandlingCpuMs.p95} ms\n`);
    process.stdout.write(`server verification (verifyCheckIn, one core): ${result.verification.perCpuSecond} per CPU-second, ${result.verification.perWallSecond} per wall-clock second (target 1000)\n`);
  }
} finally {
  await room.close();
  await database.dispose();
  await lock?.release();
}
