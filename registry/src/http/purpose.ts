// The stated purpose (用证事由) that every lookup of personal data needs.
import { RegistryError } from "../errors.js";

export function requirePurpose(raw: unknown, field = "purpose"): string {
  const p = typeof raw === "string" ? raw.trim() : "";
  if (p.length === 0)
    throw new RegistryError("REG_PURPOSE_REQUIRED", undefined, [
      {
        field,
        code: "REG_PURPOSE_REQUIRED",
        message: "state why you look this holder up, e.g. purpose=食品经营许可新办审查",
      },
    ]);
  if (p.length > 200)
    throw new RegistryError(
      "REG_PURPOSE_REQUIRED",
      "The purpose is longer than 200 characters; shorten it.",
      [{ field, code: "REG_PURPOSE_TOO_LONG", message: "at most 200 characters" }],
    );
  return p;
}
