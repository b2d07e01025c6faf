// The adapter of the signer's annotate call (加注件), beside the sealing adapter (document-sealer.ts): the licence's
// stored document is read from the document store, the registry's annotation seal signs the note into it, and the
// signer's refusals become registry errors (signer-errors.ts). Built once per registry (http/app.ts); the routes only
// check the request and hand this to the licence service, which decides whether a copy may be made.
import type { LicenceSealer } from "@elicence/signer";
import type { DocumentStore } from "../documents/document-store.js";
import { RegistryError } from "../errors.js";
import type { AnnotatedCopyMaker } from "../licences/licence-service.js";
import { withSignerErrors } from "./signer-errors.js";

export interface AnnotatedCopyMakerDeps {
  /** Only annotate() is used. */
  sealer: Pick<LicenceSealer, "annotate">;
  documents: DocumentStore;
  clock: () => Date;
}

export function registryAnnotatedCopyMaker(deps: AnnotatedCopyMakerDeps): AnnotatedCopyMaker {
  return async (record, note) => {
    const document = record.documentSha256 ? await deps.documents.get(record.documentSha256) : null;
    if (!document)
      throw new RegistryError(
        "REG_DOCUMENT_PENDING",
        `The sealed document of ${record.identifier} is not in this registry's document store.`,
      );
    const copy = await withSignerErrors("annotate", { identifier: record.identifier }, () =>
      deps.sealer.annotate({
        pdf: document,
        identifier: record.identifier,
        purpose: note.purpose,
        validUntil: note.validUntil,
        now: deps.clock(),
      }),
    );
    return {
      bytes: copy.bytes,
      sha256: copy.sha256,
      signerSerial: copy.signer.certificateSerial,
      signerCertificateSha256: copy.signer.certificateSha256,
      signerDepartment: copy.signer.department.code,
      level: copy.level,
    };
  };
}
