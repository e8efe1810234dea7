import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { toHex } from '../../../src/chip/codec/bytes.js';
import { isChipError } from '../../../src/chip/errors.js';
import { PlainChannel } from '../../../src/chip/iso7816/index.js';
import { mrzInformation } from '../../../src/chip/mrz/index.js';
import { extractPaceInfos, readCard, readFile, ReadCardError } from '../../../src/chip/reader/index.js';
import { ApduTrace } from '../../../src/chip/trace.js';
import { CCCD_CARD_ACCESS, syntheticFile, TestCard, type TestCardConfig } from './support/test-card.js';

const MRZ_INFORMATION = mrzInformation({ documentNumber: '099012345', birthDate: '990101', expiryDate: '390101' });

function cccdFiles(): Record<number, Uint8Array> {
  return {
    0x011c: CCCD_CARD_ACCESS,
    0x011e: syntheticFile(0x60, 20),
    0x011d: syntheticFile(0x77, 1800),
    0x0101: syntheticFile(0x61, 93),
    0x0102: syntheticFile(0x75, 40_000),
    0x0103: syntheticFile(0x63, 10),
    0x010d: syntheticFile(0x6d, 700),
    0x010e: syntheticFile(0x6e, 300),
    0x010f: syntheticFile(0x6f, 162),
  };
}

function newCard(overrides: Partial<TestCardConfig> = {}): TestCard {
  return new TestCard({ files: cccdFiles(), can: '012345', mrzInformation: MRZ_INFORMATION, deniedFiles: [0x0103], ...overrides });
}

describe('card reader', () => {
  it('finds the PACEInfo of a CCCD', () => {
    const infos = extractPaceInfos(CCCD_CARD_ACCESS);

    assert.equal(infos.length, 1);
    assert.equal(infos[0]?.protocolOid, '0.4.0.127.0.7.2.2.4.2.2');
    assert.equal(infos[0]?.parameterId, 13);
    assert.equal(infos[0]?.version, 2);
  });

  it('reads a CCCD with PACE-CAN', async () => {
    const card = newCard();
    const trace = new ApduTrace();
    const result = await readCard(card, { can: '012345', trace });
    const files = cccdFiles();

    assert.equal(result.dump.accessControl, 'PACE-CAN');

    for (const [name, id] of [['EF.CardAccess', 0x011c], ['EF.COM', 0x011e], ['EF.SOD', 0x011d], ['DG1', 0x0101], ['DG2', 0x0102], ['DG13', 0x010d], ['DG14', 0x010e], ['DG15', 0x010f]] as const) {
      assert.equal(toHex(result.dump.files[name] ?? new Uint8Array(0)), toHex(files[id] as Uint8Array), name);
    }

    assert.deepEqual(result.steps.map((step) => step.name), ['read EF.CardAccess', 'open secure messaging', 'read EF.COM', 'read EF.SOD', 'read DG1', 'read DG2', 'read DG13', 'read DG14', 'read DG15']);
    assert.equal(result.apduCount, trace.entries.length);
    assert.ok(card.commands.every((command) => !(command.ins === 0xa4 && command.p1 === 0x00)), 'never selects the MF');
    assert.ok(card.commands.filter((command) => command.ins === 0xb0).every((command) => (command.ne ?? 0) <= 0xdf), 'Le at most DF');
    assert.ok(card.commands.some((command) => command.ins === 0xb1), 'reads beyond 32767 with odd INS');
    assert.ok(card.commands.some((command) => command.ins === 0x22 && toHex(command.data ?? new Uint8Array(0)).endsWith('84010D')), 'sends the parameter id');
  });

  it('masks data in the trace', async () => {
    const trace = new ApduTrace();
    await readCard(newCard(), { can: '012345', trace, files: ['DG1'] });

    assert.ok(trace.entries.length > 5);
    assert.ok(trace.entries.every((entry) => entry.header.length === 8 && !('data' in entry)));
    assert.ok(trace.entries.some((entry) => entry.step === 'read DG1'));
  });

  it('falls back to BAC when PACE fails', async () => {
    const result = await readCard(newCard({ can: '999999' }), { can: '012345', mrz: MRZ_INFORMATION, files: ['DG1'] });

    assert.equal(result.dump.accessControl, 'BAC');
    assert.match(result.steps[1]?.detail ?? '', /PACE-CAN failed/);
    assert.equal(result.dump.files.DG1?.length, 95);
  });

  it('opens with BAC when there is no CardAccess', async () => {
    const files = cccdFiles();
    delete files[0x011c];
    const result = await readCard(newCard({ files }), { mrz: { documentNumber: '099012345', birthDate: '1999-01-01', expiryDate: '2039-01-01' }, files: ['EF.COM', 'DG1'] });

    assert.equal(result.dump.accessControl, 'BAC');
    assert.equal(result.steps[0]?.status, 'not-found');
    assert.equal(result.dump.files['EF.COM']?.length, 22);
  });

  it('records DG3 as access denied', async () => {
    const result = await readCard(newCard(), { can: '012345', files: ['DG3', 'DG1', 'DG4'] });

    assert.equal(result.steps.find((step) => step.name === 'read DG3')?.status, 'access-denied');
    assert.equal(result.steps.find((step) => step.name === 'read DG4')?.status, 'not-found');
    assert.equal(result.dump.files.DG3, undefined);
    assert.ok(result.dump.files.DG1);
  });

  it('retries 6Cxx and stops at 6282', async () => {
    for (const quirk of [{ answerWrongLength: true }, { answerEndOfFileWarning: true }]) {
      const card = newCard(quirk);
      const result = await readCard(card, { can: '012345', files: ['DG1', 'DG15'] });

      assert.equal(result.dump.files.DG1?.length, 95);
      assert.equal(result.dump.files.DG15?.length, 165);
    }
  });

  it('reads with extended length', async () => {
    const card = newCard();
    const result = await readCard(card, { can: '012345', extendedLength: true, files: ['DG2'] });

    assert.equal(result.dump.files.DG2?.length, 40_004);
    assert.ok(card.commands.some((command) => (command.ne ?? 0) > 256));
  });

  it('reads EF.CardAccess without secure messaging', async () => {
    const outcome = await readFile(new PlainChannel(newCard()), 0x011c);

    assert.equal(outcome.status, 'read');
    assert.equal(outcome.status === 'read' ? toHex(outcome.bytes) : '', toHex(CCCD_CARD_ACCESS));
  });

  it('reports the failing step with partial results', async () => {
    await assert.rejects(readCard(newCard({ can: '999999' }), { can: '012345' }), (error: unknown) => {
      assert.ok(error instanceof ReadCardError);
      assert.ok(isChipError(error, 'PACE_FAILED'));
      assert.equal(error.context.step, 'PACE: mutual authentication');
      assert.ok(error.partial.dump.files['EF.CardAccess']);
      return true;
    });
  });

  it('returns the active authentication signature', async () => {
    const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const result = await readCard(newCard({ internalAuthenticate: (data) => Uint8Array.from([...data].reverse()) }), { can: '012345', files: ['DG15'], activeAuthenticationNonce: nonce });

    assert.equal(toHex(result.dump.activeAuthentication?.signature ?? new Uint8Array(0)), '0807060504030201');
    assert.equal(toHex(result.dump.activeAuthentication?.nonce ?? new Uint8Array(0)), '0102030405060708');
  });
});

describe('access control choice', () => {
  it('uses PACE with the MRZ when no CAN is given', async () => {
    const card = new TestCard({ files: cccdFiles(), can: '012345', mrzInformation: MRZ_INFORMATION, paceWithMrz: true });
    const result = await readCard(card, { mrz: MRZ_INFORMATION, files: ['DG1'] });

    assert.equal(result.dump.accessControl, 'PACE-MRZ');
  });

  it('falls back to BAC when the card rejects PACE with the MRZ', async () => {
    const result = await readCard(newCard(), { mrz: MRZ_INFORMATION, files: ['DG1'] });

    assert.equal(result.dump.accessControl, 'BAC');
    assert.match(result.steps[1]?.detail ?? '', /PACE-MRZ failed/);
  });

  it('skips PACE with the MRZ on request', async () => {
    const card = newCard();
    const result = await readCard(card, { mrz: MRZ_INFORMATION, paceWithMrz: false, files: ['DG1'] });

    assert.equal(result.dump.accessControl, 'BAC');
    assert.ok(card.commands.every((command) => command.ins !== 0x86));
  });
});

describe('reader logging', () => {
  it('logs steps without personal data or keys', async () => {
    const lines: string[] = [];
    const record = (fields: Record<string, unknown>, message: string): void => {
      lines.push(`${message} ${JSON.stringify(fields)}`);
    };
    const logger = { debug: record, info: record, warn: record };

    await readCard(newCard({ can: '999999' }), { can: '012345', mrz: MRZ_INFORMATION, files: ['DG1'], logger });

    assert.ok(lines.some((line) => line.includes('read DG1')));
    assert.ok(lines.some((line) => line.includes('PACE failed')));

    for (const line of lines) {
      assert.ok(!line.includes('012345'), line);
      assert.ok(!line.includes('099012345'), line);
    }
  });

  it('is silent without a logger', async (context) => {
    const calls = ['log', 'info', 'warn', 'error', 'debug'].map((name) => context.mock.method(console, name as 'log'));
    const stderr = context.mock.method(process.stderr, 'write');

    await readCard(newCard({ can: '999999' }), { can: '012345', mrz: MRZ_INFORMATION, files: ['DG1'] });

    for (const call of calls) assert.equal(call.mock.callCount(), 0);
    assert.equal(stderr.mock.callCount(), 0);
  });
});
