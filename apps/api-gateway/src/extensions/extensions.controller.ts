// GET /v1.1/{tenant_id}/extensions and /extensions/{alias} (spec 4.4.2, 4.4.3).

import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { Faults } from '../http/faults';
import { represent, type Representation } from '../http/representation';
import { el } from '../http/xml/xml-element';
import { TenantGuard } from '../identity/tenant.guard';
import { EXTENSIONS, type Extension } from './extension-list';

const json = (e: Extension) => ({ alias: e.alias, description: e.description, links: [], name: e.name, namespace: e.namespace, updated: e.updated });
const xml = (e: Extension) => el('extension', { name: e.name, namespace: e.namespace, alias: e.alias, updated: e.updated }, el('description', {}, e.description));

@Controller('v1.1/:tenant_id/extensions')
@UseGuards(TenantGuard)
export class ExtensionsController {
  @Get()
  list(): Representation {
    return represent({ extensions: EXTENSIONS.map(json) }, () => el('extensions', {}, ...EXTENSIONS.map(xml)));
  }

  @Get(':alias')
  get(@Param('alias') alias: string): Representation {
    const extension = EXTENSIONS.find((e) => e.alias === alias);
    if (!extension) throw Faults.itemNotFound(`Extension '${alias}' not found.`);
    return represent({ extension: json(extension) }, () => xml(extension));
  }
}
