// `elicence verify FILE.pdf` or `elicence verify --qr TEXT`.
import { loadConfig } from "@elicence/registry/offline";
import { REPO_ROOT, type Command } from "../context.js";
import { verifyPdfCommand } from "../verify-pdf.js";
import { verifyQrCommand } from "../verify-qr.js";

export const verifyCommand: Command = async (args, out, env) => {
  const config = loadConfig(env, REPO_ROOT);
  if (args.some((a) => a === "--qr" || a.startsWith("--qr=")))
    return await verifyQrCommand(args, out, config);
  return await verifyPdfCommand(args, out, config);
};
