// `examgate station`: the check-in station program beside a PC/SC card reader. It connects to
// the server with a station token, reports its readers and card events, and reads cards when
// the proctor names a candidate.
import type { Command } from 'commander';
import pino from 'pino';

import { PcscCardSlot } from '../../station/card-slot.js';
import { Station } from '../../station/station.js';

interface StationCommandOptions {
  server: string;
  token?: string;
  reader?: string;
}

async function runStation(options: StationCommandOptions): Promise<void> {
  const token = options.token ?? process.env.EXAMGATE_STATION_TOKEN;

  if (token === undefined || token === '') {
    throw new Error('station needs a token: pass --token TOKEN or set EXAMGATE_STATION_TOKEN (a unit administrator issues it in the room settings)');
  }

  // Logs go to stderr and carry ids and codes only: never card data, keys or the token.
  const logger = pino({ level: process.env.EXAMGATE_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const slot = new PcscCardSlot((error) => logger.error({ err: error.message }, 'PC/SC error'));
  let rejected: string | null = null;
  let stopWaiting = (): void => undefined;
  const station = new Station({
    serverUrl: options.server,
    token,
    slot,
    reader: options.reader ?? null,
    logger,
    onRejected: (code, reason) => {
      rejected = `the server rejected the station (${code}: ${reason}); ask the unit administrator for a new token, or update examgate`;
      stopWaiting();
    },
    onDecision: (decision) => process.stdout.write(`station: check-in ${decision.checkInId}: ${decision.status}${decision.reason === null ? '' : ` (${decision.reason})`}\n`),
  });

  station.start();
  process.stdout.write(`station: connecting to ${options.server}; readers: ${slot.readerNames().join(', ') || 'none yet'} (Ctrl+C stops)\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };

    stopWaiting = stop;

    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  await station.stop();
  await slot.close();

  if (rejected !== null) {
    throw new Error(rejected);
  }
}

export function register(program: Command): void {
  program
    .command('station')
    .description('Chạy trạm xác thực CCCD tại phòng thi / Run a check-in station: read candidates\' chip cards for the exam room\'s proctor')
    .requiredOption('--server <URL>', 'server base URL, for example https://exam.example.vn')
    .option('--token <TOKEN>', 'station token issued by the unit administrator (or EXAMGATE_STATION_TOKEN)')
    .option('--reader <NAME>', 'use only the reader whose name contains NAME (default: any reader)')
    .action(runStation);
}
