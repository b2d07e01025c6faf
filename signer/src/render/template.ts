// The small text-template language of layout.json: "{key}", "{key|、}" (array separator), "{key??长期}" (fallback),
// and "[…]" segments that disappear when a placeholder inside them has no value.

export interface Placeholder {
  key: string;
  /** Separator for array values. */
  join?: string;
  /** Shown when the value is absent. */
  fallback?: string;
}

export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "value"; placeholder: Placeholder }
  | { kind: "optional"; parts: TemplatePart[] };

/** Looks a value up; returns undefined when the licence has no value for the key. */
export type ValueLookup = (key: string, join: string | undefined) => string | undefined;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/u;

/** Parses a template; throws an Error whose message says what is wrong with it. */
export function parseTemplate(template: string): TemplatePart[] {
  let pos = 0;
  const parseSeq = (inOptional: boolean): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    let text = "";
    const pushText = () => {
      if (text) parts.push({ kind: "text", text });
      text = "";
    };
    while (pos < template.length) {
      const ch = template[pos] ?? "";
      if (ch === "{") {
        const end = template.indexOf("}", pos);
        if (end < 0) throw new Error(`unclosed "{" at character ${pos + 1}`);
        pushText();
        parts.push({ kind: "value", placeholder: parsePlaceholder(template.slice(pos + 1, end)) });
        pos = end + 1;
      } else if (ch === "}") {
        throw new Error(`"}" without "{" at character ${pos + 1}`);
      } else if (ch === "[") {
        if (inOptional) throw new Error(`optional segments cannot nest (character ${pos + 1})`);
        pushText();
        pos++;
        const inner = parseSeq(true);
        if (template[pos] !== "]") throw new Error(`unclosed "[" in template`);
        pos++;
        parts.push({ kind: "optional", parts: inner });
      } else if (ch === "]") {
        if (inOptional) break;
        throw new Error(`"]" without "[" at character ${pos + 1}`);
      } else {
        text += ch;
        pos++;
      }
    }
    pushText();
    return parts;
  };
  return parseSeq(false);
}

function parsePlaceholder(body: string): Placeholder {
  let rest = body;
  let fallback: string | undefined;
  const q = rest.indexOf("??");
  if (q >= 0) {
    fallback = rest.slice(q + 2);
    rest = rest.slice(0, q);
  }
  let join: string | undefined;
  const bar = rest.indexOf("|");
  if (bar >= 0) {
    join = rest.slice(bar + 1);
    rest = rest.slice(0, bar);
  }
  const key = rest.trim();
  if (!KEY.test(key))
    throw new Error(`"{${body}}" is not a placeholder: write {key}, {key|separator} or {key??fallback}`);
  const placeholder: Placeholder = { key };
  if (join !== undefined) placeholder.join = join;
  if (fallback !== undefined) placeholder.fallback = fallback;
  return placeholder;
}

/** Every key a template refers to. */
export function placeholderKeys(template: string): string[] {
  const keys: string[] = [];
  const walk = (parts: TemplatePart[]) => {
    for (const p of parts) {
      if (p.kind === "value") keys.push(p.placeholder.key);
      else if (p.kind === "optional") walk(p.parts);
    }
  };
  walk(parseTemplate(template));
  return keys;
}

/**
 * Fills a template. Returns undefined when a placeholder outside any optional segment has no value and no fallback,
 * so the caller can treat the whole line as absent.
 */
export function fillTemplate(template: string, lookup: ValueLookup): string | undefined {
  const fillParts = (parts: TemplatePart[]): string | undefined => {
    let out = "";
    for (const part of parts) {
      if (part.kind === "text") out += part.text;
      else if (part.kind === "optional") out += fillParts(part.parts) ?? "";
      else {
        const value = lookup(part.placeholder.key, part.placeholder.join) ?? part.placeholder.fallback;
        if (value === undefined) return undefined;
        out += value;
      }
    }
    return out;
  };
  return fillParts(parseTemplate(template));
}
