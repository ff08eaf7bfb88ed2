/*
 * Every user-facing string of the extension exists in English and Korean:
 * the manifest's %keys% in package.nls.json and package.nls.ko.json, and
 * every vscode.l10n.t('...') literal in the sources (extension and webview)
 * in l10n/bundle.l10n.ko.json, as are narration's sentences and the
 * opcode table's one-line docs that narration quotes. A missing or stale key fails here, not in
 * front of a Korean learner.
 */

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGES } from '../../src/narration/messages';
import { OPS_BY_NAME } from '../../src/vm/bytecode/opcodes';

const root = join(__dirname, '..', '..');
const json = (p: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, p), 'utf8'));

function manifestKeys(v: unknown, out: Set<string>): Set<string> {
  if (typeof v === 'string') { const m = /^%([^%]+)%$/.exec(v); if (m) out.add(m[1]); }
  else if (Array.isArray(v)) v.forEach((x) => manifestKeys(x, out));
  else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => manifestKeys(x, out));
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** The string literals passed to l10n.t(...) (single, double or back quotes without ${}). */
export function l10nLiterals(text: string): string[] {
  const out: string[] = [];
  const re = /\bl10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[1] ?? m[2] ?? m[3];
    out.push(raw.replace(/\\(.)/g, '$1'));
  }
  return out;
}

describe('localization', () => {
  it('every manifest %key% has English and Korean text, and no translation is stale', () => {
    const used = manifestKeys(json('package.json'), new Set());
    assert.ok(used.size >= 20, `only ${used.size} manifest keys: is the manifest localized?`);
    for (const file of ['package.nls.json', 'package.nls.ko.json']) {
      const nls = json(file);
      const missing = [...used].filter((k) => typeof nls[k] !== 'string' || (nls[k] as string).trim() === '');
      assert.deepEqual(missing, [], `${file} lacks ${missing.join(', ')}`);
      const stale = Object.keys(nls).filter((k) => !used.has(k));
      assert.deepEqual(stale, [], `${file} has keys the manifest no longer uses: ${stale.join(', ')}`);
    }
  });

  it('every l10n.t string in the sources, narration sentence and opcode doc has a Korean translation', () => {
    const bundle = json('l10n/bundle.l10n.ko.json');
    const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'webview'))];
    const used = new Set(files.flatMap((f) => l10nLiterals(readFileSync(f, 'utf8'))));
    for (const m of Object.values(MESSAGES)) used.add(m);
    for (const op of OPS_BY_NAME.values()) used.add(op.doc);
    assert.ok(used.size >= 10, `only ${used.size} l10n.t strings found`);
    const missing = [...used].filter((k) => typeof bundle[k] !== 'string');
    assert.deepEqual(missing, [], `l10n/bundle.l10n.ko.json lacks: ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
    const stale = Object.keys(bundle).filter((k) => !used.has(k));
    assert.deepEqual(stale, [], `l10n/bundle.l10n.ko.json has strings no source uses: ${stale.join(', ')}`);
  });

  it('Korean translations keep every {n} placeholder of the English string', () => {
    const bundle = json('l10n/bundle.l10n.ko.json') as Record<string, string>;
    for (const [en, ko] of Object.entries(bundle)) {
      const holes = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(holes(ko), holes(en), `placeholders differ for ${JSON.stringify(en)}`);
    }
  });

  it('finds l10n.t literals in each quoting style', () => {
    assert.deepEqual(l10nLiterals(`vscode.l10n.t('a {0}', x); l10n.t("b's"); l10n.t(\`c\`)`), ['a {0}', "b's", 'c']);
  });
});
