/**
 * MALFORMED: the body cannot be decoded (bad snappy, truncated protobuf, invalid JSON, invalid
 * UTF-8, a field of the wrong type). UNSUPPORTED: well-formed, but a form Vigil does not take.
 * Apps map both to a 4xx; the message says what and where, so a person can fix the sender.
 */
export type IngestDecodeErrorCode = 'MALFORMED' | 'UNSUPPORTED';

export class IngestDecodeError extends Error {
  override readonly name = 'IngestDecodeError';

  constructor(
    readonly code: IngestDecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
