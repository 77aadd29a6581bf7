# The bot as one image (compose.yaml runs two replicas of it). The corpus and the built index
# are copied in: each replica serves its own read-only copy.
#
# Dependencies are installed in a build stage with a compiler: hnswlib-node always compiles
# (node-gyp needs python3, make and g++), and better-sqlite3 does when no prebuilt binary can be
# fetched. The runtime stage gets the built node_modules without the toolchain.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
EXPOSE 3000
CMD ["npm", "start"]
