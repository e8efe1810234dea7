// The pilot evaluation report, as the reports module computes it.
// NOTE: the route is an assumption, because the server had no report routes yet.
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
} as const;

export const fetchEvaluation = () => apiRequest<EvaluationReport>(REPORT_ROUTES.evaluation);
