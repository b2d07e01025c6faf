// Node's WebCrypto types take any Uint8Array; TypeScript's DOM lib only one over a (non-shared) ArrayBuffer. The
// signer's isomorphic verification code is typed against Node's; these overloads let the browser build check it as
// it is. At run time nothing here makes SharedArrayBuffers, which is all the DOM typing guards against.
interface SubtleCrypto {
  digest(algorithm: AlgorithmIdentifier, data: Uint8Array<ArrayBufferLike>): Promise<ArrayBuffer>;
  importKey(
    format: "spki" | "pkcs8" | "raw",
    keyData: Uint8Array<ArrayBufferLike>,
    algorithm: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams,
    extractable: boolean,
    keyUsages: KeyUsage[],
  ): Promise<CryptoKey>;
  verify(
    algorithm: AlgorithmIdentifier | RsaPssParams | EcdsaParams,
    key: CryptoKey,
    signature: Uint8Array<ArrayBufferLike>,
    data: Uint8Array<ArrayBufferLike>,
  ): Promise<boolean>;
}
