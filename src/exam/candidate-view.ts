import type { Question, QuestionImage } from './question.js';
import type { FormItem } from './test-form.js';

/** What the browser receives for one question: no keys, no rubric, options in display order. */
export interface CandidateQuestion {
  questionId: string;
  kind: Question['kind'];
  stem: string;
  points: number;
  section?: string;
  images: QuestionImage[];
  options?: { id: string; text: string }[];
  statements?: { id: string; text: string }[];
}

/** Builds the key-free view of a question in the order its form item gives. */
export function toCandidateQuestion(question: Question, item: FormItem): CandidateQuestion {
  const view: CandidateQuestion = {
    questionId: question.id,
    kind: question.kind,
    stem: question.stem,
    points: question.points,
    images: question.images ?? [],
  };

  if (question.section !== undefined) {
    view.section = question.section;
  }

  if (question.kind === 'single' || question.kind === 'multiple') {
    const byId = new Map(question.options.map((option) => [option.id, option]));
    view.options = item.order.map((id) => ({ id, text: byId.get(id)?.text ?? '' }));
  }

  if (question.kind === 'true-false-4') {
    const byId = new Map(question.statements.map((statement) => [statement.id, statement]));
    view.statements = item.order.map((id) => ({ id, text: byId.get(id)?.text ?? '' }));
  }

  return view;
}
