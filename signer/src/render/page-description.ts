// The licence as the layout engine leaves it, before any file format: pages of positioned text runs, stroked boxes
// and QR symbols, the seal to show, and the characters each font weight must carry. A document writer (the PDF
// writer in formats/pdf/, a test's text writer, OFD later) turns it into bytes; nothing here knows a file format.
// Coordinates are points (1/72 in) from the page's top-left corner, y growing downwards, as the layout measures them.
import type { TextPlacement } from "./attachment-pages.js";
import type { QrMatrix } from "./qr.js";
import type { SealSpec } from "./seal.js";

/** A colour as three components from 0 to 1. */
export interface Rgb {
  red: number;
  green: number;
  blue: number;
}

export type FontWeightName = "regular" | "bold";

/** One run of text on one baseline, in one weight and size: the writer picks the font face for each character. */
export interface TextItem {
  kind: "text";
  text: string;
  x: number;
  /** Baseline, from the top of the page. */
  baselineTop: number;
  size: number;
  weight: FontWeightName;
  color: Rgb;
}

/** A stroked rectangle (the frame along the margins). */
export interface BoxItem {
  kind: "box";
  x: number;
  top: number;
  width: number;
  height: number;
  strokeWidth: number;
  color: Rgb;
}

/** A QR symbol with its quiet zone, dark modules on a white square of side `side`. */
export interface QrItem {
  kind: "qr";
  matrix: QrMatrix;
  x: number;
  top: number;
  side: number;
}

export type PageItem = TextItem | BoxItem | QrItem;

export interface DescribedPage {
  width: number;
  height: number;
  /** In painting order: a later item draws over an earlier one. */
  items: PageItem[];
}

export interface LicenceDescription {
  /** The licence page first, then its attachment pages (附页). */
  pages: DescribedPage[];
  /**
   * The issuing department's round seal, centred on page 1 at (centerX, centerY). A sealed document shows it through
   * its signature (the PDF's signature widget); `onPage` also paints it into the page (previews only).
   */
  seal: { spec: SealSpec; centerX: number; centerY: number; onPage: boolean };
  /** Every character each weight may draw (the seal's lettering is bold): what a writer's font subsets must hold. */
  glyphs: Record<FontWeightName, string>;
  meta: {
    title: string;
    subject: string;
    keywords: string[];
    author: string;
    language: string;
    /** The licence identifier (电子证照标识). */
    identifier: string;
    /** Creation and modification time: the same input gives the same document. */
    created: Date;
  };
  /** Where every row's value was laid out, page by page, with the box it stays in. */
  placements: TextPlacement[];
  qrVersion: number;
}
