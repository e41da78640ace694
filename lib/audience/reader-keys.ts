import { createHmac } from 'node:crypto';

/** Where each day's random salt lives: created once by whoever needs it first, deleted after a few days. */
export interface SaltStore {
  saltFor(day: string): Promise<Uint8Array>;
}

/** Salts kept in memory: today's, yesterday's (late log files) and a spare. */
const CACHED_DAYS = 3;

/**
 * The one identity of an individual reader we keep: 32 bits of HMAC-SHA256 of its
 * address and User-Agent under that day's random salt. Without the salt the hash cannot
 * be tested against guessed addresses, and once the salt is deleted not even we can;
 * the same reader on two days gets unrelated hashes, so nobody is followed across days.
 */
export class ReaderKeys {
  private readonly salts = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly store: SaltStore) {}

  async hash(day: string, address: string, userAgent: string): Promise<number> {
    const salt = await this.saltFor(day);
    return createHmac('sha256', salt).update(`${address}\n${userAgent}`).digest().readUInt32BE(0);
  }

  private saltFor(day: string): Promise<Uint8Array> {
    let salt = this.salts.get(day);
    if (!salt) {
      salt = this.store.saltFor(day);
      // A failed read is not remembered: the next request asks again.
      salt.catch(() => this.salts.delete(day));
      this.salts.set(day, salt);
      while (this.salts.size > CACHED_DAYS) this.salts.delete(this.salts.keys().next().value!);
    }
    return salt;
  }
}
