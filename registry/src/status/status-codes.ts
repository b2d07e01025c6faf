// Codes of the public live-status endpoint (VER_STATUS_*): documented in docs/errors.md, never reused.
import type { Bilingual } from "@elicence/core";

export const STATUS_CODES = {
  VER_STATUS_UNKNOWN: {
    en: "No licence has this status token: check the QR code was read whole, or ask the issuing department.",
    zh: "没有与此状态令牌对应的证照：请确认二维码已完整读取，或联系发证机关。",
  },
} as const satisfies Record<string, Bilingual>;

export type StatusCode = keyof typeof STATUS_CODES;
