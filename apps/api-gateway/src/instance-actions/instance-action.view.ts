// Instance actions in Nova's os-instance-actions shapes (JSON, and XML as Nova's v2 API wrote
// it): instanceActions for the list, instanceAction with its events for one. Times as Nova
// prints them (`2013-04-12T08:11:23.000000`). The traceback of a failed step is shown to admins only.

import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';
import type { InstanceAction, InstanceActionStep } from './instance-action.repository';

const NO_ATOM = { atom: false };

/** Nova's timestamp format: no zone, microseconds. */
export function novaTime(at: Date | null): string | null {
  return at ? `${at.toISOString().slice(0, 19)}.${String(at.getUTCMilliseconds() * 1000).padStart(6, '0')}` : null;
}

const actionJson = (a: InstanceAction) => ({
  action: a.action,
  instance_uuid: a.serverUuid,
  message: a.message,
  project_id: a.tenantId,
  request_id: a.requestId,
  start_time: novaTime(a.startTime),
  user_id: a.userId,
});

const actionAttrs = (a: InstanceAction) => ({
  action: a.action,
  instance_uuid: a.serverUuid,
  message: a.message ?? '',
  project_id: a.tenantId,
  request_id: a.requestId,
  start_time: novaTime(a.startTime) ?? '',
  user_id: a.userId,
});

const stepJson = (e: InstanceActionStep, admin: boolean) => ({
  event: e.event,
  finish_time: novaTime(e.finishTime),
  result: e.result,
  start_time: novaTime(e.startTime),
  ...(admin ? { traceback: e.traceback } : {}),
});

export function instanceActionsView(actions: InstanceAction[]): Representation {
  return represent({ instanceActions: actions.map(actionJson) }, () => el('instanceActions', {}, ...actions.map((a) => el('instanceAction', actionAttrs(a)))), NO_ATOM);
}

export function instanceActionView(action: InstanceAction, admin: boolean): Representation {
  const events = action.events ?? [];
  return represent(
    { instanceAction: { ...actionJson(action), events: events.map((e) => stepJson(e, admin)) } },
    () =>
      el(
        'instanceAction',
        actionAttrs(action),
        ...events.map((e) => {
          const { traceback, ...attrs } = stepJson(e, admin) as Record<string, string | null>;
          return el('events', Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, v ?? ''])), traceback ?? undefined);
        }),
      ),
    NO_ATOM,
  );
}
