// Entry point of the network process.
import { bootstrapApp } from '@app/platform';
import { NetworkModule } from './network.module';

void bootstrapApp({ name: 'network', module: NetworkModule });
