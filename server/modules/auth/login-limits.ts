// How many failed sign-ins are allowed (auth.routes.ts enforces them; the admin page shows who is
// locked): per (account, address) and per address over 15 minutes, and per account from anywhere
// over an hour, after which the account is locked until its failures age out or an admin unlocks it.
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
/** ASVS 2.2.1: at most 100 failed attempts per hour on one account; we allow 50. */
export const ACCOUNT_LOCK_WINDOW_MS = 3600_000;
export const MAX_FAILURES_PER_ACCOUNT = 50;
