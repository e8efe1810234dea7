// Step 6: the reports of the exam day from the reports API, each as .xlsx and PDF: the pilot
// evaluation and the actual cost of round 1, the results of the exam event, and the candidates
// without a chipped card.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { DemoApiClient } from './api-client.js';

export interface ReportFile {
  report: 'evaluation' | 'cost' | 'results' | 'no-chip';
  path: string;
  bytes: number;
}

export async function writeReports(admin: DemoApiClient, outDir: string, input: { round: number; examEventId: string }): Promise<ReportFile[]> {
  const plans: { report: ReportFile['report']; name: string; query: string }[] = [
    { report: 'evaluation', name: 'danh-gia-hieu-qua', query: `/api/reports/evaluation?round=${input.round}` },
    { report: 'cost', name: 'kinh-phi', query: `/api/reports/cost?round=${input.round}` },
    { report: 'results', name: 'ket-qua-thi', query: `/api/reports/results?examEventId=${input.examEventId}` },
    { report: 'no-chip', name: 'thi-sinh-chua-co-cccd-gan-chip', query: `/api/reports/no-chip?round=${input.round}` },
  ];
  const files: ReportFile[] = [];

  for (const plan of plans) {
    for (const format of ['xlsx', 'pdf'] as const) {
      const bytes = await admin.download(`${plan.query}&format=${format}`);
      const path = join(outDir, `${plan.name}.${format}`);
      await writeFile(path, bytes);
      files.push({ report: plan.report, path, bytes: bytes.length });
    }
  }

  return files;
}

/** Department figures of the pilot evaluation that the demo compares with its own counts. */
export interface EvaluationCheckFigures {
  answersResent: number;
  attemptsWithResends: number;
}

/** Reads the pilot evaluation of a round as JSON from the reports API. */
export async function readEvaluationFigures(admin: DemoApiClient, round: number): Promise<EvaluationCheckFigures> {
  const response = await admin.get(`/api/reports/evaluation?round=${round}&format=json`);
  const department = response.body?.rounds?.[0]?.department;

  if (response.status !== 200 || department === undefined) {
    throw new Error(`GET /api/reports/evaluation?round=${round}&format=json returned HTTP ${response.status} without the round's figures: ${JSON.stringify(response.body).slice(0, 300)}`);
  }

  return { answersResent: Number(department.exams.answersResent), attemptsWithResends: Number(department.exams.attemptsWithResends) };
}
