import type { ReportDocument, ReportHeader, ReportSection } from './document.js';
import { groupBy } from './group-by.js';
import { labelOf } from './labels.js';

/** A registered candidate who cannot check in by chip, with what the unit needs to chase them. */
export interface NoChipCandidate {
  unitId: string;
  unitName: string;
  className: string | null;
  fullName: string;
  /** Calendar date `yyyy-mm-dd`. */
  birthDate: string;
  idNumber: string | null;
  legacyIdNumber: string | null;
  /** `no_card`, `legacy_id` or `pre_2021_card`. */
  chipStatus: string;
}

const NO_CLASS_VI = '(chưa xếp lớp)';

/**
 * Builds the list of candidates without a chipped card: one section per unit, candidates
 * sorted by class and then by name in Vietnamese order, with a count per class.
 */
export function buildNoChipDocument(candidates: readonly NoChipCandidate[], header: Omit<ReportHeader, 'titleVi' | 'titleEn'>): ReportDocument {
  const units = groupBy(candidates, (candidate) => candidate.unitId);

  const sections: ReportSection[] = [...units.values()].map((list) => unitSection(list));
  if (sections.length === 0) {
    sections.push({
      headingVi: 'Không có thí sinh nào thiếu CCCD gắn chip',
      headingEn: 'Every candidate has a chipped card',
      blocks: [],
    });
  }

  return {
    header: {
      ...header,
      titleVi: 'Danh sách thí sinh chưa có CCCD gắn chip',
      titleEn: 'Candidates without a chipped identity card',
    },
    sections,
  };
}

function unitSection(list: NoChipCandidate[]): ReportSection {
  const collator = new Intl.Collator('vi');
  const sorted = [...list].sort((a, b) =>
    collator.compare(a.className ?? '', b.className ?? '') || collator.compare(a.fullName, b.fullName) || a.birthDate.localeCompare(b.birthDate));

  const perClass = new Map<string, number>();
  for (const candidate of sorted) {
    const name = candidate.className ?? NO_CLASS_VI;
    perClass.set(name, (perClass.get(name) ?? 0) + 1);
  }

  const unitName = sorted[0]?.unitName ?? '';
  return {
    headingVi: unitName,
    headingEn: `${sorted.length} candidates without a chipped card`,
    sheetName: unitName,
    blocks: [
      {
        type: 'table',
        columns: [
          { key: 'number', headerVi: 'STT', headerEn: 'No.', kind: 'integer', width: 0.5 },
          { key: 'className', headerVi: 'Lớp', headerEn: 'Class', kind: 'text', width: 1 },
          { key: 'fullName', headerVi: 'Họ và tên', headerEn: 'Full name', kind: 'text', width: 2.4 },
          { key: 'birthDate', headerVi: 'Ngày sinh', headerEn: 'Date of birth', kind: 'text', width: 1.1 },
          { key: 'idNumber', headerVi: 'Số CCCD/CMND', headerEn: 'ID number', kind: 'id', width: 1.4 },
          { key: 'status', headerVi: 'Tình trạng', headerEn: 'Status', kind: 'text', width: 2.4 },
        ],
        rows: sorted.map((candidate, index) => ({
          number: index + 1,
          className: candidate.className ?? NO_CLASS_VI,
          fullName: candidate.fullName,
          birthDate: formatBirthDate(candidate.birthDate),
          idNumber: candidate.idNumber ?? candidate.legacyIdNumber,
          status: `${labelOf(candidate.chipStatus).vi} / ${labelOf(candidate.chipStatus).en}`,
        })),
      },
      {
        type: 'table',
        titleVi: 'Số lượng theo lớp',
        titleEn: 'Count per class',
        columns: [
          { key: 'className', headerVi: 'Lớp', headerEn: 'Class', kind: 'text', width: 2 },
          { key: 'count', headerVi: 'Số thí sinh', headerEn: 'Candidates', kind: 'integer' },
        ],
        rows: [...perClass].map(([className, count]) => ({ className, count })),
        totals: { className: 'Cộng / Total', count: sorted.length },
      },
    ],
  };
}

/** Formats `yyyy-mm-dd` as the Vietnamese `dd/mm/yyyy`. */
function formatBirthDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return day === undefined || month === undefined ? isoDate : `${day}/${month}/${year}`;
}
