// Candidate lists: the list of a unit and the import of a spreadsheet (docs/api.md).
import { ApiRequestError, apiRequest, currentCsrfToken, type LocalisedMessage } from './client.js';

export type ChipStatus = 'chipped' | 'no_card' | 'legacy_id' | 'pre_2021_card';

export interface Candidate {
  id: string;
  unitId: string;
  classId: string | null;
  idNumber: string | null;
  legacyIdNumber: string | null;
  fullName: string;
  /** The name as the unit typed it; screens show this one. */
  fullNameDisplay: string;
  birthDate: string;
  sex: 'M' | 'F';
  chipStatus: ChipStatus;
}

export interface CandidatePage {
  total: number;
  candidates: Candidate[];
}

export interface RowProblem {
  row: number;
  column: string;
  code: string;
  value?: string | null;
  suggestion?: string;
  message: LocalisedMessage;
}

export interface ImportReport {
  fileName: string;
  dryRun: boolean;
  committed: boolean;
  rowCount: number;
  validRows: number;
  invalidRows: number;
  created: number;
  updated: number;
  errors: RowProblem[];
  warnings: RowProblem[];
  withoutChipCard: { row: number; fullName: string; idNumber: string | null; legacyIdNumber: string | null; chipStatus: ChipStatus }[];
}

export const CANDIDATE_ROUTES = {
  list: (unitId: string, limit: number, offset: number) => `/api/units/${encodeURIComponent(unitId)}/candidates?limit=${limit}&offset=${offset}`,
  import: (unitId: string, dryRun: boolean) => `/api/units/${encodeURIComponent(unitId)}/candidates/import${dryRun ? '?dryRun=true' : ''}`,
  template: '/api/candidates/template.xlsx',
  export: (unitId: string) => `/api/units/${encodeURIComponent(unitId)}/candidates/export.xlsx`,
} as const;

export const listCandidates = (unitId: string, limit: number, offset: number) => apiRequest<CandidatePage>(CANDIDATE_ROUTES.list(unitId, limit, offset));

function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Uploads a candidate list (multipart field "file") and reports the upload progress from 0 to 1.
 * XMLHttpRequest is used because fetch reports no upload progress. A list with invalid rows
 * rejects with IMPORT_ROWS_INVALID, whose `details.report` is the import report.
 */
export function uploadCandidateList(unitId: string, file: File, dryRun: boolean, onProgress: (fraction: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const form = new FormData();
    form.append('file', file);

    request.open('POST', CANDIDATE_ROUTES.import(unitId, dryRun));
    request.setRequestHeader('accept', 'application/json');
    const token = currentCsrfToken();
    if (token !== null) request.setRequestHeader('x-csrf-token', token);

    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };

    request.onerror = () => reject(new ApiRequestError(0, 'NETWORK_UNREACHABLE', { vi: 'Không kết nối được máy chủ.', en: 'The server cannot be reached.' }));

    request.onload = () => {
      onProgress(1);
      const body = parseJson(request.responseText);

      if (request.status >= 200 && request.status < 300) {
        resolve(body as unknown as ImportReport);
        return;
      }

      const fallback = `HTTP ${request.status} ${request.statusText}`;
      const message = (body.message ?? { vi: fallback, en: fallback }) as LocalisedMessage;
      reject(new ApiRequestError(request.status, String(body.code ?? `HTTP_${request.status}`), message, (body.details ?? {}) as Record<string, unknown>));
    };

    request.send(form);
  });
}
