// GIFT format (Moodle). Supported: multiple choice (`=right ~wrong`), multiple response
// (`~%50%a ~%50%b`), true/false (`{T}`, `{FALSE}`), short answer (`{=a =b}`), numerical
// (`{#3.14:0.01}`, `{#1..5}`), essay (`{}`), `$CATEGORY:` as topic, `::title::`, `[html]` text
// and comments. Matching and missing-word questions are reported as errors.
import type { ChoiceOption, Question } from '../question.js';
import type { TextImportOptions } from './aiken.js';
import { htmlToText } from './html-text.js';
import { ImportCollector, type ImportResult } from './import-result.js';

/** Option texts of a GIFT true/false question, which becomes a two-option single choice. */
const TRUE_FALSE_TEXTS = { true: 'Đúng (True)', false: 'Sai (False)' };

/** Reads a GIFT file, with or without a byte-order mark. */
export function importGift(text: string, options: TextImportOptions = {}): ImportResult {
  const collector = new ImportCollector('gift', options.newId);
  const lines = text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n').split('\n');
  let topic: string | undefined;
  let block: string[] = [];
  let number = 0;

  const flush = (): void => {
    const source = block.join('\n').trim();
    block = [];

    if (source === '') {
      return;
    }

    number += 1;
    readQuestion(collector, String(number), source, topic, options.points ?? 1);
  };

  for (const line of lines) {
    const trimmed = line.trim();

    if (trimmed.startsWith('//')) {
      continue;
    }

    const category = /^\$CATEGORY:\s*(.*)$/u.exec(trimmed);

    if (category !== null) {
      flush();
      const path = (category[1] as string).split('/').filter((part) => part !== '' && !part.startsWith('$'));
      topic = path.at(-1);
      continue;
    }

    if (trimmed === '' && isBalanced(block.join('\n'))) {
      flush();
      continue;
    }

    block.push(line);
  }

  flush();
  return collector.result();
}

function isBalanced(source: string): boolean {
  let depth = 0;

  for (let i = 0; i < source.length; i += 1) {
    if (source[i] === '\\') {
      i += 1;
    } else if (source[i] === '{') {
      depth += 1;
    } else if (source[i] === '}') {
      depth -= 1;
    }
  }

  return depth <= 0;
}

/** Finds the first unescaped occurrence of `char` at or after `from`, or -1. */
function findUnescaped(source: string, char: string, from = 0): number {
  for (let i = from; i < source.length; i += 1) {
    if (source[i] === '\\') {
      i += 1;
    } else if (source[i] === char) {
      return i;
    }
  }

  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\n/gu, '\n').replace(/\\([~=#{}:\\])/gu, '$1');
}

/** Converts a GIFT text with an optional `[html]`, `[plain]`, `[moodle]` or `[markdown]` prefix. */
function giftText(raw: string): string {
  const format = /^\s*\[(html|plain|moodle|markdown)\]/u.exec(raw);
  const body = format === null ? raw : raw.slice(format[0].length);
  const text = unescape(body).trim();
  return format?.[1] === 'html' ? htmlToText(text) : text;
}

function readQuestion(collector: ImportCollector, number: string, source: string, topic: string | undefined, points: number): void {
  let rest = source;
  const title = /^::(.*?)::/su.exec(rest);

  if (title !== null) {
    rest = rest.slice(title[0].length);
  }

  const open = findUnescaped(rest, '{');

  if (open < 0) {
    collector.warn(number, 'no answer block {...}: read as a description and skipped');
    return;
  }

  const close = findUnescaped(rest, '}', open);

  if (close < 0) {
    collector.error(number, 'the answer block has no closing "}"');
    return;
  }

  const after = rest.slice(close + 1).trim();

  if (after !== '') {
    collector.error(number, `text after the answer block ("${after.slice(0, 40)}") makes a missing-word question, which is not supported; put the answers at the end`);
    return;
  }

  const stem = giftText(rest.slice(0, open));
  const answers = rest.slice(open + 1, close).trim();
  const common = { id: collector.newId(), stem, points, ...(topic === undefined ? {} : { topic }) };

  if (answers === '') {
    collector.add(number, { ...common, kind: 'essay' });
    return;
  }

  const trueFalse = /^(T|TRUE|F|FALSE)\s*(#.*)?$/su.exec(answers);

  if (trueFalse !== null) {
    const trueId = collector.newId();
    const falseId = collector.newId();
    const isTrue = (trueFalse[1] as string).startsWith('T');
    collector.add(number, { ...common, kind: 'single', options: [{ id: trueId, text: TRUE_FALSE_TEXTS.true }, { id: falseId, text: TRUE_FALSE_TEXTS.false }], correctOptionId: isTrue ? trueId : falseId });
    return;
  }

  if (findUnescaped(answers, '-') >= 0 && /[^\\]->/u.test(answers)) {
    collector.error(number, 'matching questions (a -> b) are not supported; rewrite it as multiple choice');
    return;
  }

  if (answers.startsWith('#')) {
    readNumerical(collector, number, common, answers.slice(1));
    return;
  }

  readChoices(collector, number, common, answers);
}

type Common = { id: string; stem: string; points: number; topic?: string };

interface GiftAnswer {
  marker: '=' | '~';
  weight: number | null;
  text: string;
}

function splitAnswers(answers: string): GiftAnswer[] {
  const parsed: GiftAnswer[] = [];
  let i = 0;

  while (i < answers.length) {
    const char = answers[i];

    if (char !== '=' && char !== '~') {
      i += 1;
      continue;
    }

    let end = i + 1;

    while (end < answers.length && !((answers[end] === '=' || answers[end] === '~') && answers[end - 1] !== '\\')) {
      end += 1;
    }

    let body = answers.slice(i + 1, end).trim();
    const feedback = findUnescaped(body, '#');

    if (feedback >= 0) {
      body = body.slice(0, feedback).trim();
    }

    const weight = /^%(-?\d+(?:\.\d+)?)%/u.exec(body);
    parsed.push({ marker: char, weight: weight === null ? null : Number(weight[1]), text: giftText(weight === null ? body : body.slice(weight[0].length)) });
    i = end;
  }

  return parsed;
}

function readChoices(collector: ImportCollector, number: string, common: Common, answers: string): void {
  const parsed = splitAnswers(answers);

  if (parsed.length === 0) {
    collector.error(number, 'the answer block lists no answers starting with = or ~');
    return;
  }

  if (parsed.every((answer) => answer.marker === '=')) {
    const accepted = parsed.filter((answer) => answer.weight === null || answer.weight === 100);

    if (accepted.length < parsed.length) {
      collector.warn(number, 'answers with partial credit (%50% and the like) are dropped; only fully right answers are kept');
    }

    collector.add(number, { ...common, kind: 'short', answers: accepted.filter((answer) => answer.text !== '*').map((answer) => ({ kind: 'text', value: answer.text })) });
    return;
  }

  const options: ChoiceOption[] = parsed.map((answer) => ({ id: collector.newId(), text: answer.text }));
  const weighted = parsed.some((answer) => answer.marker === '~' && answer.weight !== null && answer.weight > 0);

  if (weighted) {
    const correct = options.filter((_, index) => (parsed[index]?.weight ?? 0) > 0).map((option) => option.id);
    collector.warn(number, 'partial credit is not kept: the item scores full points only when exactly the options with a positive weight are chosen');
    collector.add(number, { ...common, kind: 'multiple', options, correctOptionIds: correct });
    return;
  }

  const right = parsed.map((answer, index) => (answer.marker === '=' ? index : -1)).filter((index) => index >= 0);

  if (right.length !== 1) {
    collector.error(number, `a multiple-choice question needs exactly one right answer marked "=", found ${right.length}`);
    return;
  }

  const question: Question = { ...common, kind: 'single', options, correctOptionId: (options[right[0] as number] as ChoiceOption).id };
  collector.add(number, question);
}

function readNumerical(collector: ImportCollector, number: string, common: Common, body: string): void {
  const parsed = body.trim().startsWith('=') ? splitAnswers(body).filter((answer) => answer.marker === '=' && (answer.weight === null || answer.weight === 100)).map((answer) => answer.text) : [body.split('~')[0]?.split('#')[0]?.trim() ?? ''];
  const answers = [];

  for (const entry of parsed) {
    const range = /^(-?[\d.]+)\.\.(-?[\d.]+)$/u.exec(entry);
    const tolerance = /^(-?[\d.]+)(?::([\d.]+))?$/u.exec(entry);

    if (range !== null) {
      const low = Number(range[1]);
      const high = Number(range[2]);
      answers.push({ kind: 'number' as const, value: (low + high) / 2, tolerance: Math.abs(high - low) / 2 });
    } else if (tolerance !== null) {
      answers.push({ kind: 'number' as const, value: Number(tolerance[1]), tolerance: Number(tolerance[2] ?? 0) });
    } else {
      collector.error(number, `"${entry}" is not a numerical answer such as 3.14:0.01 or 1..5`);
      return;
    }
  }

  collector.add(number, { ...common, kind: 'short', answers });
}
