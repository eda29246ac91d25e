// The pure checks around image requests: metadata bodies, and who may change an image.

import type { ComputeFault } from '../http/faults';
import { parseXmlBody } from '../http/xml/xml-body';
import { type MetaBody, singleItem, stringItems } from './image-metadata.dto';
import { checkImageWrite } from './image.policy';

const fault = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return `${(error as ComputeFault).code} ${(error as ComputeFault).message}`;
  }
  return undefined;
};

describe('image metadata bodies', () => {
  it('take the spec XML request bodies in the JSON shape', () => {
    const metadata = parseXmlBody('<?xml version="1.0" ?><metadata xmlns="http://docs.openstack.org/compute/api/v1.1"><meta key="key-1">value-1</meta><meta key="key-2">value-2</meta></metadata>');
    expect(stringItems((metadata as { metadata: Record<string, unknown> }).metadata, 'metadata')).toEqual({ 'key-1': 'value-1', 'key-2': 'value-2' });
    const meta = parseXmlBody('<?xml version="1.0" ?><meta key="key-1" xmlns="http://docs.openstack.org/compute/api/v1.1">value-1</meta>') as unknown as MetaBody;
    expect(singleItem(meta, 'key-1')).toBe('value-1');
  });

  it('refuse a value that is not a string, naming the key', () => {
    expect(fault(() => stringItems({ a: 'x', b: 1 }, 'metadata'))).toBe("400 Invalid input for field 'metadata.b': the value must be a string");
  });

  it('refuse a meta body with several items, or whose key is not the URL key', () => {
    expect(fault(() => singleItem({ meta: { a: '1', b: '2' } }, 'a'))).toBe('400 Request body contains too many items');
    expect(fault(() => singleItem({ meta: { b: '2' } }, 'a'))).toBe('400 Request body and URI mismatch');
    expect(fault(() => singleItem({ meta: {} }, 'a'))).toBe('400 Request body and URI mismatch');
  });
});

describe('image policy', () => {
  it('lets a tenant change its own snapshot, and only an admin a public image (403)', () => {
    expect(fault(() => checkImageWrite({ tenantId: 't1' }, { isAdmin: false }, 'delete'))).toBeUndefined();
    expect(fault(() => checkImageWrite({ tenantId: null }, { isAdmin: true }, 'metadata'))).toBeUndefined();
    expect(fault(() => checkImageWrite({ tenantId: null }, { isAdmin: false }, 'delete'))).toBe('403 You are not allowed to delete the image.');
    expect(fault(() => checkImageWrite({ tenantId: null }, { isAdmin: false }, 'metadata'))).toMatch(/^403 /);
  });
});
