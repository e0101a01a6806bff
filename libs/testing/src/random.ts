/**
 * A seeded uniform [0, 1) generator (mulberry32), so fuzz cases, retry maths and chaos mixes
 * reproduce from run to run. Written out rather than taken from a package: it is six lines and
 * every seeded-random package on npm is larger than the function. bench/lib/prng.mjs keeps the
 * same function for the benches, which run as plain `node` and cannot import TypeScript.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
