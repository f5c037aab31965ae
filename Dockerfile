# syntax=docker/dockerfile:1
# Multi-stage build of the gateway: the production entry (the CMD), the development entry on the embedded
# NHS sandbox (node dist/apps/gateway/src/main.dev.js) and the standalone NHS sandbox (used by docker-compose).

# ---- build: full install, compile with nest build, then drop dev dependencies ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx nest build gateway \
 && test -f dist/apps/gateway/src/main.js \
 && test -f dist/apps/gateway/src/main.dev.js \
 && test -f dist/apps/nhs-sandbox/src/main.js \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies and compiled output only, as the unprivileged node user ----
FROM node:22-bookworm-slim AS runtime
# The V8 heap limit stays below the container's memory limit (docker-compose: 768m), so running out
# of heap ends in the gateway's own one-line JSON fatal log and a restart, not a kernel OOM kill.
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--max-old-space-size=512
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root deploy/compose/sandbox-app.js ./deploy/compose/sandbox-app.js
# The NHS data the sandbox serves (embedded by main.dev.js or as the compose nhs-sandbox service), found from dist/ upwards.
COPY --chown=root:root apps/nhs-sandbox/data ./apps/nhs-sandbox/data
# The schemas the WSDLs include, served under /SOAP/schemas/.
COPY --chown=root:root libs/soap/schemas ./libs/soap/schemas
# /keys is where docker-compose keeps the NHS signing key (a named volume inherits this ownership).
# /app/.state is the gateway's state folder (GATEWAY_STATE_DIR: the demo signer; a volume in compose).
RUN mkdir -p /keys /app/.state && chown node:node /keys /app/.state
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/gateway/src/main.js"]
