// A candidate's browser as the exam API sees it: the session cookie, the CSRF header, JSON.
// Shared by the exam HTTP tests, the crash test and the benchmark.
import type { SeededCandidate } from '../../../src/server/exam/exam-seed.js';

export interface ExamResponse<T = any> {
  status: number;
  body: T;
}

export class CandidateClient {
  constructor(readonly baseUrl: string, readonly candidate: Pick<SeededCandidate, 'sessionToken' | 'csrfToken'>) {}

  async request<T = any>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<ExamResponse<T>> {
    const headers: Record<string, string> = { cookie: `examgate_session=${this.candidate.sessionToken}; examgate_csrf=${this.candidate.csrfToken}`, 'x-csrf-token': this.candidate.csrfToken };

    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }

    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal === undefined ? {} : { signal }) });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  load(): Promise<ExamResponse> {
    return this.request('GET', '/api/exam/attempt');
  }

  save(attemptId: string, answers: unknown[], signal?: AbortSignal): Promise<ExamResponse> {
    return this.request('POST', `/api/exam/attempts/${attemptId}/answers`, { answers }, signal);
  }

  submit(attemptId: string, idempotencyKey = 'submit-1'): Promise<ExamResponse> {
    return this.request('POST', `/api/exam/attempts/${attemptId}/submit`, { idempotencyKey });
  }

  clock(attemptId: string): Promise<ExamResponse> {
    return this.request('GET', `/api/exam/attempts/${attemptId}/clock`);
  }
}

/** Returns a value answering a question of the API view, varied by `salt` so versions differ. */
export function answerFor(question: { kind: string; options?: { id: string }[]; statements?: { id: string }[] }, salt: number): unknown {
  switch (question.kind) {
    case 'single':
      return { choice: question.options?.[salt % (question.options?.length ?? 1)]?.id ?? null };
    case 'multiple':
      return { choices: (question.options ?? []).filter((_, index) => (index + salt) % 2 === 0).map((option) => option.id) };
    case 'true_false':
      return { statements: Object.fromEntries((question.statements ?? []).map((statement, index) => [statement.id, (index + salt) % 2 === 0])) };
    default:
      return { text: `Trả lời ${salt}` };
  }
}
