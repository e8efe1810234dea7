// Property-based fuzzing of every LDS and PKI parser. Random bytes and mutations of valid files
// may be rejected only with a ChipError, never with another exception. Verification never throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { ChipError } from '../../../src/chip/errors.js';
import { parseCertificate } from '../../../src/chip/pa/certificate.js';
import { parseDg1 } from '../../../src/chip/lds/dg1.js';
import { parseDg2, parseFacialBlock } from '../../../src/chip/lds/dg2.js';
import { parseDg13 } from '../../../src/chip/lds/dg13.js';
import { parseCardAccess, parseDg14 } from '../../../src/chip/lds/dg14.js';
import { parseDg15 } from '../../../src/chip/lds/dg15.js';
import { parseEfCom } from '../../../src/chip/lds/ef-com.js';
import { jp2Codestream } from '../../../src/chip/lds/face-image.js';
import { parseLdsSecurityObject, parseSod } from '../../../src/chip/lds/sod.js';
import { passiveAuthentication } from '../../../src/chip/pa/passive-authentication.js';
import { TrustStore, pemBlocks } from '../../../src/chip/pa/trust-store.js';
import { verifyCardDump } from '../../../src/chip/verify.js';
import { buildDocumentFiles, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { buildMasterList } from '../../../src/sim/lds-builder.js';
import { TEST_PKI_VERIFY_AT } from '../../../src/sim/pki.js';
import { signer, testPki, trustStore } from './support/test-pki.js';

const RUNS = 300;

const document = buildDocumentFiles({ signer: signer('ds-brainpoolP256r1'), face: { image: syntheticFaceImage(16, 16), width: 16, height: 16 } });
const files = document.files;
const csca = testPki().cscas[0]!;
const masterList = buildMasterList({ cscas: [csca.certificate], signer: { certificate: csca.certificate, privateKey: csca.privateKey, scheme: csca.scheme }, digest: 'sha256' });

/** Valid bytes with a few bytes changed, cut off or extended. */
function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((changes) => {
      const copy = Uint8Array.from(valid);
      for (const [index, value] of changes) copy[index] = value;
      return copy;
    }),
    fc.nat(valid.length).map((length) => valid.subarray(0, length)),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((extra) => Uint8Array.from([...valid, ...extra])),
    fc.uint8Array({ maxLength: 64 }),
  );
}

function onlyChipErrors(parse: (bytes: Uint8Array) => unknown, valid: Uint8Array): void {
  fc.assert(fc.property(mutated(valid), (bytes) => {
    try {
      parse(bytes);
    } catch (error) {
      if (!(error instanceof ChipError)) {
        throw new Error(`non-ChipError ${String(error)} for ${Buffer.from(bytes).toString('hex').slice(0, 200)}`);
      }
    }
  }), { numRuns: RUNS });
}

describe('LDS parsers under fuzzing', () => {
  const cases: [string, (bytes: Uint8Array) => unknown, Uint8Array][] = [
    ['EF.COM', parseEfCom, files['EF.COM']!],
    ['EF.CardAccess', parseCardAccess, files['EF.CardAccess']!],
    ['DG1', parseDg1, files.DG1!],
    ['DG2', parseDg2, files.DG2!],
    ['DG13', parseDg13, files.DG13!],
    ['DG14', parseDg14, files.DG14!],
    ['DG15', parseDg15, files.DG15!],
    ['EF.SOD', (bytes) => parseSod(bytes), files['EF.SOD']!],
    ['LDSSecurityObject', parseLdsSecurityObject, parseSod(files['EF.SOD']!).signedData.eContent],
    ['facial record', (bytes) => parseFacialBlock(bytes), files.DG2!.subarray(files.DG2!.indexOf(0x46))],
    ['JP2 boxes', jp2Codestream, Uint8Array.from([0, 0, 0, 12, 0x6a, 0x50, 0x20, 0x20, 13, 10, 0x87, 10, 0, 0, 0, 9, 0x6a, 0x70, 0x32, 0x63, 0xff])],
    ['certificate', (bytes) => parseCertificate(bytes), csca.certificate],
    ['master list', (bytes) => new TrustStore().addMasterList(bytes), masterList],
    ['CRL', (bytes) => trustStore({ crls: false }).addCrl(bytes), testPki().crls[0]!.crl],
    ['PEM', (bytes) => pemBlocks(bytes, 'CERTIFICATE'), Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(csca.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`)],
  ];

  for (const [name, parse, valid] of cases) {
    it(`${name} throws only ChipError`, () => onlyChipErrors(parse, valid));
  }
});

describe('verification under fuzzing', () => {
  const store = trustStore();

  it('passive authentication never throws and never passes a changed SOD', () => {
    fc.assert(fc.property(mutated(files['EF.SOD']!), (sod) => {
      const result = passiveAuthentication({ ...files, 'EF.SOD': sod }, { trustStore: store, at: TEST_PKI_VERIFY_AT });
      const unchanged = Buffer.compare(Buffer.from(sod), Buffer.from(files['EF.SOD']!)) === 0;

      assert.ok(unchanged || !result.passed, 'a changed SOD passed');
    }), { numRuns: RUNS });
  });

  // EF.COM and EF.CardAccess are not in the SOD, so only the data groups must fail when changed.
  it('verifyCardDump fails every changed data group without throwing', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('DG1', 'DG2', 'DG13', 'DG14', 'DG15'), fc.integer({ min: 0, max: 1000 }), async (name, seed) => {
      const original = files[name]!;
      const copy = Uint8Array.from(original);
      const index = seed % copy.length;
      copy[index] = copy[index]! ^ (0x01 + (seed % 255));
      const report = await verifyCardDump({ files: { ...files, [name]: copy } }, { trustStore: store, at: TEST_PKI_VERIFY_AT });

      assert.ok(report.checks.some((check) => check.status === 'failed'), `changed ${name} raised no failed check`);
    }), { numRuns: 100 });
  });

  it('verifyCardDump never throws on changed unsigned files', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('EF.COM', 'EF.CardAccess'), mutated(files['EF.COM']!), async (name, bytes) => {
      const report = await verifyCardDump({ files: { ...files, [name]: bytes } }, { trustStore: store, at: TEST_PKI_VERIFY_AT });

      assert.equal(typeof report.passed, 'boolean');
      assert.ok(report.checks.some((check) => check.id === `parse-${name}`));
    }), { numRuns: 100 });
  });
});
