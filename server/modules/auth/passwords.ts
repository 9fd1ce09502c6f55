// Password hashing: argon2id through @node-rs/argon2 (its native binary ships inside the npm
// package, so installs need no compiler and no download). Parameters follow OWASP's argon2id
// minimum (19 MiB, 2 passes, 1 lane), about 20 ms per hash on a laptop.
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id is an ambient const enum (value 2) that verbatimModuleSyntax cannot import.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never logs anyone in
  }
}

// Verifying against this when the account does not exist keeps the answer time the same, so
// timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
