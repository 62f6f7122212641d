// Bundles each service (dist/apps/<app>/src/main.js, after `npm run build`) into one CommonJS file
// with rolldown (installed with vite), so that a service loads one script instead of about 2,100
// CommonJS modules of dist/ and node_modules, each with its Module object, paths, wrapper and
// source string. Per app, in dist/bundles/:
//   <app>.js              what runs (`node dist/bundles/<app>.js`; the images' dist/main.js requires it)
//   <app>.bundle.js(.map) the bundle and its source map, chained through tsc's maps to the .ts sources
//   <app>.bundle.js.cache V8's code cache of the bundle's top level, made here with this node
//   node tools/bundle/bundle.mjs [app …] [--force] [--stats]
//   node tools/bundle/bundle.mjs --code-cache   only the code caches again, made by this node
//     (the Dockerfile's build stage: `npm run build` runs the node devDependency, the image its own)
//
// Why the code cache: compiling a 5–6 MB script at once (its top level parsed, every function
// pre-parsed) takes about 40 MB of malloc'd parser memory that glibc keeps afterwards, more than
// the bundle saves; from the cache V8 compiles nothing up front. <app>.js compiles the bundle with
// it (node:vm compileFunction, as node's loader would, same require and module) and falls back to
// compiling from source, with a warning, when V8 rejects it (another node version or V8 flags that
// change code). With --enable-source-maps it leaves the bundle to node's loader, which then maps
// stack traces through the .map (nothing reads the map otherwise).
//
// - keepNames: classes and functions keep their `name` (Nest and our code read class names).
// - Whitespace and comments are dropped, nothing renamed or rewritten (no mangle, no compress), and
//   the output is ASCII only (charset 'ascii', checked below): V8 keeps a script with any other
//   character two bytes per character.
// - Left to node_modules (required at run time, as before): `mongodb` and `bson`, so that
//   OpenTelemetry's MongoDB instrumentation still patches the driver through the module loader
//   when spans are exported (it cannot patch a bundled copy); the SDK and its exporters
//   (EXPORT_ONLY), loaded only when spans are exported; packages loaded only in part or for what
//   the services do not do (ON_DEMAND); and the optional peers Nest requires inside try/catch,
//   which are not installed (OPTIONAL_ABSENT): required, they fail as before.
// - Unchanged inputs (every bundled file's size and mtime, package-lock.json, this script): the
//   app is not bundled again (--force does).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import vm from 'node:vm';
import { rolldown } from 'rolldown';

const root = resolve(new URL('../..', import.meta.url).pathname);
const dist = join(root, 'dist');
const out = join(dist, 'bundles');
/** The services an image runs (deploy/docker/Dockerfile); each gets dist/bundles/<app>.js. */
export const BUNDLED_APPS = ['device-registry', 'card-session', 'qualification-lookup', 'voucher-matching', 'audit'];

/** Required only when spans are exported (libs/observability telemetry.ts `otel()`): left to node_modules. */
const EXPORT_ONLY = [
  '@opentelemetry/sdk-node',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation-mongodb',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace',
];
/** The MongoDB driver and its BSON: the MongoDB instrumentation patches them as node loads them. */
const DRIVER = ['mongodb', 'bson'];
/** Optional peers required inside try/catch (Nest's loadPackage, the driver's optional codecs), not installed. */
const OPTIONAL_ABSENT = [
  'class-validator',
  'class-transformer',
  '@nestjs/websockets',
  'amqplib',
  'amqp-connection-manager',
  'ioredis',
  'nats',
  'mqtt',
];
/**
 * Reached by a static require but loaded only for what the services do not do, or only in part:
 * gRPC and protobuf (Nest's gRPC transport), and iconv-lite, whose every encoding table a bundle
 * would hold while node loads only the tables used. From node_modules, as before.
 */
const ON_DEMAND = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'iconv-lite'];
const externalPackages = [...EXPORT_ONLY, ...DRIVER, ...OPTIONAL_ABSENT, ...ON_DEMAND];
const external = (id) => externalPackages.some((p) => id === p || id.startsWith(`${p}/`));

/**
 * Our compiled modules' `__dirname` (reception-files, desk-files: where the built web apps are) is
 * their own folder under dist/, as when node loads them one by one; in the bundle it would be
 * dist/bundles. Rewritten relative to the bundle, so the same dist/ layout serves both.
 */
function compiledModules() {
  return {
    name: 'hcv-compiled-modules',
    load(id) {
      if (!id.startsWith(`${dist}/`) || id.includes('/node_modules/') || !id.endsWith('.js')) return null;
      const code = readFileSync(id, 'utf8');
      const mapFile = `${id}.map`;
      const map = existsSync(mapFile) ? JSON.parse(readFileSync(mapFile, 'utf8')) : undefined;
      if (map) map.sources = map.sources.map((s) => resolve(dirname(id), map.sourceRoot ?? '', s));
      if (map) delete map.sourceRoot;
      if (!/\b__dirname\b/.test(code)) return { code: code.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map };
      const fromBundle = JSON.stringify(relative(out, dirname(id)));
      const rewritten = code
        .replace(/\n\/\/# sourceMappingURL=.*$/, '')
        .replace(/\b__dirname\b/g, `require("node:path").join(__dirname, ${fromBundle})`);
      // Same line count: tsc's map still holds line for line (the column shift only inside those lines).
      return { code: rewritten, map };
    },
  };
}

/** The parameters node's CommonJS loader compiles a module with. */
const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** dist/bundles/<app>.js: compiles <app>.bundle.js with its code cache and runs it as node's loader would. */
const loaderSource = (app) => `'use strict';
// Made by tools/bundle/bundle.mjs: runs ${app}.bundle.js, compiled with V8's code cache of it
// (${app}.bundle.js.cache) when V8 accepts it; with --enable-source-maps through node's own loader.
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');
const filename = join(__dirname, ${JSON.stringify(`${app}.bundle.js`)});
if (process.sourceMapsEnabled) {
  require(filename);
} else {
  let cachedData;
  try {
    cachedData = readFileSync(filename + '.cache');
  } catch {
    process.emitWarning('no code cache beside ' + filename + ': compiling it whole (about 40 MB more resident memory)');
  }
  const run = vm.compileFunction(readFileSync(filename, 'utf8'), ${JSON.stringify(WRAPPER_PARAMS)}, {
    filename,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData && run.cachedDataRejected)
    process.emitWarning('V8 rejected the code cache of ' + filename + ' (another node, or V8 flags that change code): compiled it whole (about 40 MB more resident memory)');
  const bundle = { id: filename, filename, path: __dirname, exports: {}, loaded: false, children: [], paths: module.paths, parent: module };
  run.call(bundle.exports, bundle.exports, createRequire(filename), bundle, filename, __dirname);
  bundle.loaded = true;
  module.exports = bundle.exports;
}
`;

/** What a bundle was made from: unchanged inputs need no new bundle. */
function inputsOf(moduleIds) {
  const files = [...moduleIds.filter((id) => id.startsWith('/')), join(root, 'package-lock.json'), new URL(import.meta.url).pathname];
  return Object.fromEntries(
    files.sort().map((f) => {
      const s = statSync(f, { throwIfNoEntry: false });
      return [relative(root, f), s ? `${s.size}:${s.mtimeMs}` : 'missing'];
    }),
  );
}
function unchanged(inputsFile) {
  if (!existsSync(inputsFile)) return false;
  const before = JSON.parse(readFileSync(inputsFile, 'utf8'));
  const now = inputsOf(
    Object.keys(before)
      .filter((f) => !f.startsWith('/'))
      .map((f) => join(root, f)),
  );
  return JSON.stringify(before) === JSON.stringify(now);
}

/** V8's code cache of a bundle, made by the node running this (the one that runs the services). */
function writeCodeCache(file) {
  const compiled = vm.compileFunction(readFileSync(file, 'latin1'), WRAPPER_PARAMS, { filename: file, produceCachedData: true });
  if (!compiled.cachedData?.length) throw new Error(`${relative(root, file)}: V8 made no code cache`);
  writeFileSync(`${file}.cache`, compiled.cachedData);
}

const args = process.argv.slice(2);
if (args.includes('--code-cache')) {
  for (const app of BUNDLED_APPS) writeCodeCache(join(out, `${app}.bundle.js`));
  console.log(`bundle: code caches made by node ${process.version}`);
  process.exit(0);
}
const stats = args.includes('--stats');
const force = args.includes('--force');
const apps = args.filter((a) => !a.startsWith('--'));
mkdirSync(out, { recursive: true });
for (const app of apps.length ? apps : BUNDLED_APPS) {
  const input = join(dist, 'apps', app, 'src', 'main.js');
  if (!existsSync(input)) throw new Error(`no compiled ${relative(root, input)}: run npm run build first`);
  const file = join(out, `${app}.bundle.js`);
  const inputsFile = join(out, `${app}.inputs.json`);
  const outputs = [file, `${file}.map`, `${file}.cache`, join(out, `${app}.js`)];
  if (!force && outputs.every((f) => existsSync(f)) && unchanged(inputsFile)) {
    console.log(`bundle: ${app} unchanged`);
    continue;
  }
  const started = Date.now();
  const warnings = [];
  const build = await rolldown({
    input,
    platform: 'node',
    cwd: root,
    external,
    plugins: [compiledModules()],
    transform: {
      // @nestjs/terminus (ESM) checks a peer with import.meta.resolve (only in health indicators we do not use).
      define: { 'import.meta.resolve': 'require.resolve' },
    },
    onLog(level, log) {
      if (level === 'warn') warnings.push(`${log.code}: ${log.message.split('\n')[0]}`);
    },
  });
  const { output } = await build.write({
    file,
    format: 'cjs',
    sourcemap: true,
    sourcemapExcludeSources: true,
    keepNames: true,
    charset: 'ascii',
    comments: false,
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true, asciiOnly: true } },
  });
  await build.close();
  if (warnings.length) throw new Error(`${app}: ${warnings.length} bundler warnings:\n${warnings.join('\n')}`);
  // A single non-ASCII character makes V8 keep the whole script two bytes per character.
  const code = readFileSync(file);
  const wide = code.findIndex((byte) => byte > 0x7f);
  if (wide >= 0)
    throw new Error(`${app}: ${relative(root, file)} has a non-ASCII byte at ${wide}: ${code.subarray(Math.max(0, wide - 60), wide + 20)}`);
  // The code cache, made by the node that runs the services (npm run build's; the image remakes it: --code-cache).
  writeCodeCache(file);
  writeFileSync(join(out, `${app}.js`), loaderSource(app));
  const chunk = output[0];
  writeFileSync(inputsFile, JSON.stringify(inputsOf(Object.keys(chunk.modules)), null, 1) + '\n');
  console.log(
    `bundle: ${app} → ${relative(root, file)} ${(code.length / 1024 / 1024).toFixed(1)} MB from ${Object.keys(chunk.modules).length} modules in ${Date.now() - started} ms`,
  );
  if (stats)
    writeFileSync(
      join(out, `${app}.modules.json`),
      JSON.stringify(Object.fromEntries(Object.entries(chunk.modules).map(([id, m]) => [relative(root, id), m.renderedLength])), null, 1),
    );
}
