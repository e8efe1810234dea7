// Prints full server-side verifications per second on one core: verifyCardDump with passive
// authentication (parse every file, hash each data group, SOD signature, signer validity,
// chain and CRL from the trust store's cache) and active authentication over a fresh nonce.
// The dump is CCCD-shaped: DG1, a DG2 of about 20 KB, DG13, DG14, DG15, EF.COM, EF.CardAccess,
// EF.SOD; each row names the document signer and the active authentication key.
// Rates are given per CPU-second of this process and per wall-clock second. The loop is
// single-threaded, so a CPU-second is one core's second, and on a busy machine the wall-clock
// rate is lower. The last rows time the node:crypto calls that a CCCD verification cannot
// avoid, which are the floor under the full rows. The SOD signature is one brainpoolP256r1
// ECDSA verification with a key the trust store keeps imported. Active authentication imports
// the DG15 key, a new one for every card, and verifies with it once.
// Run: node --import tsx bench/chip-verify.ts
import { createPublicKey, verify } from 'node:crypto';

import { signActiveAuthenticationEcdsa, signActiveAuthenticationRsa } from '../src/chip/aa/index.js';
import { systemRandom } from '../src/chip/crypto/index.js';
import type { CardDump } from '../src/chip/dump.js';
import { parseDg15 } from '../src/chip/lds/dg15.js';
import { parseSod } from '../src/chip/lds/sod.js';
import { passiveAuthentication } from '../src/chip/pa/passive-authentication.js';
import { TrustStore } from '../src/chip/pa/trust-store.js';
import { verifyCardDump } from '../src/chip/verify.js';
import { buildDocumentFiles, documentDump, syntheticFaceImage } from '../src/sim/document-files.js';
import { TEST_PKI_VERIFY_AT, createTestPki, findSigner, trustedCscaCertificates } from '../src/sim/pki.js';
import type { KeySpec } from '../src/sim/x509-builder.js';

const DURATION_MS = 3000;
const NONCE = Uint8Array.of(0x46, 0x08, 0xf9, 0x19, 0x88, 0x70, 0x22, 0x12);

const pki = createTestPki();
const store = new TrustStore();

for (const certificate of trustedCscaCertificates(pki)) store.addCertificates(certificate);
for (const entry of pki.crls) store.addCrl(entry.crl);

/** Builds a synthetic face JPEG of at least 19.5 KB, like a CCCD's DG2. */
function face(): { image: Uint8Array; width: number; height: number } {
  let width = 140;
  let image = syntheticFaceImage(width, Math.round(width * 4 / 3));

  while (image.length < 19_500) {
    width += 4;
    image = syntheticFaceImage(width, Math.round(width * 4 / 3));
  }

  return { image, width, height: Math.round(width * 4 / 3) };
}

const FACE = face();

async function measure(label: string, run: () => Promise<boolean> | boolean): Promise<void> {
  if (!(await run())) {
    throw new Error(`${label}: the benchmark dump does not verify`);
  }

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let count = 0;

  while (performance.now() - started < DURATION_MS) {
    await run();
    count++;
  }

  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perCpuSecond = (count * 1000) / cpuMs;
  const perWallSecond = (count * 1000) / wallMs;
  process.stdout.write(`${label.padEnd(60)} ${perCpuSecond.toFixed(0).padStart(6)} /CPU-s ${perWallSecond.toFixed(0).padStart(6)} /wall-s  ${(cpuMs / count).toFixed(3)} CPU-ms each\n`);
}

function dumpFor(signerId: string, key: KeySpec): CardDump {
  const document = buildDocumentFiles({ signer: findSigner(pki, signerId), face: FACE, activeAuthenticationKey: key });
  const signature = key.type === 'rsa'
    ? signActiveAuthenticationRsa(document.activeAuthenticationKey, NONCE, 'SHA-1', systemRandom)
    : signActiveAuthenticationEcdsa(document.activeAuthenticationKey, NONCE, 'SHA-256');

  return { ...documentDump(document), activeAuthentication: { nonce: NONCE, signature } };
}

process.stdout.write(`Node ${process.version}, one core, ${DURATION_MS} ms per row; DG2 ${FACE.image.length} bytes (${FACE.width}x${FACE.height} JPEG)\n`);

for (const [signerId, key, keyLabel] of [
  ['ds-brainpoolP256r1', { type: 'ec', curve: 'brainpoolP256r1' }, 'AA ECDSA brainpoolP256r1'],
  ['ds-brainpoolP256r1', { type: 'rsa', modulusBits: 2048 }, 'AA RSA-2048 ISO 9796-2'],
  ['ds-brainpoolP384r1', { type: 'ec', curve: 'brainpoolP256r1' }, 'AA ECDSA brainpoolP256r1'],
  ['ds-brainpoolP512r1', { type: 'ec', curve: 'brainpoolP256r1' }, 'AA ECDSA brainpoolP256r1'],
  ['ds-rsa-pss', { type: 'rsa', modulusBits: 2048 }, 'AA RSA-2048 ISO 9796-2'],
] as const) {
  const dump = dumpFor(signerId, key);
  const options = { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE } };

  await measure(`verifyCardDump PA+AA, ${signerId}, ${keyLabel}`, async () => (await verifyCardDump(dump, options)).passed);
}

const passiveOnly = dumpFor('ds-brainpoolP256r1', { type: 'ec', curve: 'brainpoolP256r1' });
await measure('passiveAuthentication only, ds-brainpoolP256r1', () => passiveAuthentication(passiveOnly.files, { trustStore: store, at: TEST_PKI_VERIFY_AT }).passed);

const sod = parseSod(passiveOnly.files['EF.SOD'] as Uint8Array);
const signerInfo = sod.signedData.signerInfos[0]!;
const signerKey = store.certificate(sod.signedData.certificates[0] as Uint8Array).publicKey;
const signedAttributes = signerInfo.signedAttributes as Uint8Array;
const dg15KeyInfo = Buffer.from(parseDg15(passiveOnly.files.DG15 as Uint8Array).publicKeyInfo);
const aaSignature = passiveOnly.activeAuthentication!.signature;

await measure('crypto.verify alone, SOD signature, brainpoolP256r1', () => verify('sha256', signedAttributes, { key: signerKey, dsaEncoding: 'der' }, signerInfo.signature));
await measure('createPublicKey(DG15 SPKI) alone, brainpoolP256r1', () => createPublicKey({ key: dg15KeyInfo, format: 'der', type: 'spki' }).asymmetricKeyType === 'ec');
await measure('createPublicKey + crypto.verify, AA, brainpoolP256r1', () => verify('sha256', NONCE, { key: createPublicKey({ key: dg15KeyInfo, format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' }, aaSignature));
