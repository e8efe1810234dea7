export { SecureMessaging, startSecureMessaging } from './secure-messaging.js';
export type { SecureMessagingKeys, SmResponse } from './secure-messaging.js';
export { SecureChannel } from './secure-channel.js';
export type { SecureChannelOptions } from './secure-channel.js';
