// Did-you-mean for a register cell that is not one of a field's allowed values (主体业态 typed as 餐饮服务 instead of
// 餐饮服务经营者): the allowed value it is closest to, by the characters they share (no pinyin needed). Offered only when one value is
// clearly closest; the cell itself is never changed.
import type { FieldProperty, LicenceType } from "../catalogue/index.js";

/** Compared as a person reads it: full-width forms folded (NFKC), spaces removed, case ignored. */
const fold = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]+/gu, "")
    .toLowerCase();

/** Levenshtein distance over code points (Chinese characters count one each). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Characters the two have in common, each counted as often as both have it. */
function common(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const c of a) counts.set(c, (counts.get(c) ?? 0) + 1);
  let n = 0;
  for (const c of b) {
    const left = counts.get(c) ?? 0;
    if (left > 0) {
      n++;
      counts.set(c, left - 1);
    }
  }
  return n;
}

/**
 * The allowed value `value` most likely stands for: the same value written differently (full-width, spaces), else
 * the one sharing the most characters with it (at least half of the value's: 餐饮店 → 餐饮服务经营者, 食堂 → 单位食堂),
 * fewer typing slips breaking a tie. Undefined when nothing is that close, or two values are equally close.
 */
export function nearestAllowed(value: string, allowed: readonly string[]): string | undefined {
  const v = fold(value);
  if (v === "") return undefined;
  const need = Math.ceil([...v].length / 2);
  const scored = allowed
    .map((a) => ({ a, f: fold(a) }))
    .map(({ a, f }) => ({ a, same: f === v, shared: common(v, f), distance: editDistance(v, f) }));
  const exact = scored.find((s) => s.same);
  if (exact) return exact.a;
  const [best, second] = scored
    .filter((s) => s.shared >= need)
    .sort((p, q) => q.shared - p.shared || p.distance - q.distance);
  if (!best || (second && second.shared === best.shared && second.distance === best.distance))
    return undefined;
  return best.a;
}

/** The enumeration of a field path (`fields.businessCategory`, `fields.specialItems[1]`), when it has one. */
function allowedAt(type: LicenceType, field: string): readonly string[] | undefined {
  const m = /^fields\.([^.[]+)(\[\d+\])?$/u.exec(field);
  const property: FieldProperty | undefined = m ? type.schema.properties[m[1]!] : undefined;
  const node = m?.[2] ? (property?.items as FieldProperty | undefined) : property;
  return Array.isArray(node?.enum) ? node.enum.filter((x): x is string => typeof x === "string") : undefined;
}

/** The suggestion for a value refused as not allowed at `field`, read from the row's fields. */
export function enumSuggestion(
  type: LicenceType,
  field: string,
  fields: Readonly<Record<string, unknown>>,
): string | undefined {
  const allowed = allowedAt(type, field);
  const m = /^fields\.([^.[]+)(?:\[(\d+)\])?$/u.exec(field);
  if (!allowed || !m) return undefined;
  const top = fields[m[1]!];
  const value = m[2] !== undefined && Array.isArray(top) ? top[Number(m[2])] : top;
  return typeof value === "string" ? nearestAllowed(value, allowed) : undefined;
}
