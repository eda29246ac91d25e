// Flavors: the read-only catalogue of server sizes. Exports the repository so that other
// features (servers) can look a flavorRef up.

import { Module } from '@nestjs/common';
import { FlavorRepository } from './flavor.repository';
import { FlavorsController } from './flavors.controller';

@Module({
  controllers: [FlavorsController],
  providers: [FlavorRepository],
  exports: [FlavorRepository],
})
export class FlavorsModule {}
