// Finding a QR code in pixels with jsQR: camera frames and photos both end here.
import jsQR from "jsqr";

const MAX_SIDE = 1280;

/** Draws the image scaled down to at most `maxSide` pixels and looks for a QR code; null when none is found. */
export function decodeQrFrom(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas: HTMLCanvasElement,
  maxSide = MAX_SIDE,
  inversion: "attemptBoth" | "dontInvert" = "dontInvert",
): string | null {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(source, 0, 0, w, h);
  const pixels = ctx.getImageData(0, 0, w, h);
  const found = jsQR(pixels.data, w, h, { inversionAttempts: inversion });
  return found?.data ? found.data : null;
}

/**
 * A photo: jsQR's finder-pattern search depends on the scale, so several sizes are tried, largest first (a QR code
 * that fills little of the picture needs the pixels; a blurry close-up reads better smaller).
 */
export async function decodeQrFromFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    const canvas = document.createElement("canvas");
    const longest = Math.max(bitmap.width, bitmap.height);
    const sides = [
      ...new Set([Math.min(longest, 2000), 1400, 1200, 1000, 800, 600].filter((s) => s <= longest)),
    ];
    for (const side of sides) {
      const text = decodeQrFrom(bitmap, bitmap.width, bitmap.height, canvas, side);
      if (text) return text;
      // Let the page breathe (and show it is working) between attempts.
      await new Promise((r) => setTimeout(r, 0));
    }
    return null;
  } finally {
    bitmap.close();
  }
}
