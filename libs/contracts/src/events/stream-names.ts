// Stream names are `category-id` (message-db's convention): `server-<uuid>`, `host-<name>`.

/** The aggregate categories that own streams in the log. One word, lower case, no dash. */
export const StreamCategory = {
  Server: 'server',
  Host: 'host',
  Image: 'image',
  Keypair: 'keypair',
  Quota: 'quota',
  FloatingIp: 'floatingip',
  SecurityGroup: 'securitygroup',
  Behaviour: 'behaviour',
  Test: 'test',
} as const;
export type StreamCategory = (typeof StreamCategory)[keyof typeof StreamCategory] | string;

const CATEGORY = /^[a-z][a-z0-9]*$/;

/** `streamName('server', id)` is `server-<id>`. */
export function streamName(category: StreamCategory, id: string): string {
  if (!CATEGORY.test(category)) {
    throw new Error(`stream category must match ${CATEGORY}, got '${category}'`);
  }
  if (id.length === 0) throw new Error('stream id must not be empty');
  return `${category}-${id}`;
}

/** The category of a stream: everything before the first dash. */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
}

/** The id of a stream: everything after the first dash. */
export function idOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? '' : stream.slice(dash + 1);
}
