// Scanning with the phone's camera: getUserMedia into a <video>, frames read a few times a second with jsQR.
import { decodeQrFrom } from "./qr-decode.js";

export interface CameraScan {
  stop(): void;
}

/** Starts the rear camera; calls onText once with the first QR code seen, then stops by itself. */
export async function startCameraScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<CameraScan | null> {
  if (!navigator.mediaDevices?.getUserMedia) return null;
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" } },
      audio: false,
    });
  } catch {
    return null;
  }
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  const canvas = document.createElement("canvas");
  let stopped = false;
  let timer = 0;
  const stop = () => {
    stopped = true;
    window.clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const tick = () => {
    if (stopped) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const text = decodeQrFrom(video, video.videoWidth, video.videoHeight, canvas, 720);
      if (text) {
        stop();
        onText(text);
        return;
      }
    }
    timer = window.setTimeout(tick, 150);
  };
  tick();
  return { stop };
}
