// The compute-agent schema's migrations, oldest first, built for the schema the app runs in (APP_SCHEMA).
// The platform runs the event log's and the consumer tables' migrations first.

import { type AppMigrations, behaviourMatchTablesMigration } from '@app/platform';
import { addBuildBehavioursMigration } from './add-build-behaviours.migration';
import { createComputeAgentTablesMigration } from './create-compute-agent-tables.migration';

export const computeAgentMigrations: AppMigrations = (schema) => [
  createComputeAgentTablesMigration(schema),
  behaviourMatchTablesMigration(schema),
  addBuildBehavioursMigration(schema),
];
