export * from './apdu.js';
export * from './status-words.js';
export * from './channel.js';
export * from './commands.js';
export type { CardTransport } from './transport.js';
