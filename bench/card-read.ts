// Benchmark: a full read of the virtual CCCD through real pcscd and the vpcd reader, with the
// chip library's reader (PACE with the CAN, EF.COM, EF.SOD, DG1, DG2 of about 20 KB, DG13, DG14,
// DG15, active authentication), zero card latency. Prints wall time, APDU count and bytes for
// short reads (Le 0xDF) and extended length. Run: node --import tsx bench/card-read.ts [READS]
// Takes the vpcd lock, so it waits for tests that use the reader.
import { randomBytes } from 'node:crypto';

import { readCard, type ReadCardResult } from '../src/chip/reader/index.js';
import { PcscContext } from '../src/pcsc/pcsc-context.js';
import { virtualCardFromImage } from '../src/sim/card-image.js';
import { insertIntoVpcd } from '../src/sim/vpcd.js';
import { pcscUnavailableReason } from '../test/support/require.js';
import { lockVpcd } from '../test/support/vpcd-lock.js';
import { VPCD_READER } from '../test/support/virtual-reader.js';
import { sampleCardImage } from '../test/support/virtual-cards.js';

const reads = Number(process.argv[2] ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(label: string, extendedLength: boolean): Promise<void> {
  const image = await sampleCardImage({ behaviour: { extendedLength } });
  const context = new PcscContext();
  context.on('error', () => undefined);
  const insertion = await insertIntoVpcd(virtualCardFromImage(image));

  try {
    const card = await context.waitForCard({ reader: VPCD_READER, timeoutMs: 20_000 });
    const results: ReadCardResult[] = [];
    let firstMs = 0;

    // One read to warm up the JIT and the curve tables, then the measured reads.
    for (let index = 0; index <= reads; index++) {
      const result = await readCard(card.transport, { can: image.access.can, activeAuthenticationNonce: new Uint8Array(randomBytes(8)), extendedLength });
      if (index === 0) firstMs = result.durationMs;
      else results.push(result);
    }

    const last = results.at(-1) as ReadCardResult;
    const pace = median(results.map((result) => result.steps.find((step) => step.name === 'open secure messaging')?.durationMs ?? 0));
    const dg2 = median(results.map((result) => result.steps.find((step) => step.name === 'read DG2')?.durationMs ?? 0));

    console.log(
      `${label.padEnd(22)} wall median ${median(results.map((result) => result.durationMs)).toFixed(0)} ms` +
        ` (min ${Math.min(...results.map((result) => result.durationMs)).toFixed(0)} ms, first ${firstMs.toFixed(0)} ms), PACE ${pace.toFixed(0)} ms, DG2 ${dg2.toFixed(0)} ms,` +
        ` ${last.apduCount} APDUs, ${last.bytesSent} B sent, ${last.bytesReceived} B received, DG2 ${image.files.DG2?.length} B`,
    );
  } finally {
    await insertion.remove();
    await context.waitForRemoval(VPCD_READER, 10_000);
    await context.close();
  }
}

const unavailable = pcscUnavailableReason();

if (unavailable !== null) {
  console.error(`bench/card-read: ${unavailable}`);
  process.exit(1);
}

const lock = await lockVpcd();

try {
  console.log(`Full CCCD read through pcscd + vpcd, ${reads} reads after one warm-up, zero card latency`);
  await measure('short (Le 0xDF)', false);
  await measure('extended length', true);
} finally {
  await lock.release();
}
