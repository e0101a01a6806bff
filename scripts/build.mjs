#!/usr/bin/env node
// Builds what Vigil runs (Prisma client, server code, dashboard) without starting it: used by
// docker/Dockerfile; `npm start` and `npm test` do the same before they run.
import { build } from './lib/setup.mjs';

build(['standalone', 'dashboard']);
