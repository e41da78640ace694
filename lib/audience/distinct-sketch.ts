/**
 * How many distinct readers, from 32-bit keyed hashes, in at most ~4 KB however many:
 * exact (the hashes themselves, sorted) up to 1,024 of them, then a HyperLogLog of
 * 4,096 one-byte registers (Flajolet et al. 2007; standard error 1.04/√4096 ≈ 1.6%, with
 * linear counting for small estimates). Sketches merge by union, so per-batch sketches
 * written once each add up to a day's distinct count at read time.
 */

const P = 12;
const M = 1 << P;
/** Beyond this many hashes the exact list would outgrow the registers. */
const EXACT_LIMIT = M / 4;
const EXACT = 1;
const DENSE = 2;

export class DistinctSketch {
  private exact: Set<number> | undefined = new Set();
  private registers: Uint8Array | undefined;

  add(hash: number): void {
    if (this.exact) {
      this.exact.add(hash >>> 0);
      if (this.exact.size > EXACT_LIMIT) this.densify();
    } else {
      this.addDense(hash >>> 0);
    }
  }

  merge(other: DistinctSketch): void {
    if (other.exact) {
      for (const h of other.exact) this.add(h);
      return;
    }
    if (this.exact) this.densify();
    const mine = this.registers!;
    other.registers!.forEach((r, i) => {
      if (r > mine[i]!) mine[i] = r;
    });
  }

  count(): number {
    if (this.exact) return this.exact.size;
    const registers = this.registers!;
    let sum = 0;
    let empty = 0;
    for (const r of registers) {
      sum += 2 ** -r;
      if (r === 0) empty++;
    }
    const alpha = 0.7213 / (1 + 1.079 / M);
    const estimate = (alpha * M * M) / sum;
    return Math.round(estimate <= 2.5 * M && empty > 0 ? M * Math.log(M / empty) : estimate);
  }

  /** One type byte, then the sorted hashes (4 bytes each, big-endian) or the 4,096 registers. */
  toBytes(): Uint8Array {
    if (!this.exact) return Uint8Array.of(DENSE, ...this.registers!);
    const bytes = new Uint8Array(1 + 4 * this.exact.size);
    bytes[0] = EXACT;
    const view = new DataView(bytes.buffer);
    const sorted = [...this.exact].sort((a, b) => a - b);
    for (const [i, h] of sorted.entries()) view.setUint32(1 + 4 * i, h);
    return bytes;
  }

  static fromBytes(bytes: Uint8Array): DistinctSketch {
    const sketch = new DistinctSketch();
    if (bytes[0] === DENSE && bytes.length === 1 + M) {
      sketch.exact = undefined;
      sketch.registers = bytes.slice(1);
      return sketch;
    }
    if (bytes[0] !== EXACT || (bytes.length - 1) % 4 !== 0) {
      throw new Error('not a distinct-count sketch');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 1; at < bytes.length; at += 4) sketch.add(view.getUint32(at));
    return sketch;
  }

  private densify(): void {
    this.registers = new Uint8Array(M);
    for (const h of this.exact!) this.addDense(h);
    this.exact = undefined;
  }

  /** The top P bits pick the register; the rank of the first 1 in the other 20 bits is its value. */
  private addDense(hash: number): void {
    const index = hash >>> (32 - P);
    const rest = (hash << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers![index]!) this.registers![index] = rank;
  }
}
