// Aiken format (Moodle): a question on one line, options `A.` or `A)` one per line, then
// `ANSWER: X`; questions are separated by blank lines.
import { ImportCollector, type IdSource, type ImportResult } from './import-result.js';

const OPTION_LINE = /^([A-Z])[.)]\s*(.*)$/u;
const ANSWER_LINE = /^ANSWER:\s*([A-Z])\s*$/u;

export interface TextImportOptions {
  newId?: IdSource;
  /** Points of each question; 1 when not given. */
  points?: number;
}

/** Reads an Aiken file. Every question is single choice. */
export function importAiken(text: string, options: TextImportOptions = {}): ImportResult {
  const collector = new ImportCollector('aiken', options.newId);
  const blocks = text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n').split(/\n\s*\n/u).map((block) => block.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
  let number = 0;

  for (const lines of blocks) {
    if (lines.length === 0) {
      continue;
    }

    number += 1;
    const label = String(number);
    const [stem, ...rest] = lines as [string, ...string[]];
    const answerLine = rest.at(-1) ?? '';
    const answer = ANSWER_LINE.exec(answerLine);

    if (answer === null) {
      collector.error(label, `the last line must be "ANSWER: X" with the letter of the right option, found "${answerLine}"`);
      continue;
    }

    const optionLines = rest.slice(0, -1);
    const letters: string[] = [];
    const texts: string[] = [];
    let broken = false;

    for (const line of optionLines) {
      const option = OPTION_LINE.exec(line);

      if (option === null) {
        collector.error(label, `"${line}" is not an option line such as "A. text" or "A) text"`);
        broken = true;
        break;
      }

      letters.push(option[1] as string);
      texts.push(option[2] as string);
    }

    if (broken) {
      continue;
    }

    const ids = letters.map(() => collector.newId());
    const keyIndex = letters.indexOf(answer[1] as string);

    if (keyIndex < 0) {
      collector.error(label, `ANSWER: ${answer[1]} names no option of this question (options ${letters.join(', ') || 'none'})`);
      continue;
    }

    collector.add(label, {
      id: collector.newId(),
      kind: 'single',
      stem,
      points: options.points ?? 1,
      options: ids.map((id, index) => ({ id, text: texts[index] as string })),
      correctOptionId: ids[keyIndex] as string,
    });
  }

  return collector.result();
}
