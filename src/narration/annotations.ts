/*
 * A tutorial example's own annotations, written as comments in the .minipy
 * file so the file stays plain Python that CPython runs unchanged:
 *
 *     x = []        #! A new list: refcount 1, held by the global x.
 *                   #!ko 새 리스트입니다. 전역 변수 x가 가리키므로 참조 카운트는 1입니다.
 *     #!checkpoint
 *     del x         #! The last reference goes: the list is freed here.
 *
 * `#!` is English, `#!ko` Korean. A note on a comment line of its own
 * continues the note of the code line just above it when that line has a
 * note but none yet in that language (the Korean under an English note);
 * otherwise it applies to the next line with code. `#!checkpoint` marks the line where the example makes
 * its point: reaching it completes the walkthrough step. `#!options gil=off
 * refcount=naive-racy seed=7` says how the example is meant to be run.
 */

export interface LineNotes {
  /** Text per language code ('en', 'ko'), in file order. */
  text: Record<string, string[]>;
  checkpoint: boolean;
}

const NOTE = /#!(checkpoint\b|options\b|[a-z]{2}\b)?[ \t]?(.*)$/;

/** The comment part of a line, if any (a '#' outside string literals). */
function commentOf(line: string): string | undefined {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (line.startsWith(quote, i)) { i += quote.length - 1; quote = null; }
    } else if (ch === '#') {
      return line.slice(i);
    } else if (ch === '"' || ch === "'") {
      quote = line.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    }
  }
  return undefined;
}

/** Annotations by 1-based line number. */
export function parseAnnotations(source: string): Map<number, LineNotes> {
  const lines = source.split(/\r?\n/);
  const out = new Map<number, LineNotes>();
  let pending: LineNotes | null = null;
  /** The code line just above, if it carries a trailing note (a note line below continues it). */
  let lastNoted: number | null = null;
  const add = (into: LineNotes, from: LineNotes): void => {
    for (const [lang, texts] of Object.entries(from.text)) (into.text[lang] ??= []).push(...texts);
    into.checkpoint ||= from.checkpoint;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const comment = commentOf(line);
    const code = (comment === undefined ? line : line.slice(0, line.length - comment.length)).trim();
    let here: LineNotes | null = null;
    const m = comment === undefined ? null : NOTE.exec(comment);
    if (m !== null && comment!.startsWith('#!')) {
      here = { text: {}, checkpoint: false };
      if (m[1] === 'checkpoint') here.checkpoint = true;
      else if (m[1] === 'options') continue;
      else if (m[2].trim() !== '') here.text[m[1] ?? 'en'] = [m[2].trim()];
    }
    if (code === '') {
      if (here === null) { lastNoted = null; continue; }
      const above = lastNoted === null ? undefined : out.get(lastNoted);
      // A note line continues the line above only in a language that line has no note in yet.
      if (above !== undefined && !here.checkpoint && Object.keys(here.text).every((lang) => above.text[lang] === undefined)) {
        add(above, here);
      } else {
        lastNoted = null;
        pending ??= { text: {}, checkpoint: false };
        add(pending, here);
      }
      continue;
    }
    lastNoted = here !== null ? i + 1 : null;
    const notes: LineNotes = { text: {}, checkpoint: false };
    if (pending !== null) { add(notes, pending); pending = null; }
    if (here !== null) add(notes, here);
    if (Object.keys(notes.text).length > 0 || notes.checkpoint) {
      const prev = out.get(i + 1);
      if (prev !== undefined) add(prev, notes); else out.set(i + 1, notes);
    }
  }
  return out;
}

/** The note for a line in a language, falling back to English. */
export function noteFor(notes: Map<number, LineNotes>, line: number, lang: string): string | undefined {
  const n = notes.get(line);
  if (n === undefined) return undefined;
  const texts = n.text[lang.slice(0, 2)] ?? n.text.en;
  return texts?.join(' ');
}

/** The `#!options key=value ...` lines of a file, merged (later lines win). */
export function parseRunOptions(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of source.split(/\r?\n/)) {
    const m = /^\s*#!options\s+(.*)$/.exec(line);
    if (m === null) continue;
    for (const pair of m[1].trim().split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return out;
}
