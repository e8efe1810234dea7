// Step 5: the admitted candidates take the exam through the HTTP API as their seat browsers
// would. Answers are saved as they are chosen, each with an idempotency key, and kept until the
// server acknowledges them. One candidate's network drops for a while: the replies to some of
// its saves are lost and later saves never leave the seat; it resends them all with the same
// keys once the network is back, each marked `resent`, so the pilot evaluation can count them.
// The server process is restarted in the middle. Most candidates
// submit (one twice, with the same key); three leave it to the deadline, where the server
// finalises their attempts.
import { SeededRandom } from '../exam/seeded-random.js';
import { DemoApiClient } from './api-client.js';
import type { DemoCandidate } from './demo-context.js';

export interface ViewQuestion {
  id: string;
  kind: string;
  options?: { id: string }[];
  statements?: { id: string }[];
}

interface PendingAnswer {
  questionId: string;
  clientVersion: number;
  value: unknown;
  idempotencyKey: string;
  /** Set once a request carrying this answer failed or got no reply, so its next send is a resend. */
  resent?: boolean;
}

/** A candidate's seat browser: the answers waiting for an acknowledgement and the acknowledged ones. */
export class SeatBrowser {
  readonly client: DemoApiClient;
  attemptId = '';
  questions: ViewQuestion[] = [];
  /** Answers not yet acknowledged, by question; a newer version replaces an older one. */
  readonly pending = new Map<string, PendingAnswer>();
  /** The last acknowledged version and value per question. */
  readonly acknowledged = new Map<string, { version: number; value: unknown }>();
  acknowledgedWrites = 0;
  duplicateAcks = 0;
  failedSends = 0;
  /** Items marked `resent` in requests that got HTTP 200, which the server sends only after the commit. */
  resentItemsSaved = 0;
  /** While offline, nothing leaves the seat. */
  offline = false;
  private readonly versions = new Map<string, number>();

  constructor(readonly candidate: DemoCandidate, baseUrl: string) {
    this.client = new DemoApiClient(baseUrl);
  }

  /** Logs in at the seat and opens the exam, which starts the candidate's time. */
  async open(): Promise<void> {
    const login = this.candidate.seatLogin;
    if (login === null) throw new Error(`candidate ${this.candidate.candidateNumber} has no account`);
    await this.client.login(login.username, login.password);

    const response = await this.client.get('/api/exam/attempt');
    if (response.status !== 200) throw new Error(`candidate ${this.candidate.candidateNumber} could not open the exam: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    this.attemptId = response.body.attempt.id;
    this.questions = response.body.questions;
  }

  /** Records a new answer to send; returns it. */
  answer(question: ViewQuestion, value: unknown): PendingAnswer {
    const clientVersion = (this.versions.get(question.id) ?? 0) + 1;
    this.versions.set(question.id, clientVersion);
    const item = { questionId: question.id, clientVersion, value, idempotencyKey: `${this.attemptId}:${question.id}:${clientVersion}` };
    this.pending.set(question.id, item);
    return item;
  }

  /** Sends every pending answer; keeps those the server did not acknowledge. */
  async flush(options: { loseReply?: boolean } = {}): Promise<void> {
    if (this.offline || this.pending.size === 0) return;

    const items = [...this.pending.values()];
    let response;

    try {
      response = await this.client.post(`/api/exam/attempts/${this.attemptId}/answers`, { answers: items });
    } catch {
      // Connection refused or reset: the answers stay pending and go with the next flush.
      this.failedSends += 1;
      this.markResent(items);
      return;
    }

    if (response.status === 200) this.resentItemsSaved += items.filter((item) => item.resent === true).length;

    // The request reached the server but the reply never came back to the seat.
    if (options.loseReply === true) {
      this.markResent(items);
      return;
    }

    if (response.status !== 200) {
      this.failedSends += 1;
      this.markResent(items);
      return;
    }

    for (const ack of response.body.acks as { questionId: string; idempotencyKey: string; result: string }[]) {
      const item = items.find((entry) => entry.idempotencyKey === ack.idempotencyKey);
      if (item === undefined || (ack.result !== 'stored' && ack.result !== 'duplicate')) continue;

      this.acknowledgedWrites += 1;
      if (ack.result === 'duplicate') this.duplicateAcks += 1;
      const known = this.acknowledged.get(item.questionId);
      if (known === undefined || known.version < item.clientVersion) this.acknowledged.set(item.questionId, { version: item.clientVersion, value: item.value });
      if (this.pending.get(item.questionId)?.clientVersion === item.clientVersion) this.pending.delete(item.questionId);
    }
  }

  /** Marks the items of a failed or unanswered request that are still pending, so their next send carries `resent: true`. */
  private markResent(items: PendingAnswer[]): void {
    for (const item of items) {
      if (this.pending.get(item.questionId)?.idempotencyKey === item.idempotencyKey) this.pending.set(item.questionId, { ...item, resent: true });
    }
  }

  async submit(key: string): Promise<number> {
    const response = await this.client.post(`/api/exam/attempts/${this.attemptId}/submit`, { idempotencyKey: key });
    return response.status;
  }

  async status(): Promise<string> {
    const response = await this.client.get(`/api/exam/attempts/${this.attemptId}/clock`);
    return String(response.body?.status ?? `HTTP ${response.status}`);
  }
}

/** Chooses an answer for a question with the seeded random source. */
export function chooseAnswer(question: ViewQuestion, random: SeededRandom): unknown {
  switch (question.kind) {
    case 'single': {
      const options = question.options ?? [];
      return { choice: options[random.nextUint32() % Math.max(options.length, 1)]?.id ?? null };
    }
    case 'true_false':
      return { statements: Object.fromEntries((question.statements ?? []).map((statement) => [statement.id, random.nextUint32() % 3 !== 0])) };
    case 'multiple':
      return { choices: (question.options ?? []).filter(() => random.nextUint32() % 2 === 0).map((option) => option.id) };
    default:
      return { text: String(random.nextUint32() % 20) };
  }
}

export interface ExamRunSummary {
  candidates: number;
  acknowledgedWrites: number;
  duplicateAcks: number;
  failedSends: number;
  /** Answer items sent again with `resent: true` and committed by the server. */
  resentItemsSaved: number;
  submitted: number;
  leftToDeadline: number;
  finalisedAtDeadline: number;
  serverRestarts: number;
  /** Seconds the server was down during the restart. */
  restartSeconds: number;
}

const FINALISE_WAIT_EXTRA_MS = 20_000;
const STATUS_POLL_MS = 500;
const LEFT_TO_DEADLINE = 3;

/**
 * Runs the exam for the admitted candidates. `restart` stops the server process and starts it
 * again on the same database and port.
 */
export async function takeExam(input: { candidates: DemoCandidate[]; baseUrl: string; seed: number; durationSeconds: number; graceSeconds: number; restart: () => Promise<void>; note: (vi: string, en: string) => void }): Promise<{ summary: ExamRunSummary; seats: SeatBrowser[] }> {
  const seats = input.candidates.map((candidate) => new SeatBrowser(candidate, input.baseUrl));
  // One random source per seat, so that the answers do not depend on the order of replies.
  const randomOf = new Map(seats.map((seat) => [seat, new SeededRandom(`demo-answers-${input.seed}-${seat.candidate.candidateNumber}`)]));
  const choose = (seat: SeatBrowser, question: ViewQuestion): unknown => chooseAnswer(question, randomOf.get(seat) as SeededRandom);
  const [unstable] = seats;

  if (unstable === undefined) throw new Error('no candidate was admitted, so no one takes the exam');

  await Promise.all(seats.map((seat) => seat.open()));
  input.note(`${seats.length} thí sinh đã mở bài thi`, `${seats.length} candidates opened the exam`);

  // First half of the questions; the unstable seat's replies are lost, then it goes offline.
  const half = (seat: SeatBrowser) => Math.ceil(seat.questions.length / 2);

  await Promise.all(seats.map(async (seat) => {
    for (const question of seat.questions.slice(0, half(seat))) {
      seat.answer(question, choose(seat, question));
      await seat.flush(seat === unstable ? { loseReply: true } : {});
    }
  }));
  unstable.offline = true;
  input.note(`thí sinh ${unstable.candidate.candidateNumber} mất kết nối (${unstable.pending.size} câu chưa được xác nhận)`, `candidate ${unstable.candidate.candidateNumber} lost the connection (${unstable.pending.size} answers not acknowledged)`);

  // A real restart of the server process; seats that save meanwhile keep their answers.
  const restartStarted = Date.now();
  const restarting = input.restart();
  await Promise.all(seats.slice(1, 6).map(async (seat) => {
    const question = seat.questions[half(seat)];
    if (question === undefined) return;
    seat.answer(question, choose(seat, question));
    await seat.flush();
  }));
  await restarting;
  const restartSeconds = (Date.now() - restartStarted) / 1000;
  input.note(`máy chủ đã khởi động lại sau ${restartSeconds.toFixed(1)} s`, `server restarted in ${restartSeconds.toFixed(1)} s`);

  // Second half, and a changed mind on the first question (a second version).
  await Promise.all(seats.map(async (seat) => {
    for (const question of seat.questions.slice(half(seat))) {
      if (!seat.pending.has(question.id) && !seat.acknowledged.has(question.id)) seat.answer(question, choose(seat, question));
      await seat.flush();
    }
    const first = seat.questions[0];
    if (first !== undefined && seat !== unstable) {
      seat.answer(first, choose(seat, first));
      await seat.flush();
    }
  }));

  unstable.offline = false;
  await unstable.flush();
  input.note(
    `thí sinh ${unstable.candidate.candidateNumber} có mạng lại; tổng cộng đã gửi lại ${unstable.resentItemsSaved} lượt câu trả lời (đánh dấu gửi lại), ${unstable.duplicateAcks} câu máy chủ đã có (khóa chống trùng)`,
    `candidate ${unstable.candidate.candidateNumber} is back online; it resent ${unstable.resentItemsSaved} answer writes in all (marked resent), ${unstable.duplicateAcks} answers the server already stored (idempotency keys)`,
  );

  for (const seat of seats) await seat.flush();

  // Everyone but the last three submits; one submits twice with the same key.
  const submitters = seats.slice(0, Math.max(seats.length - LEFT_TO_DEADLINE, 0));
  const statuses = await Promise.all(submitters.map((seat) => seat.submit(`submit-${seat.attemptId}`)));
  const again = submitters[1] === undefined ? 200 : await submitters[1].submit(`submit-${submitters[1].attemptId}`);
  const submitted = statuses.filter((status) => status === 200).length;

  if (again !== 200) throw new Error(`a repeated submit with the same key returned HTTP ${again}`);

  const waiting = seats.slice(submitters.length);
  input.note(`${submitted} bài đã nộp; chờ hết giờ cho ${waiting.length} bài còn lại`, `${submitted} submitted; waiting for the deadline of the other ${waiting.length}`);

  const limit = Date.now() + (input.durationSeconds + input.graceSeconds) * 1000 + FINALISE_WAIT_EXTRA_MS;
  let finalised = 0;

  for (const seat of waiting) {
    for (;;) {
      const status = await seat.status();
      if (status !== 'in_progress' && status !== 'unlocked') {
        if (status === 'expired') finalised += 1;
        break;
      }
      if (Date.now() > limit) throw new Error(`the attempt of candidate ${seat.candidate.candidateNumber} is still ${status} long after its deadline`);
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
  }

  return {
    seats,
    summary: {
      candidates: seats.length,
      acknowledgedWrites: seats.reduce((sum, seat) => sum + seat.acknowledgedWrites, 0),
      duplicateAcks: seats.reduce((sum, seat) => sum + seat.duplicateAcks, 0),
      failedSends: seats.reduce((sum, seat) => sum + seat.failedSends, 0),
      resentItemsSaved: seats.reduce((sum, seat) => sum + seat.resentItemsSaved, 0),
      submitted,
      leftToDeadline: waiting.length,
      finalisedAtDeadline: finalised,
      serverRestarts: 1,
      restartSeconds,
    },
  };
}
