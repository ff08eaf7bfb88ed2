/*
 * Small DOM helpers for the panel. Text from the program (reprs, names)
 * only ever goes in as text nodes or attribute values, never as markup.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export type Child = Node | string | null | undefined | false;
export type Labels = Record<string, string>;

export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function svg(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Fill `{0}`, `{1}` ... in a translated template. */
export function fill(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
}

/** Sections the learner folded away; they stay folded as the steps go by. */
const folded = new Set<string>();

/** A titled part of the panel; its title is a button that folds it. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  const sec = el('section', { id, 'aria-labelledby': `${id}-h` });
  const toggle = el('button', { type: 'button', class: 'fold', id: `${id}-h`, 'aria-expanded': String(!folded.has(id)), 'aria-controls': id }, title);
  toggle.addEventListener('click', () => {
    if (folded.has(id)) folded.delete(id); else folded.add(id);
    sec.classList.toggle('folded', folded.has(id));
    toggle.setAttribute('aria-expanded', String(!folded.has(id)));
  });
  sec.append(el('h2', {}, toggle));
  for (const c of children) if (c !== null && c !== undefined && c !== false) sec.append(c);
  if (folded.has(id)) sec.classList.add('folded');
  return sec;
}

export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(3)} ms`;
}

/** A secondary @vscode-elements button. */
export function button(text: string, onClick: () => void): HTMLElement {
  const b = el('vscode-button', { secondary: '' }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** A button that looks like a link, for actions inside a line of text. */
export function linkButton(text: string, onClick: () => void): HTMLElement {
  const b = el('button', { class: 'link', type: 'button' }, text);
  b.addEventListener('click', onClick);
  return b;
}
