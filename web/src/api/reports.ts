// The pilot evaluation report (GET /api/reports/evaluation), as the reports module computes it;
// only the fields the dashboard reads are typed here.
import { apiRequest } from './client.js';

export interface CheckInFigures {
  candidatesSeen: number;
  byChip: number;
  byOverride: number;
  refused: number;
  absent: number;
  chipShare: number | null;
}

export interface EvaluationFigures {
  registration: { registered: number; withChippedCard: number; withoutChippedCard: number; chippedShare: number | null };
  checkIn: CheckInFigures;
  registry: { checks: number; billableChecks: number; outages: number };
  incidents: { total: number };
  exams: { started: number; submitted: number; autoFinalised: number; inProgress: number; answersResent: number };
}

export interface EvaluationReport {
  rounds: {
    round: { number: number; name: string };
    department: EvaluationFigures;
    units: { unit: { id: string; code: string; name: string }; figures: EvaluationFigures }[];
  }[];
  comparison: { key: string; labelVi: string; labelEn: string; kind: 'integer' | 'percent' | 'decimal'; values: Record<number, number | null> }[];
}

export const REPORT_ROUTES = {
  evaluation: '/api/reports/evaluation',
  evaluationFile: (format: 'pdf' | 'xlsx') => `/api/reports/evaluation?format=${format}`,
  costFile: (format: 'pdf' | 'xlsx') => `/api/reports/cost?format=${format}`,
  noChipFile: (format: 'pdf' | 'xlsx') => `/api/reports/no-chip?format=${format}`,
} as const;

export const fetchEvaluation = () => apiRequest<EvaluationReport>(REPORT_ROUTES.evaluation);
