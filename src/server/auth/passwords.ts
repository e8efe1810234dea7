import { randomInt } from 'node:crypto';

import { hash, verify } from '@node-rs/argon2';

import { ApiError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 10;

/** Hashes a password with argon2id (the library's default algorithm) into a PHC string. */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ApiError('AUTH_PASSWORD_WEAK', { minLength: MIN_PASSWORD_LENGTH });
  }

  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash never matches.
    return false;
  }
}

// Letters and digits that cannot be mistaken for each other when read off a screen or paper.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Generates a random password of `length` characters (about 5.7 bits each) to print once. */
export function generatePassword(length = 16): string {
  let password = '';

  for (let index = 0; index < length; index += 1) {
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  }

  return password;
}
