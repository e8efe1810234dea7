import { standardDeviation, summarise, type Summary } from './summary.js';

export interface ScoreBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge, except for the last bin, which includes the maximum score. */
  to: number;
  count: number;
}

export interface ScoreDistribution {
  summary: Summary;
  standardDeviation: number | null;
  bins: ScoreBin[];
  /** Candidates at or above the pass mark, when one is given. */
  passed: number | null;
}

export interface ScoreDistributionOptions {
  /** The highest possible score; default 10, the Vietnamese 10-point scale. */
  maxScore?: number;
  /** The bin width; default 1. */
  binWidth?: number;
  passMark?: number;
}

/**
 * Counts scores into bins of equal width from 0 to the maximum score, and summarises them.
 * A score equal to the maximum falls into the last bin. Scores outside 0..max are rejected.
 */
export function buildScoreDistribution(scores: readonly number[], options: ScoreDistributionOptions = {}): ScoreDistribution {
  const maxScore = options.maxScore ?? 10;
  const binWidth = options.binWidth ?? 1;
  if (!(maxScore > 0) || !(binWidth > 0)) {
    throw new RangeError(`maximum score ${maxScore} and bin width ${binWidth} are invalid: both must be above 0`);
  }

  const binCount = Math.ceil(maxScore / binWidth - 1e-9);
  const bins: ScoreBin[] = Array.from({ length: binCount }, (_, index) => ({
    from: roundEdge(index * binWidth),
    to: roundEdge(Math.min(maxScore, (index + 1) * binWidth)),
    count: 0,
  }));

  for (const score of scores) {
    if (!(score >= 0 && score <= maxScore)) {
      throw new RangeError(`score ${score} is outside 0..${maxScore}; check the grading or the maximum score`);
    }

    // A small tolerance keeps scores such as 0.3 + 0.6 on the edge they are meant to sit on.
    const index = Math.min(binCount - 1, Math.floor(score / binWidth + 1e-9));
    (bins[index] as ScoreBin).count += 1;
  }

  return {
    summary: summarise(scores),
    standardDeviation: standardDeviation(scores),
    bins,
    passed: options.passMark === undefined ? null : scores.filter((score) => score >= (options.passMark as number)).length,
  };
}

function roundEdge(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
