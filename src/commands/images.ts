import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureFlinkArtifacts } from '../infra/flink/maven-build.js';
import { InfraError } from '../infra/infra-error.js';
import { mirrorFromAptSources, readAptSources } from '../infra/testcontainers/apt-mirror.js';
import { buildLocalImage, imageExists, removeRoot, type BuildSettings } from '../infra/testcontainers/build-local-image.js';
import { dockerEngine } from '../infra/testcontainers/docker-engine.js';
import { IMAGE_ROLES, isBuildable, LOCAL_IMAGES, OFFICIAL_IMAGES } from '../infra/testcontainers/image-set.js';
import { imageRecipes, type BuildableRole, type ImageRecipe } from '../infra/testcontainers/local-image-recipes.js';
import { onCleanup } from './cleanup.js';
import { UsageError } from './usage-error.js';

export interface ImagesOptions {
  force: boolean;
  /** Comma-separated roles to build (default: all buildable). */
  only?: string;
}

/** The Debian release the images are made of: the machine kind's own, whose mirror apt already reaches. */
const SUITE = 'bookworm';

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * images build: PostgreSQL, Flink and MariaDB images from Debian packages and Maven jars alone, for
 * `--images local` where no registry answers. images list: each role's official and local tag, and
 * whether it is here.
 */
export async function imagesCommand(action: string, opts: ImagesOptions): Promise<void> {
  if (action === 'list') return listImages();
  if (action !== 'build') throw new UsageError(`images: unknown action "${action}"; use build or list`);
  const roles = selectedRoles(opts.only);
  await dockerEngine();
  if (process.getuid?.() !== 0) throw new InfraError('images build runs debootstrap, which needs root: run it as root (or with sudo)');
  const mirror = mirrorFromAptSources(await readAptSources(), SUITE);
  if (!mirror) throw new InfraError(`no Debian ${SUITE} mirror in /etc/apt/sources.list or /etc/apt/sources.list.d/: images build fetches its packages from the mirror apt uses`);
  const artifacts = roles.includes('flink') ? await ensureFlinkArtifacts(undefined, log) : undefined;
  const recipes = imageRecipes(artifacts ? await readFile(artifacts.jvmFlagsFile, 'utf8') : '');
  const jars = artifacts ? (await readFile(artifacts.clusterClasspathFile, 'utf8')).trim().split(':').filter(Boolean) : [];
  // The root file systems are made in a folder of this run's, removed on Ctrl-C too (debootstrap's own mounts first).
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'cdc-sizer-images-'));
  const remove = onCleanup(() => removeRoot(workDir));
  try {
    await buildAll(roles, recipes, { mirror, suite: SUITE, jars, workDir }, opts.force);
  } finally {
    remove();
    await removeRoot(workDir);
  }
  process.stdout.write('use them with: cdc-sizer run … --infra testcontainers --images local\n');
}

async function buildAll(roles: BuildableRole[], recipes: Record<BuildableRole, ImageRecipe>, settings: BuildSettings, force: boolean): Promise<void> {
  for (const role of roles) {
    const recipe = recipes[role];
    if (force || !(await imageExists(recipe.tag))) log(`${recipe.tag}: building from ${recipe.packages.join(', ')}${recipe.jarsInto ? ` and ${settings.jars.length} Maven jars` : ''} (${settings.mirror})…`);
    const built = await buildLocalImage(recipe, settings, force);
    process.stdout.write(`${built.tag}: ${built.cached ? 'already built (--force rebuilds)' : `built in ${built.seconds.toFixed(0)} s`}\n`);
  }
}

function selectedRoles(only: string | undefined): BuildableRole[] {
  const buildable = IMAGE_ROLES.filter(isBuildable);
  if (only === undefined) return buildable;
  const asked = only.split(',').map((r) => r.trim());
  for (const r of asked) if (!buildable.includes(r as BuildableRole)) throw new UsageError(`--only: "${r}" is not an image images build makes; choose from ${buildable.join(', ')} (StarRocks has no OS or Maven package to build one from)`);
  return asked as BuildableRole[];
}

async function listImages(): Promise<void> {
  await dockerEngine();
  for (const role of IMAGE_ROLES) {
    const local = isBuildable(role) ? LOCAL_IMAGES[role] : undefined;
    const here = async (tag: string) => ((await imageExists(tag)) ? 'here' : 'not here');
    process.stdout.write(`${role}: official ${OFFICIAL_IMAGES[role]} (${await here(OFFICIAL_IMAGES[role])}); local ${local ? `${local} (${await here(local)})` : 'none (no OS or Maven package)'}\n`);
  }
}
