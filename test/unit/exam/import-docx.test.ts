import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Document, Math as WordMath, MathFraction, MathRadical, MathRun, MathSuperScript, Packer, Paragraph, Table, TableCell, TableRow, TextRun, UnderlineType } from 'docx';

import { gradeResponse } from '../../../src/exam/grading.js';
import { importDocx } from '../../../src/exam/import/docx/import-docx.js';
import type { Question } from '../../../src/exam/question.js';
import { buildSampleQuestionsDocx } from '../../../scripts/sample-questions-docx.js';

type Run = string | { text: string; bold?: boolean; underline?: boolean; red?: boolean } | WordMath;

function toRun(run: Run): TextRun | WordMath {
  if (typeof run === 'string') {
    return new TextRun(run);
  }

  if (run instanceof WordMath) {
    return run;
  }

  return new TextRun({ text: run.text, ...(run.bold === true ? { bold: true } : {}), ...(run.underline === true ? { underline: { type: UnderlineType.SINGLE } } : {}), ...(run.red === true ? { color: 'FF0000' } : {}) });
}

/** Builds a .docx whose paragraphs are the given runs; a string[][] item becomes a table. */
async function makeDocx(blocks: (Run[] | string[][])[]): Promise<Buffer> {
  const children = blocks.map((block) => {
    if (Array.isArray(block[0])) {
      return new Table({ rows: (block as string[][]).map((row) => new TableRow({ children: row.map((value) => new TableCell({ children: [new Paragraph(value)] })) })) });
    }

    return new Paragraph({ children: (block as Run[]).map(toRun) });
  });

  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function rightOptionText(question: Question): string {
  assert.equal(question.kind, 'single');
  return question.options.find((option) => option.id === question.correctOptionId)?.text ?? '';
}

describe('docx import', () => {
  it('reads underlined, bold and red right options', async () => {
    const bytes = await makeDocx([
      ['Câu 1: Số nào là số nguyên tố?'],
      ['A. 4'], [{ text: 'B. 5', underline: true }], ['C. 6'], ['D. 8'],
      ['Câu 2. Thủ đô của Pháp?'],
      ['A. Paris', '   ', 'B. Lyon', '   ', 'C. Nice', '   ', { text: 'D. Lille', bold: false }],
      ['Đáp án: A'],
      ['Câu 3: 2 + 2 = ?'],
      ['A. 3   B. ', { text: '4', red: true }, '   C. 5   D. 6'],
    ]);
    const result = await importDocx(bytes);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.questions.map((entry) => rightOptionText(entry.question)), ['5', 'Paris', '4']);
  });

  it('ignores marks that every option has', async () => {
    const bytes = await makeDocx([
      ['Câu 1: Chọn đáp án đúng.'],
      [{ text: 'A.', bold: true }, ' một'], [{ text: 'B.', bold: true }, ' hai'], [{ text: 'C.', bold: true }, ' ', { text: 'ba', underline: true }], [{ text: 'D.', bold: true }, ' bốn'],
    ]);
    const result = await importDocx(bytes);
    assert.deepEqual(result.errors, []);
    assert.equal(rightOptionText(result.questions[0]!.question), 'ba');
  });

  it('reads an answer key line and a key table', async () => {
    const bytes = await makeDocx([
      ['Câu 1: Một?'], ['A. x'], ['B. y'], ['C. z'], ['D. t'],
      ['Câu 2: Hai?'], ['A. x'], ['B. y'], ['C. z'], ['D. t'],
      ['Câu 3: Ba?'], ['A. x'], ['B. y'], ['C. z'], ['D. t'],
      ['BẢNG ĐÁP ÁN'],
      ['1-C  2.D'],
      [['Câu', '3'], ['Đáp án', 'B']],
    ]);
    const result = await importDocx(bytes);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.questions.map((entry) => rightOptionText(entry.question)), ['z', 't', 'y']);
  });

  it('maps Phần I, II and III to the 2025 kinds', async () => {
    const bytes = await makeDocx([
      ['PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn'],
      ['Câu 1: Chọn.'], ['A. a'], [{ text: 'B. b', underline: true }], ['C. c'], ['D. d'],
      ['PHẦN II. Câu trắc nghiệm đúng sai'],
      ['Câu 1: Xét các mệnh đề.'], [{ text: 'a) Một.', underline: true }], ['b) Hai.'], [{ text: 'c) Ba.', underline: true }], ['d) Bốn.'],
      ['PHẦN III. Câu trắc nghiệm trả lời ngắn'],
      ['Câu 1: Tính 1,5 + 2.'], ['Đáp án: 3,5'],
    ]);
    const result = await importDocx(bytes);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.questions.map((entry) => [entry.number, entry.question.kind, entry.question.points]), [['I.1', 'single', 0.25], ['II.1', 'true-false-4', 1], ['III.1', 'short', 0.25]]);
    const item = result.questions[1]!.question;
    assert.equal(item.kind, 'true-false-4');
    assert.deepEqual(item.statements.map((statement) => statement.correct), [true, false, true, false]);
    assert.equal(gradeResponse(result.questions[2]!.question, { kind: 'short', text: '3.5' }).score, 0.25);
  });

  it('converts Word equations to LaTeX', async () => {
    const formula = new WordMath({ children: [new MathFraction({ numerator: [new MathRun('1')], denominator: [new MathSuperScript({ children: [new MathRun('x')], superScript: [new MathRun('2')] })] }), new MathRun('+'), new MathRadical({ children: [new MathRun('2')] }), new MathRun('≤π')] });
    const bytes = await makeDocx([['Câu 1: Tính ', formula], ['A. 1'], [{ text: 'B. 2', underline: true }]]);
    const result = await importDocx(bytes);
    assert.deepEqual(result.errors, []);
    assert.equal(result.questions[0]!.question.stem, 'Tính $\\frac{1}{{x}^{2}}+\\sqrt{2}\\le \\pi$');
  });

  it('names the question and the problem on errors', async () => {
    const bytes = await makeDocx([
      ['PHẦN I'],
      ['Câu 1: Thiếu đáp án.'], ['A. a'], ['B. b'], ['C. c'], ['D. d'],
      ['Câu 2: Ba phương án.'], ['A. a'], [{ text: 'B. b', underline: true }], ['C. c'],
      ['Câu 3: Hai đáp án.'], [{ text: 'A. a', underline: true }], [{ text: 'B. b', underline: true }], ['C. c'], ['D. d'],
      ['Câu 3: Trùng số.'], [{ text: 'A. a', underline: true }], ['B. b'], ['C. c'], ['D. d'],
      ['Câu 4: Khác khoá.'], [{ text: 'A. a', underline: true }], ['B. b'], ['C. c'], ['D. d'], ['Đáp án: B'],
    ]);
    const result = await importDocx(bytes);
    const byQuestion = new Map(result.errors.map((issue) => [issue.question, issue.message]));
    assert.match(byQuestion.get('I.1') ?? '', /no right option/);
    assert.match(byQuestion.get('I.2') ?? '', /found 3 options/);
    assert.match(byQuestion.get('I.3') ?? '', /appears twice|2 options are marked/);
    assert.match(byQuestion.get('I.4') ?? '', /differs from the answer key B/);
  });

  it('reports options that come before any question', async () => {
    const result = await importDocx(await makeDocx([['Chuyển tích phân sau'], ['A. 1'], ['B. 2']]));
    assert.match(result.errors[0]?.message ?? '', /before any question/);
  });

  it('rejects a file that is not a Word document', async () => {
    const result = await importDocx(Buffer.from('not a zip'));
    assert.equal(result.errors[0]?.question, null);
    assert.equal(result.errors[0]?.message, 'The file cannot be read as a Word document (.docx): the file is not a Word document (.docx). Open it in Word, save it as .docx and import it again.');
    assert.equal(result.errors[0]?.messageVi, 'Không đọc được tệp như tài liệu Word (.docx): tệp không phải tài liệu Word (.docx). Hãy mở tệp bằng Word, lưu lại dưới dạng .docx rồi nhập lại.');
  });

  it('words a cut-short docx without library text', async () => {
    const whole = await buildSampleQuestionsDocx();
    const result = await importDocx(whole.subarray(0, Math.floor(whole.length / 2)));
    const issue = result.errors[0];

    assert.equal(result.errors.length, 1);
    assert.match(issue?.message ?? '', /damaged or cut short\. Open it in Word/);
    assert.match(issue?.messageVi ?? '', /tệp nén bị hỏng hoặc bị cắt cụt\. Hãy mở tệp bằng Word/);
    assert.doesNotMatch(JSON.stringify(issue), /https?:|central directory|Can't find/i);
  });

  it('names a Word 97-2003 file', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const result = await importDocx(ole);

    assert.match(result.errors[0]?.messageVi ?? '', /đây là tệp Word 97-2003 \(\.doc\) kiểu cũ/);
    assert.match(result.errors[0]?.message ?? '', /older Word 97-2003 \(\.doc\) file/);
  });

  it('imports the committed sample cleanly', async () => {
    const result = await importDocx(await buildSampleQuestionsDocx());
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.questions.map((entry) => entry.number), ['I.1', 'I.2', 'I.3', 'I.4', 'II.1', 'II.2', 'III.1', 'III.2']);
    assert.deepEqual(result.questions.slice(0, 4).map((entry) => rightOptionText(entry.question)), ['{−2; 2}.', '3,5.', '5.', '11.']);
    assert.equal(result.questions[2]!.question.images?.length, 1);
    assert.equal(result.questions[2]!.question.images?.[0]?.mediaType, 'image/png');
    const item = result.questions[4]!.question;
    assert.equal(item.kind, 'true-false-4');
    assert.deepEqual(item.statements.map((statement) => statement.correct), [true, false, true, false]);
  });
});
