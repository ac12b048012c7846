import tls from 'node:tls';
import type { Logger } from '../logger.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * For the end-to-end tests only (`ALLOW_INSECURE_TLS_FOR_TESTS=true`): accept self-signed
 * certificates from loopback hosts, i.e. the local Discord's voice gateway (wss on 127.0.0.1,
 * certificate made with openssl at test time). @discordjs/voice opens that socket itself with
 * no TLS options, so the default of `tls.connect` is the one place to do it. Connections to any
 * other host are verified as usual. Returns a function that undoes it.
 */
export function trustLoopbackTls(logger: Logger): () => void {
  const original = tls.connect;
  const patched = function connect(this: unknown, ...args: unknown[]) {
    const [first] = args;
    if (first && typeof first === 'object') {
      const options = first as tls.ConnectionOptions;
      const host = options.host ?? options.servername ?? 'localhost';
      if (LOOPBACK.has(host) && options.rejectUnauthorized === undefined) {
        args[0] = { ...options, rejectUnauthorized: false };
      }
    }
    return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
  } as typeof tls.connect;
  tls.connect = patched;
  logger.warn('ALLOW_INSECURE_TLS_FOR_TESTS is on: self-signed TLS certificates of loopback hosts are accepted (never use this in production)');
  return () => {
    if (tls.connect === patched) tls.connect = original;
  };
}
