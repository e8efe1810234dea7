// Chip authentication through the station, without the network: the server's relay run, the
// station's relay function and a virtual card without DG15 in process. A genuine chip passes;
// a clone, a recorded response and a station that changes the response fail.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';
import { DEFAULT_FILES } from '../../../src/chip/reader/index.js';
import { accessKeysFor } from '../../../src/server/checkin/access-keys.js';
import { ChipAuthenticationRelay, PROBE_LENGTH } from '../../../src/server/checkin/chip-authentication-relay.js';
import { chipAuthenticationKeyOf } from '../../../src/server/checkin/verify-check-in.js';
import { parseDg14 } from '../../../src/chip/lds/dg14.js';
import { buildCardImage, virtualCardFromImage, type CardImage } from '../../../src/sim/card-image.js';
import type { ChipAuthenticationRequestMessage } from '../../../src/station/protocol.js';
import { readWithKeys } from '../../../src/station/read-with-keys.js';
import { relayChipAuthentication } from '../../../src/station/relay-chip-authentication.js';
import { directTransport, samplePerson, testPki } from '../../support/virtual-cards.js';

const EXAM_DATE = '2026-06-01';
const person = samplePerson();

/** Reads `image` as the station does and keeps the card's session for the relay. */
async function readCardWithoutDg15(image: CardImage) {
  const transport = directTransport(virtualCardFromImage(image));
  const read = await readWithKeys(transport, accessKeysFor(person, EXAM_DATE), new Uint8Array(randomBytes(8)), DEFAULT_FILES);
  const dg14 = read.result.dump.files.DG14;
  assert.ok(dg14, 'the card has DG14');
  const key = chipAuthenticationKeyOf(parseDg14(dg14));
  assert.ok(key, 'DG14 names a chip authentication key');
  return { transport, read, dg14, key };
}

function requestOf(relay: ChipAuthenticationRelay): ChipAuthenticationRequestMessage {
  return { type: 'chip-authentication', checkInId: 'test', ...relay.request };
}

describe('chip authentication relay', () => {
  it('card without DG15 has no AA key', async () => {
    const image = await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null });
    const { read } = await readCardWithoutDg15(image);

    assert.equal(image.files.DG15, undefined);
    assert.equal(image.keys.activeAuthentication, null);
    assert.equal(read.result.dump.activeAuthentication, undefined);
  });

  it('genuine chip passes', async () => {
    const { transport, read, dg14, key } = await readCardWithoutDg15(await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null }));
    const relay = ChipAuthenticationRelay.start(key, dg14, systemRandom);
    const answer = await relayChipAuthentication(read.result.channel, transport, requestOf(relay));

    assert.equal(answer.type, 'chip-authentication-result');
    assert.deepEqual(answer.type === 'chip-authentication-result' && answer.statusWords, ['9000', '9000']);
    assert.deepEqual(relay.verify(answer as never), { passed: true });
    assert.equal(relay.request.commands.length, 2);
    assert.equal(PROBE_LENGTH <= dg14.length, true);
  });

  it('clone without the DG14 private key fails', async () => {
    const image = await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null, faults: [{ name: 'cloned-chip' }] });
    const { transport, read, dg14, key } = await readCardWithoutDg15(image);
    const relay = ChipAuthenticationRelay.start(key, dg14, systemRandom);
    const answer = await relayChipAuthentication(read.result.channel, transport, requestOf(relay));

    assert.equal(answer.type, 'chip-authentication-result');
    const outcome = relay.verify(answer as never);
    assert.equal(outcome.passed, false);
    assert.equal(!outcome.passed && outcome.reason, 'clone_suspected');
    assert.match(!outcome.passed ? outcome.checkId : '', /^chip-authentication:(mac|status)$/);
  });

  it('answer recorded in an earlier run fails', async () => {
    const image = await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null });
    const earlier = await readCardWithoutDg15(image);
    const earlierRelay = ChipAuthenticationRelay.start(earlier.key, earlier.dg14, systemRandom);
    const recorded = await relayChipAuthentication(earlier.read.result.channel, earlier.transport, requestOf(earlierRelay));
    assert.equal(recorded.type, 'chip-authentication-result');

    const fresh = ChipAuthenticationRelay.start(earlier.key, earlier.dg14, systemRandom);
    const outcome = fresh.verify(recorded as never);

    assert.notEqual(fresh.request.protectedCommand, earlierRelay.request.protectedCommand);
    assert.equal(outcome.passed, false);
    assert.equal(!outcome.passed && outcome.checkId, 'chip-authentication:mac');
  });

  it('changed response byte fails', async () => {
    const { transport, read, dg14, key } = await readCardWithoutDg15(await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null }));
    const relay = ChipAuthenticationRelay.start(key, dg14, systemRandom);
    const answer = await relayChipAuthentication(read.result.channel, transport, requestOf(relay));
    assert.equal(answer.type, 'chip-authentication-result');
    const bytes = fromHex(answer.type === 'chip-authentication-result' ? answer.protectedResponse : '');
    bytes[3] = (bytes[3] as number) ^ 0x01;

    const outcome = relay.verify({ statusWords: ['9000', '9000'], protectedResponse: toHex(bytes) });
    assert.equal(!outcome.passed && outcome.checkId, 'chip-authentication:mac');
  });

  it('rejected key agreement fails', async () => {
    const { dg14, key } = await readCardWithoutDg15(await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null }));
    const relay = ChipAuthenticationRelay.start(key, dg14, systemRandom);

    for (const statusWords of [['9000', '6A80'], ['9000'], []]) {
      const outcome = relay.verify({ statusWords, protectedResponse: '' });
      assert.equal(!outcome.passed && outcome.checkId, 'chip-authentication:key-agreement-rejected', statusWords.join(','));
    }
  });

  it('plain 9000 without MAC fails', async () => {
    const { dg14, key } = await readCardWithoutDg15(await buildCardImage({ person, pki: testPki(), activeAuthenticationKey: null }));
    const relay = ChipAuthenticationRelay.start(key, dg14, systemRandom);

    for (const protectedResponse of ['9000', '', 'zz']) {
      const outcome = relay.verify({ statusWords: ['9000', '9000'], protectedResponse });
      assert.equal(outcome.passed, false, protectedResponse);
      assert.equal(!outcome.passed && outcome.reason, 'clone_suspected');
    }
  });
});
