# Production image: the same code `npm start` runs (the compiled CLI in dist/ and the built pages), on Node 20,
# without dev tools.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY registry/package.json registry/
COPY signer/package.json signer/
COPY verifier-web/package.json verifier-web/
COPY templates/package.json templates/
# Dependencies first, cached while the manifests do not change. `prepare` (scripts/build/build.ts) needs the sources,
# which are not here yet: it is skipped now and run below.
COPY scripts/build/build.ts scripts/build/
RUN ELICENCE_SKIP_BUILD=1 npm ci --no-audit --no-fund
COPY . .
# The CLI and workers compiled with esbuild, the pages with Vite (dev dependencies), then dev dependencies dropped.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 ELICENCE_DATA_DIR=/data
# The data directory belongs to the user the registry runs as (before VOLUME: later changes would be discarded).
RUN mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 8080
USER node
CMD ["node", "scripts/elicence.mjs", "serve"]
