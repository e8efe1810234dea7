// Step 7: the summary of the exam day and the verdict. The demo passes only when every good
// card was admitted, every faulty card was refused for its own reason, no acknowledged answer
// was lost, each admitted candidate was billed exactly once, and the pilot evaluation counts
// the answers the seats resent.
import { EXPECTED_REASON, type CardPlan } from './demo-context.js';
import type { AnswerAudit } from './answer-audit.js';
import type { CheckInRecord } from './check-in-step.js';
import type { ExamRunSummary } from './exam-step.js';
import type { CandidateImportSummary } from './import-candidates-step.js';
import type { QuestionImportSummary } from './import-questions-step.js';
import type { EvaluationCheckFigures, ReportFile } from './reports-step.js';

export interface DemoSummary {
  passed: boolean;
  /** Reasons the demo failed; empty when it passed. */
  failures: string[];
  cardPath: 'pcsc' | 'in-process';
  cardPathNote: string;
  database: string;
  outDir: string;
  seconds: number;
  candidates: number;
  candidateImport: CandidateImportSummary;
  questions: QuestionImportSummary;
  /** Admitted to the exam: by their chip, or by a proctor's override. */
  admitted: number;
  admittedByChip: number;
  refused: number;
  refusedByReason: Record<string, number>;
  overrides: number;
  /** Second taps of a card checked already (not counted in admitted or refused). */
  repeatedTaps: number;
  billedChecks: number;
  billedAtService: number;
  answersAcknowledged: number;
  answerWritesAcknowledged: number;
  answersStored: number;
  answersLost: number;
  /** Answer items the seats sent again marked `resent`, and the count the pilot evaluation shows. */
  answersResent: number;
  answersResentInEvaluation: number;
  examsSubmitted: number;
  examsFinalisedAtDeadline: number;
  examsGraded: number;
  serverRestarts: number;
  reportFiles: string[];
}

export interface VerdictInput {
  checkIns: CheckInRecord[];
  billedPerCandidate: Map<string, number>;
  billedAtService: number;
  audit: AnswerAudit;
  exam: ExamRunSummary;
  graded: number;
  reports: ReportFile[];
  evaluation: EvaluationCheckFigures;
}

/** Lists every rule of the exam day that was broken; empty when the day passed. */
export function findFailures(input: VerdictInput): string[] {
  const failures: string[] = [];

  for (const record of input.checkIns.filter((entry) => entry.repeated)) {
    const first = input.checkIns.find((entry) => !entry.repeated && entry.candidateId === record.candidateId);
    if (record.outcome !== first?.outcome || record.reason !== first.reason) failures.push(`a repeated tap ended ${record.outcome} (${record.reason ?? 'no reason'}), unlike the first tap`);
  }

  for (const record of input.checkIns.filter((entry) => !entry.repeated)) {
    const plan: CardPlan['kind'] = record.plan;

    if (plan === 'good' && record.outcome !== 'admitted') failures.push(`a good card was ${record.outcome} (${record.reason ?? 'no reason'})`);
    if (plan === 'no-chip' && record.outcome !== 'override') failures.push(`the candidate without a chipped card was not admitted by override (${record.outcome})`);
    if (plan !== 'good' && plan !== 'no-chip') {
      const expected = EXPECTED_REASON[plan];
      if (record.outcome !== 'refused' || record.reason !== expected) failures.push(`the ${plan} card was ${record.outcome} with reason ${record.reason ?? 'none'}; expected refused with ${expected}`);
    }
    if (record.outcome === 'admitted' && input.billedPerCandidate.get(record.candidateId) !== 1) {
      failures.push(`an admitted candidate was billed ${input.billedPerCandidate.get(record.candidateId) ?? 0} times; expected exactly once`);
    }
  }

  const billedRows = [...input.billedPerCandidate.values()].reduce((sum, count) => sum + count, 0);
  if (input.billedAtService !== billedRows) failures.push(`the registry service billed ${input.billedAtService} checks and examgate metered ${billedRows}`);
  if (input.audit.lost.length > 0) failures.push(`${input.audit.lost.length} acknowledged answers were lost`);
  if (input.exam.submitted + input.exam.finalisedAtDeadline !== input.exam.candidates) failures.push(`${input.exam.candidates - input.exam.submitted - input.exam.finalisedAtDeadline} attempts were neither submitted nor finalised`);
  if (input.graded !== input.exam.candidates) failures.push(`${input.graded} of ${input.exam.candidates} attempts were graded`);
  if (input.reports.length !== 8 || input.reports.some((file) => file.bytes === 0)) failures.push('not every report was written as .xlsx and PDF');
  if (input.exam.resentItemsSaved === 0) failures.push('no seat resent an answer after the network loss, so the resend count is untested');
  if (input.evaluation.answersResent !== input.exam.resentItemsSaved) failures.push(`the pilot evaluation counts ${input.evaluation.answersResent} answers resent; the seats resent ${input.exam.resentItemsSaved}`);

  return failures;
}

/** Formats the summary as lines for a person to read, Vietnamese first. */
export function formatSummary(summary: DemoSummary): string {
  const reasons = Object.entries(summary.refusedByReason).map(([reason, count]) => `${reason} ${count}`).join(', ');
  const lines = [
    'Tóm tắt ngày thi / Exam day summary',
    `  Đường đọc thẻ / card path:                     ${summary.cardPath} (${summary.cardPathNote})`,
    `  Thí sinh / candidates:                         ${summary.candidates} (số CCCD sửa / ID numbers fixed ${summary.candidateImport.idNumbersCorrected}, tên NFC / names to NFC ${summary.candidateImport.namesNormalised}, dòng trùng bỏ / duplicate rows dropped ${summary.candidateImport.duplicateRowsDropped}, không có chip / without chip ${summary.candidateImport.withoutChipCard})`,
    `  Câu hỏi / questions:                           ${summary.questions.questions} (${Object.entries(summary.questions.parts).map(([part, count]) => `phần / part ${part}: ${count}`).join(', ')})`,
    `  Được vào thi / admitted:                       ${summary.admitted} (qua chip / by chip ${summary.admittedByChip}, không qua chip / by override ${summary.overrides})`,
    `  Bị từ chối / refused:                          ${summary.refused} (${reasons})`,
    `  Cho vào không qua chip / overrides:            ${summary.overrides}`,
    `  Chạm thẻ lần hai / repeated taps:              ${summary.repeatedTaps} (không tính phí lại / not billed again)`,
    `  Lượt xác thực tính phí / billed checks:        ${summary.billedChecks} (dịch vụ ghi / service counted ${summary.billedAtService})`,
    `  Câu trả lời được xác nhận / answers acknowledged: ${summary.answersAcknowledged} (lượt ghi / writes ${summary.answerWritesAcknowledged})`,
    `  Câu trả lời đã lưu / answers stored:           ${summary.answersStored}, mất / lost ${summary.answersLost}`,
    `  Câu trả lời gửi lại / answers resent:          ${summary.answersResent} (báo cáo đánh giá ghi / evaluation report counts ${summary.answersResentInEvaluation})`,
    `  Bài nộp / exams submitted:                     ${summary.examsSubmitted}, khóa khi hết giờ / finalised at the deadline ${summary.examsFinalisedAtDeadline}, đã chấm / graded ${summary.examsGraded}`,
    `  Khởi động lại máy chủ / server restarts:       ${summary.serverRestarts}`,
    `  Báo cáo / reports:                             ${summary.reportFiles.length} tệp / files in ${summary.outDir}`,
    ...summary.reportFiles.map((file) => `    ${file}`),
    `  Thời gian / time:                              ${summary.seconds.toFixed(1)} s`,
    summary.passed ? 'KẾT QUẢ: ĐẠT / RESULT: PASSED' : `KẾT QUẢ: KHÔNG ĐẠT / RESULT: FAILED\n${summary.failures.map((failure) => `  - ${failure}`).join('\n')}`,
  ];
  return `${lines.join('\n')}\n`;
}
