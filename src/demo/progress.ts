// Progress lines of the demo: Vietnamese first, English beside, on standard error when the
// summary goes to standard output as JSON, so that the JSON stays one clean object.

export interface Progress {
  step(number: number, vi: string, en: string): void;
  line(vi: string, en: string): void;
}

export function createProgress(write: (text: string) => void): Progress {
  const started = Date.now();
  const stamp = (): string => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;

  return {
    step(number, vi, en) {
      write(`[${stamp()}] ${number}. ${vi} / ${en}\n`);
    },
    line(vi, en) {
      write(`[${stamp()}]    ${vi} / ${en}\n`);
    },
  };
}
