// Keypairs in the API's JSON and XML shapes (spec 4.4.18, 4.4.19): the list wraps each
// keypair in its own `keypair` element, and only the answer to a create carries user_id, and
// for a generated pair the private key. No links: the spec's examples have none.

import { represent, type Representation } from '../http/representation';
import { el, type XmlElement } from '../http/xml/xml-element';

export interface KeypairSummary {
  name: string;
  publicKey: string;
  fingerprint: string;
}

export interface NewKeypair extends KeypairSummary {
  userId: string;
  /** Only for a generated pair. */
  privateKey?: string;
}

const NO_ATOM = { atom: false };

const summaryJson = (k: KeypairSummary) => ({ fingerprint: k.fingerprint, name: k.name, public_key: k.publicKey });
const summaryXml = (k: KeypairSummary): XmlElement =>
  el('keypair', {}, el('public_key', {}, k.publicKey), el('name', {}, k.name), el('fingerprint', {}, k.fingerprint));

/** GET /os-keypairs. */
export function keypairListView(keypairs: KeypairSummary[]): Representation {
  return represent(
    { keypairs: keypairs.map((k) => ({ keypair: summaryJson(k) })) },
    () => el('keypairs', {}, ...keypairs.map((k) => el('keypair', {}, summaryXml(k)))),
    NO_ATOM,
  );
}

/** GET /os-keypairs/{name}. */
export function keypairView(keypair: KeypairSummary): Representation {
  return represent({ keypair: summaryJson(keypair) }, () => summaryXml(keypair), NO_ATOM);
}

/** POST /os-keypairs: the new keypair, with the private key if it was generated. */
export function newKeypairView(k: NewKeypair): Representation {
  const json: Record<string, string> = { fingerprint: k.fingerprint, name: k.name };
  if (k.privateKey !== undefined) json.private_key = k.privateKey;
  json.public_key = k.publicKey;
  json.user_id = k.userId;
  return represent(
    { keypair: json },
    () =>
      el(
        'keypair',
        {},
        el('public_key', {}, k.publicKey),
        k.privateKey !== undefined && el('private_key', {}, k.privateKey),
        el('user_id', {}, k.userId),
        el('name', {}, k.name),
        el('fingerprint', {}, k.fingerprint),
      ),
    NO_ATOM,
  );
}
