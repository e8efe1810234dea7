import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import ExcelJS from 'exceljs';

import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { buildEvaluationDocument } from '../../../src/reports/evaluation-document.js';
import { buildNoChipDocument, type NoChipCandidate } from '../../../src/reports/no-chip.js';
import { renderPdf } from '../../../src/reports/render/pdf.js';
import { renderXlsx } from '../../../src/reports/render/xlsx.js';
import { buildResultsDocument, computeResults, type ResultsInput } from '../../../src/reports/results.js';
import { generateExamDay, type UnitDaySpec } from './exam-day.js';
import { extractPdfText } from './extract-pdf-text.js';

const HEADER = { organisation: 'Sở Giáo dục và Đào tạo tỉnh Thử Nghiệm', place: 'Thành phố Thử', issuedAt: new Date('2026-03-10T02:00:00Z') };

const UNITS = [
  { id: 'uA', code: 'A', name: 'Trung tâm GDTX-NNTH Hòa Bình' },
  { id: 'uB', code: 'B', name: 'Trường THPT Lê Quý Đôn' },
];

function roundSpec(round: number, unitId: string, byChip: number) {
  return {
    round,
    unitId,
    registered: byChip + 2,
    withoutChippedCard: 1,
    byChip,
    retriedBeforeChip: 1,
    overrides: { no_card: 1 },
    refusals: {},
    checkInTotalsMs: Array.from({ length: byChip + 1 }, (_, index) => 5_000 + 500 * index),
    paceMs: Array.from({ length: byChip }, () => 900),
    registry: { match: byChip, mismatch: 0, notFound: 0, pending: 0, error: 0, repeatedTaps: 1 },
    outageMinutes: [],
    incidents: { network_loss: 1 },
    exams: { submitted: byChip, autoFinalised: 1, inProgress: 0 },
    answersResent: [2],
    candidateFeedback: [{ 'candidate.checkin_quick': 5, 'candidate.comment': 'Quẹt thẻ rất nhanh, không phải xếp hàng.' }],
    proctorFeedback: [{ 'proctor.station_easy': 4 }],
    holds: round === 1 && unitId === 'uA' ? HOLDS : [],
  };
}

const HOLDS: UnitDaySpec['holds'] = [
  { reason: 'registry_mismatch', decision: 'readmitted' },
  { reason: 'registry_mismatch', decision: 'readmitted' },
  { reason: 'registry_not_found', decision: 'kept_locked' },
];

const NO_CHIP: NoChipCandidate[] = [
  { unitId: 'uA', unitName: 'Trung tâm GDTX-NNTH Hòa Bình', className: '10A2', fullName: 'Đặng Văn Ước', birthDate: '2009-05-07', idNumber: null, legacyIdNumber: '012345678', chipStatus: 'legacy_id' },
  { unitId: 'uA', unitName: 'Trung tâm GDTX-NNTH Hòa Bình', className: '10A1', fullName: 'Bùi Thị Yến', birthDate: '2009-11-30', idNumber: '001309000045', legacyIdNumber: null, chipStatus: 'pre_2021_card' },
  { unitId: 'uA', unitName: 'Trung tâm GDTX-NNTH Hòa Bình', className: '10A1', fullName: 'Âu Minh Khôi', birthDate: '2009-01-02', idNumber: null, legacyIdNumber: null, chipStatus: 'no_card' },
  { unitId: 'uB', unitName: 'Trường THPT Lê Quý Đôn', className: null, fullName: 'Hồ Ngọc Ánh', birthDate: '2008-02-29', idNumber: '079208000001', legacyIdNumber: null, chipStatus: 'pre_2021_card' },
];

function results(): ResultsInput {
  return {
    examTitle: 'Kiểm tra giữa kỳ môn Tin học',
    maxScore: 10,
    passMark: 5,
    candidates: [
      { candidateId: 'c1', unitId: 'uA', unitName: UNITS[0]!.name, className: '10A1', candidateNumber: '000123', fullName: 'Nguyễn Thị Ánh Tuyết', idNumber: '001204012345', score: 8.25 },
      { candidateId: 'c2', unitId: 'uA', unitName: UNITS[0]!.name, className: '10A1', candidateNumber: '000124', fullName: 'Trần Quốc Việt', idNumber: '079305000127', score: 4.5 },
      { candidateId: 'c3', unitId: 'uA', unitName: UNITS[0]!.name, className: '10A2', candidateNumber: '000125', fullName: 'Lý Thị Hằng', idNumber: '038099004321', score: null },
      { candidateId: 'c4', unitId: 'uB', unitName: UNITS[1]!.name, className: '11B', candidateNumber: '000201', fullName: 'Vũ Đức Thắng', idNumber: '031207001122', score: 10 },
    ],
    items: {
      keys: [{ itemId: 'q1', optionIds: ['o1', 'o2'], keyOptionIds: ['o1'] }],
      responses: [
        { candidateId: 'c1', responses: [{ itemId: 'q1', score: 1, maxScore: 1, choices: ['o1'] }] },
        { candidateId: 'c2', responses: [{ itemId: 'q1', score: 0, maxScore: 1, choices: ['o2'] }] },
        { candidateId: 'c4', responses: [{ itemId: 'q1', score: 1, maxScore: 1, choices: ['o1'] }] },
      ],
      labels: { q1: 'Câu 1', o1: 'A', o2: 'B' },
    },
  };
}

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

describe('evaluation document', () => {
  const report = evaluatePilot(generateExamDay(UNITS, [roundSpec(1, 'uA', 8), roundSpec(1, 'uB', 5), roundSpec(2, 'uA', 9)]));

  it('prints figures, reasons and comparison in the PDF', async () => {
    const { text } = await extractPdfText(await renderPdf(buildEvaluationDocument(report, { header: HEADER })));

    assert.ok(text.includes('BÁO CÁO ĐÁNH GIÁ HIỆU QUẢ'), text.slice(0, 400));
    assert.ok(text.includes('Thành phố Thử, ngày 10 tháng 3 năm 2026'));
    assert.ok(text.includes('Trường THPT Lê Quý Đôn'));
    assert.ok(text.includes('Không đọc được chip'));
    assert.ok(text.includes('Quẹt thẻ rất nhanh, không phải xếp hàng.'));
    assert.ok(text.includes('So sánh giữa các đợt'));
    assert.ok(text.includes('Thiết lập kênh PACE'));
    assert.ok(text.includes('Bài thi bị tạm giữ do kết quả CSDL dân cư đến muộn'), 'hold table title');
    assert.ok(text.includes('Cho vào thi lại theo quyết định của CBCT'), 'hold re-admission row');
    assert.ok(text.includes('chỉ tính các lần đọc thẻ'), 'card-read timing note');
  });

  it('lists held attempts and decisions', () => {
    const document = buildEvaluationDocument(report, { header: HEADER, round: 1 });
    const table = document.sections[0]?.blocks.find((block) => block.type === 'table' && block.titleEn === 'Attempts held after a late registry result');
    assert.ok(table?.type === 'table');
    const value = (labelEn: string) => table.rows.find((row) => row['labelEn'] === labelEn)?.['value'];

    assert.equal(value('Attempts held'), 3);
    assert.equal(value('Re-admitted by proctor override'), 2);
    assert.equal(value('Kept locked by the proctor'), 1);
    assert.equal(value('No decision at the time of the report'), 0);
    assert.equal(value('Reason: Registry data differs from the chip'), 2);
  });

  it('limits to one round and one unit', () => {
    const document = buildEvaluationDocument(report, { header: HEADER, round: 1, unitId: 'uB' });

    assert.equal(document.sections.length, 1);
    assert.match(document.sections[0]?.headingVi ?? '', /Trường THPT Lê Quý Đôn/);
    const overview = document.sections[0]?.blocks[0];
    assert.ok(overview?.type === 'table');
    assert.equal(overview.rows.find((row) => row['labelEn'] === 'Candidates registered')?.['value'], 7);
  });

  it('writes one sheet per round and the comparison', async () => {
    const workbook = await loadWorkbook(await renderXlsx(buildEvaluationDocument(report, { header: HEADER })));

    assert.deepEqual(workbook.worksheets.map((sheet) => sheet.name), ['Dot 1', 'Dot 2', 'So sanh']);

    const readmitted: unknown[][] = [];
    workbook.getWorksheet('Dot 1')?.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values.includes('Re-admitted by proctor override')) readmitted.push(values);
    });
    assert.equal(readmitted.length, 1);
    assert.ok(readmitted[0]?.includes(2), JSON.stringify(readmitted));
  });
});

describe('no-chip list', () => {
  it('groups by unit and sorts by class and name', async () => {
    const document = buildNoChipDocument(NO_CHIP, HEADER);
    const table = document.sections[0]?.blocks[0];

    assert.equal(document.sections.length, 2);
    assert.ok(table?.type === 'table');
    assert.deepEqual(table.rows.map((row) => row['fullName']), ['Âu Minh Khôi', 'Bùi Thị Yến', 'Đặng Văn Ước']);
    assert.equal(table.rows[1]?.['birthDate'], '30/11/2009');
  });

  it('keeps leading zeros of ID numbers in xlsx', async () => {
    const workbook = await loadWorkbook(await renderXlsx(buildNoChipDocument(NO_CHIP, HEADER)));
    const values: unknown[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
      if (typeof cell.value === 'string' && /^0\d{8}(\d{3})?$/.test(cell.value)) {
        values.push(cell.value);
        assert.equal(cell.numFmt, '@');
      }
    })));

    assert.deepEqual(values.sort(), ['001309000045', '012345678', '079208000001']);
  });

  it('prints the list in the PDF', async () => {
    const { text } = await extractPdfText(await renderPdf(buildNoChipDocument(NO_CHIP, HEADER)));

    assert.ok(text.includes('DANH SÁCH THÍ SINH CHƯA CÓ CCCD GẮN CHIP'));
    assert.ok(text.includes('Đặng Văn Ước'));
    assert.ok(text.includes('Chỉ có CMND 9 số'));
    assert.ok(text.includes('012345678'));
  });
});

describe('results', () => {
  it('summarises per unit and class', () => {
    const report = computeResults(results());

    assert.equal(report.distribution.summary.count, 3);
    assert.equal(report.distribution.passed, 2);
    assert.deepEqual(report.perUnit.map((group) => [group.name, group.graded, group.absent, group.summary.mean]), [
      ['Trung tâm GDTX-NNTH Hòa Bình', 2, 1, 6.375],
      ['Trường THPT Lê Quý Đôn', 1, 0, 10],
    ]);
    assert.deepEqual(report.perClass.map((group) => [group.unitName, group.name, group.graded]), [
      ['Trung tâm GDTX-NNTH Hòa Bình', '10A1', 2],
      ['Trung tâm GDTX-NNTH Hòa Bình', '10A2', 0],
      ['Trường THPT Lê Quý Đôn', '11B', 1],
    ]);
    assert.equal(report.items[0]?.difficulty, 2 / 3);
  });

  it('renders candidate numbers and scores in xlsx', async () => {
    const workbook = await loadWorkbook(await renderXlsx(buildResultsDocument(results(), HEADER)));
    const sheet = workbook.getWorksheet('Thi sinh');
    assert.ok(sheet);

    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      if (typeof row.getCell(1).value === 'string' && /^0\d{5}$/.test(row.getCell(1).value as string)) {
        rows.push([row.getCell(1).value, row.getCell(3).value, row.getCell(6).value]);
      }
    });

    assert.deepEqual(rows, [
      ['000123', '001204012345', 8.25],
      ['000124', '079305000127', 4.5],
      ['000125', '038099004321', null],
      ['000201', '031207001122', 10],
    ]);
  });

  it('prints the distribution and item statistics in the PDF', async () => {
    const { text } = await extractPdfText(await renderPdf(buildResultsDocument(results(), HEADER)));

    assert.ok(text.includes('KẾT QUẢ THI'));
    assert.ok(text.includes('Kiểm tra giữa kỳ môn Tin học'));
    assert.ok(text.includes('Phổ điểm'));
    assert.ok(text.includes('Câu 1'));
    assert.ok(text.includes('*A: 2'));
    assert.ok(text.includes('Vũ Đức Thắng'));
  });
});
