import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { aesCmac, deriveKey, pad, unpad } from '../../../src/chip/crypto/index.js';
import { isChipError } from '../../../src/chip/errors.js';
import { SecureMessaging } from '../../../src/chip/sm/index.js';

// RFC 4493 section 4 test vectors (AES-128 key 2b7e1516...).
const CMAC_KEY = fromHex('2b7e151628aed2a6abf7158809cf4f3c');

describe('crypto primitives', () => {
  it('computes AES-CMAC per RFC 4493', () => {
    assert.equal(toHex(aesCmac(CMAC_KEY, new Uint8Array(0))), 'BB1D6929E95937287FA37D129B756746');
    assert.equal(toHex(aesCmac(CMAC_KEY, fromHex('6bc1bee22e409f96e93d7e117393172a'))), '070A16B46B4D4144F79BDD9DD04A287C');
    assert.equal(toHex(aesCmac(CMAC_KEY, fromHex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411'))), 'DFA66747DE9AE63030CA32611497C827');
  });

  it('derives the CCCD PACE password key from a CAN', () => {
    // CAN 012345: Kπ = first 16 bytes of SHA-1("012345" || 00000003).
    assert.equal(toHex(deriveKey(new TextEncoder().encode('012345'), 3, 'AES-128')), '5E5CD537047973C8F8BFDEA168324EC0');
  });

  it('derives keys of every length', () => {
    const secret = fromHex('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925');

    assert.equal(deriveKey(secret, 1, 'AES-192').length, 24);
    assert.equal(deriveKey(secret, 1, 'AES-256').length, 32);
    assert.equal(toHex(deriveKey(secret, 1, 'AES-128')), 'F5F0E35C0D7161EE6724EE513A0D9A7F');
  });

  it('pads and unpads with method 2', () => {
    assert.equal(toHex(pad(fromHex('0102'), 8)), '0102800000000000');
    assert.equal(toHex(pad(fromHex('0102030405060708'), 8)), '01020304050607088000000000000000');
    assert.equal(toHex(unpad(fromHex('0102800000000000'))), '0102');
    assert.throws(() => unpad(fromHex('0102000000000000')), (error: unknown) => isChipError(error, 'SM_PADDING'));
  });
});

describe('AES secure messaging', () => {
  for (const [name, keyLength] of [['AES-128', 16], ['AES-192', 24], ['AES-256', 32]] as const) {
    it(`round-trips commands and responses with ${name}`, () => {
      const keys = { cipher: 'AES' as const, ksEnc: new Uint8Array(keyLength).fill(1), ksMac: new Uint8Array(keyLength).fill(2), ssc: new Uint8Array(16) };
      const terminal = new SecureMessaging(keys);
      const chip = new SecureMessaging(keys);

      const protectedCommand = terminal.protectCommand({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('0101') });
      const command = chip.unprotectCommand(protectedCommand);

      assert.equal(toHex(command.data ?? new Uint8Array(0)), '0101');
      assert.equal(terminal.unprotectResponse(chip.protectResponse({ data: new Uint8Array(0), sw: 0x9000 })).sw, 0x9000);

      const read = chip.unprotectCommand(terminal.protectCommand({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, ne: 0xdf }));
      const data = new Uint8Array(0xdf).map((_, index) => index);
      const response = terminal.unprotectResponse(chip.protectResponse({ data, sw: 0x9000 }, read.ins));

      assert.equal(read.ne, 0xdf);
      assert.equal(toHex(response.data), toHex(data));
      assert.equal(toHex(terminal.ssc), toHex(chip.ssc));
      assert.equal(toHex(terminal.ssc), '00000000000000000000000000000004');
    });
  }

  it('carries extended length and odd INS', () => {
    const keys = { cipher: 'AES' as const, ksEnc: new Uint8Array(16).fill(3), ksMac: new Uint8Array(16).fill(4), ssc: new Uint8Array(16) };
    const terminal = new SecureMessaging(keys);
    const chip = new SecureMessaging(keys);
    const command = chip.unprotectCommand(terminal.protectCommand({ cla: 0x00, ins: 0xb1, p1: 0, p2: 0, data: fromHex('54028000'), ne: 4000 }));

    assert.equal(command.ne, 4000);
    assert.equal(toHex(command.data ?? new Uint8Array(0)), '54028000');

    const data = new Uint8Array(4000).fill(9);
    assert.equal(terminal.unprotectResponse(chip.protectResponse({ data, sw: 0x9000 }, command.ins)).data.length, 4000);
  });
});
