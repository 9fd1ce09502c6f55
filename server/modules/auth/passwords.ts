// Password hashing: argon2id through @node-rs/argon2 (its native binary ships inside the npm
// package, so installs need no compiler and no download). Parameters follow OWASP's argon2id
// minimum (19 MiB, 2 passes, 1 lane), about 20 ms per hash on a laptop.
//
// The policy for passwords people choose (ASVS 2.1): at least 12 characters (code points, so a
// Chinese passphrase counts its characters), at most 200, not the username or built on it, not a
// commonly guessed password or stem with digits around it, not one repeated character or a plain
// keyboard/number run. Demo accounts (demo-accounts.ts) are created directly and are exempt.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { type ProblemDetail, problemDetail } from '../../contract/problems.ts';
import { textLength } from '../../contract/text.ts';
import { COMMON_PASSWORDS, COMMON_STEMS } from './common-passwords.ts';

// Algorithm.Argon2id is an ambient const enum (value 2) that verbatimModuleSyntax cannot import.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

const COMMON = new Set(COMMON_PASSWORDS);
const STEMS = new Set(COMMON_STEMS);
const RUNS = ['0123456789', '9876543210', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'];

function isGuessable(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  // A stem with only digits and symbols around it: Password2024!, 2024admin!!
  const stem = lower.replace(/^[^a-z@]+|[^a-z@]+$/g, '');
  if (STEMS.has(stem) || COMMON.has(stem)) return true;
  if (new Set(lower).size <= 2) return true; // aaaaaaaaaaaa, abababababab
  // Part of a plain run, repeated: 123456789012, 1234512345, qwertyuiopasdf
  const unit = /^(.+?)\1+$/.exec(lower)?.[1] ?? lower;
  return RUNS.some((run) => (run + run).includes(unit) && unit.length >= 3);
}

/** What is wrong with a password someone chose for `username`, as coded problems (zh/en); [] when acceptable. */
export function passwordDetails(
  password: string,
  username: string,
  field = 'body.password',
): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const length = textLength(password);
  if (length < MIN_PASSWORD_LENGTH)
    problems.push(problemDetail(field, 'password_too_short', { min: MIN_PASSWORD_LENGTH, length }));
  if (length > MAX_PASSWORD_LENGTH)
    problems.push(problemDetail(field, 'password_too_long', { max: MAX_PASSWORD_LENGTH }));
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name))
    problems.push(problemDetail(field, 'password_has_username'));
  if (length >= MIN_PASSWORD_LENGTH && isGuessable(password))
    problems.push(problemDetail(field, 'password_guessable'));
  return problems;
}

/** The same problems as English text (the command line prints them). */
export const passwordProblems = (password: string, username: string): string[] =>
  passwordDetails(password, username).map((d) => d.problem);

// Generated passwords: four groups of four letters and digits that are hard to confuse (no 0/o,
// 1/l/i), about 79 bits. Shown once to the administrator, who hands it over.
const GENERATED_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password that passes the policy for `username`. */
export function generatePassword(username: string): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)]).join(''),
    );
    const password = groups.join('-');
    if (passwordDetails(password, username).length === 0) return password;
  }
}

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
