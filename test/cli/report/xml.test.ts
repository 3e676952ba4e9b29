import { describe, expect, it } from 'vitest';
import { xmlProblem } from './xml.js';

// The checker the SVG tests rely on must itself tell good XML from bad.
describe('xmlProblem', () => {
  it('should accept well-formed XML with entities, comments and self-closing tags', () => {
    expect(
      xmlProblem(
        '<?xml version="1.0"?><svg a="1" b=\'x &amp; y\'><!-- c --><g><path d="M0,0"/></g><text>&lt;3 &#176;C</text></svg>',
      ),
    ).toBeNull();
  });

  it.each([
    ['<svg><g></svg>', 'closes'],
    ['<svg><g></g>', 'never closed'],
    ['<svg a=1></svg>', 'bad attributes'],
    ['<svg a="1" a="2"></svg>', 'twice'],
    ['<svg>a & b</svg>', 'bare &'],
    ['<svg></svg><svg></svg>', 'more than one root'],
    ['<svg><text>1 < 2</text></svg>', 'bad element name'],
  ])('should refuse %s', (xml, problem) => {
    expect(xmlProblem(xml)).toContain(problem);
  });
});
