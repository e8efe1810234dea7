// Shared fixtures for tests of the virtual card: one test PKI per process, card images built from
// the sample people, verification with the PKI's trusted CSCAs, and chip authentication run
// after PACE. Tests pick a transport: in-process (`directTransport`) or through pcscd.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { systemRandom } from '../../src/chip/crypto/index.js';
import type { CardDump } from '../../src/chip/dump.js';
import { PlainChannel, type CardTransport } from '../../src/chip/iso7816/index.js';
import { parseDg14 } from '../../src/chip/lds/dg14.js';
import { TrustStore } from '../../src/chip/pa/trust-store.js';
import { performChipAuthentication } from '../../src/chip/ca/index.js';
import { performPace } from '../../src/chip/pace/index.js';
import { SecureChannel } from '../../src/chip/sm/index.js';
import { verifyCardDump, type CardVerificationReport } from '../../src/chip/verify.js';
import { buildCardImage, type BuildCardImageOptions, type CardImage } from '../../src/sim/card-image.js';
import type { VirtualCard } from '../../src/sim/card/virtual-card.js';
import { parsePersonRecord, type PersonRecord } from '../../src/sim/person.js';
import { createTestPki, TEST_PKI_VERIFY_AT, trustedCscaCertificates, type TestPki } from '../../src/sim/pki.js';

let pki: TestPki | undefined;

/** Returns the test PKI of this process, generated on first use (about a second). */
export function testPki(): TestPki {
  pki ??= createTestPki();
  return pki;
}

/** Reads a sample person from samples/people (generated identities). */
export function samplePerson(name = 'tran-thi-bich-ngoc'): PersonRecord {
  const path = new URL(`../../samples/people/${name}.json`, import.meta.url);
  return parsePersonRecord(JSON.parse(readFileSync(path, 'utf8')), path.pathname);
}

/** Builds a card image of a sample person with the process's test PKI. */
export function sampleCardImage(options: Partial<BuildCardImageOptions> = {}): Promise<CardImage> {
  return buildCardImage({ person: samplePerson(), pki: testPki(), ...options });
}

/** Returns a transport straight into a virtual card, without PC/SC. */
export function directTransport(card: VirtualCard): CardTransport {
  return { transmit: (command) => card.processApdu(command) };
}

/** Returns a fresh 8-byte active authentication nonce. */
export function freshNonce(): Uint8Array {
  return new Uint8Array(randomBytes(8));
}

/** Verifies a dump against the PKI's trusted CSCAs at the PKI's verification date. */
export async function verifyWithTestPki(dump: CardDump, nonce?: Uint8Array): Promise<CardVerificationReport> {
  const trustStore = new TrustStore();

  for (const certificate of trustedCscaCertificates(testPki())) {
    trustStore.addCertificates(certificate);
  }

  return verifyCardDump(dump, { trustStore, at: TEST_PKI_VERIFY_AT, ...(nonce === undefined ? {} : { activeAuthentication: { nonce } }) });
}

/** Returns `error` and its chain of causes, outermost first (at most 10). */
export function errorCauses(error: unknown): unknown[] {
  const chain: unknown[] = [];

  for (let current: unknown = error; current instanceof Error && chain.length < 10; current = current.cause) {
    chain.push(current);
  }

  return chain;
}

/** Threats of the failed checks of a report. */
export function failedThreats(report: CardVerificationReport): string[] {
  return report.checks.filter((check) => check.status === 'failed').map((check) => check.threat ?? check.id);
}

/**
 * Opens the chip with PACE-CAN, runs chip authentication with the key of DG14, then selects the
 * eMRTD application under the new session keys. Resolves with the status word of that SELECT;
 * rejects when the chip does not continue under the keys that DG14 promises.
 */
export async function runChipAuthentication(transport: CardTransport, image: CardImage): Promise<number> {
  const dg14 = parseDg14(image.files.DG14 as Uint8Array);
  const keyInfo = dg14.find((info) => info.kind === 'ChipAuthenticationPublicKeyInfo');
  const protocolInfo = dg14.find((info) => info.kind === 'ChipAuthenticationInfo');

  if (keyInfo?.kind !== 'ChipAuthenticationPublicKeyInfo' || protocolInfo?.kind !== 'ChipAuthenticationInfo') {
    throw new Error('DG14 has no chip authentication key or protocol');
  }

  const plain = new PlainChannel(transport);
  const pace = await performPace(plain, { password: { kind: 'CAN', can: image.access.can }, protocolOid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13, random: systemRandom });
  const channel = new SecureChannel(transport, pace.secureMessaging);
  const chipAuthentication = await performChipAuthentication(channel, { protocolOid: protocolInfo.protocol, publicKeyInfo: keyInfo.publicKeyInfo, random: systemRandom });
  const authenticated = new SecureChannel(transport, chipAuthentication.secureMessaging);
  const response = await authenticated.send({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01) });
  return response.sw;
}
