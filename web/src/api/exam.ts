// The exam screen's routes (docs/api-exam.md).
import type { AnswerAck, AnswerChange, StoredAnswer } from '../exam/answer-types.js';
import { apiRequest } from './client.js';

export type QuestionKind = 'single' | 'multiple' | 'true_false' | 'short' | 'essay';
/** `suspended` and `locked` are holds set when the registry rejected the candidate after admission. */
export type AttemptStatus = 'in_progress' | 'submitted' | 'expired' | 'suspended' | 'locked';

export interface QuestionImage {
  id: string;
  mediaType: string;
  dataBase64: string;
}

export interface ExamQuestion {
  id: string;
  number: number;
  kind: QuestionKind;
  stem: string;
  points: number;
  section?: string;
  images?: QuestionImage[];
  options?: { id: string; text: string }[];
  statements?: { id: string; text: string }[];
}

export interface AttemptInfo {
  id: string;
  status: AttemptStatus;
  examTitle: string;
  sessionId: string;
  /** Set by GET /api/exam/attempt; the feedback questionnaire is answered per exam event. */
  examEventId?: string;
  startedAt: string;
  deadline: string;
  serverTime: string;
  resultsAllowed: boolean;
  feedbackAllowed: boolean;
  formCode?: string | null;
  graceSeconds?: number;
  submittedAt?: string | null;
}

export interface LoadedAttempt {
  attempt: AttemptInfo;
  questions: ExamQuestion[];
  answers: StoredAnswer[];
}

export interface ClockReading {
  serverTime: string;
  deadline: string;
  status: AttemptStatus;
}

export interface SaveResponse extends ClockReading {
  acks: AnswerAck[];
}

export interface SubmitResponse {
  status: 'submitted';
  submittedAt: string;
  answeredCount: number;
  questionCount: number;
}

export interface AttemptResult {
  /** Null while essays wait for manual grading. */
  score: number | null;
  maxScore: number | null;
  manualPending: number;
  questions: { questionId: string; status: string; score: number | null; maxScore: number }[];
}

export const EXAM_ROUTES = {
  attempt: '/api/exam/attempt',
  answers: (attemptId: string) => `/api/exam/attempts/${encodeURIComponent(attemptId)}/answers`,
  clock: (attemptId: string) => `/api/exam/attempts/${encodeURIComponent(attemptId)}/clock`,
  submit: (attemptId: string) => `/api/exam/attempts/${encodeURIComponent(attemptId)}/submit`,
  result: (attemptId: string) => `/api/exam/attempts/${encodeURIComponent(attemptId)}/result`,
  live: (attemptId: string) => `/api/exam/attempts/${encodeURIComponent(attemptId)}/live`,
} as const;

export function loadAttempt(): Promise<LoadedAttempt> {
  return apiRequest<LoadedAttempt>(EXAM_ROUTES.attempt);
}

export function saveAnswers(attemptId: string, answers: AnswerChange[]): Promise<SaveResponse> {
  return apiRequest<SaveResponse>(EXAM_ROUTES.answers(attemptId), { method: 'POST', body: { answers } });
}

export function readClock(attemptId: string): Promise<ClockReading> {
  return apiRequest<ClockReading>(EXAM_ROUTES.clock(attemptId));
}

export function submitAttempt(attemptId: string, idempotencyKey: string): Promise<SubmitResponse> {
  return apiRequest<SubmitResponse>(EXAM_ROUTES.submit(attemptId), { method: 'POST', body: { idempotencyKey } });
}

export function fetchResult(attemptId: string): Promise<AttemptResult> {
  return apiRequest<AttemptResult>(EXAM_ROUTES.result(attemptId));
}
