# One image for every Vigie app: the services in docker-compose.yml differ only by their command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund \
 && npm run build -w @vigie/web

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# tsx runs the TypeScript sources of the Node apps directly.
CMD ["npx", "tsx", "apps/gateway/src/main.ts"]
