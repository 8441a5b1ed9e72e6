# The suite's inference image, GPU: the CPU image's scorer on a CUDA base, onnxruntime's CUDA
# execution provider. Build from the repository root after `npm run build` and, on the GPU runner,
# `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (fetches the CUDA EP libraries
# into node_modules/onnxruntime-node/bin/napi-v6/linux/x64, which /.dockerignore lets through):
#   docker buildx build --platform linux/amd64 -f images/gpu.Dockerfile -t <acr>/detector:gpu .
# Same routes and port as cpu.Dockerfile. docs/images.md: the CUDA run is checked on a GPU
# runner; tests here build this file onto a base made in the test (no CUDA).
# BASE: a CUDA 12 + cuDNN 9 runtime image (what onnxruntime 1.23's CUDA EP links against).
# NODE: an image whose /usr/local/bin/node (>= 20, glibc) is copied in: CUDA bases ship no node.
ARG BASE=nvcr.io/nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
ARG NODE=node:20-bookworm-slim
FROM ${NODE} AS node
FROM ${BASE}
COPY --from=node /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
COPY node_modules/ /app/node_modules/
COPY dist/cli/ /app/dist/cli/
COPY images/serve-model.mjs /app/images/serve-model.mjs
# AML_ROLLOUT_EXECUTION_PROVIDERS: the execution providers the scorer's sessions should try, in
# order (not read by shared/scoring/session.ts yet: docs/images.md).
ENV NODE_ENV=production \
    AML_ROLLOUT_PORT=5001 \
    AML_ROLLOUT_EXECUTION_PROVIDERS=cuda,cpu \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
EXPOSE 5001
ENTRYPOINT ["node", "/app/images/serve-model.mjs"]
