# gaitd container image (docs/deployment.md). Multi-stage: native modules and the web dashboard are
# built with the toolchain, the runtime stage has only Node, the production node_modules, the sources
# (run through tsx, no build step: docs/decisions.md) and the built dashboard; it runs as user `node`.
# BLE needs the host's Bluetooth: run it with the compose file's `ble` profile (host network, D-Bus).

FROM node:20-bookworm-slim AS build
# better-sqlite3 and noble's HCI binding compile here when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ libbluetooth-dev libudev-dev \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the `prepare` script, which builds the dashboard only where its sources are (not yet here).
COPY scripts/build-web-if-stale.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
  GAITD_DATA_DIR=/data \
  GAITD_PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/dashboards/web/dist ./dashboards/web/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /health needs the API token when one is set (binding anything but loopback requires one).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const t=process.env.GAITD_API_TOKEN;fetch('http://127.0.0.1:'+(process.env.GAITD_PORT||8080)+'/health',{headers:t?{authorization:'Bearer '+t}:{}}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/gaitd.js"]
CMD ["run", "--host", "0.0.0.0"]
