// The order jest hands spec files to its workers: longest first, so that no long file starts last
// while the other worker sits idle (with two workers the server tier ends when its slowest worker
// does). jest's own sequencer orders by the durations of the last run in its cache and, without a
// cache (a clean clone: CI), by file size, which puts the fault suites (short files, minutes each)
// near the end. Here a file without a cached duration takes the one recorded in
// test-durations.json (seconds, from a CI run; refresh it when a file's time changes much), else
// a guess by tier. Failed-last-time files still go first (jest's rule).
const { readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = join(__dirname, '../..');
const RECORDED = JSON.parse(readFileSync(join(__dirname, 'test-durations.json'), 'utf8'));
// Seconds for a file neither the cache nor the record knows.
const GUESS = { e2e: 20, int: 3, unit: 1 };

class LongestFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const recorded = RECORDED[relative(ROOT, test.path)];
    if (recorded != null) return recorded * 1000;
    const tier = /\.(unit|int|e2e)\.spec\.ts$/.exec(test.path)?.[1] ?? 'unit';
    return GUESS[tier] * 1000;
  }
}

module.exports = LongestFirst;
