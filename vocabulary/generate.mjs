// Writes the C++ view of vocabulary.json: `node generate.mjs <out/relais/vocabulary.h>`.
// Each enum becomes an `enum class` in relais::vocabulary with its wire names,
// `Name(value)`, `Parse<Enum>(name)` and the list of its values; client frames
// also get the roles allowed to send them. Run by CMake (vocabulary/CMakeLists.txt)
// whenever vocabulary.json or this file changes; the output is never edited.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const source = path.join(import.meta.dirname, 'vocabulary.json');
const out = process.argv[2];
if (!out) {
  console.error('usage: node generate.mjs <output header>');
  process.exit(2);
}
// Every top-level key but the comment is an enumeration.
const { $comment: _comment, ...enums } = JSON.parse(readFileSync(source, 'utf8'));

const camel = (name) => name.split(/[._]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const constant = (value) => 'k' + camel(value);

function check(name, set) {
  const seen = new Set();
  for (const value of set.values) {
    if (!/^[a-z][a-z0-9]*([._][a-z0-9]+)*$/.test(value)) {
      throw new Error(`vocabulary.json: ${name}: "${value}" is not lower_snake or dotted`);
    }
    if (seen.has(constant(value))) throw new Error(`vocabulary.json: ${name}: "${value}" twice`);
    seen.add(constant(value));
  }
  for (const [frame, roles] of Object.entries(set.roles ?? {})) {
    if (!set.values.includes(frame)) throw new Error(`vocabulary.json: ${name}.roles: unknown "${frame}"`);
    for (const role of roles) {
      if (!enums.role.values.includes(role)) throw new Error(`vocabulary.json: ${frame}: unknown role "${role}"`);
    }
  }
  if (set.roles && set.values.some((v) => !set.roles[v])) {
    throw new Error(`vocabulary.json: ${name}: every value needs its roles`);
  }
}

function emitEnum(name, set) {
  check(name, set);
  const type = camel(name);
  const members = (set.none ? ['kNone = 0'] : []).concat(
    set.values.map((v, i) => `${constant(v)} = ${i + (set.none ? 1 : 0)}`));
  const names = (set.none ? ['""'] : []).concat(set.values.map((v) => JSON.stringify(v)));
  const n = set.values.length;
  return `
// ${set.doc}${set.none ? '\n// kNone (name "") means "no value".' : ''}
enum class ${type} : std::uint8_t { ${members.join(', ')} };
inline constexpr std::array<std::string_view, ${names.length}> k${type}Names = {${names.join(', ')}};
inline constexpr std::array<${type}, ${n}> k${type}Values = {${set.values.map((v) => `${type}::${constant(v)}`).join(', ')}};
constexpr std::string_view Name(${type} value) { return k${type}Names[static_cast<std::size_t>(value)]; }
// The value named \`name\`; nullopt for any other text${set.none ? ' (including "")' : ''}.
constexpr std::optional<${type}> Parse${type}(std::string_view name) {
  for (${type} value : k${type}Values) {
    if (Name(value) == name) return value;
  }
  return std::nullopt;
}
`;
}

function emitRoles(set) {
  const rows = set.values.map((frame) => {
    const bits = set.roles[frame].map((r) => `RoleBit(Role::${constant(r)})`).join(' | ');
    return `      ${bits},  // ${frame}`;
  });
  return `
constexpr unsigned RoleBit(Role role) { return 1u << static_cast<unsigned>(role); }
// Whether \`role\` may send \`frame\` (the "roles" of client_frame).
constexpr bool MaySend(Role role, ClientFrame frame) {
  constexpr std::array<unsigned, ${set.values.length}> kRoles = {
${rows.join('\n')}
  };
  return (kRoles[static_cast<std::size_t>(frame)] & RoleBit(role)) != 0;
}
`;
}

let body = '';
for (const [name, set] of Object.entries(enums)) body += emitEnum(name, set);
body += emitRoles(enums.client_frame);

const header = `// Generated from vocabulary/vocabulary.json by vocabulary/generate.mjs. Do not edit.
#ifndef RELAIS_VOCABULARY_H_
#define RELAIS_VOCABULARY_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace relais::vocabulary {
${body}
}  // namespace relais::vocabulary

#endif  // RELAIS_VOCABULARY_H_
`;

mkdirSync(path.dirname(out), { recursive: true });
let old = '';
try { old = readFileSync(out, 'utf8'); } catch { /* first run */ }
if (old !== header) writeFileSync(out, header);
