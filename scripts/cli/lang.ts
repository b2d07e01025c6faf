// The language the CLI speaks: `--lang zh|en` anywhere on the line (before a `--`) wins; otherwise the locale, as
// POSIX orders it (LC_ALL, then LC_MESSAGES, then LANG): Chinese when it names zh (zh_CN.UTF-8, zh_TW …), English
// otherwise. Output meant for programs (--json, keys on stdout, CSV) is the same in both.
import { UsageError } from "./usage.js";

export type Lang = "zh" | "en";

export const LANGS: readonly Lang[] = ["zh", "en"];

/** The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is set and not empty decides. */
export function localeLang(env: Record<string, string | undefined>): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== "") ?? "";
  return /^zh([_.@-]|$)/iu.test(locale) ? "zh" : "en";
}

/** Takes `--lang X` / `--lang=X` off the line; the rest goes to the command as if it had never been there. */
export function chooseLang(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): { lang: Lang; argv: string[] } {
  const end = argv.indexOf("--");
  const head = end < 0 ? [...argv] : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  let lang: Lang | undefined;
  const rest: string[] = [];
  for (let i = 0; i < head.length; i++) {
    const a = head[i]!;
    let value: string | undefined;
    if (a === "--lang") value = head[++i] ?? "";
    else if (a.startsWith("--lang=")) value = a.slice("--lang=".length);
    else {
      rest.push(a);
      continue;
    }
    if (!(LANGS as readonly string[]).includes(value))
      throw new UsageError(`--lang takes zh or en, not "${value}" (--lang 取值为 zh 或 en)`);
    lang = value as Lang;
  }
  return { lang: lang ?? localeLang(env), argv: [...rest, ...tail] };
}
