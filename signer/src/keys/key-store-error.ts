// Errors raised by key stores, with stable SIG_KEY_* / SIG_PKCS11_* codes (listed for docs/errors.md).

export type KeyStoreErrorCode =
  | "SIG_KEY_PASSPHRASE_REQUIRED"
  | "SIG_KEY_LABEL_INVALID"
  | "SIG_KEY_ALGORITHM_UNSUPPORTED"
  | "SIG_KEY_EXISTS"
  | "SIG_KEY_NOT_FOUND"
  | "SIG_KEY_DECRYPT_FAILED"
  | "SIG_KEY_FILE_INVALID"
  | "SIG_PKCS11_TOKEN_NOT_FOUND"
  | "SIG_PKCS11_LOGIN_FAILED"
  | "SIG_PKCS11_CLOSED";

export class KeyStoreError extends Error {
  override readonly name = "KeyStoreError";
  constructor(
    readonly code: KeyStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
