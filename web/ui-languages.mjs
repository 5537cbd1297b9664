// The languages of the web UI are data: each is one file per app, named by its
// code — web/widget/i18n/<code>.json (sections `launcher` and `app`) and
// web/console/i18n/<code>.json. Adding a language is adding those files; the
// bundles learn the list at build time through this esbuild plugin:
//
//   import { languages, pattern } from 'relais:ui-languages';  // ['en', 'fr'], /^(en|fr)(?![a-z])/i
//   import strings from 'relais:ui-strings/widget/launcher';   // {en: {...}, fr: {...}}
//   import strings from 'relais:ui-strings/console';           // the whole files
//
// A section import takes only that section of each file (the loader does not
// carry the app's strings). Used by web/build.mjs and the tests that bundle
// web modules themselves.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dirs = { widget: path.join(root, 'web/widget/i18n'), console: path.join(root, 'web/console/i18n') };

// The language codes of one app, English first, then French, then the others
// in alphabetical order (the order of the language switch).
export function uiLanguages(app = 'widget') {
  const codes = readdirSync(dirs[app]).map((file) => /^([a-z]{2,3})\.json$/.exec(file)?.[1]).filter(Boolean);
  const rank = (code) => ['en', 'fr'].indexOf(code) >>> 0;  // -1 → large: after en and fr
  return codes.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function uiStringsPlugin() {
  return {
    name: 'relais-ui-strings',
    setup(build) {
      build.onResolve({ filter: /^relais:ui-(languages|strings)/ }, (args) => ({ path: args.path, namespace: 'relais-ui' }));
      build.onLoad({ filter: /.*/, namespace: 'relais-ui' }, (args) => {
        if (args.path === 'relais:ui-languages') {
          const codes = uiLanguages('widget');
          // The pattern matches a code with or without a region ('fr-CA'); the
          // loader uses it alone (its size budget is tight).
          return {
            contents: `export const languages = ${JSON.stringify(codes)};\n` +
              `export const pattern = /^(${codes.join('|')})(?![a-z])/i;`,
            loader: 'js',
          };
        }
        const [app, section] = args.path.slice('relais:ui-strings/'.length).split('/');
        if (!dirs[app]) return { errors: [{ text: `unknown UI strings "${args.path}"` }] };
        // The strings themselves, not imports of the files: one object literal
        // (the loader counts its bytes).
        const codes = uiLanguages(app);
        const files = codes.map((code) => path.join(dirs[app], `${code}.json`));
        const table = codes.map((code, i) => {
          const json = JSON.parse(readFileSync(files[i], 'utf8'));
          return `${JSON.stringify(code)}: ${JSON.stringify(section ? json[section] : json)}`;
        });
        return { contents: `export default { ${table.join(', ')} };`, loader: 'js', watchFiles: files };
      });
    },
  };
}
