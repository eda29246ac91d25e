// Keypair stream names: a UUIDv5 per (tenant, user, name), the same every time.

import { keypairStream, uuidV5 } from './keypair-stream';

describe('uuidV5', () => {
  it("matches RFC 9562's example (DNS namespace, www.example.com)", () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('keypairStream', () => {
  const owner = { tenantId: '10000000000001', userId: '20000000000001', name: 'my key.pub' };
  it('is keypair-<uuid>, stable for the same owner and name', () => {
    expect(keypairStream(owner)).toMatch(/^keypair-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keypairStream({ ...owner })).toBe(keypairStream(owner));
  });
  it('differs by tenant, user and name, even when the joined text would not', () => {
    const streams = new Set([
      keypairStream(owner),
      keypairStream({ ...owner, tenantId: '10000000000002' }),
      keypairStream({ ...owner, userId: '20000000000002' }),
      keypairStream({ ...owner, name: 'my key' }),
      keypairStream({ tenantId: 'a', userId: 'bc', name: 'd' }),
      keypairStream({ tenantId: 'ab', userId: 'c', name: 'd' }),
    ]);
    expect(streams.size).toBe(6);
  });
});
