// The CLI speaks the reader's language: Chinese on a Chinese locale (LC_ALL, LC_MESSAGES, LANG in POSIX order) or
// with --lang zh, English otherwise; usage, user errors and the registry's error codes alike.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseLang, localeLang } from "./lang.js";
import { main } from "./main.js";
import { COMMAND_USAGE, type CommandName } from "./usage.js";
import { COMMAND_USAGE_ZH } from "./usage-zh.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const HAN = /\p{Script=Han}/u;
const FOOD = "11100000MB0143028R013";
const MARKET = "11441521MB2C97310M";

describe("the CLI's language", () => {
  it("follows the locale in POSIX order, Chinese only for zh locales", () => {
    expect(localeLang({ LANG: "zh_CN.UTF-8" })).toBe("zh");
    expect(localeLang({ LANG: "zh_TW" })).toBe("zh");
    expect(localeLang({ LANG: "zh" })).toBe("zh");
    expect(localeLang({ LC_ALL: "C.UTF-8", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(localeLang({ LC_ALL: "", LC_MESSAGES: "zh_CN.UTF-8", LANG: "en_GB.UTF-8" })).toBe("zh");
    expect(localeLang({ LANG: "en_US.UTF-8" })).toBe("en");
    expect(localeLang({ LANG: "zhx_YY" })).toBe("en");
    expect(localeLang({})).toBe("en");
  });

  it("takes --lang off the line wherever it stands (not after --), and refuses other values", () => {
    expect(chooseLang(["keys", "--lang", "zh", "list"], {})).toEqual({ lang: "zh", argv: ["keys", "list"] });
    expect(chooseLang(["--lang=en", "audit", "verify"], { LANG: "zh_CN.UTF-8" })).toEqual({
      lang: "en",
      argv: ["audit", "verify"],
    });
    expect(chooseLang(["verify", "--", "--lang", "zh"], {}).argv).toEqual(["verify", "--", "--lang", "zh"]);
    expect(() => chooseLang(["--lang", "fr"], {})).toThrow(/zh or en/);
  });

  it("prints every usage in Chinese on a Chinese locale, and in English with --lang en", async () => {
    for (const name of Object.keys(COMMAND_USAGE) as CommandName[]) {
      expect(COMMAND_USAGE_ZH[name], name).toMatch(HAN);
      expect(COMMAND_USAGE_ZH[name].startsWith("用法：elicence "), name).toBe(true);
    }
    const zh = await run(["--help"], { LANG: "zh_CN.UTF-8" });
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^用法：elicence <命令>/u);
    expect((await run(["keys", "create", "--help"], { LANG: "zh_CN.UTF-8" })).out).toBe(
      COMMAND_USAGE_ZH["keys create"],
    );
    const en = await run(["--help", "--lang", "en"], { LANG: "zh_CN.UTF-8" });
    expect(en.out).toMatch(/^usage: elicence <command>/u);
    expect(en.out).not.toMatch(HAN);
    const bad = await run(["--lang", "fr", "--help"], {});
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lang takes zh or en, not "fr"');
  });

  it("says user mistakes and the registry's error codes in Chinese, with the command's Chinese usage", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-lang-"));
    dirs.push(dir);
    const env = {
      LANG: "zh_CN.UTF-8",
      ELICENCE_DATA_DIR: dir,
      ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
    };
    const noRole = await run(["keys", "create"], env);
    expect(noRole.code).toBe(2);
    expect(noRole.err).toContain("须给出 --role");
    expect(noRole.err).toContain(COMMAND_USAGE_ZH["keys create"]);
    const noStore = await run(["keys", "create", "--role", "admin"], env);
    expect(noStore.code).toBe(2);
    expect(noStore.err).toMatch(/数据目录 .* 中没有存储/u);
    // A registry error: the code, its Chinese words, and each detail's.
    const badRole = await run(["keys", "create", "--role", "superuser", "--init"], env);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toMatch(/REG_[A-Z_]+: .*\p{Script=Han}/u);
    expect(badRole.err).toContain("角色须为 admin、issuer、clerk、auditor 之一。");
    const unknown = await run(["frobnicate"], env);
    expect(unknown.err).toContain('没有 "frobnicate" 这个命令');
  });

  it("reports a register import in Chinese: the summary and each problem's Chinese explanation", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "elicence-lang-import-"));
    dirs.push(dir);
    const env = {
      LANG: "zh_CN.UTF-8",
      ELICENCE_DATA_DIR: path.join(dir, "data"),
      ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
    };
    const template = path.join(dir, "template.csv");
    expect((await run(["import", "template", "--type", FOOD, "--out", template], env)).code).toBe(0);
    const [header, example] = readFileSync(template, "utf8")
      .replace(/^\uFEFF/u, "")
      .split(/\r?\n/u);
    // The second row's credit code loses its check character: one problem, in Chinese.
    const register = path.join(dir, "register.csv");
    writeFileSync(
      register,
      [header, example, example!.replace("91441521MA55C7TBXR", "91441521MA55C7TBX0")].join("\n"),
    );
    expect((await run(["init"], env)).code).toBe(0);
    const r = await run(["import", register, "--type", FOOD, "--department", MARKET, "--dry-run"], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain("共 2 行：可导入 1");
    expect(r.out).toContain("（试运行：未保存任何内容）");
    expect(r.err).toMatch(/第 3 行 \[B 统一社会信用代码\]：REG_[A-Z_]+：\p{Script=Han}/u);
  });
});
