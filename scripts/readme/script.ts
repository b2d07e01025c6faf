// The bash script the README test runs: the runnable blocks in order, in one shell (as a reader pastes them into
// one terminal), under `set -e`. Each top-level command runs in a brace group (so its assignments and `cd` stay)
// with its output kept in RESULTS/<n>.{out,err,rc} for the check, then shown; a command that exits otherwise than
// the README says stops the script. Anything else that fails names its README line through the ERR trap.
import type { ReadmeBlock, ReadmeCommand } from "./blocks.js";

export interface CheckedCommand {
  id: number;
  block: ReadmeBlock;
  command: ReadmeCommand;
}

export interface ReadmeScript {
  text: string;
  checked: CheckedCommand[];
  /** README line of each script line (1-based script line → README line), for the ERR trap's report. */
  readmeLine: Map<number, number>;
}

export const FAILED_AT = "readme-test: failed at script line ";

const q = (s: string) => `'${s.replace(/'/gu, `'\\''`)}'`;

/** `rewrite` adapts a command to the test's environment (the port) without changing what it does. */
export function buildScript(
  blocks: ReadmeBlock[],
  resultsDir: string,
  rewrite: (text: string) => string,
): ReadmeScript {
  const out: string[] = [];
  const readmeLine = new Map<number, number>();
  const checked: CheckedCommand[] = [];
  const emit = (line: string, readme?: number) => {
    out.push(line);
    if (readme !== undefined) readmeLine.set(out.length, readme);
  };
  emit("set -e");
  emit(`trap 'echo "${FAILED_AT}$LINENO" >&2' ERR`);
  emit(`RESULTS=${q(resultsDir)}`);
  for (const block of blocks) {
    emit(`# README block ${block.number} (line ${block.line})`);
    for (const command of block.commands) {
      const lines = rewrite(command.text).split("\n");
      if (!command.topLevel) {
        lines.forEach((l, i) => emit(l, command.line + i));
        continue;
      }
      const id = checked.length + 1;
      checked.push({ id, block, command });
      const f = `"$RESULTS/${id}`;
      const want = command.expectation?.exit ?? 0;
      emit("set +e");
      emit("{", command.line);
      lines.forEach((l, i) => emit(l, command.line + i));
      emit(`} >${f}.out" 2>${f}.err"`, command.line);
      emit(`echo $? >${f}.rc"`);
      emit("set -e");
      emit(`cat ${f}.out"; cat ${f}.err" >&2`);
      emit(`[ "$(cat ${f}.rc")" = ${want} ] || exit 97`, command.line);
    }
  }
  emit("trap - ERR");
  return { text: out.join("\n") + "\n", checked, readmeLine };
}
