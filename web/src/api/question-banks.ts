// Question banks: list, create, their questions (with keys: staff only), add and import.
import { apiRequest } from './client.js';

export interface QuestionBank {
  id: string;
  name: string;
  createdAt?: string;
}

/** A question as the bank stores it, keys included; fields beyond these depend on the kind. */
export interface BankQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'true-false-4' | 'short' | 'essay';
  stem: string;
  points: number;
  topic?: string;
  options?: { id: string; text: string }[];
  correctOptionId?: string;
  correctOptionIds?: string[];
  statements?: { id: string; text: string; correct: boolean }[];
}

export interface ImportResult {
  format: string;
  dryRun: boolean;
  questionCount: number;
  warnings: unknown[];
}

export const BANK_ROUTES = {
  banks: (unitId: string) => `/api/exam/banks?unitId=${encodeURIComponent(unitId)}`,
  create: '/api/exam/banks',
  questions: (bankId: string) => `/api/exam/banks/${encodeURIComponent(bankId)}/questions`,
  import: (bankId: string, dryRun: boolean) => `/api/exam/banks/${encodeURIComponent(bankId)}/import${dryRun ? '?dryRun=true' : ''}`,
} as const;

export const listBanks = (unitId: string) => apiRequest<QuestionBank[]>(BANK_ROUTES.banks(unitId));
export const createBank = (unitId: string, name: string) => apiRequest<QuestionBank>(BANK_ROUTES.create, { method: 'POST', body: { unitId, name } });
export const listBankQuestions = (bankId: string) => apiRequest<{ versionId: string; version: number; question: BankQuestion }[]>(BANK_ROUTES.questions(bankId));
export const addQuestions = (bankId: string, questions: Omit<BankQuestion, 'id'>[]) =>
  apiRequest<{ ids: string[] }>(BANK_ROUTES.questions(bankId), { method: 'POST', body: { questions } });

export function importQuestionFile(bankId: string, file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file);
  return apiRequest<ImportResult>(BANK_ROUTES.import(bankId, dryRun), { method: 'POST', body: form });
}
