// Runs a test body with a virtual card in vpcd reader "Virtual PCD 00 00", seen through real
// pcscd and the pcsc-lite binding. Holds the vpcd lock for the whole body.
import { PcscContext, type PcscCard } from '../../src/pcsc/pcsc-context.js';
import { insertIntoVpcd, VPCD_DEFAULT_PORT, type VpcdCard, type VpcdInsertion } from '../../src/sim/vpcd.js';
import { lockVpcd } from './vpcd-lock.js';

/** Name part of the vpcd reader on port 35963. */
export const VPCD_READER = 'Virtual PCD 00 00';

export interface VirtualReaderSession {
  context: PcscContext;
  insertion: VpcdInsertion;
  card: PcscCard;
}

/** Inserts `card`, connects to it through pcscd, runs `body`, then removes the card. */
export async function withCardInReader<T>(card: VpcdCard, body: (session: VirtualReaderSession) => Promise<T>): Promise<T> {
  const lock = await lockVpcd();
  const context = new PcscContext();
  context.on('error', () => undefined);
  let insertion: VpcdInsertion | undefined;

  let readerName: string | undefined;

  try {
    insertion = await insertIntoVpcd(card, { port: VPCD_DEFAULT_PORT });
    const connected = await context.waitForCard({ reader: VPCD_READER, timeoutMs: 10_000 });
    readerName = connected.readerName;
    return await body({ context, insertion, card: connected });
  } finally {
    await insertion?.remove();

    // pcscd polls the reader; the next holder of the lock must find it empty.
    if (readerName !== undefined) {
      await context.waitForRemoval(readerName, 10_000);
    }

    await context.close();
    await lock.release();
  }
}
