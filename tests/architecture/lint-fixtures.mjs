// Lints the files given on the command line with the repository's ESLint configuration, in one
// process, and prints ESLint's results as JSON (`eslint --format json`'s shape): the configuration
// is an ES module and ESLint loads its TypeScript project once for all of them, where one
// `eslint` process per file would load it again each time. Files ignored by the configuration
// (the lint fixtures) are linted all the same (`--no-ignore`).
// Used by tests/architecture/module-boundaries.unit.spec.ts.
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd(), ignore: false });
const results = await eslint.lintFiles(process.argv.slice(2));
process.stdout.write(JSON.stringify(results.map(({ filePath, messages }) => ({ filePath, messages }))));
