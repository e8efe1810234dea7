import { pearsonCorrelation } from './summary.js';

/** One candidate's graded answer to one item. */
export interface ItemResponse {
  itemId: string;
  /** Points earned; partial credit allowed (e.g. 0.25 for a true/false item with 2 of 4 statements right). */
  score: number;
  maxScore: number;
  /** Stable ids of the options the candidate chose; empty or absent when unanswered or not a choice item. */
  choices?: readonly string[];
}

export interface CandidateResponses {
  candidateId: string;
  responses: readonly ItemResponse[];
}

/** What the statistics need to know of an item besides the responses. */
export interface ItemKey {
  itemId: string;
  /** Option ids in display order; choice counts are reported for each. */
  optionIds?: readonly string[];
  /** The correct option ids. */
  keyOptionIds?: readonly string[];
}

export type ItemFlag =
  /** Lower scorers do better on the item than higher scorers: a wrong key or a misleading stem. */
  | 'negative_discrimination'
  /** The item barely separates higher from lower scorers (index below 0.2). */
  | 'low_discrimination'
  /** In the upper group a wrong option was chosen more often than the key: a likely wrong key. */
  | 'distractor_beats_key'
  /** Fewer than 20% of the points were earned. */
  | 'very_hard'
  /** More than 95% of the points were earned. */
  | 'very_easy'
  /** Every candidate earned the same score, so discrimination cannot be computed. */
  | 'no_variance';

export interface OptionCount {
  optionId: string;
  isKey: boolean;
  all: number;
  upper: number;
  lower: number;
}

export interface ItemStatistics {
  itemId: string;
  responses: number;
  /** Candidates who left the item unanswered (no choice and no score). */
  omitted: number;
  /** Difficulty index (p-value): mean score over the maximum score, 0..1; higher means easier. */
  difficulty: number | null;
  /**
   * Corrected item-total correlation: Pearson's r between the item score and the total of the
   * other items (the rest score), so that the item does not correlate with itself. For a
   * right/wrong item this is the point-biserial correlation.
   */
  pointBiserial: number | null;
  /** Upper-lower index: mean item score of the top 27% minus that of the bottom 27%, over the maximum score. */
  upperLowerIndex: number | null;
  options: OptionCount[];
  flags: ItemFlag[];
}

export const UPPER_LOWER_SHARE = 0.27;
const LOW_DISCRIMINATION = 0.2;
const VERY_HARD = 0.2;
const VERY_EASY = 0.95;

/**
 * Computes item statistics for a set of candidates. The upper and lower groups are the 27% of
 * candidates with the highest and lowest total scores (at least one each; ties broken by
 * candidate id so the result is repeatable). Items a candidate did not see count as omitted.
 */
export function computeItemStatistics(candidates: readonly CandidateResponses[], keys: readonly ItemKey[]): ItemStatistics[] {
  const totals = new Map(candidates.map((candidate) => [candidate.candidateId, totalScore(candidate)]));
  const ranked = [...candidates].sort((a, b) =>
    (totals.get(b.candidateId) as number) - (totals.get(a.candidateId) as number) || a.candidateId.localeCompare(b.candidateId),
  );

  const groupSize = candidates.length === 0 ? 0 : Math.max(1, Math.round(candidates.length * UPPER_LOWER_SHARE));
  const upper = new Set(ranked.slice(0, groupSize).map((candidate) => candidate.candidateId));
  const lower = new Set(ranked.slice(ranked.length - groupSize).map((candidate) => candidate.candidateId));

  return keys.map((key) => itemStatistics(key, candidates, totals, upper, lower));
}

function itemStatistics(
  key: ItemKey,
  candidates: readonly CandidateResponses[],
  totals: Map<string, number>,
  upper: Set<string>,
  lower: Set<string>,
): ItemStatistics {
  const keyOptions = new Set(key.keyOptionIds ?? []);
  const options: OptionCount[] = (key.optionIds ?? []).map((optionId) => ({
    optionId, isKey: keyOptions.has(optionId), all: 0, upper: 0, lower: 0,
  }));
  const optionIndex = new Map(options.map((option) => [option.optionId, option]));

  const itemScores: number[] = [];
  const restScores: number[] = [];
  let maxScore = 0;
  let omitted = 0;
  let upperSum = 0;
  let lowerSum = 0;

  for (const candidate of candidates) {
    const response = candidate.responses.find((entry) => entry.itemId === key.itemId);
    const isUpper = upper.has(candidate.candidateId);
    const isLower = lower.has(candidate.candidateId);

    if (isOmitted(response, key)) {
      omitted += 1;
    }
    if (response === undefined) {
      continue;
    }

    maxScore = Math.max(maxScore, response.maxScore);
    itemScores.push(response.score);
    restScores.push((totals.get(candidate.candidateId) as number) - response.score);
    upperSum += isUpper ? response.score : 0;
    lowerSum += isLower ? response.score : 0;

    for (const choice of response.choices ?? []) {
      const option = optionIndex.get(choice);
      if (option === undefined) {
        continue;
      }
      option.all += 1;
      option.upper += isUpper ? 1 : 0;
      option.lower += isLower ? 1 : 0;
    }
  }

  const difficulty = itemScores.length === 0 || maxScore === 0
    ? null
    : itemScores.reduce((sum, score) => sum + score, 0) / itemScores.length / maxScore;
  const pointBiserial = pearsonCorrelation(itemScores, restScores);
  const upperLowerIndex = upper.size === 0 || maxScore === 0 ? null : (upperSum - lowerSum) / upper.size / maxScore;

  return {
    itemId: key.itemId,
    responses: itemScores.length,
    omitted,
    difficulty,
    pointBiserial,
    upperLowerIndex,
    options,
    flags: flagItem(itemScores, difficulty, pointBiserial, upperLowerIndex, options),
  };
}

function flagItem(
  itemScores: number[],
  difficulty: number | null,
  pointBiserial: number | null,
  upperLowerIndex: number | null,
  options: OptionCount[],
): ItemFlag[] {
  const flags: ItemFlag[] = [];
  const hasVariance = itemScores.some((score) => score !== itemScores[0]);

  if (itemScores.length > 1 && !hasVariance) {
    flags.push('no_variance');
  }
  if ((pointBiserial !== null && pointBiserial < 0) || (upperLowerIndex !== null && upperLowerIndex < 0)) {
    flags.push('negative_discrimination');
  } else if (hasVariance && upperLowerIndex !== null && upperLowerIndex < LOW_DISCRIMINATION) {
    flags.push('low_discrimination');
  }

  const keyUpper = Math.max(0, ...options.filter((option) => option.isKey).map((option) => option.upper));
  if (options.some((option) => !option.isKey && option.upper > keyUpper)) {
    flags.push('distractor_beats_key');
  }

  if (difficulty !== null && difficulty < VERY_HARD) {
    flags.push('very_hard');
  }
  if (difficulty !== null && difficulty > VERY_EASY) {
    flags.push('very_easy');
  }

  return flags;
}

/** An item is omitted when it has no response, or when a choice item has no choice and no score. */
function isOmitted(response: ItemResponse | undefined, key: ItemKey): boolean {
  if (response === undefined) {
    return true;
  }

  const isChoiceItem = key.optionIds !== undefined;
  return isChoiceItem && (response.choices ?? []).length === 0 && response.score === 0;
}

function totalScore(candidate: CandidateResponses): number {
  return candidate.responses.reduce((sum, response) => sum + response.score, 0);
}
