# One image for the whole stack; the APP variable chooses which app a container runs:
#   docker build -t nova-es .
#   docker run -e APP=scheduler -e DATABASE_URL=... -e NATS_URL=... nova-es
# Stage 1 installs everything and builds all five apps; stage 2 keeps the production
# dependencies and dist/ only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

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
