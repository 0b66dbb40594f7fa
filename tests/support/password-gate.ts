import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP front for a real PostgreSQL that demands a password, for machines whose server trusts every local
 * connection (this one: `host all all 127.0.0.1/32 trust`), where a password test would prove nothing.
 * It speaks only the start of the wire protocol, as Azure's Entra ID login does: it answers the startup
 * message with AuthenticationCleartextPassword, asks `check(user, password)`, and either refuses with
 * SQLSTATE 28P01 or replays the startup message to the real server and then pipes bytes both ways.
 * Every query after that runs on the real server.
 */
export interface PasswordGate {
  port: number;
  attempts: { user: string; accepted: boolean }[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function startPasswordGate(upstream: { host: string; port: number }, check: (user: string, password: string) => boolean): Promise<PasswordGate> {
  const attempts: PasswordGate['attempts'] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buffered = Buffer.alloc(0);
    let startup: Buffer | null = null;
    let user = '';
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length > 0) {
        if (!startup) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) return;
          const message = buffered.subarray(0, length);
          buffered = buffered.subarray(length);
          const code = message.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) { client.write('N'); continue; }
          startup = Buffer.from(message);
          user = parameters(message.subarray(8)).get('user') ?? '';
          client.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // 'R', AuthenticationCleartextPassword
          continue;
        }
        if (buffered.length < 5) return;
        const length = buffered.readInt32BE(1);
        if (buffered.length < length + 1) return;
        if (buffered[0] !== 0x70) { client.destroy(); return; } // expected 'p' (PasswordMessage)
        const password = buffered.subarray(5, length).toString('utf8').replace(/\0$/, '');
        const rest = buffered.subarray(length + 1);
        client.off('data', onData);
        const accepted = check(user, password);
        attempts.push({ user, accepted });
        if (!accepted) { client.end(authFailed(user)); return; }
        forward(client, startup, rest, upstream, sockets);
        return;
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    attempts,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

function forward(client: net.Socket, startup: Buffer, rest: Buffer, upstream: { host: string; port: number }, sockets: Set<net.Socket>): void {
  client.pause();
  const server = net.connect(upstream.port, upstream.host, () => {
    server.write(startup);
    if (rest.length > 0) server.write(rest);
    client.pipe(server);
    server.pipe(client);
    client.resume();
  });
  sockets.add(server);
  server.on('close', () => { sockets.delete(server); client.destroy(); });
  server.on('error', () => client.destroy());
  client.on('close', () => server.destroy());
}

function parameters(body: Buffer): Map<string, string> {
  const parts = body.toString('utf8').split('\0');
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) map.set(parts[i] ?? '', parts[i + 1] ?? '');
  return map;
}

function authFailed(user: string): Buffer {
  const fields = ['SFATAL', 'VFATAL', 'C28P01', `Mpassword authentication failed for user "${user}"`].map((f) => `${f}\0`).join('');
  const payload = Buffer.from(`${fields}\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}
