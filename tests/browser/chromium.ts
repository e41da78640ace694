import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium` package; playwright-core drives it, and downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium for the browser tests. The networking flags matter here: without them
 * Chromium phones home (component updates, sync, QUIC probes) and this machine's closed
 * network refuses those connections, which slows startup and litters the logs.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}, and it is not installed. ` +
        '.ci/run installs it (Debian package "chromium"); on your machine run `apt-get install -y chromium`.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
