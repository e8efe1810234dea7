// Property-based fuzzing of the parsers of MRZ text, APDUs, secure messaging objects and
// protocol data: arbitrary input may be rejected, but only with a ChipError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { verifyActiveAuthentication } from '../../../src/chip/aa/index.js';
import { readDhChipAuthenticationKey, terminalKeyFromCommandData } from '../../../src/chip/ca/index.js';
import { encodeTlv } from '../../../src/chip/codec/tlv.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';
import { ChipError } from '../../../src/chip/errors.js';
import { validateIdNumber } from '../../../src/chip/idnumber/index.js';
import { decodeCommandApdu, decodeResponseApdu } from '../../../src/chip/iso7816/index.js';
import { parseMrz } from '../../../src/chip/mrz/index.js';
import { PaceChip } from '../../../src/chip/pace/index.js';
import { extractPaceInfos, readCard } from '../../../src/chip/reader/index.js';
import { SecureMessaging } from '../../../src/chip/sm/index.js';
import { CCCD_CARD_ACCESS, syntheticFile, TestCard } from './support/test-card.js';

const RUNS = 400;

function onlyChipErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ChipError, `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

const bytes = (maxLength = 300) => fc.uint8Array({ maxLength });
const mrzCharacter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<abcO Q«'.split(''));
const mrzLine = (length: number) => fc.array(mrzCharacter, { minLength: length - 3, maxLength: length + 3 }).map((characters) => characters.join(''));

function newSession(cipher: 'DESede' | 'AES'): SecureMessaging {
  return new SecureMessaging({ cipher, ksEnc: new Uint8Array(16).fill(1), ksMac: new Uint8Array(16).fill(2), ssc: new Uint8Array(cipher === 'AES' ? 16 : 8) });
}

describe('protocol parser fuzzing', () => {
  it('MRZ parser raises only ChipError', () => {
    fc.assert(fc.property(fc.oneof(fc.tuple(mrzLine(30), mrzLine(30), mrzLine(30)), fc.tuple(mrzLine(44), mrzLine(44)), fc.array(fc.string(), { maxLength: 4 })), (lines) => {
      onlyChipErrors(() => parseMrz(lines, { now: new Date('2026-01-01T00:00:00Z') }));
    }), { numRuns: RUNS });
  });

  it('ID number validation never throws', () => {
    fc.assert(fc.property(fc.string(), fc.option(fc.string()), (idNumber, birthDate) => {
      assert.equal(typeof validateIdNumber(idNumber, { birthDate }).valid, 'boolean');
    }), { numRuns: RUNS });
  });

  it('APDU decoders raise only ChipError', () => {
    fc.assert(fc.property(bytes(), (input) => {
      onlyChipErrors(() => decodeCommandApdu(input));
      onlyChipErrors(() => decodeResponseApdu(input));
    }), { numRuns: RUNS });
  });

  it('secure messaging unprotection raises only ChipError', () => {
    const objects = fc.array(fc.tuple(fc.constantFrom(0x85, 0x87, 0x97, 0x99, 0x8e, 0x53), bytes(40)), { maxLength: 4 })
      .map((list) => Uint8Array.from(list.flatMap(([tag, value]) => [...encodeTlv(tag, value)])));

    fc.assert(fc.property(fc.constantFrom('DESede' as const, 'AES' as const), fc.oneof(bytes(), objects), fc.integer({ min: 0, max: 0xffff }), (cipher, body, sw) => {
      const response = Uint8Array.from([...body, sw >> 8, sw & 0xff]);
      const command = Uint8Array.from([0x0c, 0xb0, 0x00, 0x00, ...(body.length > 0 && body.length < 256 ? [body.length, ...body, 0x00] : [])]);

      onlyChipErrors(() => newSession(cipher).unprotectResponse(response));
      onlyChipErrors(() => newSession(cipher).unprotectCommand(command));
    }), { numRuns: RUNS });
  });

  it('EF.CardAccess and CA data parsing raise only ChipError', () => {
    fc.assert(fc.property(bytes(), (input) => {
      onlyChipErrors(() => extractPaceInfos(input));
      onlyChipErrors(() => terminalKeyFromCommandData(input));
      onlyChipErrors(() => readDhChipAuthenticationKey(input));
    }), { numRuns: RUNS });
  });

  it('PACE chip raises only ChipError on any step input', () => {
    fc.assert(fc.property(fc.array(fc.oneof(bytes(120), bytes(70).map((value) => encodeTlv(0x7c, encodeTlv(0x81, value)))), { maxLength: 4 }), (steps) => {
      const chip = new PaceChip({ password: { kind: 'CAN', can: '012345' }, protocolOid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13, random: systemRandom });

      for (const step of [Uint8Array.of(0x7c, 0x00), ...steps]) {
        onlyChipErrors(() => chip.respond(step));
      }
    }), { numRuns: 100 });
  });

  it('reader raises only ChipError on arbitrary card responses', async () => {
    const statusWords = fc.constantFrom(0x9000, 0x6282, 0x6b00, 0x6c10, 0x6982, 0x6a82, 0x6988, 0x6700);
    const response = fc.oneof(bytes(40), fc.tuple(bytes(40), statusWords).map(([data, sw]) => Uint8Array.from([...data, sw >> 8, sw & 0xff])));

    await fc.assert(fc.asyncProperty(fc.array(response, { minLength: 1, maxLength: 12 }), fc.boolean(), async (responses, useCan) => {
      let index = 0;
      const transport = { transmit: async () => responses[index++ % responses.length] as Uint8Array };

      try {
        await readCard(transport, useCan ? { can: '012345', files: ['DG1'] } : { mrz: 'L898902C<369080619406236', files: ['DG1'] });
      } catch (error) {
        assert.ok(error instanceof ChipError, `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    }), { numRuns: 200 });
  });

  it('reader raises only ChipError when one response of a real session is corrupted', async () => {
    const files = { 0x011c: CCCD_CARD_ACCESS, 0x011e: syntheticFile(0x60, 20), 0x0101: syntheticFile(0x61, 93), 0x0102: syntheticFile(0x75, 600) };

    await fc.assert(fc.asyncProperty(fc.nat({ max: 20 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat({ max: 3 }), async (target, position, mask, truncate) => {
      const card = new TestCard({ files, can: '012345', mrzInformation: 'L898902C<369080619406236' });
      let count = 0;
      const transport = {
        async transmit(command: Uint8Array): Promise<Uint8Array> {
          const response = await card.transmit(command);

          if (count++ !== target) return response;

          const corrupted = response.slice(0, Math.max(0, response.length - truncate));
          if (corrupted.length > 0) corrupted[position % corrupted.length] = (corrupted[position % corrupted.length] as number) ^ mask;
          return corrupted;
        },
      };

      try {
        const result = await readCard(transport, { can: '012345', files: ['EF.COM', 'DG1', 'DG2'] });

        // Files read under secure messaging are MAC-protected: a corruption can fail the read but never change them.
        assert.deepEqual(result.dump.files.DG1, files[0x0101]);
        assert.deepEqual(result.dump.files.DG2, files[0x0102]);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;


        assert.ok(error instanceof ChipError, `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    }), { numRuns: 150 });
  });

  it('active authentication verification never throws', () => {
    fc.assert(fc.property(bytes(200), bytes(16), bytes(130), (publicKeyInfo, nonce, signature) => {
      assert.equal(verifyActiveAuthentication({ publicKeyInfo, nonce, signature }).valid, false);
    }), { numRuns: RUNS });
  });
});
