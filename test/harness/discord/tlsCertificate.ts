import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway self-signed certificate for 127.0.0.1. */
export interface TlsCertificate {
  certPem: string;
  keyPem: string;
  /** The certificate file: give it to a child process as NODE_EXTRA_CA_CERTS to trust it there only. */
  certPath: string;
  /** Deletes the files. */
  remove(): Promise<void>;
}

/**
 * Makes a self-signed certificate for IP 127.0.0.1 with openssl (Debian `openssl`), valid one day.
 * @throws when openssl is missing or fails
 */
export async function createTlsCertificate(): Promise<TlsCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'local-discord-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await new Promise<void>((resolve, reject) => {
    execFile('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath,
    ], { timeout: 15_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`openssl could not make the local Discord certificate (apt-get install openssl): ${stderr || error.message}`));
      else resolve();
    });
  });
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPem, keyPem, certPath, remove: () => rm(dir, { recursive: true, force: true }) };
}
