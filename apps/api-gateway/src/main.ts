// Entry point of the api-gateway process.
import { bootstrapApp } from '@app/platform';
import { ApiGatewayModule } from './api-gateway.module';

void bootstrapApp({ name: 'api-gateway', module: ApiGatewayModule });
