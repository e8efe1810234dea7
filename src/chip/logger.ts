// The logger the chip library accepts: the subset of pino's API it calls. The library logs
// step names, status words and timings only, never keys, MRZ data or file contents.

export interface ChipLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
