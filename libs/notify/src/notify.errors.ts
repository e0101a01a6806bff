/**
 * Errors of the notify lib that callers must tell apart. Own class rather than server-kit's
 * `DomainError`: these happen at start-up (a bad key) or inside the worker (a ciphertext that
 * does not decrypt), not in answer to a request, so they carry no HTTP meaning. Template
 * problems are not thrown at all: `validateTemplate` returns a message for the API to show.
 */
export type NotifyErrorCode =
  /** The encryption key from configuration is not 32 bytes of base64. */
  | 'NOTIFY_KEY_INVALID'
  /** The key file is unreadable, too open (not 0600) or the wrong length. */
  | 'NOTIFY_KEY_FILE'
  /** A stored secret does not decrypt with this key (wrong key, or the value was altered). */
  | 'NOTIFY_DECRYPT_FAILED'
  /** A signing secret is not `whsec_` + base64. */
  | 'NOTIFY_SECRET_INVALID';

export class NotifyError extends Error {
  constructor(
    readonly code: NotifyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NotifyError';
  }
}
