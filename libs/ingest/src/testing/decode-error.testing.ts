import { IngestDecodeError } from '../ingest.errors';

/** The IngestDecodeError `run` throws (specs read its code, message and places); any other outcome fails. */
export function decodeErrorOf(run: () => unknown): IngestDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof IngestDecodeError) return error;
    throw error;
  }
  throw new Error('expected an IngestDecodeError');
}
