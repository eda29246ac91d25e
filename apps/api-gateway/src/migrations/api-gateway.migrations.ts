// The api-gateway schema's migrations, oldest first, built for the schema the app runs in
// (APP_SCHEMA). The platform runs the event log's and the consumer tables' migrations first.

import type { AppMigrations } from '@app/platform';
import { createBehaviourCountersMigration } from './create-behaviour-counters.migration';
import { createFlavorsMigration } from './create-flavors.migration';
import { createImagesMigration } from './create-images.migration';
import { createInstanceActionsMigration } from './create-instance-actions.migration';
import { createKeypairsMigration } from './create-keypairs.migration';
import { createNetworkViewsMigration } from './create-network-views.migration';
import { createRateLimitCountersMigration } from './create-rate-limit-counters.migration';
import { createServersMigration } from './create-servers.migration';
import { createTokensMigration } from './create-tokens.migration';

export const apiGatewayMigrations: AppMigrations = (schema) => [
  createTokensMigration(schema),
  createFlavorsMigration(schema),
  createImagesMigration(schema),
  createKeypairsMigration(schema),
  createRateLimitCountersMigration(schema),
  createServersMigration(schema),
  createInstanceActionsMigration(schema),
  createNetworkViewsMigration(schema),
  createBehaviourCountersMigration(schema),
];
