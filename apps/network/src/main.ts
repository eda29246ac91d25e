// Entry point of the network process: its own settings (the IP pools) are checked first (one
// line on stderr and exit 1 when wrong, like the platform's), then the app starts.
import { bootstrapApp, ConfigError } from '@app/platform';
import { loadNetworkConfig, type NetworkConfig } from './config/network-config';
import { NetworkModule } from './network.module';

function networkConfigOrExit(): NetworkConfig {
  try {
    return loadNetworkConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

void bootstrapApp({ name: 'network', module: NetworkModule.with(networkConfigOrExit()) });
