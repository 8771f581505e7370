/**
 * Which container images a `--infra testcontainers` stack runs. `official`: the projects' own images
 * at pinned tags (pulled by Docker where a registry answers). `local`: images `cdc-sizer images
 * build` makes from Debian packages and Maven jars alone, for machines without a registry.
 * StarRocks has no OS or Maven package, so both sets name its official image.
 */
export type ImageSetName = 'official' | 'local';
export type ImageRole = 'postgres' | 'flink' | 'mariadb' | 'starrocks';
export const IMAGE_ROLES: readonly ImageRole[] = ['postgres', 'flink', 'mariadb', 'starrocks'];

/** The Flink version flink-job/pom.xml builds against (a test holds the two together). */
export const FLINK_VERSION = '1.20.3';

export type ImageSet = { name: ImageSetName } & Record<ImageRole, string>;

export const OFFICIAL_IMAGES: Readonly<Record<ImageRole, string>> = {
  postgres: 'postgres:16',
  flink: `flink:${FLINK_VERSION}-java17`,
  mariadb: 'mariadb:11.4',
  starrocks: 'starrocks/allin1-ubuntu:3.4.2',
};

/**
 * The tags `images build` writes. The suffix is the recipe's revision: a changed recipe gets a new
 * tag, so a cached image built by an older recipe is never taken for a new one.
 */
export const LOCAL_IMAGES: Readonly<Record<Exclude<ImageRole, 'starrocks'>, string>> = {
  postgres: 'cdc-sizer/postgres:15-bookworm-r1',
  flink: `cdc-sizer/flink:${FLINK_VERSION}-java17-bookworm-r1`,
  mariadb: 'cdc-sizer/mariadb:10.11-bookworm-r1',
};

export class ImageSetError extends Error {
  override name = 'ImageSetError';
}

/** The images of a set, with `role=image:tag` overrides (`--image`) applied; a malformed override is bad input. */
export function imageSet(name: string, overrides: readonly string[] = []): ImageSet {
  if (name !== 'official' && name !== 'local') throw new ImageSetError(`--images must be official or local, got "${name}"`);
  const set: ImageSet = { name, ...OFFICIAL_IMAGES, ...(name === 'local' ? LOCAL_IMAGES : {}) };
  for (const o of overrides) {
    const m = /^([a-z]+)=(\S+)$/.exec(o.trim());
    const role = m?.[1] as ImageRole | undefined;
    if (!m || !role || !IMAGE_ROLES.includes(role)) throw new ImageSetError(`--image must be ROLE=IMAGE:TAG with ROLE one of ${IMAGE_ROLES.join(', ')}, got "${o}"`);
    set[role] = m[2]!;
  }
  return set;
}

/** The roles whose image `images build` can make here. */
export const isBuildable = (role: ImageRole): role is keyof typeof LOCAL_IMAGES => role in LOCAL_IMAGES;
