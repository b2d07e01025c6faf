// A README command's stated result, `# → …` at the end of its last line, and the check of what it printed:
//   `# → 201 { identifier, version: "001", … }`  the last HTTP status curl got, and the JSON it printed: the keys
//                                               named are present, a key with a value has that value;
//   `# → exit 1, "…"`                            the exit status (0 when not stated);
//   `"quoted text"`                              each appears in what the command printed (stdout or stderr).
// Words outside quotes and braces are for the reader. Every command also fails on an HTTP answer ≥ 400 that it
// does not state, so a `curl -s` that was refused cannot pass unnoticed.

export interface Expectation {
  /** The text after the arrow, for messages. */
  source: string;
  status?: number;
  exit?: number;
  json?: { key: string; value?: unknown }[];
  texts: string[];
}

export interface CommandRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What the README test's curl configuration writes to stderr after every transfer. */
export const HTTP_STATUS_LINE = "readme-test: HTTP ";

const ARROW = /\s#\s*→\s*(.*)$/u;

function jsonEntries(inner: string): { key: string; value?: unknown }[] {
  const entries: { key: string; value?: unknown }[] = [];
  for (const part of inner.split(",")) {
    const p = part.trim();
    if (p === "" || p === "…" || p === "...") continue;
    const m = /^"?([\w.-]+)"?\s*(?::\s*(.+))?$/u.exec(p);
    if (!m) throw new Error(`cannot read "${p}" in a stated JSON result`);
    let value: unknown;
    if (m[2] !== undefined)
      try {
        value = JSON.parse(m[2]);
      } catch {
        value = undefined; // e.g. `licences: […]`: the key is checked, the value is for the reader
      }
    entries.push(value === undefined ? { key: m[1]! } : { key: m[1]!, value });
  }
  return entries;
}

/** The stated result on a command's last line, or null when it states none. */
export function parseExpectation(lastLine: string): Expectation | null {
  const m = ARROW.exec(lastLine);
  if (!m) return null;
  const source = m[1]!.trim();
  let rest = source;
  const exp: Expectation = { source, texts: [] };
  const status = /^(\d{3})\b/u.exec(rest);
  const exit = /^exit (\d+)\b/u.exec(rest);
  if (status) exp.status = Number(status[1]);
  if (exit) exp.exit = Number(exit[1]);
  const brace = /\{([^{}]*)\}/u.exec(rest);
  if (brace) {
    exp.json = jsonEntries(brace[1]!);
    rest = rest.replace(brace[0], "");
  }
  for (const t of rest.matchAll(/"([^"]+)"/gu)) exp.texts.push(t[1]!);
  return exp;
}

/** Every way a command's run differs from what the README says of it (nothing stated: exit 0, no HTTP error). */
export function checkRun(exp: Expectation | null, run: CommandRun): string[] {
  const problems: string[] = [];
  const wantExit = exp?.exit ?? 0;
  if (run.exitCode !== wantExit) problems.push(`exited ${run.exitCode}, the README says ${wantExit}`);
  const statuses = [...run.stderr.matchAll(new RegExp(`^${HTTP_STATUS_LINE}(\\d{3})$`, "gmu"))].map((m) =>
    Number(m[1]),
  );
  if (exp?.status !== undefined) {
    const last = statuses.at(-1);
    if (last !== exp.status) problems.push(`HTTP ${last ?? "(no answer)"}, the README says ${exp.status}`);
  } else {
    const bad = statuses.filter((s) => s >= 400);
    if (bad.length > 0)
      problems.push(
        `HTTP ${bad.join(", ")}: an error the README does not state (add # → ${bad[0]} if meant)`,
      );
  }
  if (exp?.json) {
    let body: unknown;
    try {
      body = JSON.parse(run.stdout.trim());
    } catch {
      problems.push("printed no JSON, the README shows a JSON answer");
    }
    if (body !== undefined) {
      const obj = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
      for (const { key, value } of exp.json) {
        if (!(key in obj)) problems.push(`the JSON answer has no "${key}"`);
        else if (value !== undefined && JSON.stringify(obj[key]) !== JSON.stringify(value))
          problems.push(`"${key}" is ${JSON.stringify(obj[key])}, the README says ${JSON.stringify(value)}`);
      }
    }
  }
  for (const t of exp?.texts ?? [])
    if (!run.stdout.includes(t) && !run.stderr.includes(t)) problems.push(`did not print "${t}"`);
  return problems;
}
