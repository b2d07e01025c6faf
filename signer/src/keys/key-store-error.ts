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

/** What each code means and how to fix it (docs/errors.md is built from this). */
export const KEY_STORE_ERROR_CODES: Readonly<Record<KeyStoreErrorCode, string>> = {
  SIG_KEY_PASSPHRASE_REQUIRED:
    "Encrypted key files need a passphrase: set ELICENCE_KEY_PASSPHRASE (≥ 12 characters) or let the first start generate one.",
  SIG_KEY_LABEL_INVALID: "A key label may hold letters, digits, '-', '_' and '.', 1–64 characters.",
  SIG_KEY_ALGORITHM_UNSUPPORTED: "Keys are ECDSA-P256 or RSA-3072.",
  SIG_KEY_EXISTS: "A key with this label already exists; keys are never overwritten.",
  SIG_KEY_NOT_FOUND: "No key with this label is in the key store.",
  SIG_KEY_DECRYPT_FAILED: "The key file cannot be decrypted: wrong passphrase, or the file was changed.",
  SIG_KEY_FILE_INVALID: "The key file is not an encrypted PKCS#8 PEM.",
  SIG_PKCS11_TOKEN_NOT_FOUND:
    "No PKCS#11 token has this label (or slot); check ELICENCE_PKCS11_TOKEN and the module path.",
  SIG_PKCS11_LOGIN_FAILED: "The PKCS#11 token refused the PIN.",
  SIG_PKCS11_CLOSED: "The PKCS#11 key store was closed; reopen it.",
};

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
