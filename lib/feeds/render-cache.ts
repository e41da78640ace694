/**
 * Rendered bodies by validator, per instance: an unchanged feed is never rendered
 * twice, nor encoded twice — bodies are kept as UTF-8 bytes, ready to send. Least
 * recently used entries go first once `maxBytes` is reached.
 */
export class RenderCache {
  private readonly entries = new Map<string, Uint8Array>();
  private kept = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(etag: string): Uint8Array | undefined {
    const body = this.entries.get(etag);
    if (body !== undefined) {
      this.entries.delete(etag);
      this.entries.set(etag, body);
    }
    return body;
  }

  set(etag: string, body: Uint8Array): void {
    if (body.byteLength > this.maxBytes || this.entries.has(etag)) return;
    this.entries.set(etag, body);
    this.kept += body.byteLength;
    for (const [key, value] of this.entries) {
      if (this.kept <= this.maxBytes) break;
      this.entries.delete(key);
      this.kept -= value.byteLength;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.kept;
  }
}
