import { describe, expect, it } from "vitest";
import { RegistryError } from "../errors.js";
import { codedReason, parseStoredReason, transitionFor } from "./transition-reasons.js";
import type { LicenceTransition } from "../domain/licence.js";

const t = (reason: string): LicenceTransition => ({
  identifier: "x",
  operation: "05",
  fromState: "01",
  toState: "07",
  actor: "k",
  at: "2026-12-01T00:00:00.000Z",
  reason,
});

describe("coded reasons", () => {
  it("keeps the code, and the note after it, in the one reason column; reports every problem at once", () => {
    expect(codedReason({ reason: "revoked-by-law" })).toBe("revoked-by-law");
    expect(codedReason({ reason: " licence-lost ", note: " 本人报失 " })).toBe("licence-lost: 本人报失");
    expect(parseStoredReason("licence-lost: 本人报失: 第二次")).toEqual({
      code: "licence-lost",
      note: "本人报失: 第二次",
    });
    expect(parseStoredReason("经营场所变更")).toBeNull();
    try {
      codedReason({ reason: "", note: 7 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegistryError);
      expect((e as RegistryError).details.map((d) => `${d.field}:${d.code}`)).toEqual([
        "reason:REG_REASON_REQUIRED",
        "note:REG_FIELD_FORMAT",
      ]);
    }
  });

  it("shows the note to issuers and auditors only; clerks get codes, never typed words", () => {
    const stored = t("revoked-by-law: 案卷 117");
    expect(transitionFor(stored, { id: "i", role: "issuer", department: "d" })).toMatchObject({
      reason: "revoked-by-law",
      note: "案卷 117",
    });
    expect(transitionFor(stored, { id: "a", role: "auditor", department: null }).note).toBe("案卷 117");
    const clerk = transitionFor(stored, { id: "c", role: "clerk", department: "d" });
    expect(clerk).toMatchObject({ reason: "revoked-by-law" });
    expect(clerk).not.toHaveProperty("note");
    // Typed words reach issuers and auditors as typed; clerks get a code (see free-text-reasons.test.ts).
    expect(transitionFor(t("到期延续"), { id: "i", role: "issuer", department: "d" }).reason).toBe(
      "到期延续",
    );
    expect(transitionFor(t("到期延续"), { id: "c", role: "clerk", department: "d" }).reason).toBe("other");
    expect(transitionFor(t("issue"), { id: "c", role: "clerk", department: "d" }).reason).toBe("issue");
  });
});
