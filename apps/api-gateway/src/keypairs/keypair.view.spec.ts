// Keypair views: the spec's JSON and XML shapes, field for field.

import { renderXml } from '../http/xml/xml-element';
import type { Representation } from '../http/representation';
import { keypairListView, keypairView, newKeypairView } from './keypair.view';

const k1 = { name: 'keypair-1', publicKey: 'ssh-rsa AAAA1 \n', fingerprint: 'd3:e3:5f:26:dc:30:fc:04:57:91:ba:c0:1c:f8:8d:cd' };
const k2 = { name: 'key.pub', publicKey: 'ssh-rsa AAAA2 me@host', fingerprint: '57:64:ca:c3:83:25:69:19:03:6f:d2:66:83:d6:6e:20' };
const xml = (r: Representation) => renderXml(r.xml(), { atom: r.atom, namespace: r.namespace });
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://docs.openstack.org/compute/api/v1.1"';

describe('keypair views', () => {
  it('list: each keypair wrapped in its own keypair object/element', () => {
    const view = keypairListView([k1, k2]);
    expect(view.json).toEqual({
      keypairs: [
        { keypair: { fingerprint: k1.fingerprint, name: 'keypair-1', public_key: 'ssh-rsa AAAA1 \n' } },
        { keypair: { fingerprint: k2.fingerprint, name: 'key.pub', public_key: 'ssh-rsa AAAA2 me@host' } },
      ],
    });
    expect(xml(view)).toBe(
      `${HEAD}<keypairs ${NS}>` +
        `<keypair><keypair><public_key>ssh-rsa AAAA1 \n</public_key><name>keypair-1</name><fingerprint>${k1.fingerprint}</fingerprint></keypair></keypair>` +
        `<keypair><keypair><public_key>ssh-rsa AAAA2 me@host</public_key><name>key.pub</name><fingerprint>${k2.fingerprint}</fingerprint></keypair></keypair>` +
        '</keypairs>',
    );
    expect(keypairListView([]).json).toEqual({ keypairs: [] });
    expect(xml(keypairListView([]))).toBe(`${HEAD}<keypairs ${NS}/>`);
  });

  it('get: name, public key and fingerprint only', () => {
    const view = keypairView(k2);
    expect(view.json).toEqual({ keypair: { fingerprint: k2.fingerprint, name: 'key.pub', public_key: 'ssh-rsa AAAA2 me@host' } });
    expect(xml(view)).toBe(`${HEAD}<keypair ${NS}><public_key>ssh-rsa AAAA2 me@host</public_key><name>key.pub</name><fingerprint>${k2.fingerprint}</fingerprint></keypair>`);
  });

  it('create: with the private key and user_id, in the order of the spec', () => {
    const view = newKeypairView({ ...k1, userId: '20000000000001', privateKey: '-----BEGIN RSA PRIVATE KEY-----\nX\n-----END RSA PRIVATE KEY-----\n' });
    expect(Object.keys((view.json as { keypair: object }).keypair)).toEqual(['fingerprint', 'name', 'private_key', 'public_key', 'user_id']);
    expect(xml(view)).toBe(
      `${HEAD}<keypair ${NS}><public_key>ssh-rsa AAAA1 \n</public_key>` +
        '<private_key>-----BEGIN RSA PRIVATE KEY-----\nX\n-----END RSA PRIVATE KEY-----\n</private_key>' +
        `<user_id>20000000000001</user_id><name>keypair-1</name><fingerprint>${k1.fingerprint}</fingerprint></keypair>`,
    );
  });

  it('import: no private key at all', () => {
    const view = newKeypairView({ ...k2, userId: '20000000000001' });
    expect(view.json).toEqual({ keypair: { fingerprint: k2.fingerprint, name: 'key.pub', public_key: 'ssh-rsa AAAA2 me@host', user_id: '20000000000001' } });
    expect(xml(view)).not.toContain('private_key');
  });

  it('escapes what a name or comment could hold', () => {
    expect(xml(keypairView({ ...k2, publicKey: 'ssh-rsa AAAA <me&you>' }))).toContain('<public_key>ssh-rsa AAAA &lt;me&amp;you&gt;</public_key>');
  });
});
