// Entry point of the API gateway process. Its own settings, RATE_LIMITS and the identity file
// are checked first, so a wrong one stops it with one line, like the platform's settings.
import { ConfigError, PINO_LOGGER, bootstrapApp, loadConfig, type PinoLogger } from '@app/platform';
import { ApiGatewayModule } from './api-gateway.module';
import { loadGatewayConfig } from './config/gateway-config';
import { configureHttp, gatewayFastifyOptions } from './http/http.setup';
import { IdentityDirectory } from './identity/identity-directory';
import { loadRateLimits } from './rate-limit/rate-limit-table';

function settingsOrExit() {
  try {
    const config = loadGatewayConfig(process.env, loadConfig('api-gateway').httpPort);
    loadRateLimits(process.env);
    return { config, directory: IdentityDirectory.load(config.identityFile) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const { config, directory } = settingsOrExit();
void bootstrapApp({
  name: 'api-gateway',
  module: ApiGatewayModule.forRoot(config, directory),
  fastify: gatewayFastifyOptions(config),
  bodyParser: false,
  configure: (app) => configureHttp(app, app.get<PinoLogger>(PINO_LOGGER)),
});
