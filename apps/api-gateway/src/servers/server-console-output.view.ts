// The answer of os-getConsoleOutput (spec 4.4.7.4): `{"output": "..."}` and `<output>...</output>`.
// A console log holds terminal escapes (ESC, as the spec's example shows) that XML 1.0 cannot
// carry even escaped; the XML answer leaves them out, the JSON one keeps every character.

import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';

/** Is this code point allowed in XML 1.0 text (tab, newline, return, and from space on, but U+FFFE/U+FFFF and lone surrogates)? */
function xmlAllowed(codePoint: number): boolean {
  if (codePoint < 0x20) return codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  return codePoint !== 0xfffe && codePoint !== 0xffff;
}

export function xmlSafeText(text: string): string {
  let out = '';
  for (const ch of text) if (xmlAllowed(ch.codePointAt(0)!)) out += ch;
  return out;
}

export function consoleOutputView(output: string): Representation {
  return represent({ output }, () => el('output', {}, xmlSafeText(output)), { atom: false });
}
