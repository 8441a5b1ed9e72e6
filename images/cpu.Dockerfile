# The suite's inference image, CPU: `aml-rollout serve` (the project's scorer) under AML's custom
# container contract. Build from the repository root after `npm run build` (the context is what
# /.dockerignore lets through: dist/cli, images/serve-model.mjs, the native node_modules):
#   docker buildx build --platform linux/amd64 -f images/cpu.Dockerfile -t <acr>/detector:cpu .
# Deployment YAML: environment.inference_config liveness_route and readiness_route GET /health,
# scoring_route POST /score, all on port 5001 (fixtures/deploy/deployment-blue.yml).
# BASE: any glibc linux/amd64 image with node >= 20 on PATH.
ARG BASE=node:20-bookworm-slim
FROM ${BASE}
WORKDIR /app
# Native packages copied from the build context: an image build has no network, and these are the
# very binaries the tests ran (shared/native pins their versions).
COPY node_modules/ /app/node_modules/
COPY dist/cli/ /app/dist/cli/
COPY images/serve-model.mjs /app/images/serve-model.mjs
ENV NODE_ENV=production \
    AML_ROLLOUT_PORT=5001
EXPOSE 5001
ENTRYPOINT ["node", "/app/images/serve-model.mjs"]
