/** Debian's chromium (`apt-get install chromium`): browsers that test tools download do not run here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags of every browser spec's headless run: no sandbox (root in a container), no GPU, no traffic of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
