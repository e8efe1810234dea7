// Moodle XML import. Supported question types: multichoice (single and multiple answers),
// truefalse, shortanswer, numerical, essay, and multianswer (cloze) in the shape that the
// exporter writes for 2025 true/false items. Categories become topics; images embedded as
// <file> elements are kept.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import type { ChoiceOption, QuestionImage, ShortAnswerKey } from '../question.js';
import type { TextImportOptions } from './aiken.js';
import { htmlToText } from './html-text.js';
import { ImportCollector, type ImportResult } from './import-result.js';
import { fromMathJaxDelimiters } from './latex-delimiters.js';
import { TRUE_FALSE_CLOZE, TRUE_FALSE_LABELS } from './moodle-xml-export.js';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['question', 'answer', 'file'].includes(name),
});

const MEDIA_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp' };

function textOf(node: unknown): string {
  if (typeof node === 'string') {
    return node;
  }

  if (node !== null && typeof node === 'object') {
    const text = (node as XmlNode).text;
    return typeof text === 'string' ? text : typeof text === 'number' ? String(text) : '';
  }

  return '';
}

/** Reads a Moodle XML file. */
export function importMoodleXml(xml: string, options: TextImportOptions = {}): ImportResult {
  const collector = new ImportCollector('moodle-xml', options.newId);
  const source = xml.replace(/^\uFEFF/u, '');
  const validation = XMLValidator.validate(source);

  if (validation !== true) {
    collector.error(null, `the file is not well-formed XML (line ${validation.err.line}): ${validation.err.msg}`);
    return collector.result();
  }

  const document = parser.parse(source) as XmlNode;

  const quiz = document.quiz as XmlNode | undefined;

  if (quiz === undefined) {
    collector.error(null, 'the root element must be <quiz>; export the questions from Moodle as "Moodle XML format"');
    return collector.result();
  }

  let topic: string | undefined;
  let number = 0;

  for (const node of (quiz.question as XmlNode[] | undefined) ?? []) {
    const type = String(node['@_type'] ?? '');

    if (type === 'category') {
      const path = textOf(node.category).split('/').filter((part) => part !== '' && !part.startsWith('$'));
      topic = path.at(-1);
      continue;
    }

    number += 1;
    const label = String(number);

    if (type === 'description') {
      collector.warn(label, 'a description is not a question and is skipped');
      continue;
    }

    readQuestion(collector, label, type, node, topic, options.points);
  }

  return collector.result();
}

function readImages(collector: ImportCollector, files: unknown): { images: QuestionImage[]; references: Map<string, string> } {
  const images: QuestionImage[] = [];
  const references = new Map<string, string>();

  for (const file of (files as XmlNode[] | undefined) ?? []) {
    const name = String(file['@_name'] ?? '');
    const extension = name.split('.').at(-1)?.toLowerCase() ?? '';
    const id = collector.newId();
    images.push({ id, mediaType: MEDIA_TYPES[extension] ?? 'application/octet-stream', dataBase64: textOf(file['#text'] ?? '').replace(/\s+/gu, '') });
    references.set(name, id);
  }

  return { images, references };
}

function readQuestion(collector: ImportCollector, label: string, type: string, node: XmlNode, topic: string | undefined, defaultPoints: number | undefined): void {
  const questionText = node.questiontext as XmlNode | undefined;
  const { images, references } = readImages(collector, questionText?.file);
  const toText = (html: string): string => fromMathJaxDelimiters(htmlToText(html, (src) => {
    const name = decodeURIComponent(src.replace(/^@@PLUGINFILE@@\//u, ''));
    const id = references.get(name);
    return id === undefined ? '' : `![](image:${id})`;
  }));
  const stem = toText(textOf(questionText));
  const grade = Number(textOf(node.defaultgrade ?? '') || NaN);
  const points = Number.isFinite(grade) && grade > 0 ? grade : defaultPoints ?? 1;
  const common = { id: collector.newId(), stem, points, ...(topic === undefined ? {} : { topic }), ...(images.length === 0 ? {} : { images }) };
  const answers = ((node.answer as XmlNode[] | undefined) ?? []).map((answer) => ({ fraction: Number(answer['@_fraction'] ?? 0), text: toText(textOf(answer)), node: answer }));

  switch (type) {
    case 'multichoice':
    case 'truefalse': {
      const single = type === 'truefalse' || textOf(node.single ?? 'true').trim() !== 'false';
      const optionList: ChoiceOption[] = answers.map((answer) => ({ id: collector.newId(), text: type === 'truefalse' ? (answer.text.toLowerCase() === 'true' ? 'Đúng (True)' : 'Sai (False)') : answer.text }));

      if (answers.some((answer) => !Number.isFinite(answer.fraction) || answer.fraction > 100 || answer.fraction < -100)) {
        collector.error(label, `answer fractions must be numbers from -100 to 100, found ${answers.map((answer) => answer['fraction']).join(', ')}`);
        return;
      }

      if (single) {
        const right = answers.map((answer, index) => (answer.fraction === 100 ? index : -1)).filter((index) => index >= 0);

        if (right.length !== 1) {
          collector.error(label, `a single-answer question needs exactly one answer with fraction 100, found ${right.length}`);
          return;
        }

        collector.add(label, { ...common, kind: 'single', options: optionList, correctOptionId: (optionList[right[0] as number] as ChoiceOption).id });
        return;
      }

      if (answers.some((answer) => answer.fraction > 0 && answer.fraction < 100)) {
        collector.warn(label, 'partial credit is not kept: the item scores full points only when exactly the options with a positive fraction are chosen');
      }

      collector.add(label, { ...common, kind: 'multiple', options: optionList, correctOptionIds: optionList.filter((_, index) => (answers[index]?.fraction ?? 0) > 0).map((option) => option.id) });
      return;
    }

    case 'shortanswer': {
      const accepted: ShortAnswerKey[] = answers.filter((answer) => answer.fraction === 100 && answer.text !== '*').map((answer) => ({ kind: 'text', value: answer.text }));

      if (accepted.length < answers.length) {
        collector.warn(label, 'answers with partial credit or the * wildcard are dropped');
      }

      collector.add(label, { ...common, kind: 'short', answers: accepted });
      return;
    }

    case 'numerical': {
      const accepted: ShortAnswerKey[] = answers.filter((answer) => answer.fraction === 100).map((answer) => ({ kind: 'number', value: Number(answer.text.replace(',', '.')), tolerance: Number(textOf(answer.node.tolerance ?? '0') || 0) }));
      collector.add(label, { ...common, kind: 'short', answers: accepted });
      return;
    }

    case 'essay':
      collector.add(label, { ...common, kind: 'essay' });
      return;

    case 'multianswer':
      readTrueFalseCloze(collector, label, common);
      return;

    default:
      collector.error(label, `question type "${type}" is not supported; supported types are multichoice, truefalse, shortanswer, numerical, essay and the true/false cloze that examgate exports`);
  }
}

function readTrueFalseCloze(collector: ImportCollector, label: string, common: { id: string; stem: string; points: number }): void {
  const lines = common.stem.split('\n');
  const statementLines = lines.filter((line) => TRUE_FALSE_CLOZE.test(line));

  if (statementLines.length !== 4) {
    collector.error(label, 'a cloze question is supported only as a true/false item of 4 statements a) to d), each ending in {1:MCV:=Đúng~Sai} or {1:MCV:~Đúng=Sai}');
    return;
  }

  const statements = statementLines.map((line) => {
    const match = TRUE_FALSE_CLOZE.exec(line) as RegExpExecArray;
    return { id: collector.newId(), text: (match[1] as string).trim(), correct: match[2] === `=${TRUE_FALSE_LABELS.true}` };
  });
  const stem = lines.filter((line) => !TRUE_FALSE_CLOZE.test(line)).join('\n').trim();
  collector.add(label, { ...common, stem, kind: 'true-false-4', statements });
}
