// The question model. Texts are plain strings in which formulas are LaTeX between `$...$`
// (rendered with KaTeX by the web app) and images are referenced as `![alt](image:ID)`, where
// ID names an entry of the question's `images`.

/** Cognitive level of a question, as the four levels of the Vietnamese test matrix. */
export const DIFFICULTIES = ['recognition', 'comprehension', 'application', 'advanced-application'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const QUESTION_KINDS = ['single', 'multiple', 'true-false-4', 'short', 'essay'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** An image carried inside a question, kept as bytes in base64. */
export interface QuestionImage {
  id: string;
  mediaType: string;
  dataBase64: string;
}

/** One option of a choice question. `id` is stable across versions and shuffles. */
export interface ChoiceOption {
  id: string;
  text: string;
}

/** One statement of a 2025-format true/false item. */
export interface TrueFalseStatement {
  id: string;
  text: string;
  correct: boolean;
}

/** One accepted answer of a short-answer question. */
export type ShortAnswerKey =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number; tolerance: number };

interface QuestionCommon {
  id: string;
  stem: string;
  points: number;
  topic?: string;
  difficulty?: Difficulty;
  /** Part of a structured test (e.g. `I`, `II`, `III` of the 2025 format); shuffles stay inside it. */
  section?: string;
  images?: QuestionImage[];
  /** False keeps the options in their written order (e.g. "all of the above"). */
  shuffleOptions?: boolean;
}

export interface SingleChoiceQuestion extends QuestionCommon {
  kind: 'single';
  options: ChoiceOption[];
  correctOptionId: string;
}

/** Multiple choice: full points only when the chosen set equals the key. */
export interface MultipleChoiceQuestion extends QuestionCommon {
  kind: 'multiple';
  options: ChoiceOption[];
  correctOptionIds: string[];
}

export interface TrueFalseQuestion extends QuestionCommon {
  kind: 'true-false-4';
  statements: TrueFalseStatement[];
}

export interface ShortAnswerQuestion extends QuestionCommon {
  kind: 'short';
  answers: ShortAnswerKey[];
}

export interface EssayQuestion extends QuestionCommon {
  kind: 'essay';
  /** Guidance for the grader; never sent to candidates. */
  rubric?: string;
}

export type Question =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | TrueFalseQuestion
  | ShortAnswerQuestion
  | EssayQuestion;

/** A candidate's response, referring to options and statements by id, never by position. */
export type Response =
  | { kind: 'single'; optionId: string | null }
  | { kind: 'multiple'; optionIds: string[] }
  | { kind: 'true-false-4'; values: Record<string, boolean | null> }
  | { kind: 'short'; text: string }
  | { kind: 'essay'; text: string };
