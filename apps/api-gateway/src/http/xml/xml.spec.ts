// XML in and out: request bodies map to JSON-shaped objects, DTDs are refused, and responses
// carry the compute namespace and Atom links.

import { atomLink, el, renderXml } from './xml-element';
import { XmlBodyError, parseXmlBody } from './xml-body';

describe('parseXmlBody', () => {
  it('maps attributes and text-only children to properties', () => {
    expect(parseXmlBody('<?xml version="1.0"?><keypair xmlns="http://docs.openstack.org/compute/api/v1.1" name="k1"><public_key>ssh-rsa AAA x@y</public_key></keypair>'))
      .toEqual({ keypair: { name: 'k1', public_key: 'ssh-rsa AAA x@y' } });
  });
  it('maps metadata to a key/value object', () => {
    expect(parseXmlBody('<metadata><meta key="a">1</meta><meta key="b">two &amp; more</meta></metadata>')).toEqual({ metadata: { a: '1', b: 'two & more' } });
    expect(parseXmlBody('<meta key="a">1</meta>')).toEqual({ meta: { a: '1' } });
  });
  it('turns repeated children into arrays', () => {
    expect(parseXmlBody('<server name="s"><personality><file path="/a">x</file><file path="/b">y</file></personality></server>'))
      .toEqual({ server: { name: 's', personality: { file: [{ path: '/a', '#text': 'x' }, { path: '/b', '#text': 'y' }] } } });
  });
  it('refuses DTDs and entity declarations', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><keypair name="&xxe;"/>';
    expect(() => parseXmlBody(xxe)).toThrow(XmlBodyError);
    expect(() => parseXmlBody('<!DOCTYPE a><a/>')).toThrow('may not declare a DTD');
  });
  it('refuses malformed XML', () => {
    expect(() => parseXmlBody('<keypair name="x">')).toThrow(/malformed XML/);
    expect(() => parseXmlBody('not xml')).toThrow(XmlBodyError);
  });
});

describe('renderXml', () => {
  it('declares the namespaces on the root and escapes text and attributes', () => {
    const xml = renderXml(el('flavor', { id: 100, name: 'a<b' }, atomLink({ rel: 'self', href: 'http://h/v1.1/t/flavors/100' }), el('note', {}, 'x & y')));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<flavor id="100" name="a&lt;b" xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom">' +
        '<atom:link href="http://h/v1.1/t/flavors/100" rel="self"/><note>x &amp; y</note></flavor>',
    );
  });
});
