/**
 * A small XML well-formedness check for the SVGs the report writes (no dependency just for this):
 * tags nest and close, attributes are quoted and not repeated, '<' and '&' appear only as markup or
 * entity references. Returns the first problem, or null.
 */
const NAME = /^[A-Za-z_:][-A-Za-z0-9._:]*$/;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9._:]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const ENTITY = /&(?:[A-Za-z_][-A-Za-z0-9._]*|#[0-9]+|#x[0-9A-Fa-f]+);/g;

function badAmpersand(text: string): boolean {
  return text.replace(ENTITY, '').includes('&');
}

export function xmlProblem(xml: string): string | null {
  const stack: string[] = [];
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (badAmpersand(text)) return `a bare & in text near ${i}`;
    if (stack.length === 0 && text.trim() !== '') return `text outside the root element near ${i}`;
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return 'an unclosed comment';
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) return 'an unclosed CDATA section';
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) return `an unclosed tag at ${lt}`;
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}> at ${lt}`;
      i = gt + 1;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/>]+/.exec(body)?.[0] ?? '';
    if (!NAME.test(name)) return `a bad element name '${name}' at ${lt}`;
    const seen = new Set<string>();
    let k = name.length;
    ATTRIBUTE.lastIndex = k;
    for (let m = ATTRIBUTE.exec(body); m !== null; m = ATTRIBUTE.exec(body)) {
      if (seen.has(m[1]!)) return `attribute ${m[1]} twice in <${name}> at ${lt}`;
      seen.add(m[1]!);
      if (badAmpersand(m[2]!)) return `a bare & in attribute ${m[1]} of <${name}> at ${lt}`;
      k = ATTRIBUTE.lastIndex;
    }
    if (body.slice(k).trim() !== '') return `bad attributes in <${name}> at ${lt}: '${body.slice(k, k + 40)}'`;
    if (stack.length === 0) roots++;
    if (roots > 1) return 'more than one root element';
    if (!selfClosing) stack.push(name);
    i = gt + 1;
  }
  if (stack.length > 0) return `<${stack.at(-1)}> is never closed`;
  return roots === 1 ? null : 'no root element';
}
