// The compute-agent schema's migrations, oldest first, built for the schema the app runs in (APP_SCHEMA).

import type { AppMigrations } from '@app/platform';

export const computeAgentMigrations: AppMigrations = () => [
  // The platform runs the event log's and the consumer tables' migrations first; this app's
  // own tables come with the issues that give it work.
];
