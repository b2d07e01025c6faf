// A second document writer, for tests only: the layout engine's page description as one SVG per page. It shows that
// a format is a consumer of the description (render/page-description.ts), with no knowledge of the layout or of PDF;
// SVG shares the description's top-left origin, so positions are copied as they are.
import type { LicenceDescription, PageItem, Rgb } from "../../src/render/index.js";

export function writeSvgPages(description: LicenceDescription): string[] {
  return description.pages.map(
    (page) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}pt" height="${page.height}pt" ` +
      `viewBox="0 0 ${page.width} ${page.height}">\n${page.items.map(svgItem).join("\n")}\n</svg>\n`,
  );
}

function svgItem(item: PageItem): string {
  switch (item.kind) {
    case "text":
      return (
        `<text x="${item.x}" y="${item.baselineTop}" font-size="${item.size}" ` +
        `font-weight="${item.weight === "bold" ? 700 : 400}" fill="${hex(item.color)}">${escape(item.text)}</text>`
      );
    case "box":
      return (
        `<rect x="${item.x}" y="${item.top}" width="${item.width}" height="${item.height}" fill="none" ` +
        `stroke="${hex(item.color)}" stroke-width="${item.strokeWidth}"/>`
      );
    case "qr": {
      const modules: string[] = [];
      const total = item.matrix.size + 8;
      const m = item.side / total;
      for (let row = 0; row < item.matrix.size; row++)
        for (let col = 0; col < item.matrix.size; col++)
          if (item.matrix.isDark(row, col))
            modules.push(
              `<rect class="qr" x="${(col + 4) * m}" y="${(row + 4) * m}" width="${m}" height="${m}"/>`,
            );
      return (
        `<g transform="translate(${item.x} ${item.top})"><rect width="${item.side}" height="${item.side}" fill="#fff"/>` +
        `${modules.join("")}</g>`
      );
    }
  }
}

function hex(c: Rgb): string {
  const part = (v: number) =>
    Math.round(v * 255)
      .toString(16)
      .padStart(2, "0");
  return `#${part(c.red)}${part(c.green)}${part(c.blue)}`;
}

function escape(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

/** The text runs of one SVG page, in order, unescaped. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/gu)].map((m) =>
    (m[1] ?? "").replace(/&lt;/gu, "<").replace(/&gt;/gu, ">").replace(/&amp;/gu, "&"),
  );
}
