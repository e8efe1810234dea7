// The check-in of one candidate at a room's station. The service names the candidate, sends the
// station the access keys and a fresh nonce, verifies the returned bytes (with chip
// authentication through the station for a chip without DG15), checks the registry and decides.
// When the proctor confirms the face, it unlocks the attempt on the assigned seat.
import { createHash, randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { systemRandom } from '../../chip/crypto/random.js';
import { cardDumpFromJson, type DumpFileName } from '../../chip/dump.js';
import { isChipError } from '../../chip/errors.js';
import { DEFAULT_FILES } from '../../chip/reader/index.js';
import type { RegistryCheck } from '../../registry/registry-check.js';
import type { RegistryResolution } from '../../registry/retry-queue.js';
import type { RegistryRequest } from '../../registry/types.js';
import type { AccessKey, ChipAuthenticationFailedMessage, ChipAuthenticationResultMessage, ReadFailedMessage, ReadResultMessage } from '../../station/protocol.js';
import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { requireExamSession } from '../events/exam-events.js';
import { relockAttempt } from '../exam/attempt-holds.js';
import { unlockAttempt } from '../exam/attempts.js';
import { accessKeysFor, fallbackKeys } from './access-keys.js';
import { parseCardQr, CardQrError } from './card-qr.js';
import { checkInDb, type CheckInTable, type RegistryState, type SelectionMethod } from './checkin-schema.js';
import { ChipAuthenticationRelay, type RelayOutcome } from './chip-authentication-relay.js';
import type { OverrideKind, RefusalReason } from './decisions.js';
import { storePhoto, type PhotoKey } from './photo-store.js';
import { findRoomRegistrations, pendingRoomRegistrations, type RoomRegistration } from './room-registrations.js';
import type { StationHub } from './station-hub.js';
import type { TrustStoreCache } from './trust-anchors.js';
import { CHIP_AUTHENTICATION_CHECK, completeChipAuthentication, verifyCheckIn, type CheckInVerification, type ChipAuthenticationKey } from './verify-check-in.js';

/** Bytes of the active authentication nonce (RND.IFD in Doc 9303 Part 11, section 6.1). */
export const NONCE_BYTES = 8;
/** Default time the station waits for a card after a read request. */
export const DEFAULT_CARD_TIMEOUT_MS = 60_000;
/**
 * Default time from sending a station the chip authentication commands to its response. One run
 * is three APDUs, well under a second on a CCCD, so this leaves room for a slow reader.
 */
export const DEFAULT_CHIP_AUTHENTICATION_TIMEOUT_MS = 10_000;
export const DEFAULT_PHOTO_RETENTION_DAYS = 30;

export interface CheckInLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface CheckInSettings {
  /** Photo encryption key; without it no photo is stored or shown. */
  photoKey: PhotoKey | null;
  photoRetentionDays: number;
  /** The registry check, or null when no registry service is configured. */
  registry: RegistryCheck | null;
  cardTimeoutMs: number;
  /** Time the station has to return chip authentication through it; later, the check-in is refused. */
  chipAuthenticationTimeoutMs: number;
  /** Clock of certificate validity checks; tests set it to the test PKI's date. */
  now: () => Date;
  /** Files the station reads. */
  files: DumpFileName[];
}

export const DEFAULT_CHECK_IN_SETTINGS: CheckInSettings = {
  photoKey: null,
  photoRetentionDays: DEFAULT_PHOTO_RETENTION_DAYS,
  registry: null,
  cardTimeoutMs: DEFAULT_CARD_TIMEOUT_MS,
  chipAuthenticationTimeoutMs: DEFAULT_CHIP_AUTHENTICATION_TIMEOUT_MS,
  now: () => new Date(),
  files: [...DEFAULT_FILES],
};

/** The proctor's way of naming who is at the station. */
export type CandidateSelection =
  | { method: 'dashboard'; candidateId: string }
  | { method: 'candidate_number'; candidateNumber: string }
  | { method: 'qr'; qrText: string }
  | { method: 'fallback' };

export interface StartCheckInInput {
  examSessionId: string;
  roomId: string;
  stationId?: string;
  selection: CandidateSelection;
  actorUserId: string | null;
}

/** The check-in as the API returns it. */
export interface CheckInView {
  id: string;
  examSessionId: string;
  roomId: string;
  stationId: string | null;
  candidateId: string | null;
  candidateNumber: string | null;
  seatId: string | null;
  seatLabel: string | null;
  selectionMethod: SelectionMethod;
  status: CheckInTable['status'];
  outcome: CheckInTable['outcome'];
  reason: string | null;
  registryState: RegistryState;
  registryOutcome: string | null;
  overrideReason: string | null;
  faceConfirmed: boolean;
  checks: { id: string; status: string; threat?: string }[];
  stepDurationsMs: Record<string, number>;
  durationMs: number | null;
  attemptId: string | null;
  startedAt: string;
  decidedAt: string | null;
}

/** A check-in whose chip must still complete chip authentication through its station. */
interface PendingRelay {
  row: CheckInTable;
  stationId: string;
  relay: ChipAuthenticationRelay;
  verification: CheckInVerification;
  result: ReadResultMessage;
  stepDurations: Record<string, number>;
  sentAt: number;
  timer: NodeJS.Timeout;
}

export class CheckInService {
  settings: CheckInSettings = { ...DEFAULT_CHECK_IN_SETTINGS };
  /** Chip authentication runs waiting for their station, by check-in id. Their keys exist only in this process. */
  // NOTE: the runs are not stored, so a restart in the middle of one leaves its check-in
  // `verifying` until the proctor cancels it.
  private readonly relays = new Map<string, PendingRelay>();
  /** Called after a registry result held an attempt, so that the candidate's browser is told at once. */
  onAttemptHeld: (attemptId: string) => void = () => undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hub: StationHub,
    private readonly trust: TrustStoreCache,
    private readonly logger: CheckInLogger,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Naming the candidate and sending the read request

  /** Starts a check-in and sends the read request to the room's station. */
  async start(input: StartCheckInInput): Promise<CheckInView> {
    const { session, event } = await requireExamSession(this.db, input.examSessionId);
    const station = this.pickStation(input.roomId, input.stationId);
    const { registration, keys, qrIdNumber } = await this.resolveSelection(input, session.date);
    const now = nowIso();
    const nonce = randomBytes(NONCE_BYTES);
    const room = await this.db.selectFrom('rooms').select(['unit_id']).where('id', '=', input.roomId).executeTakeFirstOrThrow();

    const row: CheckInTable = {
      id: newId(), exam_event_id: event.id, exam_session_id: session.id, room_id: input.roomId, unit_id: room.unit_id, station_id: station.stationId,
      candidate_id: registration?.candidateId ?? null, registration_id: registration?.registrationId ?? null, seat_id: registration?.seatId ?? null,
      selection_method: input.selection.method, selected_by: input.actorUserId, status: 'waiting_card', nonce: nonce.toString('hex'), nonce_used: 0,
      outcome: null, reason: null, registry_state: this.settings.registry === null ? 'not_configured' : 'not_checked', registry_outcome: null, registry_job_id: null,
      registry_billable: 0, face_confirmed_by: null, override_reason: null, access_control: null, sod_sha256: null, checks: '[]', step_durations_ms: '{}',
      duration_ms: null, attempt_id: null, started_at: now, card_read_at: null, decided_at: null, ended_at: null, updated_at: now,
    };

    await this.db.transaction().execute(async (trx) => {
      // One open check-in per station: a new one replaces the one the proctor abandoned.
      await checkInDb(trx).updateTable('check_ins').set({ status: 'cancelled', ended_at: now, updated_at: now })
        .where('station_id', '=', station.stationId).where('status', '=', 'waiting_card').execute();
      await checkInDb(trx).insertInto('check_ins').values(row).execute();
      await appendAudit(trx, {
        action: 'checkin.start', actorUserId: input.actorUserId, unitId: room.unit_id, subjectType: 'check_in', subjectId: row.id,
        details: { examSessionId: session.id, roomId: input.roomId, stationId: station.stationId, method: input.selection.method, candidateId: row.candidate_id, keys: keys.length, qrRegistered: qrIdNumber === null ? undefined : registration !== null },
      });
    });

    station.send({
      type: 'read', checkInId: row.id, keys, activeAuthenticationNonce: row.nonce as string, files: this.settings.files, reader: null, cardTimeoutMs: this.settings.cardTimeoutMs,
      sessionHoldMs: this.settings.chipAuthenticationTimeoutMs,
    });
    this.hub.publish({ type: 'check-in-started', roomId: input.roomId, at: now, stationId: station.stationId, checkInId: row.id, candidateId: row.candidate_id, data: { method: row.selection_method, candidateNumber: registration?.candidateNumber ?? null } });
    return this.view(row.id);
  }

  private pickStation(roomId: string, stationId: string | undefined) {
    const stations = this.hub.stationsInRoom(roomId);

    if (stationId !== undefined) {
      const station = stations.find((entry) => entry.stationId === stationId);
      if (station === undefined) throw new ApiError('CHECKIN_STATION_OFFLINE', { station: stationId });
      return station;
    }

    if (stations.length === 0) throw new ApiError('CHECKIN_NO_STATION_ONLINE');
    if (stations.length > 1) throw new ApiError('CHECKIN_STATION_AMBIGUOUS', { count: stations.length });
    return stations[0] as (typeof stations)[number];
  }

  private async resolveSelection(input: StartCheckInInput, examDate: string): Promise<{ registration: RoomRegistration | null; keys: AccessKey[]; qrIdNumber: string | null }> {
    const selection = input.selection;

    if (selection.method === 'fallback') {
      const pending = await pendingRoomRegistrations(this.db, input.examSessionId, input.roomId);
      const holders = pending.map((registration) => ({ idNumber: registration.idNumber as string, birthDate: registration.birthDate }));

      if (holders.length === 0) throw new ApiError('CHECKIN_FALLBACK_EMPTY', { examSessionId: input.examSessionId });

      return { registration: null, keys: fallbackKeys(holders), qrIdNumber: null };
    }

    if (selection.method === 'qr') {
      let qr;
      try {
        qr = parseCardQr(selection.qrText);
      } catch (error) {
        if (error instanceof CardQrError) throw new ApiError('CHECKIN_QR_INVALID', { problem: error.message });
        throw error;
      }

      // A card whose holder is not on the room's list is still read and proven, then refused
      // as not registered, so the proctor gets a verified reason.
      const [registration] = await findRoomRegistrations(this.db, input.examSessionId, input.roomId, { idNumber: qr.idNumber });
      return { registration: registration ?? null, keys: accessKeysFor({ idNumber: qr.idNumber, birthDate: qr.birthDate }, examDate), qrIdNumber: qr.idNumber };
    }

    const filter = selection.method === 'dashboard' ? { candidateId: selection.candidateId } : { candidateNumber: selection.candidateNumber.trim() };
    const [registration] = await findRoomRegistrations(this.db, input.examSessionId, input.roomId, filter);

    if (registration === undefined) {
      throw new ApiError('CHECKIN_NOT_REGISTERED', { candidate: selection.method === 'dashboard' ? selection.candidateId : selection.candidateNumber, examSessionId: input.examSessionId });
    }

    if (registration.idNumber === null) {
      // No chipped card on record: nothing to read, the proctor uses an override.
      throw new ApiError('CHECKIN_NOT_REGISTERED', { candidate: registration.candidateNumber, examSessionId: input.examSessionId });
    }

    return { registration, keys: accessKeysFor({ idNumber: registration.idNumber, birthDate: registration.birthDate }, examDate), qrIdNumber: null };
  }

  // -------------------------------------------------------------------------------------------
  // Results from the station

  /**
   * Verifies a station's read result. A result for a check-in that is not waiting for a card
   * (decided, cancelled, already verified, or sent by another station) is ignored and logged,
   * so a replayed message never decides twice.
   */
  async handleReadResult(stationId: string, message: ReadResultMessage): Promise<void> {
    const row = await this.claimForVerification(stationId, message.checkInId);

    if (row === null) {
      return;
    }

    const stepDurations = this.stationDurations(message.steps, message.timings);
    let verification: CheckInVerification;
    const verifyStarted = performance.now();

    try {
      const dump = cardDumpFromJson(message.dump);
      verification = await verifyCheckIn({
        dump,
        nonce: new Uint8Array(Buffer.from(row.nonce as string, 'hex')),
        trustStore: await this.trust.current(),
        at: this.settings.now(),
        examDate: (await requireExamSession(this.db, row.exam_session_id)).session.date,
        findRegistration: (idNumber) => this.registrationForChip(row, idNumber),
      });
    } catch (error) {
      // A dump that cannot even be decoded counts as a tampered file; nothing is admitted.
      this.logger.warn({ checkInId: row.id, stationId, err: error instanceof Error ? error.message : String(error) }, 'check-in dump could not be decoded');
      stepDurations.verify = performance.now() - verifyStarted;
      await this.decide(row, { outcome: 'refused', reason: 'tampered_file', stepDurations, checks: [], sodSha256: null, accessControl: null });
      return;
    }

    stepDurations.verify = performance.now() - verifyStarted;

    if (verification.chipAuthentication !== null) {
      await this.relayChipAuthentication({ row, stationId, verification, result: message, stepDurations });
      return;
    }

    await this.finishVerification(row, verification, message, stepDurations);
  }

  /** Stores the photo, binds the holder, checks the registry and decides a verified or refused check-in. */
  private async finishVerification(row: CheckInTable, verification: CheckInVerification, message: ReadResultMessage, stepDurations: Record<string, number>): Promise<void> {
    const sod = message.dump.files['EF.SOD'];
    const sodSha256 = sod === undefined ? null : createHash('sha256').update(Buffer.from(sod, 'base64')).digest('hex');
    const holder = verification.holder === null ? null : await this.registrationById(row, verification.holder.idNumber);

    if (verification.report.faceImage !== null && this.settings.photoKey !== null) {
      await storePhoto(this.db, this.settings.photoKey, row.id, { mimeType: verification.report.faceImage.mimeType, data: verification.report.faceImage.data }, this.settings.photoRetentionDays);
    }

    if (holder !== null && row.candidate_id === null) {
      await checkInDb(this.db).updateTable('check_ins').set({ candidate_id: holder.candidateId, registration_id: holder.registrationId, seat_id: holder.seatId }).where('id', '=', row.id).execute();
      Object.assign(row, { candidate_id: holder.candidateId, registration_id: holder.registrationId, seat_id: holder.seatId });
    }

    const base = { stepDurations, checks: verification.checks, sodSha256, accessControl: message.dump.accessControl ?? null };

    if (verification.reason !== null) {
      await this.decide(row, { ...base, outcome: 'refused', reason: verification.reason });
      return;
    }

    const registry = await this.checkRegistry(row, verification, sodSha256, stepDurations);

    if (registry.reason !== null) {
      await this.decide(row, { ...base, outcome: 'refused', reason: registry.reason, registry });
      return;
    }

    await this.decide(row, { ...base, outcome: null, reason: null, registry });
  }

  // -------------------------------------------------------------------------------------------
  // Chip authentication through the station

  /**
   * Sends the station the chip authentication commands for a chip without DG15 and waits for
   * its response, at most `chipAuthenticationTimeoutMs`. The check-in stays `verifying` meanwhile.
   */
  private async relayChipAuthentication(pending: Omit<PendingRelay, 'relay' | 'sentAt' | 'timer'>): Promise<void> {
    const { row, stationId, verification } = pending;
    // verifyCheckIn names a key only after the SOD verified the hash of DG14, so DG14 is present.
    const key = verification.chipAuthentication as ChipAuthenticationKey;
    const dg14 = cardDumpFromJson(pending.result.dump).files.DG14 ?? new Uint8Array(0);
    let relay: ChipAuthenticationRelay;

    try {
      relay = ChipAuthenticationRelay.start(key, dg14, systemRandom);
    } catch (error) {
      if (!isChipError(error)) throw error;

      // A key the server cannot use leaves the chip unproven, which the catalogue names a suspected clone.
      this.logger.warn({ checkInId: row.id, stationId, code: error.code, err: error.message }, 'chip authentication cannot start with the DG14 key');
      await this.endRelay({ ...pending, outcome: { passed: false, reason: 'clone_suspected', checkId: `${CHIP_AUTHENTICATION_CHECK}:unsupported-key`, detail: error.message } });
      return;
    }

    const station = this.hub.station(stationId);

    if (station === undefined) {
      await this.endRelay({ ...pending, outcome: { passed: false, reason: 'no_readable_card', checkId: `${CHIP_AUTHENTICATION_CHECK}:station-offline`, detail: 'the station disconnected before chip authentication' } });
      return;
    }

    const timer = setTimeout(() => {
      void this.expireRelay(row.id).catch((error: unknown) => this.logger.error({ checkInId: row.id, err: error instanceof Error ? error.message : String(error) }, 'ending a timed-out chip authentication failed'));
    }, this.settings.chipAuthenticationTimeoutMs);
    timer.unref();

    this.relays.set(row.id, { ...pending, relay, sentAt: performance.now(), timer });
    station.send({ type: 'chip-authentication', checkInId: row.id, ...relay.request });
  }

  /** Verifies the station's response to chip authentication. A response for no waiting run, or from another station, is ignored. */
  async handleChipAuthenticationResult(stationId: string, message: ChipAuthenticationResultMessage): Promise<void> {
    const pending = this.takeRelay(stationId, message.checkInId);

    if (pending === null) {
      return;
    }

    await this.endRelay({ ...pending, outcome: pending.relay.verify(message) });
  }

  /** Refuses a check-in whose station could not relay chip authentication to the card. */
  async handleChipAuthenticationFailed(stationId: string, message: ChipAuthenticationFailedMessage): Promise<void> {
    const pending = this.takeRelay(stationId, message.checkInId);

    if (pending === null) {
      return;
    }

    this.logger.info({ checkInId: message.checkInId, stationId, failure: message.failure, code: message.code }, 'chip authentication failed at the station');
    await this.endRelay({ ...pending, outcome: { passed: false, reason: 'no_readable_card', checkId: `${CHIP_AUTHENTICATION_CHECK}:station-${String(message.failure).slice(0, 20)}`, detail: String(message.message) } });
  }

  private takeRelay(stationId: string, checkInId: string): PendingRelay | null {
    const pending = this.relays.get(checkInId);

    if (pending === undefined || pending.stationId !== stationId) {
      this.logger.warn({ checkInId, stationId }, 'chip authentication response ignored: no run of this station is waiting for it');
      return null;
    }

    this.relays.delete(checkInId);
    clearTimeout(pending.timer);
    return pending;
  }

  private async expireRelay(checkInId: string): Promise<void> {
    const pending = this.relays.get(checkInId);

    if (pending === undefined) {
      return;
    }

    this.relays.delete(checkInId);
    this.logger.warn({ checkInId, stationId: pending.stationId, timeoutMs: this.settings.chipAuthenticationTimeoutMs }, 'chip authentication timed out at the station');
    await this.endRelay({ ...pending, outcome: { passed: false, reason: 'no_readable_card', checkId: `${CHIP_AUTHENTICATION_CHECK}:timeout`, detail: 'no answer from the station in time' } });
  }

  /**
   * Ends a chip authentication run and decides. A MAC, status or data failure means the chip did
   * not prove the DG14 key (clone_suspected). A station that lost the card or sent nothing in
   * time refuses with no_readable_card, so the proctor taps the card again.
   */
  private async endRelay(pending: Omit<PendingRelay, 'relay' | 'sentAt' | 'timer'> & { sentAt?: number; outcome: RelayOutcome }): Promise<void> {
    const { row, outcome } = pending;

    if (pending.sentAt !== undefined) pending.stepDurations.chip_authentication = performance.now() - pending.sentAt;

    if (!outcome.passed) {
      this.logger.info({ checkInId: row.id, check: outcome.checkId, reason: outcome.reason, detail: outcome.detail }, 'chip authentication did not pass');
    }

    // The proctor may have cancelled while the station relayed; then no photo, registry check or decision follows.
    const current = await checkInDb(this.db).selectFrom('check_ins').select('status').where('id', '=', row.id).executeTakeFirst();

    if (current?.status !== 'verifying') {
      this.logger.info({ checkInId: row.id, status: current?.status ?? null }, 'chip authentication ended after the check-in left verification; nothing decided');
      return;
    }

    const verification = await completeChipAuthentication(pending.verification, outcome, {
      examDate: (await requireExamSession(this.db, row.exam_session_id)).session.date,
      findRegistration: (idNumber) => this.registrationForChip(row, idNumber),
    });
    await this.finishVerification(row, verification, pending.result, pending.stepDurations);
  }

  /** Records a read that ended without a dump. */
  async handleReadFailed(stationId: string, message: ReadFailedMessage): Promise<void> {
    const row = await this.claimForVerification(stationId, message.checkInId);

    if (row === null) {
      return;
    }

    const reason: RefusalReason = message.failure === 'access-denied' ? 'wrong_access_key' : 'no_readable_card';
    this.logger.info({ checkInId: row.id, stationId, failure: message.failure, code: message.code, keysTried: message.keysTried }, 'check-in read failed at the station');
    // The station's failure and error code are kept as a failed check, for the proctor and for support.
    const checks = [{ id: `station-read:${message.failure}:${String(message.code).slice(0, 40)}`, status: 'failed' }];
    await this.decide(row, { outcome: 'refused', reason, stepDurations: this.stationDurations(message.steps, message.timings), checks, sodSha256: null, accessControl: null });
  }

  private stationDurations(steps: ReadResultMessage['steps'], timings: ReadResultMessage['timings']): Record<string, number> {
    const durations: Record<string, number> = { wait_for_card: timings.waitForCardMs, read: timings.readMs };
    // select: opening the chip (EF.CardAccess and access control, every key tried).
    durations.select = steps.filter((step) => step.name === 'read EF.CardAccess' || step.name === 'open secure messaging').reduce((sum, step) => sum + step.durationMs, 0);

    for (const step of steps) {
      durations[`station:${step.name}`] = (durations[`station:${step.name}`] ?? 0) + step.durationMs;
    }

    return durations;
  }

  /** Moves a waiting check-in of this station to `verifying` and marks its nonce used; null when it is not waiting. */
  private async claimForVerification(stationId: string, checkInId: string): Promise<CheckInTable | null> {
    const now = nowIso();
    const result = await checkInDb(this.db).updateTable('check_ins')
      .set({ status: 'verifying', nonce_used: 1, card_read_at: now, updated_at: now })
      .where('id', '=', checkInId).where('station_id', '=', stationId).where('status', '=', 'waiting_card').where('nonce_used', '=', 0)
      .executeTakeFirst();

    if (Number(result.numUpdatedRows) === 0) {
      this.logger.warn({ checkInId, stationId }, 'station result ignored: the check-in is not waiting for this station');
      return null;
    }

    const row = await checkInDb(this.db).selectFrom('check_ins').selectAll().where('id', '=', checkInId).executeTakeFirstOrThrow();
    this.hub.publish({ type: 'check-in-reading', roomId: row.room_id, at: now, stationId, checkInId, candidateId: row.candidate_id });
    return row;
  }

  private async registrationForChip(row: CheckInTable, idNumber: string) {
    // A named candidate: the chip must be that candidate's card.
    if (row.candidate_id !== null) {
      const [named] = await findRoomRegistrations(this.db, row.exam_session_id, row.room_id, { candidateId: row.candidate_id });
      return named === undefined || named.idNumber === null ? null : { idNumber: named.idNumber, fullName: named.fullName, birthDate: named.birthDate };
    }

    const [found] = await findRoomRegistrations(this.db, row.exam_session_id, row.room_id, { idNumber });
    return found === undefined ? null : { idNumber, fullName: found.fullName, birthDate: found.birthDate };
  }

  private async registrationById(row: CheckInTable, idNumber: string): Promise<RoomRegistration | null> {
    const filter = row.candidate_id !== null ? { candidateId: row.candidate_id } : { idNumber };
    const [found] = await findRoomRegistrations(this.db, row.exam_session_id, row.room_id, filter);
    return found ?? null;
  }

  private async checkRegistry(row: CheckInTable, verification: CheckInVerification, sodSha256: string | null, stepDurations: Record<string, number>): Promise<RegistryDecision> {
    const registry = this.settings.registry;
    const person = verification.report.person;

    if (registry === null || person === null || row.candidate_id === null) {
      return { state: 'not_configured', outcome: null, jobId: null, billable: false, reason: null };
    }

    const request: RegistryRequest = {
      key: { examEventId: row.exam_event_id, candidateId: row.candidate_id },
      idNumber: person.idNumber as string,
      fullName: (person.fullName as string).normalize('NFC'),
      birthDate: person.birthDate as string,
      ...(person.sex === null ? {} : { sex: person.sex }),
      ...(sodSha256 === null ? {} : { document: { sodHash: sodSha256 } }),
    };
    const started = performance.now();
    const outcome = await registry.check(request, row.id);
    stepDurations.registry = performance.now() - started;

    if (outcome.state === 'pending') {
      return { state: 'pending', outcome: 'pending', jobId: outcome.jobId, billable: false, reason: null };
    }

    if (outcome.state === 'failed') {
      this.logger.warn({ checkInId: row.id, reason: outcome.result.reason }, 'registry check failed for good; the proctor follows up by hand');
      return { state: 'failed', outcome: 'error', jobId: null, billable: false, reason: null };
    }

    return { state: 'answered', outcome: outcome.result.outcome, jobId: null, billable: outcome.result.billable, reason: registryRefusal(outcome.result.outcome) };
  }

  // -------------------------------------------------------------------------------------------
  // Decisions

  /** Decides a check-in that is `verifying`; one cancelled meanwhile (e.g. during chip authentication) stays cancelled. */
  private async decide(row: CheckInTable, decision: DecisionInput): Promise<void> {
    const now = nowIso();
    const durationMs = Date.parse(now) - Date.parse(row.started_at);
    const status = decision.outcome === 'refused' ? 'decided' : 'verified';
    const registry = decision.registry;
    const set: Partial<CheckInTable> = {
      status, outcome: decision.outcome, reason: decision.reason, checks: JSON.stringify(decision.checks), step_durations_ms: JSON.stringify(roundDurations(decision.stepDurations)),
      sod_sha256: decision.sodSha256, access_control: decision.accessControl, decided_at: now, duration_ms: durationMs, updated_at: now,
      ...(decision.outcome === 'refused' ? { ended_at: now } : {}),
      ...(registry === undefined ? {} : { registry_state: registry.state, registry_outcome: registry.outcome, registry_job_id: registry.jobId, registry_billable: registry.billable ? 1 : 0 }),
    };

    const decided = await this.db.transaction().execute(async (trx) => {
      const updated = await checkInDb(trx).updateTable('check_ins').set(set).where('id', '=', row.id).where('status', '=', 'verifying').executeTakeFirst();

      if (Number(updated.numUpdatedRows) === 0) {
        return false;
      }

      await appendAudit(trx, {
        action: decision.outcome === 'refused' ? 'checkin.refuse' : 'checkin.verify', unitId: row.unit_id, subjectType: 'check_in', subjectId: row.id,
        details: { candidateId: row.candidate_id, stationId: row.station_id, reason: decision.reason, registryState: registry?.state ?? row.registry_state, registryOutcome: registry?.outcome ?? null, durationMs, stepDurationsMs: roundDurations(decision.stepDurations), failedChecks: decision.checks.filter((check) => check.status === 'failed').map((check) => check.id) },
      });
      return true;
    });

    if (!decided) {
      this.logger.warn({ checkInId: row.id, stationId: row.station_id }, 'check-in not decided: it was cancelled while being verified');
      return;
    }

    this.logger.info({ checkInId: row.id, stationId: row.station_id, status, reason: decision.reason, durationMs }, 'check-in decided');
    const station = row.station_id === null ? undefined : this.hub.station(row.station_id);
    station?.send({ type: 'decision', checkInId: row.id, status: decision.outcome === 'refused' ? 'refused' : 'verified', reason: decision.reason });
    this.hub.publish({ type: decision.outcome === 'refused' ? 'check-in-decided' : 'check-in-verified', roomId: row.room_id, at: now, stationId: row.station_id ?? undefined, checkInId: row.id, candidateId: row.candidate_id, data: { reason: decision.reason, registryState: registry?.state ?? row.registry_state, durationMs } });
  }

  /**
   * Records the proctor's comparison of the chip photo with the person. `accepted` admits the
   * candidate and unlocks the attempt on the assigned seat. Otherwise the check-in is refused
   * with face_mismatch.
   */
  async confirmFace(checkInId: string, accepted: boolean, actorUserId: string): Promise<CheckInView> {
    const row = await this.requireCheckIn(checkInId);

    if (row.status !== 'verified' || row.candidate_id === null) {
      throw new ApiError('CHECKIN_STATE_CONFLICT', { checkInId, status: row.status, action: 'confirm the face' });
    }

    const now = nowIso();

    await this.db.transaction().execute(async (trx) => {
      const claimed = await checkInDb(trx).updateTable('check_ins').set({ status: 'decided', updated_at: now }).where('id', '=', checkInId).where('status', '=', 'verified').executeTakeFirst();

      if (Number(claimed.numUpdatedRows) === 0) {
        throw new ApiError('CHECKIN_STATE_CONFLICT', { checkInId, status: 'decided', action: 'confirm the face' });
      }

      if (!accepted) {
        await checkInDb(trx).updateTable('check_ins').set({ outcome: 'refused', reason: 'face_mismatch', face_confirmed_by: null, ended_at: now }).where('id', '=', checkInId).execute();
        await appendAudit(trx, { action: 'checkin.refuse', actorUserId, unitId: row.unit_id, subjectType: 'check_in', subjectId: checkInId, details: { candidateId: row.candidate_id, reason: 'face_mismatch' } });
        return;
      }

      // A pending registry check may have been answered negatively while the proctor looked at the photo.
      const registry = await checkInDb(trx).selectFrom('check_ins').select(['registry_state', 'registry_outcome']).where('id', '=', checkInId).executeTakeFirstOrThrow();
      const registryReason = registry.registry_state === 'answered' ? registryRefusal(registry.registry_outcome as RegistryAnswerOutcome) : null;

      if (registryReason !== null) {
        await checkInDb(trx).updateTable('check_ins').set({ outcome: 'refused', reason: registryReason, face_confirmed_by: actorUserId, ended_at: now }).where('id', '=', checkInId).execute();
        await appendAudit(trx, { action: 'checkin.refuse', actorUserId, unitId: row.unit_id, subjectType: 'check_in', subjectId: checkInId, details: { candidateId: row.candidate_id, reason: registryReason, registryOutcome: registry.registry_outcome } });
        return;
      }

      const unlocked = await unlockAttempt(trx, { sessionId: row.exam_session_id, candidateId: row.candidate_id as string, seatId: row.seat_id, by: actorUserId });
      await checkInDb(trx).updateTable('check_ins').set({ outcome: 'admitted', face_confirmed_by: actorUserId, attempt_id: unlocked.attemptId, ended_at: now }).where('id', '=', checkInId).execute();
      await appendAudit(trx, { action: 'checkin.admit', actorUserId, unitId: row.unit_id, subjectType: 'check_in', subjectId: checkInId, details: { candidateId: row.candidate_id, attemptId: unlocked.attemptId, seatId: row.seat_id, registryState: row.registry_state } });
    });

    const view = await this.view(checkInId);
    const station = row.station_id === null ? undefined : this.hub.station(row.station_id);
    station?.send({ type: 'decision', checkInId, status: view.outcome === 'admitted' ? 'admitted' : 'refused', reason: view.reason });
    this.hub.publish({ type: 'check-in-decided', roomId: row.room_id, at: now, checkInId, candidateId: row.candidate_id, data: { outcome: view.outcome, reason: view.reason, attemptId: view.attemptId, seatId: view.seatId } });
    return view;
  }

  /** Admits a candidate without chip evidence; the written reason is stored and the check-in is flagged as an override everywhere. */
  async override(input: { examSessionId: string; roomId: string; candidateId: string; kind: OverrideKind; reason: string; actorUserId: string }): Promise<CheckInView> {
    const { session, event } = await requireExamSession(this.db, input.examSessionId);
    const [registration] = await findRoomRegistrations(this.db, session.id, input.roomId, { candidateId: input.candidateId });

    if (registration === undefined) {
      throw new ApiError('CHECKIN_NOT_REGISTERED', { candidate: input.candidateId, examSessionId: session.id });
    }

    const room = await this.db.selectFrom('rooms').select(['unit_id']).where('id', '=', input.roomId).executeTakeFirstOrThrow();
    const now = nowIso();
    const id = newId();
    const note = input.reason.trim();

    await this.db.transaction().execute(async (trx) => {
      const unlocked = await unlockAttempt(trx, { sessionId: session.id, candidateId: input.candidateId, seatId: registration.seatId, by: input.actorUserId, overrideReason: note, overrideKind: input.kind });
      await checkInDb(trx).insertInto('check_ins').values({
        id, exam_event_id: event.id, exam_session_id: session.id, room_id: input.roomId, unit_id: room.unit_id, station_id: null, candidate_id: input.candidateId,
        registration_id: registration.registrationId, seat_id: registration.seatId, selection_method: 'override', selected_by: input.actorUserId, status: 'decided',
        nonce: null, nonce_used: 0, outcome: 'override', reason: input.kind, registry_state: 'not_checked', registry_outcome: null, registry_job_id: null, registry_billable: 0,
        face_confirmed_by: input.actorUserId, override_reason: input.reason.trim(), access_control: null, sod_sha256: null, checks: '[]', step_durations_ms: '{}',
        duration_ms: 0, attempt_id: unlocked.attemptId, started_at: now, card_read_at: null, decided_at: now, ended_at: now, updated_at: now,
      }).execute();
      await appendAudit(trx, { action: 'checkin.override', actorUserId: input.actorUserId, unitId: room.unit_id, subjectType: 'check_in', subjectId: id, details: { candidateId: input.candidateId, kind: input.kind, reason: input.reason.trim(), attemptId: unlocked.attemptId, override: true } });
    });

    this.hub.publish({ type: 'check-in-decided', roomId: input.roomId, at: now, checkInId: id, candidateId: input.candidateId, data: { outcome: 'override', reason: input.kind, override: true } });
    return this.view(id);
  }

  /**
   * Cancels a check-in that waits for a card or a face confirmation, or one left verifying by
   * a server that stopped mid-verification, and sends the station a cancel message.
   */
  async cancel(checkInId: string, actorUserId: string): Promise<CheckInView> {
    const row = await this.requireCheckIn(checkInId);
    const now = nowIso();
    const result = await checkInDb(this.db).updateTable('check_ins').set({ status: 'cancelled', ended_at: now, updated_at: now }).where('id', '=', checkInId).where('status', 'in', ['waiting_card', 'verifying', 'verified']).executeTakeFirst();

    if (Number(result.numUpdatedRows) === 0) {
      throw new ApiError('CHECKIN_STATE_CONFLICT', { checkInId, status: row.status, action: 'be cancelled' });
    }

    await appendAudit(this.db, { action: 'checkin.cancel', actorUserId, unitId: row.unit_id, subjectType: 'check_in', subjectId: checkInId });
    if (row.station_id !== null) this.hub.station(row.station_id)?.send({ type: 'cancel', checkInId });
    this.hub.publish({ type: 'check-in-cancelled', roomId: row.room_id, at: now, checkInId, candidateId: row.candidate_id });
    return this.view(checkInId);
  }

  /**
   * The retry worker's callback: stores the final registry result of a pending check-in. It is
   * idempotent per check-in (a repeated call writes the same values). A negative result
   * (mismatch, not found, revoked) for a candidate already admitted puts a hold on the attempt
   * (locked, or suspended when started) until the proctor re-admits or keeps the hold, and it is
   * flagged for the proctor.
   */
  async onRegistryResolved(resolution: RegistryResolution): Promise<void> {
    const row = await checkInDb(this.db).selectFrom('check_ins').selectAll().where('id', '=', resolution.checkInId).executeTakeFirst();

    if (row === undefined) {
      this.logger.warn({ checkInId: resolution.checkInId, jobId: resolution.jobId }, 'registry resolution for an unknown check-in ignored');
      return;
    }

    const answered = resolution.result.outcome !== 'unavailable';
    const state: RegistryState = answered ? 'answered' : 'failed';
    const outcome = answered ? resolution.result.outcome : 'error';

    if (row.registry_state === state && row.registry_outcome === outcome) {
      return;
    }

    const flag = answered ? registryRefusal(resolution.result.outcome as RegistryAnswerOutcome) : null;

    const relock = await this.db.transaction().execute(async (trx) => {
      await checkInDb(trx).updateTable('check_ins').set({ registry_state: state, registry_outcome: outcome, registry_billable: resolution.result.billable ? 1 : row.registry_billable, updated_at: nowIso() }).where('id', '=', row.id).execute();

      // Only an admission already made is taken back; a check-in still waiting for the face
      // confirmation is refused by confirmFace, which reads the stored answer. The attempt is
      // locked before the audit chain's head, in the order of a submit and the finaliser, so
      // that they cannot deadlock on PostgreSQL.
      const relockResult = flag === null || row.outcome !== 'admitted' || row.candidate_id === null
        ? null
        : await relockAttempt(trx, { sessionId: row.exam_session_id, candidateId: row.candidate_id, reason: flag, checkInId: row.id });

      await appendAudit(trx, { action: 'checkin.registry_resolved', unitId: row.unit_id, subjectType: 'check_in', subjectId: row.id, details: { candidateId: row.candidate_id, registryState: state, registryOutcome: outcome, attempts: resolution.attempts, followUp: flag } });
      return relockResult;
    });

    if (relock !== null) {
      this.logger.warn({ checkInId: row.id, attemptId: relock.attemptId, reason: flag, status: relock.status, applied: relock.applied }, 'registry rejected an admitted candidate; the attempt is held until the proctor decides');
      if (relock.applied) this.onAttemptHeld(relock.attemptId);
    }

    const hold = relock === null ? {} : { attemptId: relock.attemptId, attemptStatus: relock.status, held: relock.applied };
    this.hub.publish({ type: 'registry-resolved', roomId: row.room_id, at: nowIso(), checkInId: row.id, candidateId: row.candidate_id, data: { registryState: state, registryOutcome: outcome, followUp: flag, ...hold } });
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async requireCheckIn(checkInId: string): Promise<CheckInTable> {
    const row = await checkInDb(this.db).selectFrom('check_ins').selectAll().where('id', '=', checkInId).executeTakeFirst();

    if (row === undefined) {
      throw new ApiError('CHECKIN_NOT_FOUND', { checkInId });
    }

    return row;
  }

  async view(checkInId: string): Promise<CheckInView> {
    return toView(await this.requireCheckIn(checkInId), this.db);
  }

  async listForRoom(examSessionId: string, roomId: string): Promise<CheckInView[]> {
    const rows = await checkInDb(this.db).selectFrom('check_ins').selectAll().where('exam_session_id', '=', examSessionId).where('room_id', '=', roomId).orderBy('started_at').execute();
    return Promise.all(rows.map((row) => toView(row, this.db)));
  }
}

type RegistryAnswerOutcome = 'match' | 'mismatch' | 'not_found' | 'revoked';

interface RegistryDecision {
  state: RegistryState;
  outcome: string | null;
  jobId: string | null;
  billable: boolean;
  reason: RefusalReason | null;
}

interface DecisionInput {
  outcome: 'refused' | null;
  reason: RefusalReason | null;
  stepDurations: Record<string, number>;
  checks: CheckInVerification['checks'];
  sodSha256: string | null;
  accessControl: string | null;
  registry?: RegistryDecision;
}

function registryRefusal(outcome: RegistryAnswerOutcome): RefusalReason | null {
  if (outcome === 'mismatch') return 'registry_mismatch';
  if (outcome === 'not_found') return 'registry_not_found';
  if (outcome === 'revoked') return 'registry_revoked';
  return null;
}

function roundDurations(durations: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(durations).map(([name, value]) => [name, Math.round(value * 10) / 10]));
}

async function toView(row: CheckInTable, db: Kysely<Database>): Promise<CheckInView> {
  const registration = row.registration_id === null ? undefined : await db.selectFrom('exam_registrations').select('candidate_number').where('id', '=', row.registration_id).executeTakeFirst();
  const seat = row.seat_id === null ? undefined : await db.selectFrom('seats').select('label').where('id', '=', row.seat_id).executeTakeFirst();

  return {
    id: row.id, examSessionId: row.exam_session_id, roomId: row.room_id, stationId: row.station_id, candidateId: row.candidate_id,
    candidateNumber: registration?.candidate_number ?? null, seatId: row.seat_id, seatLabel: seat?.label ?? null, selectionMethod: row.selection_method,
    status: row.status, outcome: row.outcome, reason: row.reason, registryState: row.registry_state, registryOutcome: row.registry_outcome,
    overrideReason: row.override_reason, faceConfirmed: row.face_confirmed_by !== null, checks: JSON.parse(row.checks) as CheckInView['checks'],
    stepDurationsMs: JSON.parse(row.step_durations_ms) as Record<string, number>, durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    attemptId: row.attempt_id, startedAt: row.started_at, decidedAt: row.decided_at,
  };
}
