// What `elicence serve` does about the public base URL before it opens the PKI when none is recorded yet (a new data
// directory, or one from before base URLs were recorded): on a terminal with no ELICENCE_BASE_URL it asks (the default
// shown, Enter keeps it); otherwise the configured one is recorded, with a warning when it is a loopback address,
// since every PDF sealed from now on carries it.
import { createInterface } from "node:readline/promises";
import { baseUrlProblem, isLoopbackUrl, normaliseBaseUrl } from "@elicence/registry";
import type { Env, Out } from "./context.js";

export interface Terminal {
  /** stdin and stdout are both a terminal: someone can answer. */
  interactive: boolean;
  question(prompt: string): Promise<string>;
}

export function processTerminal(): Terminal {
  return {
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    async question(prompt) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(prompt);
      } finally {
        rl.close();
      }
    },
  };
}

const ASKS = 3;

/**
 * The base URL to record when none is: the answer to a prompt on a terminal (no ELICENCE_BASE_URL), else `configured`.
 * Returns the environment to load the configuration from (ELICENCE_BASE_URL set to the answer when one was given).
 */
export async function chooseFirstBaseUrl(
  configured: string,
  env: Env,
  out: Out,
  terminal: Terminal,
): Promise<Env> {
  let chosen = { url: configured, env };
  if (terminal.interactive && !env.ELICENCE_BASE_URL?.trim()) {
    out.log(
      "The public base URL goes into every sealed PDF's QR code and into the certificates' CRL and OCSP links:",
    );
    out.log(
      "give the address citizens and verifiers reach this registry at (e.g. https://licences.gov.example).",
    );
    for (let i = 0; i < ASKS; i++) {
      const answer = normaliseBaseUrl(await terminal.question(`public base URL [${configured}]: `));
      if (answer === "") break;
      const problem = baseUrlProblem(answer);
      if (!problem) {
        chosen = { url: answer, env: { ...env, ELICENCE_BASE_URL: answer } };
        break;
      }
      out.err(`elicence: ${problem}`);
    }
  }
  if (isLoopbackUrl(chosen.url))
    out.err(
      `elicence: WARNING: recording the public base URL ${chosen.url}, a loopback address: the QR codes and certificate links of every PDF sealed from now on point at it and no phone can reach them. Set ELICENCE_BASE_URL to the public address and start with --accept-new-base-url, then \`elicence reseal --since DATE\`.`,
    );
  return chosen.env;
}
