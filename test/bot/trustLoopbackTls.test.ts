import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustLoopbackTls } from '../../src/bot/trustLoopbackTls.ts';
import { createLogger } from '../../src/logger.ts';

let server: tls.Server;
let port: number;
const dir = mkdtempSync(join(tmpdir(), 'hotseat-tls-'));

beforeAll(async () => {
  // Fails loudly if openssl is missing (scripts/setup-test-deps.sh installs it).
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = tls.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Connects the way `ws` does for wss:// (one options object); resolves 'ok' or the error code. */
function connect(options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: '', ...options });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('trustLoopbackTls', () => {
  it('accepts a self-signed certificate on loopback only while enabled', async () => {
    expect(await connect({})).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    const undo = trustLoopbackTls(createLogger({ level: 'silent' }));
    try {
      expect(await connect({})).toBe('ok');
      // An explicit choice by the caller still wins.
      expect(await connect({ rejectUnauthorized: true })).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      undo();
    }
    expect(await connect({})).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('leaves connections to other hosts verified', async () => {
    const undo = trustLoopbackTls(createLogger({ level: 'silent' }));
    try {
      // Same server, reached under a non-loopback host name: verification applies.
      const result = await new Promise<string>((resolve) => {
        const socket = tls.connect({ host: 'hotseat-test.invalid', port, lookup: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) });
        socket.once('secureConnect', () => {
          socket.destroy();
          resolve('ok');
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      });
      expect(result).toMatch(/SELF_SIGNED|CERT/);
    } finally {
      undo();
    }
  });
});
