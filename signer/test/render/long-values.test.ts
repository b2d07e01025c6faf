// Long real-world values wrap inside their boxes and stay on the page; an absent optional field leaves no gap; values
// the layout cannot hold or the font cannot draw fail with a code that names the field.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RenderError, renderLicence } from "../../src/render/index.js";
import type { RenderInput } from "../../src/render/index.js";
import { compact, exampleInput, haveTools, pdfTextCompact, pdfWords, run } from "./helpers.js";
import type { BboxWord } from "./helpers.js";

const BUSINESS = "11100000MB0143028R001";
const ok = haveTools(["pdftotext", "qpdf"], "long-values");
const work = mkdtempSync(path.join(tmpdir(), "elicence-render-long-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LONG_NAME = "深圳市前海深港现代服务业合作区某某国际供应链管理股份有限公司海丰县分公司第一营业部";
const LONG_ISSUER = "深圳市前海深港现代服务业合作区市场监督管理局";
// About 600 characters, with the codes, numbers and Latin words real scopes carry.
const LONG_SCOPE =
  "一般经营项目是：国际货运代理；国内货物运输代理；供应链管理服务；无船承运业务；报关业务；报检业务；" +
  "进出口代理；货物进出口；技术进出口；普通货物仓储服务（不含危险化学品等需许可审批的项目）；" +
  "装卸搬运；包装服务；信息咨询服务（不含许可类信息咨询服务）；企业管理咨询；市场营销策划；" +
  "会议及展览服务；计算机软硬件及辅助设备批发；电子产品销售；五金产品批发；日用百货销售；" +
  "第一类医疗器械销售；第二类医疗器械销售；化工产品销售（不含许可类化工产品）；金属材料销售；" +
  "建筑材料销售；服装服饰批发；针纺织品及原料销售；食用农产品批发；新鲜水果批发；" +
  "集装箱租赁服务；机械设备租赁；数据处理和存储支持服务；软件开发；信息系统集成服务；" +
  "物联网技术服务；区块链技术相关软件和服务；跨境电子商务平台（如 Amazon、eBay 等）运营服务；" +
  "ISO9001质量管理体系咨询；20英尺及40英尺标准集装箱（TEU）堆存服务；冷链物流（-18℃至4℃）服务；" +
  "网址www.example-supply-chain.com.cn的运营与维护。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" +
  "许可经营项目是：道路货物运输（不含危险货物）；国际道路货物运输；保税仓库经营；海关监管货物仓储服务" +
  "（不含危险化学品、危险货物）；出口监管仓库经营；食品销售；第三类医疗器械经营；酒类经营；" +
  "烟草制品零售；药品批发；危险化学品经营。（依法须经批准的项目，经相关部门批准后方可开展经营活动，" +
  "具体经营项目以相关部门批准文件或许可证件为准）";

async function renderFile(input: RenderInput, name: string): Promise<string> {
  const r = await renderLicence(input);
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, await r.doc.save({ useObjectStreams: false }));
  return file;
}

async function longInput(): Promise<RenderInput> {
  const { input } = await exampleInput(BUSINESS);
  input.licence.holder = { name: LONG_NAME, code: "91440300MA5FXXX12Q" };
  input.licence.issuer = { name: LONG_ISSUER, code: "11440300MB2C97310M" };
  input.licence.fields.businessScope = LONG_SCOPE;
  return input;
}

/** The first word whose text starts with `prefix` (pdftotext splits at spaces; CJK lines come out whole). */
function firstWord(words: BboxWord[], prefix: string): BboxWord {
  const w = words.find((x) => x.text.startsWith(prefix));
  if (!w) throw new Error(`no word starting with ${prefix}`);
  return w;
}

describe("long values", () => {
  it("the scope is really about 600 characters", () => {
    expect([...LONG_SCOPE].length).toBeGreaterThanOrEqual(580);
    expect([...LONG_SCOPE].length).toBeLessThanOrEqual(700);
  });
});

describe.skipIf(!ok)("long values on the business licence", () => {
  it("wrap inside their boxes: all text present, every word on the page, scope lines within the value box", async () => {
    const input = await longInput();
    const file = await renderFile(input, "long");
    expect(run("qpdf", ["--check", file]).status).toBe(0);

    const text = pdfTextCompact(file);
    for (const value of [LONG_NAME, LONG_SCOPE, LONG_ISSUER, input.licence.identifier])
      expect(text).toContain(compact(value));

    const { width, height, words } = pdfWords(file);
    expect(words.length).toBeGreaterThan(50);
    for (const w of words) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(0);
      expect(w.yMin, w.text).toBeGreaterThanOrEqual(0);
      expect(w.xMax, w.text).toBeLessThanOrEqual(width);
      expect(w.yMax, w.text).toBeLessThanOrEqual(height);
    }

    // The scope's value box: column 0 starts at 22 mm, label 27 mm, box 100 mm wide (layout.json).
    const mm = (v: number) => (v * 72) / 25.4;
    const boxLeft = mm(22 + 27);
    const boxRight = boxLeft + mm(100);
    const scopeStart = firstWord(words, "一般经营项目是");
    const scope = compact(LONG_SCOPE);
    const scopeWords = words.filter(
      (w) => w.yMin >= scopeStart.yMin - 0.5 && w.text.length >= 2 && scope.includes(w.text),
    );
    expect(scopeWords.length).toBeGreaterThan(10);
    // Every word of the scope together gives the whole scope back: nothing was dropped or placed elsewhere.
    expect(scopeWords.map((w) => w.text).join("")).toBe(scope);
    for (const w of scopeWords) expect(w.xMin, w.text).toBeGreaterThanOrEqual(boxLeft - 0.5);
    for (const w of scopeWords) expect(w.xMax, w.text).toBeLessThanOrEqual(boxRight + 0.5);
    // Nothing of the scope runs into the footer notices (184 mm from the top).
    const lowest = Math.max(...scopeWords.map((w) => w.yMax));
    expect(lowest).toBeLessThan(mm(184));

    // The long name wraps onto two lines, both inside the same box.
    const nameStart = firstWord(words, "深圳市前海深港");
    expect(nameStart.xMax).toBeLessThanOrEqual(boxRight + 0.5);
    expect(compact(text)).toContain(compact(LONG_NAME));
  });

  it("a scope far beyond its box continues on attachment pages: head ends with （续见附页）, nothing lost", async () => {
    const input = await longInput();
    input.licence.fields.businessScope = LONG_SCOPE.repeat(3);
    const rendered = await renderLicence(input);
    expect(rendered.pageCount).toBeGreaterThanOrEqual(2);
    const file = path.join(work, "continued.pdf");
    writeFileSync(file, await rendered.doc.save({ useObjectStreams: false }));
    expect(run("qpdf", ["--check", file]).status).toBe(0);
    const text = pdfTextCompact(file);
    expect(text).toContain("（续见附页）");
    expect(text).toContain("经营范围（续）");
    expect(text).toContain(`第1页共${rendered.pageCount}页`);
    expect(text).toContain(`第2页共${rendered.pageCount}页`);
    // The scope's characters, in order, are the head (without the mark) followed by the continuation.
    const scopeLines = rendered.placements
      .filter((p) => p.field === "businessScope")
      .flatMap((p) => p.lines.map((l) => l.text));
    expect(compact(scopeLines.join("").replace("（续见附页）", ""))).toBe(compact(LONG_SCOPE.repeat(3)));
    for (const line of scopeLines) expect(text).toContain(compact(line));
  });

  it("shrinks a scope that fits at a smaller size instead of continuing it (600 and 800 characters: one page)", async () => {
    for (const n of [600, 800]) {
      const input = await longInput();
      input.licence.fields.businessScope = [...LONG_SCOPE.repeat(2)].slice(0, n).join("");
      const rendered = await renderLicence(input);
      expect(rendered.pageCount, `${n} characters`).toBe(1);
    }
  });

  it("moves the rows up when an optional field is absent (no gap)", async () => {
    const { input: full } = await exampleInput(BUSINESS);
    const { input: without } = await exampleInput(BUSINESS);
    delete without.licence.fields.registeredCapital;
    const withWords = pdfWords(await renderFile(full, "with-capital")).words;
    const withoutWords = pdfWords(await renderFile(without, "without-capital")).words;

    const capitalRow = firstWord(withWords, "人民币伍佰万元");
    const establishedWith = firstWord(withWords, "2019年04月16日");
    const establishedWithout = firstWord(withoutWords, "2019年04月16日");
    expect(withoutWords.some((w) => w.text.includes("人民币伍佰万元") || w.text.includes("注册资本"))).toBe(
      false,
    );
    // 成立日期 takes exactly the place 注册资本 had, one row higher than before.
    expect(establishedWithout.yMin).toBeCloseTo(capitalRow.yMin, 1);
    expect(establishedWith.yMin - establishedWithout.yMin).toBeGreaterThan(10);
  });
});

describe("values the layout or the font cannot take", () => {
  async function failure(mutate: (input: RenderInput) => void): Promise<RenderError> {
    const { input } = await exampleInput(BUSINESS);
    mutate(input);
    const err = await renderLicence(input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RenderError);
    return err as RenderError;
  }

  it("a column without room for even one line of a row fails with SIG_RENDER_TEXT_OVERFLOW naming the field", async () => {
    const err = await failure((i) => {
      const column = i.layout.body.columns[1];
      if (!column) throw new Error("the business licence layout has two columns");
      i.layout = structuredClone(i.layout);
      const squeezed = i.layout.body.columns[1];
      if (squeezed) squeezed.bottomMm = column.topMm + 20;
    });
    expect(err.code).toBe("SIG_RENDER_TEXT_OVERFLOW");
    expect(err.message).toMatch(/^(registeredCapital|establishedOn|domicile):/u);
  });

  it("a character outside the font fails with SIG_RENDER_GLYPH_MISSING naming the field and code point", async () => {
    const err = await failure((i) => (i.licence.holder.name = "海丰县\u{20000}记有限公司"));
    expect(err.code).toBe("SIG_RENDER_GLYPH_MISSING");
    expect(err.message).toContain("holder.name");
    expect(err.message).toContain("U+20000");
  });

  it("a required field missing from the licence fails with SIG_RENDER_FIELD_MISSING naming it", async () => {
    const err = await failure((i) => delete i.licence.fields.entityType);
    expect(err.code).toBe("SIG_RENDER_FIELD_MISSING");
    expect(err.message).toContain("entityType");
  });
});
