/**
 * What runs: the package version (package.json: src/ in development, dist/src/ when built) and the commit it was
 * built from, when known — `AUTOPPM_COMMIT` or `GIT_COMMIT` in the environment (a Docker build argument), else the
 * checkout's `.git` (a worktree's `.git` file names its git directory; a branch ref is read from its file or from
 * packed-refs). Read once at start.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

const ROOTS = [join(__dirname, '..', '..'), join(__dirname, '..', '..', '..')];

/** The version in package.json. */
export function packageVersion(): string {
  for (const root of ROOTS) {
    const pkg = readJson(join(root, 'package.json'));
    if (pkg && pkg.name === 'autoppm' && typeof pkg.version === 'string') return pkg.version;
  }
  return '0.0.0';
}

/** The commit this code is from (12 hex digits), or undefined when nothing says. */
export function sourceCommit(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.AUTOPPM_COMMIT ?? env.GIT_COMMIT;
  if (given !== undefined && /^[0-9a-f]{7,40}$/i.test(given.trim())) return given.trim().slice(0, 12).toLowerCase();
  for (const root of ROOTS) {
    if (readJson(join(root, 'package.json'))?.name !== 'autoppm') continue;
    const sha = commitOfCheckout(root);
    if (sha !== undefined) return sha.slice(0, 12);
  }
  return undefined;
}

function commitOfCheckout(root: string): string | undefined {
  const gitDir = gitDirOf(join(root, '.git'));
  if (gitDir === undefined) return undefined;
  const head = readText(join(gitDir, 'HEAD'));
  if (head === undefined) return undefined;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  if (ref === undefined) return undefined;
  // A worktree keeps its HEAD; the refs live in the common git directory.
  const common = readText(join(gitDir, 'commondir'));
  const refsDir = common === undefined ? gitDir : isAbsolute(common) ? common : join(gitDir, common);
  const loose = readText(join(refsDir, ref)) ?? readText(join(gitDir, ref));
  if (loose !== undefined && /^[0-9a-f]{40}$/.test(loose)) return loose;
  const packed = readText(join(refsDir, 'packed-refs')) ?? '';
  for (const line of packed.split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha !== undefined && /^[0-9a-f]{40}$/.test(sha)) return sha;
  }
  return undefined;
}

/** `.git` is a directory, or (a worktree, a submodule) a file `gitdir: <path>`. */
function gitDirOf(dotGit: string): string | undefined {
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return undefined;
  }
  const target = /^gitdir: (.+)$/.exec(readText(dotGit) ?? '')?.[1];
  return target === undefined ? undefined : isAbsolute(target) ? target : join(dirname(dotGit), target);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readJson(path: string): Record<string, unknown> | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
