// The reason line of a suspended or ended licence: the registry sends a reason code (never words, never the issuer's
// internal note); the words come from the one list in the registry. Anything that is not a code is not shown: the
// page never repeats text it cannot vouch for.
import { reasonWords } from "@elicence/core";
import { t } from "./i18n.js";
import type { Line } from "./verdict.js";

export function reasonLines(code: string | undefined): Line[] {
  const words = reasonWords(code);
  if (!words) return [];
  return [
    {
      text: {
        zh: t.statusReason.zh.replace("{reason}", words.zh),
        en: t.statusReason.en.replace("{reason}", words.en),
      },
    },
  ];
}
