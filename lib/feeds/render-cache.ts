/**
 * Rendered bodies by validator, per instance: an unchanged feed is never rendered
 * twice. Least recently used entries go first once `maxBytes` is reached.
 */
export class RenderCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(etag: string): string | undefined {
    const body = this.entries.get(etag);
    if (body !== undefined) {
      this.entries.delete(etag);
      this.entries.set(etag, body);
    }
    return body;
  }

  set(etag: string, body: string): void {
    const size = body.length * 2;
    if (size > this.maxBytes) return;
    if (this.entries.has(etag)) return;
    this.entries.set(etag, body);
    this.bytes += size;
    for (const [key, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= value.length * 2;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
