// The os-keypairs extension: its controller, the handler that appends keypair events and the
// reads of the keypairs table.

import { Module } from '@nestjs/common';
import { KeypairHandler } from './keypair.handler';
import { KeypairQueries } from './keypair.queries';
import { KeypairsController } from './keypairs.controller';

@Module({
  controllers: [KeypairsController],
  providers: [KeypairHandler, KeypairQueries],
})
export class KeypairsModule {}
