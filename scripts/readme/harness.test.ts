// The README test's own parts: reading blocks, markers and stated results, and judging a command's output. The
// README test passes only if these can tell a wrong answer from a right one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { programsOf, readmeBlocks } from "./blocks.js";
import { checkRun, parseExpectation } from "./expectations.js";
import { buildScript, FAILED_AT } from "./script.js";

const README = [
  "# title",
  "<!-- readme-test: skip: what CI runs -->",
  "```sh",
  "npm ci && npm test",
  "```",
  "",
  "<!-- readme-test: server: npm start -->",
  "",
  "```sh",
  "npm start",
  "```",
  "```sh",
  "ID=$(curl -s localhost:8080/x \\",
  "  -d @body.json | node -p 'a; b')   # → 201 { identifier, version: \"001\", … }",
  "for f in a b; do",
  "  echo $f",
  "done",
  "cat <<EOF",
  "text",
  "EOF",
  'pdfsig nss licence.pdf   # → "Signature is Valid." "Certificate is Trusted."',
  "```",
].join("\n");

describe("README blocks", () => {
  const blocks = readmeBlocks(README);

  it("reads markers, logical commands with their README lines, and compounds run as written", () => {
    expect(blocks.map((b) => b.marker)).toEqual([
      { kind: "skip", reason: "what CI runs" },
      { kind: "server", command: "npm start" },
      null,
    ]);
    const cmds = blocks[2]!.commands;
    expect(cmds.map((c) => [c.line, c.topLevel])).toEqual([
      [13, true],
      [15, false],
      [16, false],
      [17, false],
      [18, false],
      [19, false],
      [20, false],
      [21, true],
    ]);
    expect(cmds[0]!.expectation).toMatchObject({
      status: 201,
      json: [{ key: "identifier" }, { key: "version", value: "001" }],
    });
    expect(cmds[7]!.expectation?.texts).toEqual(["Signature is Valid.", "Certificate is Trusted."]);
  });

  it("names the programs a block calls, not words in quotes or arguments", () => {
    expect(programsOf(blocks[2]!).sort()).toEqual(["cat", "curl", "echo", "node", "pdfsig"]);
  });

  it("refuses an unknown marker rather than running the block", () => {
    expect(() => readmeBlocks("<!-- readme-test: skp: x -->\n```sh\nls\n```\n")).toThrow(
      /unknown readme-test marker/,
    );
  });
});

describe("stated results", () => {
  const exp = parseExpectation('x   # → 201 { identifier, state: "01", … }')!;
  const ok = { exitCode: 0, stdout: '{"identifier":"1.2","state":"01"}', stderr: "readme-test: HTTP 201\n" };

  it("pass when the answer is as stated", () => {
    expect(checkRun(exp, ok)).toEqual([]);
    expect(
      checkRun(parseExpectation('x # → exit 1, "broken"'), {
        exitCode: 1,
        stdout: "",
        stderr: "broken at #3",
      }),
    ).toEqual([]);
  });

  it("fail on another status, a missing key, another value, another exit status or missing text", () => {
    expect(checkRun(exp, { ...ok, stderr: "readme-test: HTTP 409\n" })).toEqual([
      "HTTP 409, the README says 201",
    ]);
    expect(checkRun(exp, { ...ok, stdout: '{"state":"02"}' })).toEqual([
      'the JSON answer has no "identifier"',
      '"state" is "02", the README says "01"',
    ]);
    expect(checkRun(exp, { ...ok, stdout: "<html>" })).toEqual([
      "printed no JSON, the README shows a JSON answer",
    ]);
    expect(checkRun(null, { exitCode: 2, stdout: "", stderr: "" })).toEqual(["exited 2, the README says 0"]);
    expect(
      checkRun(parseExpectation('x # → "Signature is Valid."'), {
        exitCode: 0,
        stdout: "not valid",
        stderr: "",
      }),
    ).toEqual(['did not print "Signature is Valid."']);
  });

  it("fail on an HTTP error the README does not state", () => {
    expect(
      checkRun(null, { exitCode: 0, stdout: "{}", stderr: "readme-test: HTTP 200\nreadme-test: HTTP 403\n" }),
    ).toEqual(["HTTP 403: an error the README does not state (add # → 403 if meant)"]);
  });
});

describe("the script", () => {
  const run = (readme: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-readme-script-"));
    try {
      const script = buildScript(readmeBlocks(readme), dir, (t) => t);
      const r = spawnSync("bash", ["-e", "-c", script.text], { cwd: dir, encoding: "utf8" });
      const at = new RegExp(`${FAILED_AT}(\\d+)`, "u").exec(r.stderr);
      return {
        status: r.status,
        stdout: r.stdout,
        failedAtReadmeLine: at ? script.readmeLine.get(Number(at[1])) : undefined,
        ran: script.checked.map(
          (c) =>
            existsSync(path.join(dir, `${c.id}.rc`)) &&
            readFileSync(path.join(dir, `${c.id}.rc`), "utf8").trim(),
        ),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("keeps variables from block to block and stops at a command that exits otherwise than stated", () => {
    const r = run('```sh\nX=$(echo one)\n```\n```sh\necho "$X"\nfalse\necho never\n```\n');
    expect(r.stdout).toContain("one");
    expect(r.status).toBe(97);
    expect(r.ran).toEqual(["0", "0", "1", false]);
  });

  it("names the README line where a compound failed", () => {
    const r = run("```sh\necho ok\nif true; then\n  false\nfi\n```\n");
    expect(r.status).not.toBe(0);
    expect(r.failedAtReadmeLine).toBe(4);
  });
});
