# The bot as one image (compose.yaml runs two replicas of it). The corpus and the built index
# are copied in: each replica serves its own read-only copy.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
EXPOSE 3000
CMD ["npm", "start"]
