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

/**
 * Registry checks and outages of a scope. Overlapping outage periods count as one, and a period
 * still open counts up to the time of the report.
 */
export interface RegistryFigures {
  checks: number;
  billableChecks: number;
  outages: number;
  /** Total outage time in minutes, fractional. */
  outageMinutes: number;
  /** Outages that had not ended when the report was made. */
  ongoingOutages: number;
}

/** Attempts held after a late registry result, by the proctor's last decision. */
export interface HoldFigures {
  held: number;
  readmitted: number;
  keptLocked: number;
  undecided: number;
}

export interface EvaluationFigures {
  registration: { registered: number; withChippedCard: number; withoutChippedCard: number; chippedShare: number | null };
  checkIn: CheckInFigures;
  registry: RegistryFigures;
  incidents: { total: number };
  exams: { started: number; submitted: number; autoFinalised: number; inProgress: number; answersResent: number };
  holds: HoldFigures;
}

export interface EvaluationReport {
  rounds: {
    round: { number: number; name: string };
    department: EvaluationFigures;
    units: { unit: { id: string; code: string; name: string }; figures: EvaluationFigures }[];
  }[];
  comparison: { key: string; labelVi: string; labelEn: string; kind: 'integer' | 'percent' | 'decimal'; values: Record<number, number | null> }[];
}

/** The actual cost of a round (GET /api/reports/cost?round=N), in đồng. */
export interface RoundCost {
  billableChecks: number;
  lines: { code: string; labelVi: string; labelEn: string; quantity: number; net: number; vat: number; gross: number }[];
  totalNet: number;
  totalVat: number;
  total: number;
}

/** The results of an exam event (GET /api/reports/results?examEventId=…); only the charted fields. */
export interface EventResults {
  input: { examTitle: string; maxScore: number };
  results: {
    distribution: { summary: { count: number; mean: number | null; median: number | null }; bins: { from: number; to: number; count: number }[] };
    perUnit: { name: string; summary: { count: number; mean: number | null }; graded: number; absent: number }[];
  };
}

export const REPORT_ROUTES = {
  evaluation: '/api/reports/evaluation',
  evaluationFile: (format: 'pdf' | 'xlsx') => `/api/reports/evaluation?format=${format}`,
  /** The actual cost of one pilot round as a file (the route needs `round`, or `candidates` and `units`). */
  costFile: (round: number, format: 'pdf' | 'xlsx') => `/api/reports/cost?round=${round}&format=${format}`,
  cost: (round: number) => `/api/reports/cost?round=${round}`,
  results: (examEventId: string) => `/api/reports/results?examEventId=${encodeURIComponent(examEventId)}`,
  noChipFile: (format: 'pdf' | 'xlsx') => `/api/reports/no-chip?format=${format}`,
} as const;

export const fetchEvaluation = () => apiRequest<EvaluationReport>(REPORT_ROUTES.evaluation);
export const fetchRoundCost = (round: number) => apiRequest<RoundCost>(REPORT_ROUTES.cost(round));
export const fetchEventResults = (examEventId: string) => apiRequest<EventResults>(REPORT_ROUTES.results(examEventId));
