// The README's shell blocks as the README test runs them: each ```sh block with its marker comment, split into
// logical commands (backslash continuations joined) with the README line each starts on and its stated result.
import { parseExpectation, type Expectation } from "./expectations.js";

/**
 * `<!-- readme-test: skip: WHY -->` on the line before a block: not run (the test lists it with WHY).
 * `<!-- readme-test: server: COMMAND -->`: the block starts the registry; the test runs COMMAND (which the block
 * must contain) in the background and waits until it answers, as a reader leaves it running in a terminal.
 */
export type Marker = { kind: "skip"; reason: string } | { kind: "server"; command: string };

export interface ReadmeCommand {
  /** README line (1-based) of the command's first line. */
  line: number;
  /** The command as written, continuation lines included. */
  text: string;
  /** False inside a multi-line compound (if/for/while/case, { … }, a heredoc): run as written, not checked alone. */
  topLevel: boolean;
  /** A heredoc's text or terminator: data, not a command. */
  heredocText: boolean;
  expectation: Expectation | null;
}

export interface ReadmeBlock {
  /** 1-based number of the block among the README's shell blocks. */
  number: number;
  /** README line of the opening fence. */
  line: number;
  marker: Marker | null;
  commands: ReadmeCommand[];
}

const FENCE_OPEN = /^```(sh|bash|shell)\s*$/u;
const FENCE_CLOSE = /^```\s*$/u;
const MARKER = /^<!--\s*readme-test:\s*(\w+)\s*:\s*(.+?)\s*-->$/u;
const OPENERS = /^(if|for|while|until|case|select)\b/u;
const CLOSERS = /^(fi|done|esac)\b|^[})]/u;
const ONE_LINE_COMPOUND = /(;|\bthen|\bdo)\s*(fi|done|esac)\s*(#.*)?$|\bin\b.*\besac\s*(#.*)?$/u;
const HEREDOC = /<<-?\s*(['"]?)(\w+)\1/u;

function markerOf(lines: string[], fenceIndex: number): Marker | null {
  let i = fenceIndex - 1;
  while (i >= 0 && lines[i]!.trim() === "") i--;
  const m = i >= 0 ? MARKER.exec(lines[i]!.trim()) : null;
  if (!m) return null;
  const [, kind, value] = m;
  if (kind === "skip") return { kind, reason: value! };
  if (kind === "server") return { kind, command: value! };
  throw new Error(
    `README line ${i + 1}: unknown readme-test marker "${kind}" (use skip: WHY or server: COMMAND)`,
  );
}

/** Splits a block's lines into logical commands, tracking compounds and heredocs so those run as written. */
function commandsOf(code: string[], firstLine: number): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let depth = 0;
  let heredoc: string | null = null;
  for (let i = 0; i < code.length; i++) {
    const start = i;
    const parts = [code[i]!];
    while (/\\$/u.test(code[i]!) && i + 1 < code.length) parts.push(code[++i]!);
    const text = parts.join("\n");
    const trimmed = text.trim();
    if (trimmed === "" || (trimmed.startsWith("#") && depth === 0 && heredoc === null)) continue;
    const before = depth;
    const heredocText = heredoc !== null;
    let inHeredoc = heredocText;
    if (heredoc !== null) {
      if (trimmed === heredoc) heredoc = null;
    } else {
      const h = HEREDOC.exec(text.replace(/<<</gu, ""));
      if (h) {
        heredoc = h[2]!;
        inHeredoc = true;
      }
      // An opening keyword, or a line left open by `{`, `(` or `$(`, starts a compound; a closer ends one.
      if (OPENERS.test(trimmed) && !ONE_LINE_COMPOUND.test(trimmed)) depth++;
      else if (/[{(]\s*(#.*)?$/u.test(trimmed)) depth++;
      if (CLOSERS.test(trimmed)) depth = Math.max(0, depth - 1);
    }
    const topLevel = before === 0 && depth === 0 && !inHeredoc;
    commands.push({
      line: firstLine + start,
      text,
      topLevel,
      heredocText,
      expectation: topLevel ? parseExpectation(parts[parts.length - 1]!) : null,
    });
  }
  return commands;
}

export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE_OPEN.test(lines[i]!)) continue;
    const open = i;
    const code: string[] = [];
    for (i++; i < lines.length && !FENCE_CLOSE.test(lines[i]!); i++) code.push(lines[i]!);
    if (i >= lines.length) throw new Error(`README line ${open + 1}: a shell block is never closed`);
    const marker = markerOf(lines, open);
    blocks.push({ number: blocks.length + 1, line: open + 1, marker, commands: commandsOf(code, open + 2) });
  }
  return blocks;
}

const IGNORED_WORDS = new Set(
  "if then else elif fi for while until do done case esac select function time declare local source [[ ]] { } !".split(
    " ",
  ),
);

/** The programs a block calls (first words of its commands and pipelines), to skip it when one is not installed. */
export function programsOf(block: ReadmeBlock): string[] {
  const names = new Set<string>();
  for (const c of block.commands) {
    if (c.heredocText) continue;
    const code = c.text
      .replace(/'[^']*'/gu, "''")
      .replace(/(^|\s)#.*$/gmu, "")
      .replace(/\\\n/gu, " ");
    for (const segment of code.split(/\|\||&&|[|;&`\n]|\$\(/u)) {
      const words = segment.trim().replace(/^(\w+=\S*\s*)+/u, "");
      const first = /^[A-Za-z][\w.+-]*/u.exec(words)?.[0];
      if (first && !IGNORED_WORDS.has(first) && /^[A-Za-z][\w.+-]*(\s|$)/u.test(words)) names.add(first);
    }
  }
  return [...names];
}
