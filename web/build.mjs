// Builds the shipped web artefacts into build/web (served as static files by
// relais-server; layout in web/README.md):
//   engine/          the WebAssembly engine module (copied from the wasm preset's build tree)
//   relais.js        the loader pasted on host pages
//   widget/          the widget app: index.html, app-<hash>.js/.css, engine-worker-<hash>.js, sw.js
//   kb/              the knowledge-base bundle at a versioned URL (<hash>.sqlite) and `current`
//                    naming it, as relais-server serves them (server/README.md) — for static
//                    hosting and the browser tests; relais-server answers /kb/ itself
//   index.html       the start page: links to the demo pages and the console
//   demo/            the demo host page
//   console/         the agent console: index.html, app-<hash>.js, console.css
// Run by `make web`; RELAIS_WEB_DIR and RELAIS_BIN_DIR override build/web and build/bin.
// Bundling (esbuild) takes well under a second, so the bundles are
// rebuilt every time but only written when their bytes change; the copy steps and the
// knowledge-base build are skipped when their output is newer than their inputs.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { uiStringsPlugin } from './ui-languages.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.env.RELAIS_WEB_DIR || path.join(root, 'build/web'));
const wasmBuild = path.join(root, 'build/wasm');
const widgetSource = path.join(root, 'web/widget');
const widgetOut = path.join(out, 'widget');
const binDir = process.env.RELAIS_BIN_DIR || path.join(root, 'build/bin');
const kbSource = path.join(root, 'knowledge-base/demo');
// Browsers the widget supports: evergreen ones of the last few years.
const target = ['chrome100', 'edge100', 'firefox100', 'safari15.4'];

async function mtime(file) {
  try { return (await stat(file)).mtimeMs; } catch { return -1; }
}

async function newestMtime(dir) {
  let newest = await mtime(dir);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    newest = Math.max(newest, await mtime(path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  return newest;
}

async function copyIfNewer(from, to) {
  const source = await mtime(from);
  if (source < 0) throw new Error(`missing build output ${path.relative(root, from)}: run make wasm`);
  if (source <= (await mtime(to))) return;
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(from, to);
}

// Writes `bytes` to `file` unless it already holds exactly them (keeps mtimes stable).
async function writeIfChanged(file, bytes) {
  try {
    if (Buffer.compare(await readFile(file), Buffer.from(bytes)) === 0) return;
  } catch {
    // absent: write it
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

const shortHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

// esbuild plugin: `import css from './x.css'` gives the minified stylesheet as a string.
const cssAsText = {
  name: 'css-as-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await esbuild.transform(source, { loader: 'css', minify: true, target });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

// Bundles one entry point in memory; returns the output bytes.
async function bundle(entry, options) {
  const result = await esbuild.build({
    entryPoints: [path.join(widgetSource, entry)],
    bundle: true,
    minify: true,
    write: false,
    target,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    ...options,
    plugins: [uiStringsPlugin(), ...(options.plugins || [])],
  });
  return result.outputFiles[0].contents;
}

// Writes `bytes` as widget/<name>-<hash>.<ext>; returns the file name.
async function writeHashed(name, ext, bytes) {
  const file = `${name}-${shortHash(bytes)}.${ext}`;
  await writeIfChanged(path.join(widgetOut, file), bytes);
  return file;
}

// The knowledge-base bundle: RELAIS_KB_BUNDLE (a built file), else built from
// knowledge-base/demo with relais-kb when it exists. Written as relais-server
// serves it: kb/current = {hash, url, bytes, sha256} (the widget checks sha256;
// hash is its first 32 hex digits, as relais-server names it) and kb/<hash>.sqlite.
// Returns the manifest, or null.
async function buildKnowledgeBase() {
  const kbOut = path.join(out, 'kb');
  let source = process.env.RELAIS_KB_BUNDLE || null;
  const compiler = path.join(binDir, 'relais-kb');
  if (!source) {
    if ((await mtime(compiler)) < 0) {
      console.warn(`web: no knowledge base (${path.relative(root, compiler)} not built): the widget will offer a person`);
      return null;
    }
    source = path.join(path.dirname(out), 'web-kb/demo.sqlite');  // build/web-kb: an intermediate
    const inputs = Math.max(await newestMtime(kbSource), await mtime(compiler));
    if (inputs > (await mtime(source))) {
      await mkdir(path.dirname(source), { recursive: true });
      execFileSync(compiler, ['build', kbSource, '-o', source], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }
  const bytes = await readFile(source);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const hash = sha256.slice(0, 32);
  const name = `${hash}.sqlite`;
  await writeIfChanged(path.join(kbOut, name), bytes);
  const manifest = { hash, url: `/kb/${name}`, bytes: bytes.length, sha256 };
  await writeIfChanged(path.join(kbOut, 'current'), JSON.stringify(manifest) + '\n');
  for (const file of await readdir(kbOut)) {
    if (file !== name && file !== 'current') await rm(path.join(kbOut, file));
  }
  return manifest;
}

// The engine module (wasm/README.md): the .wasm copied as it is, its JavaScript
// minified (Emscripten without Closure only strips whitespace; esbuild also
// shortens local names: a quarter of its gzip size).
async function copyEngine() {
  const wasm = 'engine/relais-engine.wasm';
  await copyIfNewer(path.join(wasmBuild, wasm), path.join(out, wasm));
  const glue = 'engine/relais-engine.mjs';
  const { code } = await esbuild.transform(await readFile(path.join(wasmBuild, glue), 'utf8'),
    { format: 'esm', minify: true, target, charset: 'utf8', legalComments: 'none' });
  await writeIfChanged(path.join(out, glue), code);
}

await mkdir(out, { recursive: true });
await copyEngine();

// The loader: one classic script, no module syntax (it runs on any host page).
await writeIfChanged(path.join(out, 'relais.js'),
  await bundle('loader/index.js', { format: 'iife', plugins: [cssAsText] }));

// The widget app.
await mkdir(widgetOut, { recursive: true });
const kb = await buildKnowledgeBase();
const workerFile = await writeHashed('engine-worker', 'js', await bundle('worker/engine-worker.js', { format: 'esm' }));
const appJs = await writeHashed('app', 'js', await bundle('app/main.js', {
  format: 'esm',
  define: { __RELAIS_WORKER__: JSON.stringify(`./${workerFile}`) },
}));
const appCss = await writeHashed('app', 'css', await bundle('app/styles.css', {}));
const html = (await readFile(path.join(widgetSource, 'app/index.html'), 'utf8'))
  .replace('__APP_CSS__', appCss)
  .replace('__APP_JS__', appJs);
await writeIfChanged(path.join(widgetOut, 'index.html'), html);

// The service worker precaches the shell and the engine; its version changes
// whenever one of them does, which makes browsers install the new one.
const engineFiles = [];
for (const file of ['engine/relais-engine.mjs', 'engine/relais-engine.wasm']) {
  if ((await mtime(path.join(out, file))) >= 0) engineFiles.push(file);
}
const shell = ['./', appJs, appCss, workerFile, ...engineFiles.map((file) => `../${file}`)];
const versionHash = createHash('sha256');
for (const file of [appJs, appCss, workerFile, 'index.html']) versionHash.update(await readFile(path.join(widgetOut, file)));
for (const file of engineFiles) versionHash.update(await readFile(path.join(out, file)));
await writeIfChanged(path.join(widgetOut, 'sw.js'), await bundle('worker/service-worker.js', {
  format: 'iife',
  define: {
    __RELAIS_VERSION__: JSON.stringify(versionHash.digest('hex').slice(0, 16)),
    __RELAIS_SHELL__: JSON.stringify(shell),
  },
}));

// Old hashed files of earlier builds.
const current = new Set(['index.html', 'sw.js', appJs, appCss, workerFile]);
for (const file of await readdir(widgetOut)) {
  if (!current.has(file)) await rm(path.join(widgetOut, file), { recursive: true });
}

// The agent console: app.js with what it imports (its modules and strings, the
// widget's DOM helpers and Markdown renderer) as one module named by its hash,
// so that it can be cached for ever; index.html naming it, and console.css, as
// they are. relais-server sends /console/ pages a CSP of their own
// (`default-src 'self'`): any same-origin file name is allowed.
const consoleSource = path.join(root, 'web/console');
const consoleOut = path.join(out, 'console');
const consoleBundle = await esbuild.build({
  entryPoints: [path.join(consoleSource, 'app.js')],
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  target,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [uiStringsPlugin()],
});
const consoleJs = consoleBundle.outputFiles[0].contents;
const consoleApp = `app-${shortHash(consoleJs)}.js`;
await writeIfChanged(path.join(consoleOut, consoleApp), consoleJs);
await writeIfChanged(path.join(consoleOut, 'index.html'),
  (await readFile(path.join(consoleSource, 'index.html'), 'utf8')).replace('__APP_JS__', consoleApp));
await writeIfChanged(path.join(consoleOut, 'console.css'), await readFile(path.join(consoleSource, 'console.css')));
// Earlier builds' bundles, and the plain files the console used to be copied as.
for (const file of await readdir(consoleOut)) {
  if (![consoleApp, 'index.html', 'console.css'].includes(file)) await rm(path.join(consoleOut, file), { recursive: true });
}

// The start page (what http://HOST:PORT/ shows: the demo pages and the console), as is.
await copyIfNewer(path.join(root, 'web/start/index.html'), path.join(out, 'index.html'));

// The demo host page, as is.
for (const entry of await readdir(path.join(root, 'web/demo'), { withFileTypes: true, recursive: true })) {
  if (!entry.isFile()) continue;
  const from = path.join(entry.parentPath ?? entry.path, entry.name);
  await copyIfNewer(from, path.join(out, 'demo', path.relative(path.join(root, 'web/demo'), from)));
}

if (process.argv.includes('--sizes')) {
  const { gzipSync } = await import('node:zlib');
  const gz = async (file) => gzipSync(await readFile(path.join(out, file)), { level: 9 }).length;
  const app = (await gz('widget/index.html')) + (await gz(`widget/${appJs}`)) + (await gz(`widget/${appCss}`));
  const engine = (await gz('engine/relais-engine.wasm')) + (await gz('engine/relais-engine.mjs'));
  console.log(JSON.stringify({ loader_gzip: await gz('relais.js'), app_gzip: app,
    worker_gzip: await gz(`widget/${workerFile}`), engine_gzip: engine, kb: kb ? kb.bytes : null }));
}
