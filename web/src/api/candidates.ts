// Candidate lists: the list of a unit and the import of an Excel file.
// NOTE: the route names and the import report shape are assumptions, because the server had no
// candidate routes yet. Check them against docs/api.md.
import { ApiRequestError, apiRequest, currentCsrfToken, type LocalisedMessage } from './client.js';

export interface Candidate {
  id: string;
  fullName: string;
  idNumber: string | null;
  birthDate: string;
  sex: 'M' | 'F';
  chipStatus: 'chipped' | 'no_card' | 'legacy_id' | 'pre_2021_card';
  classId: string | null;
}

export interface RowProblem {
  row: number;
  column: string;
  code: string;
  message: LocalisedMessage;
}

export interface ImportReport {
  rowCount: number;
  createdCount?: number;
  updatedCount?: number;
  problems: RowProblem[];
  preview?: Partial<Candidate>[];
}

export const CANDIDATE_ROUTES = {
  list: (unitId: string) => `/api/units/${encodeURIComponent(unitId)}/candidates`,
  import: (unitId: string, dryRun: boolean) => `/api/units/${encodeURIComponent(unitId)}/candidates/import${dryRun ? '?dryRun=true' : ''}`,
} as const;

export const listCandidates = (unitId: string) => apiRequest<Candidate[]>(CANDIDATE_ROUTES.list(unitId));

/**
 * Uploads a candidate list (multipart field "file") and reports upload progress from 0 to 1.
 * XMLHttpRequest is used because fetch reports no upload progress.
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
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(request.responseText) as Record<string, unknown>;
      } catch {
        body = {};
      }

      if (request.status >= 200 && request.status < 300) {
        resolve(body as unknown as ImportReport);
        return;
      }

      const details = (body.details ?? {}) as Record<string, unknown>;
      const message = (body.message ?? { vi: request.statusText, en: request.statusText }) as LocalisedMessage;
      reject(new ApiRequestError(request.status, String(body.code ?? `HTTP_${request.status}`), message, details));
    };

    request.send(form);
  });
}
