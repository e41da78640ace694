import { describe, expect, it } from 'vitest';
import { DistinctSketch } from '../../lib/audience/distinct-sketch';

/** A well-mixed 32-bit hash of n (murmur3's finalizer), standing in for the keyed HMAC. */
function hashOf(n: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function sketchOf(from: number, to: number): DistinctSketch {
  const sketch = new DistinctSketch();
  for (let i = from; i < to; i++) sketch.add(hashOf(i));
  return sketch;
}

describe('DistinctSketch', () => {
  it('counts exactly while small, repeats included, and survives its bytes', () => {
    const sketch = sketchOf(0, 500);
    for (let i = 0; i < 500; i++) sketch.add(hashOf(i));
    expect(sketch.count()).toBe(500);
    const bytes = sketch.toBytes();
    expect(bytes.length).toBe(1 + 4 * 500);
    expect(DistinctSketch.fromBytes(bytes).count()).toBe(500);
  });

  it('unites: overlapping batches count each reader once', () => {
    const a = sketchOf(0, 300);
    a.merge(sketchOf(200, 700));
    expect(a.count()).toBe(700);
  });

  it('switches to 4,096 registers past 1,024 and stays within a few percent', () => {
    for (const n of [2_000, 50_000, 300_000]) {
      const sketch = sketchOf(0, n);
      expect(sketch.toBytes().length).toBe(4097);
      const again = DistinctSketch.fromBytes(sketch.toBytes());
      expect(Math.abs(again.count() - n) / n).toBeLessThan(0.05);
    }
  });

  it('merges large with small, in either order, to the same estimate', () => {
    const big = sketchOf(0, 5_000);
    const small = sketchOf(4_900, 5_100);
    const one = DistinctSketch.fromBytes(big.toBytes());
    one.merge(small);
    const other = DistinctSketch.fromBytes(small.toBytes());
    other.merge(big);
    expect(one.count()).toBe(other.count());
    expect(Math.abs(one.count() - 5_100) / 5_100).toBeLessThan(0.05);
  });

  it('refuses bytes that are not a sketch', () => {
    expect(() => DistinctSketch.fromBytes(Uint8Array.of(7, 1, 2))).toThrow(/not a distinct-count sketch/);
  });
});
