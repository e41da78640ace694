/** Daily request counts per partner key. */
export interface PartnerUsage {
  /** Counts one request by `partnerId` on the UTC day of `at`. */
  count(partnerId: string, at: Date): Promise<void>;
  /** Counts per UTC day (YYYY-MM-DD), oldest first, for days with any requests in [from, to]. */
  daily(partnerId: string, from: string, to: string): Promise<{ day: string; requests: number }[]>;
}
