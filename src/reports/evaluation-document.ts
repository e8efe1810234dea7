import type { ReportDocument, ReportHeader, ReportSection, TableBlock, TableRow } from './document.js';
import type { EvaluationFigures, EvaluationReport, FeedbackFigures, RoundEvaluation } from './evaluation.js';
import { QUESTIONNAIRES, type Respondent } from './feedback-questionnaire.js';
import { labelOf } from './labels.js';
import type { Summary } from './statistics/summary.js';

export interface EvaluationDocumentOptions {
  header: Omit<ReportHeader, 'titleVi' | 'titleEn'>;
  /** Only this round; default every round in the report. */
  round?: number;
  /** Only this unit (by id); default the department and every unit. */
  unitId?: string;
}

/**
 * Builds the pilot evaluation document. Each round gets a section with the department's
 * figures (or one unit's), a table per unit, check-in outcomes and times, registry checks,
 * incidents, exams and feedback. The comparison between rounds follows when the report
 * covers more than one round.
 */
export function buildEvaluationDocument(report: EvaluationReport, options: EvaluationDocumentOptions): ReportDocument {
  const rounds = report.rounds.filter((entry) => options.round === undefined || entry.round.number === options.round);
  const sections: ReportSection[] = [];

  for (const entry of rounds) {
    sections.push(roundSection(entry, options.unitId));
  }
  if (rounds.length > 1 && options.unitId === undefined) {
    sections.push(comparisonSection(report, rounds.map((entry) => entry.round.number)));
  }

  return {
    header: { ...options.header, titleVi: 'Báo cáo đánh giá hiệu quả', titleEn: 'Pilot evaluation report' },
    sections,
  };
}

function roundSection(entry: RoundEvaluation, unitId: string | undefined): ReportSection {
  const unit = unitId === undefined ? undefined : entry.units.find((candidate) => candidate.unit.id === unitId);
  const figures = unit === undefined ? entry.department : unit.figures;
  const scopeVi = unit === undefined ? 'toàn Sở' : unit.unit.name;
  const scopeEn = unit === undefined ? 'department' : unit.unit.name;

  const blocks: ReportSection['blocks'] = [
    overviewTable(figures),
    ...(unit === undefined && entry.units.length > 1 ? [perUnitTable(entry)] : []),
    {
      type: 'bar-chart',
      titleVi: 'Kết quả xác thực',
      titleEn: 'Check-in outcomes',
      axisLabelVi: 'Hình thức',
      axisLabelEn: 'Outcome',
      valueLabelVi: 'Số thí sinh',
      valueLabelEn: 'Candidates',
      bars: [
        { label: 'Chip', value: figures.checkIn.byChip },
        { label: 'CBCT / Override', value: figures.checkIn.byOverride },
        { label: 'Từ chối / Refused', value: figures.checkIn.refused },
        { label: 'Vắng / Absent', value: figures.checkIn.absent },
      ],
    },
    reasonTable('Lý do không cho vào thi (theo lần cuối)', 'Refusal reasons (last attempt)', figures.checkIn.refusedByReason),
    reasonTable('Lý do cho vào thi theo quyết định của CBCT', 'Override reasons', figures.checkIn.overrideByReason),
    reasonTable('Các lần xác thực không thành công', 'Failed check-in attempts', figures.checkIn.refusedAttemptsByReason),
    timingTable(figures),
    {
      type: 'paragraph',
      textVi: 'Thời gian xác thực chỉ tính các lần đọc thẻ (cho vào thi bằng chip hoặc không cho vào thi sau khi đọc thẻ); các lần cho vào thi theo quyết định của CBCT không đọc thẻ nên không được tính.',
      textEn: 'Check-in times count only the check-ins that read a card (admitted by chip, or refused after a read); proctor overrides read no card and are left out.',
    },
    {
      type: 'bar-chart',
      titleVi: 'Phân bố thời gian xác thực có đọc thẻ của mỗi thí sinh',
      titleEn: 'Check-in time per candidate, card reads only',
      axisLabelVi: 'Giây',
      axisLabelEn: 'Seconds',
      valueLabelVi: 'Số thí sinh',
      valueLabelEn: 'Candidates',
      bars: figures.checkIn.timeBands.map((band) => ({ label: band.toS === null ? `≥${band.fromS}` : `${band.fromS}–${band.toS}`, value: band.count })),
    },
    registryTable(figures),
    holdTable(figures),
    reasonTable('Sự cố theo loại', 'Incidents by kind', figures.incidents.byKind),
    feedbackTable('candidate', figures.feedback.candidate),
    feedbackTable('proctor', figures.feedback.proctor),
    ...commentBlocks(figures),
  ];

  return {
    headingVi: `${entry.round.name}: ${scopeVi}`,
    headingEn: `Pilot round ${entry.round.number}: ${scopeEn}`,
    sheetName: `Dot ${entry.round.number}`,
    blocks,
  };
}

const FIGURE_COLUMNS: TableBlock['columns'] = [
  { key: 'labelVi', headerVi: 'Chỉ tiêu', headerEn: 'Figure', kind: 'text', width: 3 },
  { key: 'labelEn', headerVi: 'Tiếng Anh', headerEn: 'In English', kind: 'text', width: 2.5 },
  { key: 'value', headerVi: 'Giá trị', headerEn: 'Value', kind: 'number', width: 1.2 },
];

function overviewTable(figures: EvaluationFigures): TableBlock {
  const rows: [string, string, number | null][] = [
    ['Thí sinh đăng ký', 'Candidates registered', figures.registration.registered],
    ['Có CCCD gắn chip', 'With a chipped card', figures.registration.withChippedCard],
    ['Chưa có CCCD gắn chip', 'Without a chipped card', figures.registration.withoutChippedCard],
    ['Thí sinh đến xác thực', 'Candidates who came to check-in', figures.checkIn.candidatesSeen],
    ['Số lần xác thực', 'Check-in attempts', figures.checkIn.attempts],
    ['Xác thực bằng chip', 'Checked in by chip', figures.checkIn.byChip],
    ['Cho vào thi theo quyết định của CBCT', 'Admitted by proctor override', figures.checkIn.byOverride],
    ['Không cho vào thi', 'Refused', figures.checkIn.refused],
    ['Vắng mặt', 'Absent', figures.checkIn.absent],
    ['Bài thi bắt đầu', 'Exams started', figures.exams.started],
    ['Bài thi nộp', 'Exams submitted', figures.exams.submitted],
    ['Bài thi tự động kết thúc khi hết giờ', 'Exams auto-finalised at the deadline', figures.exams.autoFinalised],
    ['Bài thi chưa kết thúc', 'Exams still open', figures.exams.inProgress],
    ['Câu trả lời gửi lại sau mất mạng', 'Answers resent after a network loss', figures.exams.answersResent],
    ['Bài thi có câu trả lời gửi lại', 'Exams with resent answers', figures.exams.attemptsWithResends],
    ['Sự cố', 'Incidents', figures.incidents.total],
  ];

  return {
    type: 'table',
    titleVi: 'Tổng hợp',
    titleEn: 'Overview',
    columns: FIGURE_COLUMNS.map((column) => (column.key === 'value' ? { ...column, kind: 'integer' } : column)),
    rows: rows.map(([labelVi, labelEn, value]) => ({ labelVi, labelEn, value })),
  };
}

function perUnitTable(entry: RoundEvaluation): TableBlock {
  return {
    type: 'table',
    titleVi: 'Theo đơn vị',
    titleEn: 'Per unit',
    columns: [
      { key: 'unit', headerVi: 'Đơn vị', headerEn: 'Unit', kind: 'text', width: 3 },
      { key: 'registered', headerVi: 'Đăng ký', headerEn: 'Registered', kind: 'integer' },
      { key: 'withoutChip', headerVi: 'Chưa có chip', headerEn: 'No chip', kind: 'integer' },
      { key: 'byChip', headerVi: 'Chip', headerEn: 'Chip', kind: 'integer' },
      { key: 'override', headerVi: 'CBCT', headerEn: 'Override', kind: 'integer' },
      { key: 'refused', headerVi: 'Từ chối', headerEn: 'Refused', kind: 'integer' },
      { key: 'medianS', headerVi: 'Trung vị xác thực có đọc thẻ (giây)', headerEn: 'Card-read check-in median (s)', kind: 'decimal' },
      { key: 'outages', headerVi: 'Mất kết nối CSDL', headerEn: 'Registry outages', kind: 'integer' },
      { key: 'outageMinutes', headerVi: 'Phút mất kết nối', headerEn: 'Outage minutes', kind: 'decimal' },
      { key: 'incidents', headerVi: 'Sự cố', headerEn: 'Incidents', kind: 'integer' },
    ],
    rows: entry.units.map(({ unit, figures }) => ({
      unit: unit.name,
      registered: figures.registration.registered,
      withoutChip: figures.registration.withoutChippedCard,
      byChip: figures.checkIn.byChip,
      override: figures.checkIn.byOverride,
      refused: figures.checkIn.refused,
      medianS: toSeconds(figures.checkIn.timePerCandidateMs.median),
      outages: figures.registry.outages,
      outageMinutes: figures.registry.outageMinutes,
      incidents: figures.incidents.total,
    })),
  };
}

function reasonTable(titleVi: string, titleEn: string, counts: Record<string, number>): TableBlock {
  const rows = Object.entries(counts)
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([code, count]) => ({ reasonVi: labelOf(code).vi, reasonEn: labelOf(code).en, code, count }));

  return {
    type: 'table',
    titleVi,
    titleEn,
    columns: [
      { key: 'reasonVi', headerVi: 'Nội dung', headerEn: 'Item', kind: 'text', width: 3 },
      { key: 'reasonEn', headerVi: 'Tiếng Anh', headerEn: 'In English', kind: 'text', width: 2.5 },
      { key: 'code', headerVi: 'Mã', headerEn: 'Code', kind: 'text', width: 1.5 },
      { key: 'count', headerVi: 'Số lượng', headerEn: 'Count', kind: 'integer' },
    ],
    rows,
    totals: { reasonVi: 'Cộng', reasonEn: 'Total', code: null, count: rows.reduce((sum, row) => sum + row.count, 0) },
  };
}

function timingTable(figures: EvaluationFigures): TableBlock {
  const row = (labelVi: string, labelEn: string, summary: Summary): TableRow => ({
    labelVi,
    labelEn,
    count: summary.count,
    medianS: toSeconds(summary.median),
    p95S: toSeconds(summary.p95),
    maxS: toSeconds(summary.max),
  });

  return {
    type: 'table',
    titleVi: 'Thời gian xác thực có đọc thẻ (không tính cho vào thi theo quyết định của CBCT)',
    titleEn: 'Check-in time with a card read (overrides excluded)',
    columns: [
      { key: 'labelVi', headerVi: 'Nội dung', headerEn: 'Item', kind: 'text', width: 2.6 },
      { key: 'labelEn', headerVi: 'Tiếng Anh', headerEn: 'In English', kind: 'text', width: 2.2 },
      { key: 'count', headerVi: 'Số lượt', headerEn: 'Count', kind: 'integer' },
      { key: 'medianS', headerVi: 'Trung vị (giây)', headerEn: 'Median (s)', kind: 'decimal' },
      { key: 'p95S', headerVi: 'P95 (giây)', headerEn: 'P95 (s)', kind: 'decimal' },
      { key: 'maxS', headerVi: 'Lâu nhất (giây)', headerEn: 'Slowest (s)', kind: 'decimal' },
    ],
    rows: [
      row('Mỗi thí sinh (tổng các lần đọc thẻ)', 'Per candidate (all card reads)', figures.checkIn.timePerCandidateMs),
      ...Object.entries(figures.checkIn.stepTimesMs).map(([step, summary]) => row(labelOf(step).vi, labelOf(step).en, summary)),
    ],
  };
}

function registryTable(figures: EvaluationFigures): TableBlock {
  const outcomeRows = Object.entries(figures.registry.byOutcome).map(([code, count]) => ({
    labelVi: `Kết quả: ${labelOf(code).vi}`,
    labelEn: `Outcome: ${labelOf(code).en}`,
    value: count,
  }));

  return {
    type: 'table',
    titleVi: 'Xác thực với CSDL quốc gia về dân cư',
    titleEn: 'National population database checks',
    columns: FIGURE_COLUMNS,
    rows: [
      { labelVi: 'Số lượt gửi', labelEn: 'Checks sent', value: figures.registry.checks },
      ...outcomeRows,
      { labelVi: 'Lượt tính phí', labelEn: 'Billable checks', value: figures.registry.billableChecks },
      { labelVi: 'Số lần mất kết nối', labelEn: 'Outages', value: figures.registry.outages },
      { labelVi: 'Tổng thời gian mất kết nối (phút)', labelEn: 'Outage time (minutes)', value: figures.registry.outageMinutes },
      { labelVi: 'Đang mất kết nối khi lập báo cáo', labelEn: 'Outages still open at the time of the report', value: figures.registry.ongoingOutages },
    ],
  };
}

/**
 * Attempts held after a late registry result and the proctors' decisions. The check-in rows
 * count these candidates by their check-in, so a re-admission shows only here.
 */
function holdTable(figures: EvaluationFigures): TableBlock {
  const reasonRows = Object.entries(figures.holds.byReason)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, count]) => ({ labelVi: `Lý do: ${labelOf(code).vi}`, labelEn: `Reason: ${labelOf(code).en}`, value: count }));

  return {
    type: 'table',
    titleVi: 'Bài thi bị tạm giữ do kết quả CSDL dân cư đến muộn',
    titleEn: 'Attempts held after a late registry result',
    columns: FIGURE_COLUMNS,
    rows: [
      { labelVi: 'Số bài thi bị tạm giữ', labelEn: 'Attempts held', value: figures.holds.held },
      { labelVi: 'Cho vào thi lại theo quyết định của CBCT', labelEn: 'Re-admitted by proctor override', value: figures.holds.readmitted },
      { labelVi: 'CBCT giữ khóa', labelEn: 'Kept locked by the proctor', value: figures.holds.keptLocked },
      { labelVi: 'Chưa có quyết định khi lập báo cáo', labelEn: 'No decision at the time of the report', value: figures.holds.undecided },
      ...reasonRows,
    ],
  };
}

function feedbackTable(respondent: Respondent, feedback: FeedbackFigures): TableBlock {
  const questionnaire = QUESTIONNAIRES[respondent];
  const rows = feedback.likert.map((item) => {
    const question = questionnaire.questions.find((entry) => entry.id === item.questionId);
    return {
      question: question === undefined ? item.questionId : `${question.textVi} / ${question.textEn}`,
      answered: item.answered,
      mean: item.mean,
      agree: item.answered === 0 ? null : ((item.counts[3] ?? 0) + (item.counts[4] ?? 0)) / item.answered,
    };
  });

  return {
    type: 'table',
    titleVi: `${questionnaire.titleVi} (${feedback.responses} phiếu)`,
    titleEn: `${questionnaire.titleEn} (${feedback.responses} responses)`,
    columns: [
      { key: 'question', headerVi: 'Nội dung', headerEn: 'Statement', kind: 'text', width: 5 },
      { key: 'answered', headerVi: 'Số trả lời', headerEn: 'Answers', kind: 'integer' },
      { key: 'mean', headerVi: 'Điểm TB (1–5)', headerEn: 'Mean (1–5)', kind: 'decimal' },
      { key: 'agree', headerVi: 'Đồng ý trở lên', headerEn: 'Agree or better', kind: 'percent' },
    ],
    rows,
  };
}

function commentBlocks(figures: EvaluationFigures): ReportSection['blocks'] {
  const comments = [
    ...figures.feedback.candidate.comments.map((text) => ({ from: 'Thí sinh / Candidate', text })),
    ...figures.feedback.proctor.comments.map((text) => ({ from: 'CBCT / Proctor', text })),
  ];
  if (comments.length === 0) {
    return [];
  }

  return [{
    type: 'table',
    titleVi: 'Góp ý',
    titleEn: 'Comments',
    columns: [
      { key: 'from', headerVi: 'Người góp ý', headerEn: 'From', kind: 'text', width: 1.2 },
      { key: 'text', headerVi: 'Nội dung', headerEn: 'Comment', kind: 'text', width: 5 },
    ],
    rows: comments,
  }];
}

function comparisonSection(report: EvaluationReport, roundNumbers: number[]): ReportSection {
  return {
    headingVi: 'So sánh giữa các đợt',
    headingEn: 'Comparison between rounds',
    sheetName: 'So sanh',
    blocks: [{
      type: 'table',
      columns: [
        { key: 'labelVi', headerVi: 'Chỉ tiêu', headerEn: 'Figure', kind: 'text', width: 3 },
        { key: 'labelEn', headerVi: 'Tiếng Anh', headerEn: 'In English', kind: 'text', width: 2.5 },
        ...roundNumbers.map((number) => ({ key: `round${number}`, headerVi: `Đợt ${number}`, headerEn: `Round ${number}`, kind: 'number' as const })),
      ],
      // Shares print as percentages because every row of a column has the same number kind.
      rows: report.comparison.map((row) => {
        const scale = row.kind === 'percent' ? 100 : 1;
        const suffix = row.kind === 'percent' ? ' (%)' : '';
        return {
          labelVi: row.labelVi + suffix,
          labelEn: row.labelEn + suffix,
          ...Object.fromEntries(roundNumbers.map((number) => {
            const value = row.values[number] ?? null;
            return [`round${number}`, value === null ? null : value * scale];
          })),
        };
      }),
    }],
  };
}

function toSeconds(milliseconds: number | null): number | null {
  return milliseconds === null ? null : milliseconds / 1000;
}
