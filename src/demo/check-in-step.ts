// Step 4b: every candidate at the door of their room, both rooms at once. The proctor names the
// candidate by candidate number, and the room's station reads the card (through pcscd and vpcd,
// or in process). The server verifies and decides. The proctor confirms the face of every
// verified candidate and admits the one without a chipped card by a written override.
import type { CardTransport } from '../chip/iso7816/transport.js';
import { virtualCardFromImage, type CardImage } from '../sim/card-image.js';
import { insertIntoVpcd } from '../sim/vpcd.js';
import { PcscCardSlot, type CardSlot } from '../station/card-slot.js';
import { ManualCardSlot } from '../station/manual-card-slot.js';
import { Station } from '../station/station.js';
import type { DemoApiClient } from './api-client.js';
import { VPCD_READERS } from './card-path.js';
import type { DemoCandidate, DemoState } from './demo-context.js';

const DECISION_TIMEOUT_MS = 20_000;
const POLL_MS = 20;

export interface CheckInRecord {
  candidateId: string;
  /** True for a second tap of a card that was checked already. */
  repeated: boolean;
  plan: DemoCandidate['plan']['kind'];
  outcome: 'admitted' | 'refused' | 'override';
  reason: string | null;
  registryOutcome: string | null;
  durationMs: number | null;
}

interface RoomStation {
  station: Station;
  slot: CardSlot;
  /** Puts a card on the station's reader and resolves with a function that takes it off. */
  present(image: CardImage): Promise<() => Promise<void>>;
}

function directTransport(image: CardImage): CardTransport {
  const card = virtualCardFromImage(image);
  return { transmit: (command) => card.processApdu(command) };
}

function removalOf(slot: CardSlot, reader: string): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    slot.onEvent((event) => {
      if (done || event.type !== 'card-removed' || !event.reader.includes(reader)) return;
      done = true;
      resolve();
    });
  });
}

async function startRoomStation(serverUrl: string, token: string, index: number, path: 'pcsc' | 'in-process'): Promise<RoomStation> {
  if (path === 'in-process') {
    const slot = new ManualCardSlot([`Đầu đọc trong tiến trình ${index + 1}`]);
    const station = new Station({ serverUrl, token, slot, reconnectMinMs: 50, reconnectMaxMs: 500 });
    station.start();
    await station.waitUntilConnected();
    return {
      station, slot,
      async present(image) {
        slot.present(directTransport(image));
        return async () => slot.remove();
      },
    };
  }

  const vpcd = VPCD_READERS[index] as (typeof VPCD_READERS)[number];
  const slot = new PcscCardSlot(() => undefined);
  const station = new Station({ serverUrl, token, slot, reader: vpcd.reader, reconnectMinMs: 50, reconnectMaxMs: 500 });
  station.start();
  await station.waitUntilConnected();
  return {
    station, slot,
    async present(image) {
      const insertion = await insertIntoVpcd(virtualCardFromImage(image), { port: vpcd.port });
      return async () => {
        const removed = removalOf(slot, vpcd.reader);
        await insertion.remove();
        // The station must see the card leave before the next one arrives.
        await Promise.race([removed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      };
    },
  };
}

async function waitForDecision(proctor: DemoApiClient, checkInId: string): Promise<any> {
  const deadline = Date.now() + DECISION_TIMEOUT_MS;

  for (;;) {
    const response = await proctor.get(`/api/checkin/check-ins/${checkInId}`);

    if (response.status !== 200) throw new Error(`reading check-in ${checkInId} returned HTTP ${response.status}: ${JSON.stringify(response.body)}`);
    if (response.body.status === 'verified' || response.body.status === 'decided') return response.body;
    if (Date.now() > deadline) throw new Error(`check-in ${checkInId} is still "${response.body.status}" after ${DECISION_TIMEOUT_MS} ms`);

    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function checkInOne(state: DemoState, proctor: DemoApiClient, room: RoomStation, candidate: DemoCandidate, repeated = false): Promise<CheckInRecord> {
  const base = `/api/checkin/sessions/${state.examSessionId}/rooms/${candidate.roomId}`;

  if (candidate.plan.kind === 'no-chip') {
    const override = await proctor.post(`${base}/overrides`, { candidateId: candidate.candidateId, kind: 'no_card', reason: 'Thí sinh chưa được cấp CCCD gắn chip; đã đối chiếu giấy khai sinh và ảnh / no chipped card yet; birth certificate and photo compared' });
    if (override.status !== 200 && override.status !== 201) throw new Error(`the override for candidate ${candidate.candidateNumber} returned HTTP ${override.status}: ${JSON.stringify(override.body)}`);
    return { candidateId: candidate.candidateId, repeated: false, plan: candidate.plan.kind, outcome: 'override', reason: 'no_card', registryOutcome: null, durationMs: null };
  }

  const started = await proctor.post(`${base}/check-ins`, { candidateNumber: candidate.candidateNumber });
  if (started.status !== 201) throw new Error(`starting the check-in of candidate ${candidate.candidateNumber} returned HTTP ${started.status}: ${JSON.stringify(started.body)}`);

  if (candidate.image === null) throw new Error(`the card of candidate ${candidate.candidateNumber} was not built`);

  const remove = await room.present(candidate.image);
  let decided: any;

  try {
    decided = await waitForDecision(proctor, started.body.id);
  } finally {
    await remove();
  }

  if (decided.status === 'verified') {
    const admitted = await proctor.post(`/api/checkin/check-ins/${decided.id}/confirm-face`, { accepted: true });
    if (admitted.status !== 200) throw new Error(`admitting candidate ${candidate.candidateNumber} returned HTTP ${admitted.status}: ${JSON.stringify(admitted.body)}`);
    decided = admitted.body;
  }

  return { candidateId: candidate.candidateId, repeated, plan: candidate.plan.kind, outcome: decided.outcome === 'admitted' ? 'admitted' : 'refused', reason: decided.reason ?? null, registryOutcome: decided.registryOutcome ?? null, durationMs: decided.durationMs ?? null };
}

/** Checks every candidate in; the rooms work side by side, each through its own station and reader. */
export async function checkInEveryone(state: DemoState, proctor: DemoApiClient, path: 'pcsc' | 'in-process', onRecord: (candidate: DemoCandidate, record: CheckInRecord) => void): Promise<CheckInRecord[]> {
  const perRoom = await Promise.all(state.rooms.map(async (room, index) => {
    const station = await startRoomStation(state.baseUrl, room.stationToken, index, path);
    const records: CheckInRecord[] = [];

    try {
      const inRoom = state.candidates.filter((entry) => entry.roomId === room.id);

      for (const candidate of inRoom) {
        const record = await checkInOne(state, proctor, station, candidate);
        records.push(record);
        onRecord(candidate, record);
      }

      // The candidate refused by the registry taps the card again: the same refusal, and the
      // registry check is not billed a second time.
      for (const candidate of inRoom.filter((entry) => entry.plan.kind === 'registry-mismatch')) {
        const record = await checkInOne(state, proctor, station, candidate, true);
        records.push(record);
        onRecord(candidate, record);
      }
    } finally {
      await station.station.stop();
      await station.slot.close();
    }

    return records;
  }));

  return perRoom.flat();
}
