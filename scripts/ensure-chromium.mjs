// Makes sure a Chromium exists for the tests: finds one, else installs one, else says what to install.
import { execSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

function attempt(command) {
  try {
    execSync(command, { stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let found = findChromium();
if (!found) {
  console.log('No Chromium found; trying Playwright’s download…');
  attempt('npx playwright install chromium');
  found = findChromium();
}
if (!found && isRoot && attempt('command -v apt-get >/dev/null')) {
  console.log('Playwright could not download a browser; installing Debian’s chromium…');
  attempt('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  found = findChromium();
}
if (!found) {
  console.error(
    'The tests need Chromium and none could be installed.\n' +
      '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
      '  elsewhere:     npx playwright install chromium\n' +
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
  process.exit(1);
}
console.log(`Chromium: ${found}`);
