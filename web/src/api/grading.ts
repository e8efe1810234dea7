// Essays to grade by hand (GET /api/exam/sessions/:sessionId/essays) and the hand grade
// (POST /api/exam/attempts/:attemptId/grades/:questionId), docs/api-exam.md.
import { apiRequest } from './client.js';

export interface EssayToGrade {
  attemptId: string;
  formCode: string | null;
  questionId: string;
  stem: string;
  /** Null when the candidate left the essay empty. */
  answer: string | null;
  status: 'graded' | 'unanswered' | 'manual';
  score: number | null;
  maxScore: number;
  gradedByHand: boolean;
}

const segment = encodeURIComponent;

export const GRADING_ROUTES = {
  essays: (sessionId: string) => `/api/exam/sessions/${segment(sessionId)}/essays`,
  grade: (attemptId: string, questionId: string) => `/api/exam/attempts/${segment(attemptId)}/grades/${segment(questionId)}`,
} as const;

export const listEssays = (sessionId: string) => apiRequest<EssayToGrade[]>(GRADING_ROUTES.essays(sessionId));
export const gradeEssay = (attemptId: string, questionId: string, score: number) =>
  apiRequest<{ score: number; maxScore: number; manualPending: number }>(GRADING_ROUTES.grade(attemptId, questionId), { method: 'POST', body: { score } });
