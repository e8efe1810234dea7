// Prints the APDU count, bytes on the wire and time of a full CCCD read from the virtual card:
// PACE-CAN, EF.COM, EF.SOD, DG1, DG2, DG13, DG14, DG15, chip and active authentication. DG2
// carries the virtual card's face of about 20 KB, the size of a CCCD's. The read runs with
// short READ BINARY (Le 0xDF) and with extended length. The bench also prints active
// authentication verifications per second on one core for RSA-2048 and ECDSA brainpoolP256r1.
// Run: node --import tsx bench/chip-read-apdus.ts
import { verifyActiveAuthentication, signActiveAuthenticationEcdsa } from '../src/chip/aa/index.js';
import { canFromIdNumber } from '../src/chip/idnumber/index.js';
import { parseDg15 } from '../src/chip/lds/dg15.js';
import { readCard, type ReadCardResult } from '../src/chip/reader/index.js';
import { VirtualCard } from '../src/sim/card/virtual-card.js';
import { buildDocumentFiles, type DocumentFiles } from '../src/sim/document-files.js';
import { faceJpeg } from '../src/sim/face.js';
import { createTestPki, findSigner } from '../src/sim/pki.js';
import { parseMrz } from '../src/chip/mrz/index.js';

const NONCE = Uint8Array.of(0x46, 0x08, 0xf9, 0x19, 0x88, 0x70, 0x22, 0x12);
const VERIFY_DURATION_MS = 2000;

async function readOnce(document: DocumentFiles, extendedLength: boolean): Promise<ReadCardResult> {
  const card = new VirtualCard(document.files, {
    can: canFromIdNumber(document.person.idNumber),
    mrzInformation: parseMrz(document.mrz).mrzInformation,
    activeAuthenticationKey: document.activeAuthenticationKey,
    chipAuthenticationKey: document.chipAuthenticationKey,
  }, { extendedLength });

  return readCard({ transmit: (command) => card.processApdu(command) }, {
    can: canFromIdNumber(document.person.idNumber),
    chipAuthentication: true,
    activeAuthenticationNonce: NONCE,
    extendedLength,
  });
}

function verificationsPerSecond(publicKeyInfo: Uint8Array, signature: Uint8Array): number {
  const started = performance.now();
  let count = 0;

  while (performance.now() - started < VERIFY_DURATION_MS) {
    if (!verifyActiveAuthentication({ publicKeyInfo, nonce: NONCE, signature }).valid) {
      throw new Error('benchmark signature does not verify');
    }

    count++;
  }

  return Math.round((count * 1000) / (performance.now() - started));
}

async function main(): Promise<void> {
  const signer = findSigner(createTestPki(), 'ds-brainpoolP256r1');
  const face = faceJpeg();
  const rsaDocument = buildDocumentFiles({ signer, face, activeAuthenticationKey: { type: 'rsa', modulusBits: 2048 } });
  const ecDocument = buildDocumentFiles({ signer, face });

  console.log(`Full CCCD read from the virtual card (no latency), PACE-CAN + CA + AA, DG2 ${rsaDocument.files.DG2?.length} bytes:`);
  console.log('mode                APDUs  bytes sent  bytes received  time ms');

  for (const extended of [false, true]) {
    const result = await readOnce(rsaDocument, extended);
    const label = extended ? 'extended length' : 'short, Le 0xDF';
    console.log(`${label.padEnd(18)}  ${String(result.apduCount).padStart(5)}  ${String(result.bytesSent).padStart(10)}  ${String(result.bytesReceived).padStart(14)}  ${result.durationMs.toFixed(1).padStart(7)}`);
  }

  const rsaRead = await readOnce(rsaDocument, false);
  const rsaKey = parseDg15(rsaRead.dump.files.DG15 as Uint8Array).publicKeyInfo;
  const rsaSignature = rsaRead.dump.activeAuthentication?.signature as Uint8Array;
  const ecKey = parseDg15(ecDocument.files.DG15 as Uint8Array).publicKeyInfo;
  const ecSignature = signActiveAuthenticationEcdsa(ecDocument.activeAuthenticationKey, NONCE, 'SHA-256');

  console.log('');
  console.log(`Active authentication verifications per second on one core (${VERIFY_DURATION_MS} ms each):`);
  console.log(`RSA-2048 ISO/IEC 9796-2: ${verificationsPerSecond(rsaKey, rsaSignature)}`);
  console.log(`ECDSA brainpoolP256r1:   ${verificationsPerSecond(ecKey, ecSignature)}`);
}

await main();
