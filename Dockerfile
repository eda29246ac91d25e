# One image for the whole stack; each compose service runs its own app from it
# (docker-compose.yml sets `command`), and APP chooses the app when run alone:
#   docker build -t nova-es .
#   docker run -e APP=scheduler -e DATABASE_URL=... -e NATS_URL=... nova-es
# Stage `build` installs everything and builds the five apps (nest build, as `npm run build`);
# stage `runtime` keeps the production dependencies, dist/ and config/ only, and runs as `node`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build needs none (the embedded Postgres of `npm start` is not used here).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build && npm prune --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:20-bookworm-slim AS runtime
ARG APP=api-gateway
ENV NODE_ENV=production \
    APP=${APP}
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node config ./config
USER node
EXPOSE 8774 8781 8782 8783 8784
# `exec` replaces the shell with node, so SIGTERM from `docker stop` reaches the app's own handler
# (graceful drain, exit 0). Run with `--init` (compose: `init: true`) so an init reaps zombies.
CMD ["sh", "-c", "exec node dist/apps/${APP}/apps/${APP}/src/main.js"]
