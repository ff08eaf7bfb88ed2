/*
 * Tokenizer tests: the token stream of every good snippet must match Python's
 * own `tokenize` module (types, text, start positions; comments and NL are
 * not produced by minipy), plus targeted checks of offsets and literals.
 */

import { strict as assert } from 'assert';
import { tokenize } from '../../src/vm/syntax/tokenizer';
import { TokenType } from '../../src/vm/syntax/tokens';
import { GoodFixture, loadFixture } from './fixtures/syntax/normalise';

function stream(src: string): (string | number)[][] {
  const r = tokenize(src);
  assert.equal(r.error, null, r.error?.msg);
  return r.tokens.map(t => {
    if (t.type === TokenType.NAME || t.type === TokenType.NUMBER || t.type === TokenType.STRING || t.type === TokenType.OP) {
      const line = r.lines.lineOf(t.start);
      return [t.type, t.text, line, r.lines.colOf(t.start, line)];
    }
    return [t.type];
  });
}

describe('tokenizer: same tokens as Python tokenize', () => {
  for (const f of loadFixture<GoodFixture>('good.expected.json')) {
    it(f.name, () => {
      assert.deepStrictEqual(stream(f.source), f.tokens);
    });
  }
});

describe('tokenizer: details', () => {
  it('tokens carry offset and length', () => {
    const r = tokenize('x  = 10\n');
    assert.deepEqual(r.tokens.slice(0, 3).map(t => [t.start, t.length]), [[0, 1], [3, 1], [5, 2]]);
  });
  it('emits INDENT and DEDENT', () => {
    const types = tokenize('if x:\n    y\nz\n').tokens.map(t => t.type);
    assert.deepEqual(types, ['NAME', 'NAME', 'OP', 'NEWLINE', 'INDENT', 'NAME', 'NEWLINE', 'DEDENT', 'NAME', 'NEWLINE', 'ENDMARKER']);
  });
  it('joins lines inside brackets and after a backslash', () => {
    const types = tokenize('x = (1,\n 2) + \\\n 3\n').tokens.map(t => t.type);
    assert.equal(types.filter(t => t === 'NEWLINE').length, 1);
  });
  it('parses numbers', () => {
    const nums = tokenize('0x_ff 0o17 0b11 1_000 1e3 .5 12345678901234567890\n').tokens.filter(t => t.num).map(t => t.num!.value);
    assert.deepEqual(nums, [255, 15, 3, 1000, 1000, 0.5, 12345678901234567890n]);
  });
  it('longest operator wins', () => {
    const ops = tokenize('a **= b // c -> d := e ...\n').tokens.filter(t => t.type === 'OP').map(t => t.text);
    assert.deepEqual(ops, ['**=', '//', '->', ':=', '...']);
  });
  it('reports bytes and complex literals as NotSupported', () => {
    assert.equal(tokenize("x = b'a'\n").error?.type, 'NotSupported');
    assert.equal(tokenize('x = 1j\n').error?.type, 'NotSupported');
  });
  it('reports TabError for inconsistent tabs', () => {
    assert.equal(tokenize('if x:\n\ty\n        z\n').error?.type, 'TabError');
  });
});
