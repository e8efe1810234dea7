// The feedback questionnaires of the reports API (GET /api/reports/questionnaires and
// POST /api/reports/feedback); the pilot evaluation counts these answers.
import { apiRequest } from './client.js';

export type Respondent = 'candidate' | 'proctor';

export interface FeedbackQuestion {
  id: string;
  kind: 'likert' | 'free_text';
  textVi: string;
  textEn: string;
  /** Longest free-text answer kept, in characters. */
  maxLength?: number;
}

export interface Questionnaire {
  respondent: Respondent;
  version: number;
  titleVi: string;
  titleEn: string;
  questions: FeedbackQuestion[];
}

export interface LikertLevel {
  value: number;
  labelVi: string;
  labelEn: string;
}

export interface Questionnaires {
  likertScale: LikertLevel[];
  questionnaires: Record<Respondent, Questionnaire>;
}

/** Answers keyed by question id: a Likert level (1 to 5) or free text. */
export type FeedbackAnswers = Record<string, number | string>;

export const FEEDBACK_ROUTES = {
  questionnaires: '/api/reports/questionnaires',
  feedback: '/api/reports/feedback',
} as const;

export const fetchQuestionnaires = () => apiRequest<Questionnaires>(FEEDBACK_ROUTES.questionnaires);

export function sendFeedback(examEventId: string, answers: FeedbackAnswers): Promise<void> {
  return apiRequest<void>(FEEDBACK_ROUTES.feedback, { method: 'POST', body: { examEventId, answers } });
}
