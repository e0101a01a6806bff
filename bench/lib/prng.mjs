// A small seeded PRNG (mulberry32), so every benchmark payload is reproducible. The tests use the
// same function from @vigil/testing (seededRandom); the benches run as plain `node` scripts and
// cannot import TypeScript, so this copy stays.

/** Returns () => a float in [0, 1), deterministic for `seed`. */
export function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `chars` lower-case hex characters drawn from `random`. */
export function hex(random, chars) {
  let out = '';
  while (out.length < chars) out += Math.floor(random() * 4294967296).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

/** A 32-bit seed derived from a seed and an index (for one independent stream per series). */
export function subSeed(seed, index) {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
