import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { readFile } from 'node:fs/promises';
import { Pool } from 'pg';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type { SchemaEngine } from '@prisma/schema-engine-wasm';

/** The part of the WebAssembly global we use (our `lib` setting has no DOM/WebAssembly types). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = () => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type PanicRegistry = { set_message(message: string): void };
const panics: string[] = [];
let loaded: Promise<void> | undefined;

/**
 * Instantiates Prisma's schema engine compiled to WebAssembly, once per process.
 *
 * By hand rather than through the package's entry point: that entry uses
 * `import * as wasm from "./schema_engine_bg.wasm"` (the ES module integration of
 * WebAssembly), which Node 20 cannot load. The `prisma` CLI is no alternative here: every
 * `migrate` command first downloads a native schema-engine from Prisma's server.
 */
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    // The engine reports Rust panics through this global before it throws.
    const scope = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
    scope.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => void panics.push(message) };
    const packageDir = dirname(createRequire(__filename).resolve('@prisma/schema-engine-wasm'));
    const bytes = await readFile(join(packageDir, 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi().instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(bindings) });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports['__wbindgen_start'] as () => void)();
  })();
  return loaded;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections. */
  close(): Promise<void>;
}

/**
 * The engine arms a timer for every timeout it awaits (10 s for the migration advisory lock)
 * and has no way to clear it, so a finished migration would keep the process alive for
 * another 10 s. Its timers are unref'd: they still fire, but no longer hold the process open.
 */
function withUnrefTimers(imports: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(imports).map(([name, value]) =>
      name.startsWith('__wbg_setTimeout_') && typeof value === 'function'
        ? [name, (...args: unknown[]) => (value as (...a: unknown[]) => NodeJS.Timeout)(...args).unref()]
        : [name, value],
    ),
  );
}

/**
 * A schema engine connected to `databaseUrl` through node-postgres (Prisma's pg adapter).
 * `databaseUrl` may be undefined for commands that need no database (`diff` between schemas).
 */
export async function openSchemaEngine(databaseUrl: string | undefined, log: (line: string) => void = () => undefined): Promise<OpenSchemaEngine> {
  await loadWasm();
  // Our own pool, so close() can end its connections: the engine does not dispose the adapter.
  const pool = new Pool({ connectionString: databaseUrl ?? 'postgresql://unused@127.0.0.1:1/unused', max: 2 });
  pool.on('error', () => undefined);
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  try {
    const engine = await bindings.SchemaEngine.new({ datamodels: undefined }, (message: string) => log(message), adapter);
    return {
      engine,
      close: async () => {
        engine.free();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw withPanic(error);
  }
}

/** Adds the Rust panic message, when there was one, to an engine error. */
export function withPanic(error: unknown): Error {
  const panic = panics.splice(0).join('\n');
  const base = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
  if (panic) base.message = `${base.message}\n${panic}`;
  return base;
}
