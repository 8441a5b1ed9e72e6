// Test helpers that speak to a registry front the way a client does, with raw HTTPS trusting the
// plane's CA: ACR's sign-in (exchange, then a scoped access token) and a tiny image pushed blob by
// blob, so the front's tests need no registry client of ours.
import { createHash } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { LocalPlane as PlaneClient } from '../../shared/azure/local-plane.js';

export interface RegistryResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  json(): unknown;
}

export function registryRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; ca: string },
): Promise<RegistryResponse> {
  const payload = options.body === undefined ? undefined : Buffer.from(options.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: {
          ...(payload ? { 'content-length': String(payload.length) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
            body,
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** ACR sign-in: Entra token -> refresh token -> access token for `scope`. */
export async function acrAccessToken(
  loginServer: string,
  ca: string,
  entraToken: string,
  scope: string,
): Promise<{ refreshToken: string; accessToken: string }> {
  const ex = await registryRequest(`https://${loginServer}/oauth2/exchange`, {
    method: 'POST',
    ca,
    headers: FORM,
    body: new URLSearchParams({
      grant_type: 'access_token',
      service: loginServer,
      access_token: entraToken,
    }).toString(),
  });
  if (ex.status !== 200) throw new Error(`exchange: ${ex.status} ${ex.body.toString()}`);
  const refreshToken = (ex.json() as { refresh_token: string }).refresh_token;
  const tok = await registryRequest(`https://${loginServer}/oauth2/token`, {
    method: 'POST',
    ca,
    headers: FORM,
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      service: loginServer,
      scope,
      refresh_token: refreshToken,
    }).toString(),
  });
  if (tok.status !== 200) throw new Error(`token: ${tok.status} ${tok.body.toString()}`);
  return { refreshToken, accessToken: (tok.json() as { access_token: string }).access_token };
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Push one blob (monolithic: POST to start, PUT with the digest). Returns the digest. */
export async function pushBlob(
  loginServer: string,
  ca: string,
  accessToken: string,
  repo: string,
  data: Buffer,
): Promise<string> {
  const auth = { authorization: `Bearer ${accessToken}` };
  const start = await registryRequest(`https://${loginServer}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    ca,
    headers: auth,
  });
  if (start.status !== 202) throw new Error(`upload start: ${start.status} ${start.body.toString()}`);
  const digest = sha256(data);
  const location = new URL(start.headers.location as string, `https://${loginServer}`);
  location.searchParams.set('digest', digest);
  const put = await registryRequest(location.toString(), {
    method: 'PUT',
    ca,
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body: data,
  });
  if (put.status !== 201) throw new Error(`upload put: ${put.status} ${put.body.toString()}`);
  return digest;
}

/** A tiny but valid OCI image (one empty-ish layer, a config) pushed as `repo:tag`; returns the manifest digest. */
export async function pushTinyImage(
  loginServer: string,
  ca: string,
  accessToken: string,
  repo: string,
  tag: string,
): Promise<{ digest: string; layerDigest: string; layerSize: number }> {
  const layer = Buffer.from(`layer of ${repo}:${tag} ${Math.random()}`);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
    }),
  );
  const layerDigest = await pushBlob(loginServer, ca, accessToken, repo, layer);
  const configDigest = await pushBlob(loginServer, ca, accessToken, repo, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length },
      ],
    }),
  );
  const put = await registryRequest(`https://${loginServer}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    ca,
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
    },
    body: manifest,
  });
  if (put.status !== 201) throw new Error(`manifest put: ${put.status} ${put.body.toString()}`);
  return { digest: sha256(manifest), layerDigest, layerSize: layer.length };
}

/** The real ACR management client pointed at the plane, as the ML client is (endpoint, scope, CA). */
export function registryClient(conn: PlaneClient): ContainerRegistryManagementClient {
  return new ContainerRegistryManagementClient(conn.credential, conn.subscriptionId, {
    endpoint: conn.armEndpoint,
    $host: conn.armEndpoint,
    credentialScopes: [`${conn.armEndpoint}/.default`],
    tlsOptions: { ca: conn.ca },
  });
}
