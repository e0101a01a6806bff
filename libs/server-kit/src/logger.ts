import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

/** The correlation id of the request or job being handled, carried across awaits. */
export const correlation = new AsyncLocalStorage<{ correlationId: string }>();

export function createLogger(level: string, name = 'vigil'): Logger {
  return pino({
    name,
    level,
    // Every line carries the id of the request or job it belongs to, when there is one.
    mixin: () => {
      const context = correlation.getStore();
      return context ? { correlationId: context.correlationId } : {};
    },
    serializers: { err: pino.stdSerializers.err },
  });
}

export type { Logger };
