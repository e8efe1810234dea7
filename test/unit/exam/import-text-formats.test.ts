import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isExamError } from '../../../src/exam/errors.js';
import { importAiken } from '../../../src/exam/import/aiken.js';
import { importExcelTemplate, writeExcelTemplate } from '../../../src/exam/import/excel-template.js';
import { importGift } from '../../../src/exam/import/gift.js';
import { assertImportClean } from '../../../src/exam/import/import-result.js';
import { importQuestionFile } from '../../../src/exam/import/import-file.js';
import { importMoodleXml } from '../../../src/exam/import/moodle-xml.js';
import { exportMoodleXml } from '../../../src/exam/import/moodle-xml-export.js';
import type { Question } from '../../../src/exam/question.js';
import { singleChoice, trueFalse } from './fixtures.js';

function counter(): () => string {
  let next = 0;
  return () => `id${(next += 1)}`;
}

/** Drops ids so that questions read back from a file compare by content. */
function withoutIds(question: Question): unknown {
  return JSON.parse(JSON.stringify(question, (key, value: unknown) => (key === 'id' || key === 'correctOptionId' || key === 'correctOptionIds' ? undefined : value)));
}

describe('Aiken import', () => {
  it('reads options with . or ) and the answer line', () => {
    const result = importAiken('Thủ đô của Việt Nam?\nA. Huế\nB) Hà Nội\nANSWER: B\n\nHai cộng hai?\nA. 3\nB. 4\nANSWER: B\n');
    assert.deepEqual(result.errors, []);
    const first = result.questions[0]!.question;
    assert.equal(first.kind, 'single');
    assert.equal(first.options.find((option) => option.id === first.correctOptionId)?.text, 'Hà Nội');
  });

  it('names the question with a bad answer line', () => {
    const result = importAiken('Câu một?\nA. x\nB. y\nANSWER: E\n');
    assert.equal(result.errors[0]?.question, '1');
    assert.match(result.errors[0]?.message ?? '', /names no option/);
  });
});

describe('GIFT import', () => {
  const gift = '// chú thích\n$CATEGORY: $course$/Toán/Đại số\n\n::Q1:: Số nào chẵn? {=2 ~3 ~5}\n\n::Q2:: Trái đất tròn. {T}\n\nCăn bậc hai của 2? {#1.414:0.001}\n\nViết cảm nghĩ. {}\n\nThủ đô? {=Hà Nội =Ha Noi}\n';

  it('reads every supported type with and without a byte-order mark', () => {
    for (const text of [gift, `\uFEFF${gift}`]) {
      const result = importGift(text);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.questions.map((entry) => entry.question.kind), ['single', 'single', 'short', 'essay', 'short']);
      assert.equal(result.questions[0]!.question.topic, 'Đại số');
      assert.equal(result.questions[0]!.question.stem, 'Số nào chẵn?');
    }
  });

  it('reads a numerical tolerance', () => {
    const question = importGift(gift).questions[2]!.question;
    assert.deepEqual(question.kind === 'short' ? question.answers : null, [{ kind: 'number', value: 1.414, tolerance: 0.001 }]);
  });

  it('rejects matching questions by number', () => {
    const result = importGift('Ghép. {=a -> 1 =b -> 2}\n');
    assert.equal(result.errors[0]?.question, '1');
    assert.match(result.errors[0]?.message ?? '', /matching/);
  });
});

describe('Moodle XML', () => {
  const questions: Question[] = [
    { ...singleChoice(), topic: 'Địa lý', stem: 'Thủ đô <Việt Nam> & $x^2$?' } as Question,
    { ...trueFalse(), topic: 'Địa lý' } as Question,
    { id: 's', kind: 'short', stem: 'Tính', points: 0.5, answers: [{ kind: 'number', value: 3.5, tolerance: 0.01 }] },
    { id: 'e', kind: 'essay', stem: 'Viết', points: 2 },
    { id: 'm', kind: 'multiple', stem: 'Chọn hai', points: 1, options: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }, { id: 'c', text: 'z' }], correctOptionIds: ['a', 'c'] },
  ];

  it('round-trips every kind through export and import', () => {
    const xml = exportMoodleXml(questions, 'Ngân hàng');
    const result = importMoodleXml(xml);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.questions.map((entry) => withoutIds(entry.question)), questions.map((question) => withoutIds({ ...question, topic: question.topic ?? 'Ngân hàng', section: undefined } as Question)));
  });

  it('keeps the right options by content', () => {
    const back = importMoodleXml(exportMoodleXml(questions, 'B')).questions;
    const single = back[0]!.question;
    assert.equal(single.kind === 'single' ? single.options.find((option) => option.id === single.correctOptionId)?.text : null, 'Hà Nội');
    const multiple = back[4]!.question;
    assert.deepEqual(multiple.kind === 'multiple' ? multiple.correctOptionIds.map((id) => multiple.options.find((option) => option.id === id)?.text) : null, ['x', 'z']);
  });

  it('reports malformed XML for the file', () => {
    const result = importMoodleXml('<quiz><question type="essay">');
    assert.equal(result.errors[0]?.question, null);
  });
});

describe('Excel template', () => {
  it('round-trips questions through the template', async () => {
    const questions: Question[] = [{ ...singleChoice(), section: 'I', topic: 'Địa lý', difficulty: 'recognition' } as Question, trueFalse(), { id: 's', kind: 'short', stem: 'Tính', points: 0.5, answers: [{ kind: 'number', value: 3.5, tolerance: 0 }] }];
    const result = await importExcelTemplate(await writeExcelTemplate(questions), { newId: counter() });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.questions.map((entry) => withoutIds(entry.question)), questions.map(withoutIds));
  });
});

describe('import result', () => {
  it('refuses to hand out questions of a file with errors', async () => {
    const result = await importQuestionFile('de.txt', Buffer.from('Câu?\nA. x\nANSWER: A\n\nCâu hai?\nA. x\nB. y\nANSWER: A\n'));
    assert.equal(result.format, 'aiken');
    assert.equal(result.questions.length, 1);
    assert.throws(() => assertImportClean(result), (error) => isExamError(error, 'IMPORT_FAILED') && /question 1: at least 2 options/.test((error as Error).message));
  });

  it('words an unreadable xlsx in both languages', async () => {
    const whole = await writeExcelTemplate([]);
    const result = await importExcelTemplate(whole.subarray(0, Math.floor(whole.length / 2)));
    const issue = result.errors[0];

    assert.equal(result.errors.length, 1);
    assert.match(issue?.message ?? '', /^The file cannot be read as an Excel workbook \(\.xlsx\): the compressed file is damaged or cut short\./);
    assert.match(issue?.messageVi ?? '', /^Không đọc được tệp như bảng tính Excel \(\.xlsx\): tệp nén bị hỏng hoặc bị cắt cụt\./);
    assert.doesNotMatch(JSON.stringify(issue), /https?:|central directory|Can't find/i);
  });

  it('counts one error in the singular', async () => {
    const result = await importQuestionFile('de.txt', Buffer.from('Câu?\nA. x\nANSWER: A\n'));
    assert.throws(() => assertImportClean(result), (error) => /^1 error, nothing imported/.test((error as Error).message));
  });

  it('names an unknown file type', async () => {
    const result = await importQuestionFile('de.pdf', Buffer.from(''));
    assert.match(result.errors[0]?.message ?? '', /unknown extension/);
    assert.match(result.errors[0]?.messageVi ?? '', /phần mở rộng không hỗ trợ/);
  });
});
