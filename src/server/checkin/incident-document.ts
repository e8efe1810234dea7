// The printable incident report (biên bản): the unit's administrative header, then what
// happened, where and when, the candidates involved and lines for the signatures.
import type { ReportDocument, ReportHeader } from '../../reports/document.js';
import { labelOf } from '../../reports/labels.js';

export interface IncidentView {
  id: string;
  kind: string;
  occurredAt: string;
  description: string;
  sessionCode: string;
  sessionDate: string;
  eventTitle: string;
  roomName: string;
  createdByName: string | null;
  candidates: { candidateId: string; candidateNumber: string | null; fullName: string }[];
}

const VIETNAM_TIME = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** Builds the incident report document under `header` (without its titles). */
export function buildIncidentDocument(header: Omit<ReportHeader, 'titleVi' | 'titleEn'>, incident: IncidentView): ReportDocument {
  const kind = labelOf(incident.kind);

  return {
    header: {
      ...header,
      titleVi: 'BIÊN BẢN XỬ LÝ SỰ CỐ TẠI PHÒNG THI',
      titleEn: 'Exam room incident report',
      subtitleVi: `${incident.eventTitle}, ca ${incident.sessionCode} ngày ${incident.sessionDate.split('-').reverse().join('/')}, ${incident.roomName}`,
      subtitleEn: `${incident.eventTitle}, session ${incident.sessionCode}, ${incident.roomName}`,
    },
    sections: [
      {
        headingVi: 'Sự cố',
        headingEn: 'Incident',
        blocks: [{
          type: 'table',
          columns: [
            { key: 'field', headerVi: 'Mục', headerEn: 'Item', kind: 'text', width: 1 },
            { key: 'value', headerVi: 'Nội dung', headerEn: 'Content', kind: 'text', width: 3 },
          ],
          rows: [
            { field: 'Loại sự cố / Kind', value: `${kind.vi} / ${kind.en}` },
            { field: 'Thời điểm / Time', value: VIETNAM_TIME.format(new Date(incident.occurredAt)) },
            { field: 'Phòng thi / Room', value: incident.roomName },
            { field: 'Người lập / Written by', value: incident.createdByName ?? '' },
          ],
        }, { type: 'paragraph', textVi: incident.description }],
      },
      {
        headingVi: 'Thí sinh liên quan',
        headingEn: 'Candidates involved',
        blocks: incident.candidates.length === 0
          ? [{ type: 'paragraph', textVi: 'Không có thí sinh liên quan.', textEn: 'No candidate involved.' }]
          : [{
              type: 'table',
              columns: [
                { key: 'number', headerVi: 'Số báo danh', headerEn: 'Candidate number', kind: 'id', width: 1 },
                { key: 'name', headerVi: 'Họ và tên', headerEn: 'Full name', kind: 'text', width: 3 },
              ],
              rows: incident.candidates.map((candidate) => ({ number: candidate.candidateNumber, name: candidate.fullName })),
            }],
      },
      {
        headingVi: 'Xác nhận',
        headingEn: 'Signatures',
        blocks: [{
          type: 'paragraph',
          textVi: 'Cán bộ coi thi thứ nhất (ký, ghi rõ họ tên): ........................................    Cán bộ coi thi thứ hai (ký, ghi rõ họ tên): ........................................    Thí sinh liên quan (ký, ghi rõ họ tên): ........................................',
          textEn: 'First proctor, second proctor and the candidates involved sign with their full names.',
        }],
      },
    ],
  };
}
