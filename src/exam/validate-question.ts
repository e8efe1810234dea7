import { ExamError } from './errors.js';
import { DIFFICULTIES, QUESTION_KINDS, type Question } from './question.js';

/** Maximum length of a short-answer response or key, in characters. */
export const SHORT_ANSWER_MAX_LENGTH = 200;

/** Returns every problem of `question` as a sentence; an empty list means it is valid. */
export function listQuestionProblems(question: Question): string[] {
  const problems: string[] = [];

  if (!QUESTION_KINDS.includes(question.kind)) {
    return [`unknown question kind "${String(question.kind)}"; use one of ${QUESTION_KINDS.join(', ')}`];
  }

  if (question.stem.trim() === '') {
    problems.push('the question text is empty');
  }

  if (!Number.isFinite(question.points) || question.points <= 0) {
    problems.push(`points must be a positive number, found ${question.points}`);
  }

  if (question.difficulty !== undefined && !DIFFICULTIES.includes(question.difficulty)) {
    problems.push(`unknown difficulty "${question.difficulty}"; use one of ${DIFFICULTIES.join(', ')}`);
  }

  switch (question.kind) {
    case 'single':
    case 'multiple': {
      problems.push(...listOptionProblems(question.options.map((option) => option.id), question.options.map((option) => option.text)));
      const keys = question.kind === 'single' ? [question.correctOptionId] : question.correctOptionIds;
      const ids = new Set(question.options.map((option) => option.id));

      if (keys.length === 0) {
        problems.push('no correct option is marked');
      }

      for (const key of keys) {
        if (!ids.has(key)) {
          problems.push(`the correct option "${key}" is not one of the options`);
        }
      }

      break;
    }

    case 'true-false-4':
      if (question.statements.length !== 4) {
        problems.push(`a true/false item needs exactly 4 statements a) to d), found ${question.statements.length}`);
      }

      problems.push(...listOptionProblems(question.statements.map((statement) => statement.id), question.statements.map((statement) => statement.text)));
      break;

    case 'short':
      if (question.answers.length === 0) {
        problems.push('a short-answer question needs at least one accepted answer');
      }

      for (const answer of question.answers) {
        if (answer.kind === 'number' && (!Number.isFinite(answer.value) || !(answer.tolerance >= 0))) {
          problems.push(`a numeric answer needs a finite value and a tolerance >= 0, found ${answer.value} ± ${answer.tolerance}`);
        }

        if (answer.kind === 'text' && (answer.value.trim() === '' || answer.value.length > SHORT_ANSWER_MAX_LENGTH)) {
          problems.push(`a text answer must have 1 to ${SHORT_ANSWER_MAX_LENGTH} characters, found "${answer.value}"`);
        }
      }

      break;

    case 'essay':
      break;
  }

  return problems;
}

function listOptionProblems(ids: string[], texts: string[]): string[] {
  const problems: string[] = [];

  if (ids.length < 2) {
    problems.push(`at least 2 options are needed, found ${ids.length}`);
  }

  if (new Set(ids).size !== ids.length) {
    problems.push(`option ids repeat: ${ids.join(', ')}`);
  }

  texts.forEach((text, index) => {
    if (text.trim() === '') {
      problems.push(`option ${index + 1} is empty`);
    }
  });

  return problems;
}

/** Throws QUESTION_INVALID naming every problem when `question` is not valid. */
export function assertValidQuestion(question: Question): void {
  const problems = listQuestionProblems(question);

  if (problems.length > 0) {
    throw new ExamError('QUESTION_INVALID', `question ${question.id}: ${problems.join('; ')}`);
  }
}
