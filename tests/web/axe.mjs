// axe-core for the browser tests: WCAG 2.1 A and AA rules plus best practices.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const kTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

// Runs axe in `target` (a Page or Frame) on `selector` (the whole document when
// omitted); returns the violations as "rule: target — summary" strings. axe is
// evaluated through the DevTools protocol, which the widget's CSP does not cover.
export async function axe(target, selector) {
  await target.evaluate(axeSource);
  return target.evaluate(async ({ selector, tags }) => {
    const result = await window.axe.run(selector ? document.querySelector(selector) : document, {
      runOnly: { type: 'tag', values: tags },
      // The host test pages are bare fixtures; judge only the widget's nodes there.
      rules: { region: { enabled: false } },
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary}`));
  }, { selector, tags: kTags });
}
