// Property-based fuzzing of the parsers of MRZ text, APDUs, secure messaging objects and
// protocol data: arbitrary input may be rejected, but only with a ChipError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { verifyActiveAuthentication } from '../../../src/chip/aa/index.js';
import { terminalKeyFromCommandData } from '../../../src/chip/ca/index.js';
import { encodeTlv } from '../../../src/chip/codec/tlv.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';
import { ChipError } from '../../../src/chip/errors.js';
import { validateIdNumber } from '../../../src/chip/idnumber/index.js';
import { decodeCommandApdu, decodeResponseApdu } from '../../../src/chip/iso7816/index.js';
import { parseMrz } from '../../../src/chip/mrz/index.js';
import { PaceChip } from '../../../src/chip/pace/index.js';
import { extractPaceInfos } from '../../../src/chip/reader/index.js';
import { SecureMessaging } from '../../../src/chip/sm/index.js';

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

  it('active authentication verification never throws', () => {
    fc.assert(fc.property(bytes(200), bytes(16), bytes(130), (publicKeyInfo, nonce, signature) => {
      assert.equal(verifyActiveAuthentication({ publicKeyInfo, nonce, signature }).valid, false);
    }), { numRuns: RUNS });
  });
});
