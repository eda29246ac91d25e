// Images and their metadata render as the spec's examples, in JSON and XML.

import { renderXml } from '../http/xml/xml-element';
import type { ImageRecord } from './image-record';
import { metaView, metadataView } from './image-metadata.view';
import { imageView, imagesView } from './image.view';

const at = { publicUrl: 'https://az-3.region-a.geo-1.compute.hpcloudsvc.com', tenantId: '36991859863737' };
const base = `${at.publicUrl}/v1.1/${at.tenantId}`;
const bookmark = `${at.publicUrl}/${at.tenantId}`;

const image1: ImageRecord = {
  uuid: '3a6f9bd2-0000-4000-8000-000000040747',
  id: '40747',
  name: 'image-1',
  status: 'ACTIVE',
  progress: 100,
  tenantId: '36991859863737',
  serverId: null,
  snapshot: true,
  created: new Date('2012-10-03T04:46:42Z'),
  updated: new Date('2012-10-03T04:48:25Z'),
  metadata: { owner: '36991859863737', min_disk: '0', min_ram: '0', key_1: 'value-1,value-1,value-1,value-1,value-1', key_2: 'value-2' },
};

describe('image view', () => {
  it('gives one image as the spec Get Image Details example, in JSON', () => {
    expect(imageView(image1, at).json).toEqual({
      image: {
        created: '2012-10-03T04:46:42Z',
        id: '40747',
        links: [
          { href: `${base}/images/40747`, rel: 'self' },
          { href: `${bookmark}/images/40747`, rel: 'bookmark' },
        ],
        metadata: { key_1: 'value-1,value-1,value-1,value-1,value-1', key_2: 'value-2', min_disk: '0', min_ram: '0', owner: '36991859863737' },
        name: 'image-1',
        progress: 100,
        status: 'ACTIVE',
        updated: '2012-10-03T04:48:25Z',
      },
    });
  });

  it('gives it in XML: attributes, metadata, then links', () => {
    expect(renderXml(imageView(image1, at).xml())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<image created="2012-10-03T04:46:42Z" id="40747" name="image-1" progress="100" status="ACTIVE" updated="2012-10-03T04:48:25Z" xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom">' +
        '<metadata><meta key="key_1">value-1,value-1,value-1,value-1,value-1</meta><meta key="key_2">value-2</meta><meta key="min_disk">0</meta><meta key="min_ram">0</meta><meta key="owner">36991859863737</meta></metadata>' +
        `<atom:link href="${base}/images/40747" rel="self"/><atom:link href="${bookmark}/images/40747" rel="bookmark"/></image>`,
    );
  });

  it('links a snapshot to its server, in JSON and XML', () => {
    const snapshot = { ...image1, serverId: 'e5ac3d3c-cda3-4106-b60a-0a29b382fda2', status: 'SAVING' as const, progress: 25 };
    const server = {
      id: snapshot.serverId,
      links: [
        { href: `${base}/servers/${snapshot.serverId}`, rel: 'self' },
        { href: `${bookmark}/servers/${snapshot.serverId}`, rel: 'bookmark' },
      ],
    };
    expect((imageView(snapshot, at).json as { image: object }).image).toMatchObject({ server, status: 'SAVING', progress: 25 });
    expect(renderXml(imageView(snapshot, at).xml())).toContain(
      `<server id="${snapshot.serverId}"><atom:link href="${base}/servers/${snapshot.serverId}" rel="self"/><atom:link href="${bookmark}/servers/${snapshot.serverId}" rel="bookmark"/></server><metadata>`,
    );
  });

  it('shows the public images metadata as the spec List Images Detail: typed in JSON, None in XML', () => {
    const pub: ImageRecord = { ...image1, id: '120', tenantId: null, metadata: { min_ram: 0, owner: null, project_id: 'None' } };
    expect((imagesView([pub], at, true).json as { images: { metadata: object }[] }).images[0].metadata).toEqual({ min_ram: 0, owner: null, project_id: 'None' });
    expect(renderXml(imagesView([pub], at, true).xml())).toContain('<meta key="min_ram">0</meta><meta key="owner">None</meta><meta key="project_id">None</meta>');
  });

  it('lists id, name and links only', () => {
    expect(imagesView([image1], at, false).json).toEqual({ images: [{ id: '40747', links: expect.any(Array), name: 'image-1' }] });
    expect(renderXml(imagesView([image1], at, false).xml())).toContain('<images xmlns="http://docs.openstack.org/compute/api/v1.1" xmlns:atom="http://www.w3.org/2005/Atom"><image id="40747" name="image-1"><atom:link');
  });
});

describe('image metadata view', () => {
  it('renders the collection as the spec: no atom namespace in XML', () => {
    const view = metadataView({ 'key-2': 'value-2', 'key-1': 'value-1' });
    expect(view.json).toEqual({ metadata: { 'key-1': 'value-1', 'key-2': 'value-2' } });
    expect(renderXml(view.xml(), { atom: view.atom })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://docs.openstack.org/compute/api/v1.1"><meta key="key-1">value-1</meta><meta key="key-2">value-2</meta></metadata>',
    );
  });

  it('renders one item as the spec', () => {
    const view = metaView('key-1', 'value-1');
    expect(view.json).toEqual({ meta: { 'key-1': 'value-1' } });
    expect(renderXml(view.xml(), { atom: view.atom })).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<meta key="key-1" xmlns="http://docs.openstack.org/compute/api/v1.1">value-1</meta>');
  });
});
