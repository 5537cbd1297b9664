// Reads what relais-server stored, the way an auditor would: the server is
// stopped first (so everything is checkpointed and nothing writes any more),
// then its data directory's relais.sqlite is opened read-only with SQLite's own
// command-line shell (Debian package `sqlite3`). No server API exposes surveys,
// and the tests need no extra npm package for this.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The sqlite3 shell, or null when it is not installed.
export function sqliteShell() {
  const result = spawnSync(process.env.RELAIS_SQLITE3 ?? 'sqlite3', ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? process.env.RELAIS_SQLITE3 ?? 'sqlite3' : null;
}

// Stops `server` (a RelaisServer) without removing its data directory, then
// runs `sql` on its database read-only; returns the rows as objects.
export async function stopAndQuery(server, sql) {
  const child = server.process;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  const database = path.join(server.config.data_dir, 'relais.sqlite');
  const result = spawnSync(sqliteShell(), ['-readonly', '-json', database, sql], { encoding: 'utf8', timeout: 10000 });
  if (result.status !== 0) throw new Error(`sqlite3: ${result.stderr}`);
  return result.stdout.trim() ? JSON.parse(result.stdout) : [];
}
