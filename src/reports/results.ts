import { groupBy } from './group-by.js';
import type { ReportDocument, ReportHeader, ReportSection, TableBlock } from './document.js';
import { computeItemStatistics, type CandidateResponses, type ItemFlag, type ItemKey, type ItemStatistics } from './statistics/item-statistics.js';
import { buildScoreDistribution, type ScoreDistribution } from './statistics/score-distribution.js';
import { summarise, type Summary } from './statistics/summary.js';

/** One candidate's result in an exam event. */
export interface CandidateResult {
  candidateId: string;
  unitId: string;
  unitName: string;
  className: string | null;
  /** Candidate number (SBD), kept as text. */
  candidateNumber: string;
  fullName: string;
  idNumber: string | null;
  /** The score on the exam's scale, or null when the candidate has no graded attempt. */
  score: number | null;
}

export interface ResultsInput {
  examTitle: string;
  /** The highest score of the exam's scale; 10 for the Vietnamese scale. */
  maxScore: number;
  passMark?: number;
  candidates: CandidateResult[];
  /** Graded responses per item, for item statistics; absent when the data has none. */
  items?: { keys: ItemKey[]; responses: CandidateResponses[]; labels?: Record<string, string> };
}

export interface GroupResult {
  name: string;
  summary: Summary;
  graded: number;
  absent: number;
}

export interface ResultsReport {
  distribution: ScoreDistribution;
  perUnit: GroupResult[];
  perClass: (GroupResult & { unitName: string })[];
  items: ItemStatistics[];
}

/** Computes the score distribution, per-unit and per-class summaries and item statistics. */
export function computeResults(input: ResultsInput): ResultsReport {
  const graded = input.candidates.filter((candidate) => candidate.score !== null);
  const distribution = buildScoreDistribution(graded.map((candidate) => candidate.score as number), {
    maxScore: input.maxScore,
    ...(input.passMark === undefined ? {} : { passMark: input.passMark }),
  });

  const perUnit = groupResults(input.candidates, (candidate) => candidate.unitName);
  const perClass = groupResults(input.candidates, (candidate) => `${candidate.unitName}\u0000${candidate.className ?? ''}`).map((group) => {
    const [unitName = '', className = ''] = group.name.split('\u0000');
    return { ...group, name: className, unitName };
  });

  const items = input.items === undefined ? [] : computeItemStatistics(input.items.responses, input.items.keys);

  return { distribution, perUnit, perClass, items };
}

function groupResults(candidates: CandidateResult[], keyOf: (candidate: CandidateResult) => string): GroupResult[] {
  const groups = groupBy(candidates, keyOf);
  const collator = new Intl.Collator('vi');
  return [...groups]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([name, list]) => {
      const scores = list.filter((candidate) => candidate.score !== null).map((candidate) => candidate.score as number);
      return { name, summary: summarise(scores), graded: scores.length, absent: list.length - scores.length };
    });
}

/** Builds the results document: scores per candidate, class and unit, the distribution chart and item statistics. */
export function buildResultsDocument(input: ResultsInput, header: Omit<ReportHeader, 'titleVi' | 'titleEn'>): ReportDocument {
  const report = computeResults(input);
  const collator = new Intl.Collator('vi');
  const candidates = [...input.candidates].sort((a, b) =>
    collator.compare(a.unitName, b.unitName) || collator.compare(a.className ?? '', b.className ?? '') || a.candidateNumber.localeCompare(b.candidateNumber));

  const sections: ReportSection[] = [
    {
      headingVi: 'Phổ điểm và tổng hợp',
      headingEn: 'Score distribution and summary',
      sheetName: 'Tong hop',
      blocks: [
        {
          type: 'bar-chart',
          titleVi: 'Phổ điểm',
          titleEn: 'Score distribution',
          axisLabelVi: 'Khoảng điểm',
          axisLabelEn: 'Score band',
          valueLabelVi: 'Số thí sinh',
          valueLabelEn: 'Candidates',
          bars: report.distribution.bins.map((bin) => ({ label: `${formatEdge(bin.from)}–${formatEdge(bin.to)}`, value: bin.count })),
        },
        groupTable('Theo đơn vị', 'Per unit', report.perUnit.map((group) => ({ ...group, unitName: group.name, name: '' })), false),
        groupTable('Theo lớp', 'Per class', report.perClass, true),
      ],
    },
    {
      headingVi: 'Điểm theo thí sinh',
      headingEn: 'Scores per candidate',
      sheetName: 'Thi sinh',
      blocks: [{
        type: 'table',
        columns: [
          { key: 'candidateNumber', headerVi: 'SBD', headerEn: 'Candidate no.', kind: 'id', width: 1 },
          { key: 'fullName', headerVi: 'Họ và tên', headerEn: 'Full name', kind: 'text', width: 2.4 },
          { key: 'idNumber', headerVi: 'Số CCCD', headerEn: 'ID number', kind: 'id', width: 1.4 },
          { key: 'unitName', headerVi: 'Đơn vị', headerEn: 'Unit', kind: 'text', width: 2 },
          { key: 'className', headerVi: 'Lớp', headerEn: 'Class', kind: 'text', width: 0.9 },
          { key: 'score', headerVi: 'Điểm', headerEn: 'Score', kind: 'decimal', width: 0.8 },
        ],
        rows: candidates.map((candidate) => ({
          candidateNumber: candidate.candidateNumber,
          fullName: candidate.fullName,
          idNumber: candidate.idNumber,
          unitName: candidate.unitName,
          className: candidate.className,
          score: candidate.score,
        })),
      }],
    },
  ];

  if (report.items.length > 0) {
    sections.push(itemSection(report.items, input.items?.labels ?? {}));
  }

  return {
    header: { ...header, titleVi: 'Kết quả thi', titleEn: 'Exam results', subtitleVi: input.examTitle },
    sections,
  };
}

function groupTable(titleVi: string, titleEn: string, groups: (GroupResult & { unitName: string })[], withClass: boolean): TableBlock {
  return {
    type: 'table',
    titleVi,
    titleEn,
    columns: [
      { key: 'unitName', headerVi: 'Đơn vị', headerEn: 'Unit', kind: 'text', width: 2.4 },
      ...(withClass ? [{ key: 'name', headerVi: 'Lớp', headerEn: 'Class', kind: 'text' as const }] : []),
      { key: 'graded', headerVi: 'Có điểm', headerEn: 'Graded', kind: 'integer' },
      { key: 'absent', headerVi: 'Không có bài', headerEn: 'No attempt', kind: 'integer' },
      { key: 'mean', headerVi: 'Điểm TB', headerEn: 'Mean', kind: 'decimal' },
      { key: 'median', headerVi: 'Trung vị', headerEn: 'Median', kind: 'decimal' },
      { key: 'min', headerVi: 'Thấp nhất', headerEn: 'Min', kind: 'decimal' },
      { key: 'max', headerVi: 'Cao nhất', headerEn: 'Max', kind: 'decimal' },
    ],
    rows: groups.map((group) => ({
      unitName: group.unitName,
      name: group.name,
      graded: group.graded,
      absent: group.absent,
      mean: group.summary.mean,
      median: group.summary.median,
      min: group.summary.min,
      max: group.summary.max,
    })),
  };
}

const FLAG_LABELS: Record<ItemFlag, string> = {
  negative_discrimination: 'Phân biệt âm / Negative discrimination',
  low_discrimination: 'Phân biệt thấp / Low discrimination',
  distractor_beats_key: 'Phương án nhiễu được chọn nhiều hơn đáp án / Distractor beats key',
  very_hard: 'Quá khó / Very hard',
  very_easy: 'Quá dễ / Very easy',
  no_variance: 'Mọi thí sinh cùng điểm / No variance',
};

function itemSection(items: ItemStatistics[], labels: Record<string, string>): ReportSection {
  return {
    headingVi: 'Thống kê câu hỏi',
    headingEn: 'Item statistics',
    sheetName: 'Cau hoi',
    blocks: [
      {
        type: 'paragraph',
        textVi: 'Độ khó p: tỷ lệ điểm đạt được (càng cao càng dễ). Hệ số r: tương quan điểm câu với tổng điểm các câu còn lại. D: chênh lệch giữa nhóm 27% cao nhất và 27% thấp nhất.',
        textEn: 'Difficulty p: share of points earned (higher is easier). r: correlation of the item score with the rest score. D: upper 27% minus lower 27%.',
      },
      {
        type: 'table',
        columns: [
          { key: 'item', headerVi: 'Câu', headerEn: 'Item', kind: 'text', width: 1.2 },
          { key: 'responses', headerVi: 'Số bài', headerEn: 'Responses', kind: 'integer', width: 0.8 },
          { key: 'difficulty', headerVi: 'Độ khó p', headerEn: 'Difficulty p', kind: 'decimal', width: 0.8 },
          { key: 'pointBiserial', headerVi: 'Hệ số r', headerEn: 'Point-biserial r', kind: 'decimal', width: 0.8 },
          { key: 'upperLower', headerVi: 'Chỉ số D', headerEn: 'Index D', kind: 'decimal', width: 0.8 },
          { key: 'options', headerVi: 'Số lượt chọn (* đáp án)', headerEn: 'Choices (* key)', kind: 'text', width: 1.8 },
          { key: 'flags', headerVi: 'Cảnh báo', headerEn: 'Flags', kind: 'text', width: 2.6 },
        ],
        rows: items.map((item) => ({
          item: labels[item.itemId] ?? item.itemId,
          responses: item.responses,
          difficulty: item.difficulty,
          pointBiserial: item.pointBiserial,
          upperLower: item.upperLowerIndex,
          options: item.options.map((option) => `${option.isKey ? '*' : ''}${labels[option.optionId] ?? option.optionId}: ${option.all}`).join(', '),
          flags: item.flags.map((flag) => FLAG_LABELS[flag]).join('; '),
        })),
      },
    ],
  };
}

function formatEdge(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace('.', ',');
}
