// What independent viewers show of a file: poppler (pdftotext's text and a pdftoppm rendering), MuPDF (mutool's text)
// and pdf.js (text content and the annotations it would draw). Each answer is compared with the same viewer's answer
// on the genuine document, never with our own reading of the file.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";

/** Low resolution keeps a rendering around 50 ms on a shared machine; a changed digit still moves dozens of pixels. */
export const RENDER_DPI = 50;
/** A pixel counts as changed when its grey level moves by more than this (anti-aliasing noise stays below it). */
export const PIXEL_DELTA = 48;
/** A rendering differs when more pixels than this changed. */
export const PIXEL_THRESHOLD = 6;

export const VIEWER_TOOLS = ["pdftotext", "pdftoppm", "mutool", "xargs", "timeout"] as const;

export interface ToolResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export function runTool(cmd: string, args: string[], timeoutMs = 20_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

/** Text compared without whitespace: viewers differ in how they lay words out, not in which characters they show. */
const compact = (s: string) => s.replace(/\s+/gu, "");

export interface Grey {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** A binary PGM (P5, maxval 255) as pdftoppm -gray writes it. */
export function parsePgm(b: Buffer): Grey {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/u.exec(b.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("not a P5 PGM");
  const width = Number(header[1]);
  const height = Number(header[2]);
  return {
    width,
    height,
    pixels: new Uint8Array(b.subarray(header[0].length, header[0].length + width * height)),
  };
}

/** Pixels whose grey level differs by more than PIXEL_DELTA; a size change counts every pixel. */
export function changedPixels(a: Grey, b: Grey): number {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.pixels.length, b.pixels.length);
  let n = 0;
  for (let i = 0; i < a.pixels.length; i++)
    if (Math.abs((a.pixels[i] as number) - (b.pixels[i] as number)) > PIXEL_DELTA) n++;
  return n;
}

export interface View {
  /** pdftotext's text, or an error marker when it failed. */
  poppler: string;
  /** pdftoppm's page 1 in grey, or undefined when it rendered nothing. */
  render?: Grey;
  mupdf: string;
  /** pdf.js's text and annotations. */
  pdfjs: string;
  /** A fingerprint of everything pdf.js would draw on page 1, annotation appearances included. */
  pdfjsDraw: string;
  /** The same for printing: annotations flagged NoView but Print appear only here. */
  pdfjsPrint: string;
}

export interface ViewDiff {
  poppler: boolean;
  render: number;
  mupdf: boolean;
  pdfjs: boolean;
  pdfjsDraw: boolean;
  pdfjsPrint: boolean;
}

export const differs = (d: ViewDiff) =>
  d.poppler || d.render > PIXEL_THRESHOLD || d.mupdf || d.pdfjs || d.pdfjsDraw || d.pdfjsPrint;

export function compareViews(genuine: View, v: View): ViewDiff {
  return {
    poppler: compact(v.poppler) !== compact(genuine.poppler),
    render: v.render && genuine.render ? changedPixels(genuine.render, v.render) : Number.MAX_SAFE_INTEGER,
    mupdf: compact(v.mupdf) !== compact(genuine.mupdf),
    pdfjs: v.pdfjs !== genuine.pdfjs,
    pdfjsDraw: v.pdfjsDraw !== genuine.pdfjsDraw,
    pdfjsPrint: v.pdfjsPrint !== genuine.pdfjsPrint,
  };
}

type PdfJs = typeof PdfJsModule;
let pdfjsModule: Promise<PdfJs> | undefined;
/** pdf.js's Node build, loaded once (it takes seconds on a busy machine). */
export const loadPdfJs = (): Promise<PdfJs> => (pdfjsModule ??= import("pdfjs-dist/legacy/build/pdf.mjs"));

/**
 * pdf.js's view of page 1: its text items, then every annotation it would draw (type, flags, rectangle, field value,
 * whether it has an appearance), since the note and any overlay live in annotations, not in the page's text; and a
 * fingerprint of its operator list.
 */
export async function pdfjsView(data: Uint8Array): Promise<{ text: string; draw: string; print: string }> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const words = content.items.map((i) => ("str" in i ? i.str : "")).join("");
    const annots: Record<string, unknown>[] = await page.getAnnotations();
    // Annotations a viewer does not draw (hidden, or of zero size) are not part of what it shows.
    const drawn = annots.filter((a) => {
      const r = Array.isArray(a.rect) ? (a.rect as number[]) : [];
      return a.hidden !== true && r.length === 4 && r[0] !== r[2] && r[1] !== r[3];
    });
    const described = drawn.map((a) =>
      JSON.stringify([
        a.subtype,
        a.hidden ?? false,
        a.noView ?? false,
        Array.isArray(a.rect) ? a.rect.map((n: number) => Math.round(n)) : null,
        a.fieldValue ?? null,
        a.hasAppearance ?? null,
        (a.contentsObj as { str?: string } | undefined)?.str ?? null,
        a.actions ?? null,
      ]),
    );
    // Without a canvas pdf.js cannot paint, but its operator list is what it would paint: a rendering comparison.
    const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.ENABLE });
    const printed = await page.getOperatorList({
      intent: "print",
      annotationMode: pdfjs.AnnotationMode.ENABLE,
    });
    return {
      text: `pages=${doc.numPages}|${compact(words)}|${described.join(";")}`,
      draw: fingerprint(drawnOperators(ops.fnArray, ops.argsArray, pdfjs.OPS)),
      // Fonts are parsed by now: the print list costs little more.
      print: fingerprint(drawnOperators(printed.fnArray, printed.argsArray, pdfjs.OPS)),
    };
  } catch (e) {
    const error = `ERROR ${e instanceof Error ? e.name : "?"}`;
    return { text: error, draw: error, print: error };
  } finally {
    await task.destroy();
  }
}

/**
 * The operator list without annotation blocks of zero size: pdf.js lists their appearance's operators, but a
 * zero-area rectangle maps them onto nothing, so they are not part of what it shows.
 */
function drawnOperators(
  fns: number[],
  args: unknown[],
  ops: { beginAnnotation: number; endAnnotation: number },
): [number[], unknown[]] {
  const outFns: number[] = [];
  const outArgs: unknown[] = [];
  let skipping = false;
  fns.forEach((fn, i) => {
    if (fn === ops.beginAnnotation) {
      const rect = (args[i] as unknown[] | undefined)?.[1];
      const r = rect && typeof rect === "object" ? Array.from(rect as ArrayLike<number>) : [];
      skipping = r.length === 4 && (r[0] === r[2] || r[1] === r[3]);
    }
    if (!skipping) {
      outFns.push(fn);
      outArgs.push(args[i]);
    }
    if (fn === ops.endAnnotation) skipping = false;
  });
  return [outFns, outArgs];
}

/**
 * SHA-256 of an operator list: numbers rounded (layout noise), pdf.js's per-document font names made stable
 * ("g_d3_f1" → "g_d_f1"), binary arguments (images, glyph data) hashed in place.
 */
function fingerprint(ops: unknown): string {
  const json = JSON.stringify(ops, (_key, v: unknown) => {
    if (typeof v === "number") return Math.round(v * 100) / 100;
    if (typeof v === "string") return v.replace(/g_d\d+_/gu, "g_d_");
    if (ArrayBuffer.isView(v))
      return `bytes:${v.byteLength}:${createHash("sha256")
        .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
        .digest("hex")}`;
    return v;
  });
  return createHash("sha256").update(json).digest("hex");
}

/**
 * The three outside viewers over many files with ONE process spawned from Node: a shell feeding `xargs -P` runs
 * pdftotext, pdftoppm and mutool per file. Forking the test process (hundreds of MB) once per tool call cost more
 * system time than the viewers themselves. Each tool is bounded by `timeout` so a hostile file cannot stall the run.
 */
async function runViewers(dir: string, names: string[], concurrency: number): Promise<void> {
  if (names.length === 0) return;
  const perFile = [
    `timeout 20 pdftotext -q -enc UTF-8 -f 1 -l 1 "$1.pdf" "$1.poppler.txt"; echo $? > "$1.poppler.rc"`,
    `timeout 20 pdftoppm -q -gray -r ${RENDER_DPI} -f 1 -l 1 -singlefile "$1.pdf" "$1"; echo $? > "$1.render.rc"`,
    `timeout 20 mutool draw -q -F txt -o "$1.mupdf.txt" "$1.pdf" 1; echo $? > "$1.mupdf.rc"`,
  ].join("; ");
  const list = join(dir, `batch-${names[0] ?? "x"}.list`);
  await writeFile(list, names.map((n) => join(dir, n)).join("\n") + "\n");
  const r = await runTool(
    "sh",
    ["-c", `xargs -P ${concurrency} -I{} sh -c '${perFile}' _ {} < "${list}"`],
    120_000,
  );
  if (r.code !== 0) throw new Error(`the viewer batch failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

async function outcomeOf(base: string, tool: string): Promise<string> {
  const rc = (await readText(`${base}.${tool}.rc`))?.trim() ?? "missing";
  if (rc !== "0") return `ERROR exit ${rc}`;
  return (await readText(`${base}.${tool}.txt`)) ?? "ERROR no output";
}

/** Writes each document as `dir/name.pdf` and returns what every viewer shows of it. */
export async function viewAll(
  dir: string,
  docs: { name: string; data: Uint8Array }[],
  concurrency: number,
): Promise<View[]> {
  await Promise.all(docs.map((d) => writeFile(join(dir, `${d.name}.pdf`), d.data)));
  // pdf.js runs in this thread while the shell keeps the other core busy.
  const [, js] = await Promise.all([
    runViewers(
      dir,
      docs.map((d) => d.name),
      concurrency,
    ),
    (async () => {
      const out: { text: string; draw: string; print: string }[] = [];
      for (const d of docs) out.push(await pdfjsView(d.data));
      return out;
    })(),
  ]);
  return Promise.all(
    docs.map(async (d, i): Promise<View> => {
      const base = join(dir, d.name);
      let render: Grey | undefined;
      if ((await readText(`${base}.render.rc`))?.trim() === "0") {
        try {
          render = parsePgm(await readFile(`${base}.pgm`));
        } catch {
          render = undefined;
        }
      }
      const pdfjs = js[i] as { text: string; draw: string; print: string };
      return {
        poppler: await outcomeOf(base, "poppler"),
        ...(render ? { render } : {}),
        mupdf: await outcomeOf(base, "mupdf"),
        pdfjs: pdfjs.text,
        pdfjsDraw: pdfjs.draw,
        pdfjsPrint: pdfjs.print,
      };
    }),
  );
}
