// Deployment processes. Like AML's storage initializer, a deployment first copies its model
// version's files from the datastore (Azurite) into its own folder; then one child process per
// deployment serves them with the project's scorer (`aml-rollout serve ...`), restarted if it
// crashes, stopped when the deployment goes. Every step lands in the deployment's logs.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { SelfCommand } from '../shared/launch/cli.js';
import { stopChild } from './azurite.js';
import type { ChildLedger } from './children.js';
import { type ControlPlane, ProvisioningError } from './control-plane.js';
import { findKey, obj, str } from './resources.js';
import type { DeploymentState, PlaneState } from './store.js';

export type ScoringProtocol = 'automl' | 'kserve' | 'torchserve';

export interface ServingTarget {
  url: string;
  protocol: ScoringProtocol;
  /** GPU SKU without an FP16 model file: the data plane rounds numeric outputs to FP16. */
  roundOutputsToFp16: boolean;
  child: ChildProcess;
}

export interface SupervisorOptions {
  stateDir: string;
  /** The command that runs `aml-rollout` (its `serve` sub-command is appended). */
  serveCommand: () => SelfCommand;
  /** Wait before restarting a crashed process. */
  restartDelayMs: number;
  /** How long a process may take to print its `{"url":...}` line. */
  startTimeoutMs: number;
  blobEndpoint: () => string;
  /** Where each server process is recorded while it runs, so a killed plane's are reaped. */
  ledger?: ChildLedger;
}

const MAX_LOG_LINES = 2000;

export class DeploymentSupervisor {
  private readonly running = new Map<string, ServingTarget>();
  private readonly stopping = new Set<string>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  /** Every live child, ready or still starting, so shutdown never leaves one behind. */
  private readonly children = new Set<ChildProcess>();
  private closed = false;

  constructor(
    private readonly options: SupervisorOptions,
    private readonly control: () => ControlPlane,
    private readonly state: () => PlaneState,
  ) {}

  target(ws: string, ep: string, dep: string): ServingTarget | undefined {
    return this.running.get(keyOf(ws, ep, dep));
  }

  /** Kill the process as a crash would (fault injection); the supervisor restarts it. */
  crash(ws: string, ep: string, dep: string): boolean {
    const t = this.target(ws, ep, dep);
    if (!t) return false;
    t.child.kill('SIGKILL');
    return true;
  }

  async provision(ws: string, ep: string, dep: string): Promise<void> {
    const key = keyOf(ws, ep, dep);
    await this.stop(ws, ep, dep);
    this.stopping.delete(key);
    const d = this.deployment(ws, ep, dep);
    const log = (line: string) => pushLog(d.logs.storageInitializer, line);
    d.logs.storageInitializer = [];
    const control = this.control();
    const modelRef = str(d.resource.properties.model);
    const model = control.resolveAsset(ws, modelRef, 'models');
    if (!model) {
      const message = `Model '${modelRef ?? '(none)'}' was not found: the model version does not exist in this workspace. Register it first or fix the deployment's model reference.`;
      log(`Error: ${message}`);
      throw new ProvisioningError('ResourceNotFound', message);
    }
    const envRef = str(d.resource.properties.environmentId);
    let protocol: ScoringProtocol = 'automl';
    if (envRef) {
      const env = control.resolveAsset(ws, envRef, 'environments');
      if (!env) {
        const message = `Environment '${envRef}' was not found: the environment version does not exist in this workspace. Register it first or fix the deployment's environment reference.`;
        log(`Error: ${message}`);
        pushLog(d.logs.inferenceServer, `Error: ${message}`);
        throw new ProvisioningError('ResourceNotFound', message);
      }
      protocol = protocolOf(obj(obj(env.properties.inferenceConfig)?.scoringRoute));
    }
    const envVars = (obj(d.resource.properties.environmentVariables) ?? {}) as Record<string, string>;
    const override = str(envVars.AML_ROLLOUT_SCORING_PROTOCOL);
    if (override === 'automl' || override === 'kserve' || override === 'torchserve') protocol = override;

    const dir = path.join(this.options.stateDir, 'deployments', ws, ep, dep, 'model');
    const modelUri = str(model.properties.modelUri) ?? '';
    log(`Downloading model ${model.name} version from ${modelUri}`);
    const files = await this.download(ws, modelUri, dir, log);
    log(`Downloaded ${files.length} file(s): ${files.join(', ')}`);
    const gpu = control.isGpu(d);
    const onnx = files.filter((f) => f.endsWith('.onnx'));
    const fp32 =
      onnx.find((f) => path.basename(f) === 'model.onnx') ?? onnx.find((f) => !f.endsWith('-fp16.onnx'));
    const fp16 = onnx.find((f) => path.basename(f) === 'model-fp16.onnx');
    const card = files.find((f) => /^model-card\.ya?ml$/.test(path.basename(f)));
    if (!fp32 && !(gpu && fp16)) {
      const message = `No ONNX model file was found under ${modelUri}; expected model.onnx beside model-card.yaml.`;
      log(`Error: ${message}`);
      throw new ProvisioningError('ModelFilesNotFound', message);
    }
    if (!card) {
      const message = `No model-card.yaml was found under ${modelUri}; a registered model folder carries its model card beside the ONNX file.`;
      log(`Error: ${message}`);
      throw new ProvisioningError('ModelFilesNotFound', message);
    }
    const modelFile = gpu && fp16 ? fp16 : (fp32 as string);
    const roundOutputsToFp16 = gpu && !fp16;
    if (gpu) {
      log(
        fp16
          ? `GPU instance type: serving the FP16 variant ${path.basename(fp16)}`
          : 'GPU instance type without model-fp16.onnx: serving model.onnx and rounding numeric outputs to FP16',
      );
    }
    const launch = {
      ws,
      ep,
      dep,
      model: path.join(dir, modelFile),
      card: path.join(dir, card),
      protocol,
      envVars,
      roundOutputsToFp16,
    };
    await this.launch(launch);
  }

  private async launch(l: {
    ws: string;
    ep: string;
    dep: string;
    model: string;
    card: string;
    protocol: ScoringProtocol;
    envVars: Record<string, string>;
    roundOutputsToFp16: boolean;
  }): Promise<void> {
    const key = keyOf(l.ws, l.ep, l.dep);
    const d = this.deployment(l.ws, l.ep, l.dep);
    const port = await freePort();
    const params = Object.entries(l.envVars)
      .filter(([k]) => /^[a-z][a-z0-9_]*$/.test(k))
      .flatMap(([k, v]) => ['--param', `${k}=${v}`]);
    const base = this.options.serveCommand();
    const args = [
      ...base.args,
      'serve',
      '--model',
      l.model,
      '--card',
      l.card,
      '--port',
      String(port),
      '--protocol',
      l.protocol,
      ...params,
    ];
    pushLog(
      d.logs.inferenceServer,
      `${new Date().toISOString()} Starting inference server: serve --protocol ${l.protocol} --port ${port}`,
    );
    const child = spawn(base.command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...l.envVars,
        AZUREML_MODEL_DIR: path.dirname(l.model),
        AML_ROLLOUT_DEPLOYMENT: l.dep,
        AML_ROLLOUT_ENDPOINT: l.ep,
      },
    });
    this.children.add(child);
    this.options.ledger?.add(child, `deployment:${key}`, false);
    child.once('exit', () => this.children.delete(child));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new ProvisioningError(
            'DeploymentTimeout',
            `The inference server did not become ready within ${this.options.startTimeoutMs} ms.`,
          ),
        );
      }, this.options.startTimeoutMs);
      let ready = false;
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        if (!ready) {
          try {
            const parsed = JSON.parse(line) as { url?: unknown };
            if (typeof parsed.url === 'string') {
              ready = true;
              clearTimeout(timer);
              resolve(parsed.url.replace(/\/$/, ''));
              return;
            }
          } catch {
            // not the ready line
          }
        }
        pushLog(this.deploymentOrNull(l.ws, l.ep, l.dep)?.logs.inferenceServer, line);
      });
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) =>
        pushLog(this.deploymentOrNull(l.ws, l.ep, l.dep)?.logs.inferenceServer, line),
      );
      child.once('exit', (code, signal) => {
        if (!ready) {
          clearTimeout(timer);
          const tail = d.logs.inferenceServer.slice(-5).join(' | ');
          reject(
            new ProvisioningError(
              'DeploymentFailed',
              `The inference server exited (${signal ?? code}) before it was ready: ${tail}`,
            ),
          );
        }
      });
    });
    if (this.closed || this.stopping.has(key)) {
      await stopChild(child);
      throw new ProvisioningError('PlaneStopping', 'The deployment was stopped while it was starting.');
    }
    const target: ServingTarget = {
      url,
      protocol: l.protocol,
      roundOutputsToFp16: l.roundOutputsToFp16,
      child,
    };
    this.running.set(key, target);
    pushLog(d.logs.inferenceServer, `${new Date().toISOString()} Inference server ready at ${url}`);
    child.once('exit', (code, signal) => {
      if (this.running.get(key) === target) this.running.delete(key);
      if (this.closed || this.stopping.has(key)) return;
      const dep = this.deploymentOrNull(l.ws, l.ep, l.dep);
      if (!dep) return;
      pushLog(
        dep.logs.inferenceServer,
        `${new Date().toISOString()} Container crashed (exit ${signal ?? code}); restarting.`,
      );
      const timer = setTimeout(() => {
        this.restartTimers.delete(key);
        if (this.closed || this.stopping.has(key) || !this.deploymentOrNull(l.ws, l.ep, l.dep)) return;
        this.launch(l).catch((e: unknown) =>
          pushLog(
            this.deploymentOrNull(l.ws, l.ep, l.dep)?.logs.inferenceServer,
            `Restart failed: ${String(e)}`,
          ),
        );
      }, this.options.restartDelayMs);
      this.restartTimers.set(key, timer);
    });
  }

  async stop(ws: string, ep: string, dep: string): Promise<void> {
    const key = keyOf(ws, ep, dep);
    this.stopping.add(key);
    const timer = this.restartTimers.get(key);
    if (timer) clearTimeout(timer);
    this.restartTimers.delete(key);
    const t = this.running.get(key);
    this.running.delete(key);
    if (t) await stopChild(t.child);
  }

  /** A deleted endpoint's (or deployment's) folder: its downloaded model goes with it. */
  removeFiles(ws: string, ep: string, dep?: string): void {
    const root = path.join(this.options.stateDir, 'deployments');
    const dir = path.join(root, ws, ep, ...(dep ? [dep] : []));
    // Names were validated by the ARM rules; this guards the folder against any that were not.
    if (!dir.startsWith(`${root}${path.sep}`)) return;
    rmSync(dir, { recursive: true, force: true });
  }

  /** Delete the blobs under a model version's `modelUri` (on this plane's datastores; other URIs are not ours). */
  async removeModelBlobs(ws: string, modelUri: string): Promise<void> {
    const location = this.blobLocation(ws, modelUri);
    if (!location) return;
    const prefix = location.path.replace(/^\/+/, '').replace(/\/+$/, '');
    if (!prefix) return;
    const st = this.state();
    const container = new BlobServiceClient(
      this.options.blobEndpoint(),
      new StorageSharedKeyCredential(st.azurite.accountName, st.azurite.accountKey),
    ).getContainerClient(location.container);
    for await (const blob of container.listBlobsFlat({ prefix })) {
      if (blob.name !== prefix && !blob.name.startsWith(`${prefix}/`)) continue;
      await container.deleteBlob(blob.name, { deleteSnapshots: 'include' });
    }
  }

  async stopAll(): Promise<void> {
    this.closed = true;
    for (const t of this.restartTimers.values()) clearTimeout(t);
    this.restartTimers.clear();
    this.running.clear();
    await Promise.all([...this.children].map((c) => stopChild(c)));
  }

  /** Copy every blob under the model's path into `dir`; returns the file names relative to `dir`. */
  private async download(
    ws: string,
    modelUri: string,
    dir: string,
    log: (l: string) => void,
  ): Promise<string[]> {
    const location = this.blobLocation(ws, modelUri);
    if (!location) {
      const message = `Model URI '${modelUri}' is not on a datastore of this plane (expected azureml://.../datastores/<name>/paths/<path>).`;
      log(`Error: ${message}`);
      throw new ProvisioningError('InvalidModelUri', message);
    }
    const st = this.state();
    const service = new BlobServiceClient(
      this.options.blobEndpoint(),
      new StorageSharedKeyCredential(st.azurite.accountName, st.azurite.accountKey),
    );
    const container = service.getContainerClient(location.container);
    const prefix = location.path.replace(/^\/+/, '').replace(/\/+$/, '');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    try {
      for await (const blob of container.listBlobsFlat({ prefix })) {
        if (blob.name !== prefix && !blob.name.startsWith(`${prefix}/`)) continue;
        const rel = blob.name === prefix ? path.basename(prefix) : blob.name.slice(prefix.length + 1);
        const target = path.join(dir, rel);
        mkdirSync(path.dirname(target), { recursive: true });
        await container.getBlobClient(blob.name).downloadToFile(target);
        files.push(rel);
      }
    } catch (e) {
      const message = `Could not download the model from datastore container '${location.container}': ${e instanceof Error ? e.message : String(e)}`;
      log(`Error: ${message}`);
      throw new ProvisioningError('StorageInitializerFailed', message);
    }
    if (files.length === 0) {
      const message = `No files were found under ${modelUri}.`;
      log(`Error: ${message}`);
      throw new ProvisioningError('ModelFilesNotFound', message);
    }
    return files.sort();
  }

  private blobLocation(ws: string, modelUri: string): { container: string; path: string } | undefined {
    const st = this.state();
    const m = /^azureml:\/\/(?:.*\/workspaces\/([^/]+)\/)?datastores\/([^/]+)\/paths\/(.+)$/i.exec(modelUri);
    if (m?.[2] && m[3]) {
      const w = st.workspaces[findKey(st.workspaces, m[1] ?? ws) ?? ''];
      const ds = w?.datastores[findKey(w.datastores, m[2]) ?? ''];
      const container = str(ds?.resource.properties.containerName);
      return container ? { container, path: decodeURIComponent(m[3]) } : undefined;
    }
    try {
      const u = new URL(modelUri);
      const base = new URL(this.options.blobEndpoint());
      if (u.host === base.host) {
        const parts = u.pathname.split('/').filter(Boolean);
        if (parts.length >= 3 && parts[0] === st.azurite.accountName) {
          return { container: parts[1] as string, path: decodeURIComponent(parts.slice(2).join('/')) };
        }
      }
    } catch {
      // not a URL
    }
    return undefined;
  }

  private deploymentOrNull(ws: string, ep: string, dep: string): DeploymentState | undefined {
    return this.control().findDeployment(ws, ep, dep);
  }

  private deployment(ws: string, ep: string, dep: string): DeploymentState {
    const d = this.deploymentOrNull(ws, ep, dep);
    if (!d) throw new ProvisioningError('ResourceNotFound', `Deployment ${ep}/${dep} no longer exists.`);
    return d;
  }
}

function protocolOf(route: Record<string, unknown> | undefined): ScoringProtocol {
  const p = typeof route?.path === 'string' ? route.path : '';
  if (p.startsWith('/v2/')) return 'kserve';
  if (p.startsWith('/predictions')) return 'torchserve';
  return 'automl';
}

function keyOf(ws: string, ep: string, dep: string): string {
  return `${ws}/${ep}/${dep}`.toLowerCase();
}

function pushLog(lines: string[] | undefined, line: string): void {
  if (!lines) return;
  lines.push(line);
  if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
