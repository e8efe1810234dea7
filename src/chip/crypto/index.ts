export * from './random.js';
export * from './padding.js';
export * from './block-cipher.js';
export * from './mac.js';
export * from './kdf.js';
