// Loads one of the Relais WebAssembly ES modules in Node. The modules are built for
// browsers and workers (-sENVIRONMENT=web,worker), so Node hands them the .wasm
// bytes itself instead of letting them fetch().
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const wasmBuildDir =
  process.env.RELAIS_WASM_BUILD_DIR ?? path.resolve(import.meta.dirname, '../../build/wasm');

// loadModule('tests/toolchain_smoke') → the instantiated Emscripten module.
export async function loadModule(relativePath) {
  const base = path.join(wasmBuildDir, relativePath);
  const factory = (await import(`${base}.mjs`)).default;
  const wasmBinary = await readFile(`${base}.wasm`);
  return factory({ wasmBinary, print: () => {}, printErr: (line) => process.stderr.write(`${line}\n`) });
}
