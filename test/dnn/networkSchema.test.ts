import { existsSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import cumulative from '../../dnn/networks/alexnet-cifar10-g4-cumulative.json' with { type: 'json' };
import alexnet from '../../dnn/networks/alexnet-cifar10-g4.json' with { type: 'json' };
import schema from '../../dnn/schema/network.schema.json' with { type: 'json' };

/** Every `properties` entry anywhere in the schema, with its JSON pointer. */
function propertiesOf(node: unknown, at = ''): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return [];
  const found: [string, Record<string, unknown>][] = [];
  for (const [key, child] of Object.entries(node)) {
    if (key === 'properties' && typeof child === 'object' && child !== null) {
      for (const [name, sub] of Object.entries(child))
        found.push([`${at}/properties/${name}`, sub as Record<string, unknown>]);
    }
    found.push(...propertiesOf(child, `${at}/${key}`));
  }
  return found;
}

describe('network.schema.json', () => {
  it('compiles in Ajv strict mode (no unknown keywords, no loose types)', () => {
    expect(() => new Ajv({ strict: true, allowUnionTypes: true }).compile(schema)).not.toThrow();
  });

  it('accepts both shipped network files', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
    expect([validate(alexnet), validate(cumulative)]).toEqual([true, true]);
  });

  it('describes every property, so editors can explain what they complete', () => {
    const bare = propertiesOf(schema).filter(
      ([, sub]) => typeof sub.description !== 'string' && sub.$ref === undefined,
    );
    expect(bare.map(([path]) => path)).toEqual([]);
  });

  it('is the schema the shipped files point their editors at', () => {
    for (const file of [alexnet, cumulative]) {
      expect(existsSync(new URL(`../../dnn/networks/${file.$schema}`, import.meta.url))).toBe(true);
    }
  });
});
