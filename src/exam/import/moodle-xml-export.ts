// Moodle XML export. True/false items of the 2025 format have no Moodle type of their own, so
// they are written as cloze (multianswer) questions with one true/false drop-down per
// statement, which importMoodleXml reads back as true/false items.
import type { Question, QuestionImage } from '../question.js';
import { toMathJaxDelimiters } from './latex-delimiters.js';

export const TRUE_FALSE_LABELS = { true: 'Đúng', false: 'Sai' };

/** One statement line of an exported true/false cloze: `a) text {1:MCV:=Đúng~Sai}`. */
export const TRUE_FALSE_CLOZE = /^[a-d]\)\s*(.*?)\s*\{1:MCV:(=Đúng|~Đúng)[~=]Sai\}\s*$/u;

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg', 'image/webp': 'webp', 'image/x-wmf': 'wmf', 'image/x-emf': 'emf' };

function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

function imageFileName(image: QuestionImage): string {
  return `${image.id}.${EXTENSIONS[image.mediaType] ?? 'bin'}`;
}

/** Converts model text to the HTML Moodle stores: escaped, line breaks, images, MathJax delimiters. */
function toHtml(text: string, images: readonly QuestionImage[]): string {
  const byId = new Map(images.map((image) => [image.id, image]));
  const escaped = escapeXml(toMathJaxDelimiters(text)).replace(/\n/gu, '<br>');
  return escaped.replace(/!\[[^\]]*\]\(image:([^)]+)\)/gu, (whole, id: string) => {
    const image = byId.get(id);
    return image === undefined ? whole : `<img src="@@PLUGINFILE@@/${encodeURIComponent(imageFileName(image))}" alt="">`;
  });
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/\]\]>/gu, ']]]]><![CDATA[>')}]]>`;
}

function htmlText(tag: string, html: string, files = ''): string {
  return `    <${tag} format="html">\n      <text>${cdata(html)}</text>${files}\n    </${tag}>\n`;
}

function answer(fraction: number, html: string, extra = ''): string {
  return `    <answer fraction="${fraction}" format="html">\n      <text>${cdata(html)}</text>${extra}\n    </answer>\n`;
}

/** Writes questions as a Moodle XML quiz. Questions are grouped under one category per topic. */
export function exportMoodleXml(questions: readonly Question[], bankName: string): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'];
  let currentTopic: string | null = null;

  questions.forEach((question, index) => {
    const topic = question.topic ?? bankName;

    if (topic !== currentTopic) {
      parts.push(`  <question type="category">\n    <category>\n      <text>$course$/${escapeXml(bankName)}${topic === bankName ? '' : `/${escapeXml(topic)}`}</text>\n    </category>\n  </question>\n`);
      currentTopic = topic;
    }

    parts.push(exportQuestion(question, index + 1));
  });

  parts.push('</quiz>\n');
  return parts.join('');
}

function exportQuestion(question: Question, number: number): string {
  const images = question.images ?? [];
  const files = images.map((image) => `\n      <file name="${escapeXml(imageFileName(image))}" path="/" encoding="base64">${image.dataBase64}</file>`).join('');
  const type = { single: 'multichoice', multiple: 'multichoice', 'true-false-4': 'multianswer', short: 'shortanswer', essay: 'essay' }[question.kind];
  let stem = question.stem;

  if (question.kind === 'true-false-4') {
    const lines = question.statements.map((statement, index) => `${'abcd'[index]}) ${statement.text} {1:MCV:${statement.correct ? `=${TRUE_FALSE_LABELS.true}~${TRUE_FALSE_LABELS.false}` : `~${TRUE_FALSE_LABELS.true}=${TRUE_FALSE_LABELS.false}`}}`);
    stem = [question.stem, ...lines].join('\n');
  }

  const numeric = question.kind === 'short' && question.answers.every((key) => key.kind === 'number');
  let body = `  <question type="${numeric ? 'numerical' : type}">\n    <name>\n      <text>${escapeXml(`Câu ${number}`)}</text>\n    </name>\n`;
  body += htmlText('questiontext', toHtml(stem, images), files);
  body += `    <defaultgrade>${question.points}</defaultgrade>\n`;

  switch (question.kind) {
    case 'single':
    case 'multiple': {
      const keys = question.kind === 'single' ? [question.correctOptionId] : question.correctOptionIds;
      body += `    <single>${question.kind === 'single'}</single>\n    <shuffleanswers>${question.shuffleOptions !== false ? 1 : 0}</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n`;
      const share = Math.round((100 / keys.length) * 100000) / 100000;

      for (const option of question.options) {
        body += answer(keys.includes(option.id) ? (question.kind === 'single' ? 100 : share) : 0, toHtml(option.text, images));
      }

      break;
    }

    case 'short':
      for (const key of question.answers) {
        body += key.kind === 'number' ? answer(100, String(key.value), `\n      <tolerance>${key.tolerance}</tolerance>`) : answer(100, escapeXml(key.value));
      }

      break;

    case 'essay':
      body += `    <responseformat>editor</responseformat>\n`;
      body += question.rubric === undefined ? '' : htmlText('graderinfo', toHtml(question.rubric, []));
      break;

    case 'true-false-4':
      break;
  }

  return `${body}  </question>\n`;
}
