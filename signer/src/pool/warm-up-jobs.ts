// Synthetic jobs a sealing worker runs once at start and discards: the first real documents then find the renderer,
// the signer and the QR payload code already compiled (a cold worker's first 20–40 documents cost 2–3× a warm one).
import type { LoadedTemplate } from "../render/load-template.js";
import { chinaDate, LICENCE_IDENTIFIER_ROOT, mod3736 } from "@elicence/core";
import type { SealJob } from "./pool-messages.js";

interface TypeJsonSample {
  example?: Record<string, unknown>;
  exampleHolder?: { name: string; code: string };
  issuers?: { name: string; code: string }[];
}

/**
 * `count` jobs for one template, shaped as the registry's (signed QR payload), sealed by a department the PKI has a
 * seal for: the template's own issuer when the PKI knows it, else the PKI's first department. Empty when the
 * template has no example to render or the PKI no department.
 */
export function warmUpJobs(
  typeCode: string,
  template: LoadedTemplate,
  departments: readonly { code: string; name: string }[],
  count: number,
  now: Date,
): SealJob[] {
  const sample = template.typeJson as TypeJsonSample;
  const issuer = departments.find((d) => sample.issuers?.some((i) => i.code === d.code)) ?? departments[0];
  if (!issuer || !sample.example || !sample.exampleHolder) return [];
  const holder = sample.exampleHolder;
  const day = chinaDate(now);
  return Array.from({ length: count }, (_, i) => {
    const serial = `WARMUP${i}`;
    const body = `${typeCode}${issuer.code}${serial}001`;
    const identifier = `${LICENCE_IDENTIFIER_ROOT}.${typeCode}.${issuer.code}.${serial}.001.${mod3736(body) ?? "0"}`;
    return {
      typeCode,
      licence: {
        identifier,
        holder,
        issuer: { code: issuer.code, name: issuer.name },
        issuedOn: day,
        validFrom: day,
        validUntil: null,
        fields: structuredClone(sample.example as Record<string, unknown>),
      },
      signedQr: {
        verifierBaseUrl: "https://verify.invalid",
        claims: {
          identifier,
          holderName: `${[...holder.name][0] ?? "*"}***`,
          holderCode: `${holder.code.slice(0, 4)}****`,
          validFrom: day,
          validUntil: null,
          issuedAt: now.toISOString(),
          publicToken: `warmup${i}`,
        },
      },
      now,
    };
  });
}
