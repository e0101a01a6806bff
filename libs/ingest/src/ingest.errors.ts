import type { RefusedPlace } from './batch';

/**
 * MALFORMED: the body cannot be decoded (bad snappy, truncated protobuf, invalid JSON, invalid
 * UTF-8, a field of the wrong type). UNSUPPORTED: well-formed, but a form Vigil does not take.
 * Apps map both to a 4xx; the message says what and where, so a person can fix the sender.
 */
export type IngestDecodeErrorCode = 'MALFORMED' | 'UNSUPPORTED';

export class IngestDecodeError extends Error {
  override readonly name = 'IngestDecodeError';

  /**
   * `places`: the fields at fault with their paths in the body (`line 3: attributes.x`), which
   * the API answers as the problem's `errors[]`; empty where the format has no paths to give.
   */
  constructor(
    readonly code: IngestDecodeErrorCode,
    message: string,
    readonly places: readonly RefusedPlace[] = [],
  ) {
    super(message);
  }
}
