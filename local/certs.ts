// The plane's TLS material: a throw-away test CA and a loopback server certificate it signs. Made
// at first start-up inside the state dir (never in git) and reused afterwards, so clients that
// trusted the CA once keep trusting it across restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface PlaneTls {
  caCertPath: string;
  ca: string;
  cert: string;
  key: string;
}

export async function ensurePlaneTls(stateDir: string): Promise<PlaneTls> {
  const dir = path.join(stateDir, 'tls');
  const caCertPath = path.join(dir, 'ca.pem');
  const certPath = path.join(dir, 'server.pem');
  const keyPath = path.join(dir, 'server-key.pem');
  if (existsSync(caCertPath) && existsSync(certPath) && existsSync(keyPath)) {
    return {
      caCertPath,
      ca: readFileSync(caCertPath, 'utf8'),
      cert: readFileSync(certPath, 'utf8'),
      key: readFileSync(keyPath, 'utf8'),
    };
  }
  mkdirSync(dir, { recursive: true });
  const notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'aml-rollout local plane test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  writeFileSync(caCertPath, ca.cert);
  writeFileSync(certPath, server.cert);
  writeFileSync(keyPath, server.private, { mode: 0o600 });
  return { caCertPath, ca: ca.cert, cert: server.cert, key: server.private };
}
