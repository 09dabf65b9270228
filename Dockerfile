# syntax=docker/dockerfile:1
# The in-cluster preflight: `aml-preflight cluster run` starts this image in a
# Job on each node pool; its command is `aml-preflight cluster probe`.
#   docker build -t myacr.azurecr.io/aml-preflight:0.1.0 .
#   (or, with no Docker at hand: az acr build -r myacr -t aml-preflight:0.1.0 .)

# ── build: compile TypeScript to dist/, then drop the dev dependencies ──────
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the only one would fetch the `node` dev dependency's binary, which the image has.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Source maps, type declarations and docs are half of node_modules and never run.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/.bin node_modules/.package-lock.json \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) ! -iname 'license*' -delete

# ── runtime: the official Node 24 image, slim; nothing runs but node ───────
FROM node:24-slim
WORKDIR /app
# npm, corepack and yarn are never used at run time: less to patch, less to scan.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production \
    NO_COLOR=1
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY rules ./rules
COPY schema ./schema
# uid 65532: what the Job's securityContext asks for (numeric, so runAsNonRoot can verify it). Nothing is written
# at run time (the report goes to stdout), so a read-only root filesystem is fine.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/node", "/app/bin/aml-preflight.js"]
CMD ["cluster", "probe", "--config", "/etc/aml-preflight/profile.yaml"]
