import { ExamError } from './errors.js';
import type { Difficulty, Question } from './question.js';
import { SeededRandom, shuffled } from './seeded-random.js';

/** One rule of a blueprint (ma trận đề): draw `count` questions of a topic and difficulty. */
export interface BlueprintRule {
  topic?: string;
  difficulty?: Difficulty;
  /** Restricts the rule to one section, e.g. `II` of the 2025 format. */
  section?: string;
  count: number;
}

/**
 * Draws the questions of a blueprint from a bank, reproducibly from `seed`. A question is drawn
 * at most once even when several rules match it; rules are filled in order. Throws
 * BLUEPRINT_SHORT naming the rule when the bank has too few questions left for it.
 */
export function drawBlueprint(bank: readonly Question[], rules: readonly BlueprintRule[], seed: string): Question[] {
  const random = new SeededRandom(`${seed}:blueprint`);
  const taken = new Set<string>();
  const drawn: Question[] = [];

  rules.forEach((rule, index) => {
    if (!Number.isInteger(rule.count) || rule.count < 0) {
      throw new ExamError('BLUEPRINT_SHORT', `blueprint rule ${index + 1}: count must be a whole number >= 0, found ${rule.count}`);
    }

    const candidates = bank.filter((question) => !taken.has(question.id) && matchesRule(question, rule));

    if (candidates.length < rule.count) {
      throw new ExamError('BLUEPRINT_SHORT', `blueprint rule ${index + 1} (${describeRule(rule)}) draws ${rule.count} questions but the bank has ${candidates.length} left; add questions or lower the count`);
    }

    const chosen = shuffled(candidates, random).slice(0, rule.count);

    for (const question of chosen) {
      taken.add(question.id);
      drawn.push(question);
    }
  });

  return drawn;
}

function matchesRule(question: Question, rule: BlueprintRule): boolean {
  return (rule.topic === undefined || question.topic === rule.topic)
    && (rule.difficulty === undefined || question.difficulty === rule.difficulty)
    && (rule.section === undefined || question.section === rule.section);
}

function describeRule(rule: BlueprintRule): string {
  return [`topic ${rule.topic ?? 'any'}`, `difficulty ${rule.difficulty ?? 'any'}`, ...(rule.section === undefined ? [] : [`section ${rule.section}`])].join(', ');
}
