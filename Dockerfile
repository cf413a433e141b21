# Dockerfile: one image for every DTU service; the command picks `up` (default), `twin NAME` or `control-plane`.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` would run tsc before the sources are here, so install without scripts and build after copying them.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json rolldown.config.mjs index.ts ./
COPY shared ./shared
COPY twins ./twins
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production \
    DTU_HOST=0.0.0.0
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
# A writable place for --persist /data (mount a volume there to keep state across container restarts).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4100-4104
CMD ["node", "dist/dtu.js", "up"]
