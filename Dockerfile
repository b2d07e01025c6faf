# Production image: the same code `npm start` runs, on Node 20, without dev tools.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY registry/package.json registry/
COPY signer/package.json signer/
COPY verifier-web/package.json verifier-web/
COPY templates/package.json templates/
RUN npm ci --no-audit --no-fund
COPY . .
# The verifier page is built with Vite (a dev dependency), then dev dependencies are dropped.
RUN npm run build -w verifier-web && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 ELICENCE_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER node
CMD ["node", "scripts/elicence.mjs", "serve"]
