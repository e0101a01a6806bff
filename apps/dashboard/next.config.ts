import { resolve } from 'node:path';
import type { NextConfig } from 'next';

// The dashboard imports `@vigil/contracts` from libs/, outside this app's folder, so both the
// bundler (Turbopack) and output file tracing must treat the repository as the root.
const repoRoot = resolve(__dirname, '../..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // `/api/*` is forwarded to the API by src/proxy.ts, not by `rewrites()`: Next bakes rewrite
  // destinations into the build's routes manifest, and the API address (API_INTERNAL_URL) must
  // be chosen when the dashboard starts, not when it is built.
};

export default nextConfig;
