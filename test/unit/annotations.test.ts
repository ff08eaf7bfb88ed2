import { strict as assert } from 'node:assert';
import { parseAnnotations, noteFor, parseRunOptions } from '../../src/narration/annotations';

describe('tutorial annotations', () => {
  const src = [
    'x = []        #! A new list.',
    '              #!ko 새 리스트입니다.',
    's = "#! not a note"',
    '# plain comment',
    '#! About the next line.',
    '#!checkpoint',
    '',
    'del x  # just a comment',
    'y = 1  #!ko 한국어만 있습니다.',
  ].join('\n');
  const notes = parseAnnotations(src);

  it('attaches a trailing note to its own line and a note line to the next code line', () => {
    assert.equal(noteFor(notes, 1, 'en'), 'A new list.');
    assert.equal(noteFor(notes, 8, 'en'), 'About the next line.');
    assert.equal(notes.get(8)?.checkpoint, true);
  });

  it('keeps a Korean line under its English line on the same code line', () => {
    assert.equal(noteFor(notes, 1, 'ko'), '새 리스트입니다.');
  });

  it('ignores #! inside strings and plain comments, and falls back to English', () => {
    assert.equal(notes.has(3), false);
    assert.equal(noteFor(notes, 8, 'ko'), 'About the next line.');
    assert.equal(noteFor(notes, 9, 'en'), undefined);
    assert.equal(noteFor(notes, 9, 'ko-KR'), '한국어만 있습니다.');
    assert.deepEqual([...notes.keys()].sort(), [1, 8, 9]);
  });

  it('starts a note for the next line when the line above already has one in that language', () => {
    const n = parseAnnotations(['a = 1  #! About a.', '        #!ko a에 대해.', '#! About b.', '#!ko b에 대해.', 'b = 2'].join('\n'));
    assert.equal(noteFor(n, 1, 'en'), 'About a.');
    assert.equal(noteFor(n, 1, 'ko'), 'a에 대해.');
    assert.equal(noteFor(n, 5, 'en'), 'About b.');
    assert.equal(noteFor(n, 5, 'ko'), 'b에 대해.');
  });

  it('reads #!options lines as run options and keeps them out of the notes', () => {
    const src2 = '#!options gil=off refcount=naive-racy\n#!options seed=7\nx = 1\n';
    assert.deepEqual(parseRunOptions(src2), { gil: 'off', refcount: 'naive-racy', seed: '7' });
    assert.equal(parseAnnotations(src2).size, 0);
  });
});
