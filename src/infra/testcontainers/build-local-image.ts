import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../infra-error.js';
import { lastLine, runTool } from '../run-tool.js';
import type { ImageRecipe } from './local-image-recipes.js';

export interface BuildSettings {
  /** The Debian mirror (from this machine's apt sources). */
  mirror: string;
  suite: string;
  /** Jars copied into the recipe's `jarsInto` folder. */
  jars: readonly string[];
  /** Where the root file system is made (removed afterwards). */
  workDir: string;
}

export interface BuiltImage {
  tag: string;
  /** Already there: nothing built. */
  cached: boolean;
  seconds: number;
}

/**
 * One local image: a `debootstrap --variant=minbase` root file system with the recipe's packages
 * and files, imported with `docker import` and the recipe's CMD/ENV. Skipped when the tag exists,
 * unless `force`: the tag names the recipe's revision (image-set.ts).
 */
export async function buildLocalImage(recipe: ImageRecipe, s: BuildSettings, force: boolean): Promise<BuiltImage> {
  const started = Date.now();
  if (!force && (await imageExists(recipe.tag))) return { tag: recipe.tag, cached: true, seconds: 0 };
  const root = await mkdtemp(path.join(s.workDir, `cdc-sizer-image-${recipe.role}-`));
  try {
    await runTool('debootstrap', ['--variant=minbase', `--include=${recipe.packages.join(',')}`, s.suite, root, s.mirror], `debootstrap of ${recipe.packages.join(', ')} from ${s.mirror} failed`, lastLine, (err) => `cannot run debootstrap (${err.message}); install it (apt-get install debootstrap)`);
    for (const f of recipe.files) {
      const file = path.join(root, f.path);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, f.content);
      await chmod(file, f.mode);
    }
    if (recipe.jarsInto) {
      const lib = path.join(root, recipe.jarsInto);
      await mkdir(lib, { recursive: true });
      for (const jar of s.jars) await copyFile(jar, path.join(lib, path.basename(jar)));
    }
    // The downloaded packages and apt's lists are the build's, not the image's.
    await rm(path.join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    await rm(path.join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
    await dockerImport(root, recipe);
  } finally {
    await removeRoot(root);
  }
  return { tag: recipe.tag, cached: false, seconds: (Date.now() - started) / 1000 };
}

/**
 * Removes a root file system debootstrap made. debootstrap mounts /proc and /sys inside it while it
 * installs; one interrupted may leave them mounted, and a recursive delete must never walk into
 * the machine's own /proc or /sys: they are unmounted first, and the folder is kept if one stays.
 */
export async function removeRoot(root: string): Promise<void> {
  const mounted = async () => (await readFile('/proc/mounts', 'utf8').catch(() => '')).split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(`${root}/`)).sort().reverse();
  for (const m of await mounted()) await new Promise((resolve) => spawn('umount', ['-l', m], { stdio: 'ignore' }).once('close', resolve).once('error', resolve));
  const still = await mounted();
  if (still.length) throw new InfraError(`${still[0]} is still mounted: ${root} is kept; unmount it (umount -l ${still[0]}) and remove the folder`);
  await rm(root, { recursive: true, force: true });
}

export function imageExists(tag: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { stdio: 'ignore' });
    child.once('error', (err) => reject(new InfraError(`cannot run docker (${err.message}): install the Docker CLI (apt-get install docker.io)`)));
    child.once('close', (code) => resolve(code === 0));
  });
}

/** `docker import` arguments: one --change per Dockerfile instruction. */
export function importArguments(recipe: ImageRecipe): string[] {
  return ['import', ...recipe.changes.flatMap((c) => ['--change', c]), '-', recipe.tag];
}

/** tar of the root file system piped into `docker import`, as `tar -C DIR -c . | docker import - TAG`. */
function dockerImport(root: string, recipe: ImageRecipe): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', root, '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const docker = spawn('docker', importArguments(recipe), { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    tar.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    docker.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    // docker import that fails closes its stdin under tar: its exit code and stderr say why, not the EPIPE.
    docker.stdin.on('error', () => undefined);
    tar.stdout.pipe(docker.stdin);
    const fail = (err: Error) => reject(new InfraError(`docker import of ${recipe.tag} failed: ${err.message}`));
    tar.once('error', fail);
    docker.once('error', fail);
    docker.once('close', (code) => (code === 0 ? resolve() : reject(new InfraError(`docker import of ${recipe.tag} failed (exit ${code}): ${lastLine(errors)}`))));
  });
}
