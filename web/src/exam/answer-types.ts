// Shapes of answers as the exam API carries them (docs/api-exam.md).

/** The value of one answer; its form depends on the question kind. */
export type AnswerValue =
  | { choice: string }
  | { choices: string[] }
  | { statements: Record<string, boolean> }
  | { text: string };

/** One versioned change of one question, as stored locally and sent to the server. */
export interface AnswerChange {
  questionId: string;
  clientVersion: number;
  value: AnswerValue | null;
  flagged: boolean;
  idempotencyKey: string;
  /** True once a request carrying this change failed or went unacknowledged, so the next send is a resend. */
  resent?: boolean;
}

/**
 * The server's acknowledgement of one sent change: `stored`, `duplicate` (sent before) and
 * `stale` (a newer version is stored) settle it; `closed` (after the deadline or submission)
 * and `rejected` (invalid value or unknown question) refuse it for good.
 */
export interface AnswerAck {
  questionId: string;
  idempotencyKey: string;
  result: 'stored' | 'duplicate' | 'stale' | 'closed' | 'rejected';
  storedVersion: number;
  /** The refusal reason in English, for `closed` and `rejected`. */
  reason?: string;
}

/** An answer as the server has stored it. */
export interface StoredAnswer {
  questionId: string;
  version: number;
  value: AnswerValue | null;
  flagged: boolean;
}
