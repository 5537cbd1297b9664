// Builds the shipped web artefacts into build/web:
//   engine/   the WebAssembly engine module (from the wasm preset's build tree)
// Later parts (loader, widget app, agent console) are bundled here with esbuild.
// Run by `make web`; each step is skipped when its output is newer than its inputs.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'build/web');
const wasmBuild = path.join(root, 'build/wasm');

async function mtime(file) {
  try { return (await stat(file)).mtimeMs; } catch { return -1; }
}

async function copyIfNewer(from, to) {
  const source = await mtime(from);
  if (source < 0) throw new Error(`missing build output ${path.relative(root, from)}: run make wasm`);
  if (source <= (await mtime(to))) return;
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(from, to);
}

const wasmArtefacts = [];

await mkdir(out, { recursive: true });
for (const file of wasmArtefacts) {
  await copyIfNewer(path.join(wasmBuild, file), path.join(out, file));
}
