import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { getContainerRuntimeClient, ImageName, type ContainerRuntimeClient } from 'testcontainers';
import { LOCAL_IMAGES } from '../../src/infra/testcontainers/image-set.js';
import { STACK_LABEL } from '../../src/infra/testcontainers/stack-labels.js';

/**
 * Tests that need a Docker engine and the local images. Where either is missing they report
 * themselves skipped with the reason; with CDC_SIZER_REQUIRE_DOCKER=1 (set by .ci/run) they fail
 * instead, so CI cannot pass by skipping them.
 */
export const REQUIRE_DOCKER = process.env.CDC_SIZER_REQUIRE_DOCKER === '1';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';

let client: ContainerRuntimeClient | undefined;

/** Why the container tests cannot run here, or undefined when they can. */
export async function containersUnavailable(): Promise<string | undefined> {
  try {
    client = await getContainerRuntimeClient();
  } catch (err) {
    return `no Docker engine answers (${(err as Error).message.split('\n')[0]}); start one (dockerd &) to run this test`;
  }
  for (const tag of Object.values(LOCAL_IMAGES)) {
    if (!(await client.image.exists(ImageName.fromString(tag)))) return `the local image ${tag} is not built; run cdc-sizer images build`;
  }
  return undefined;
}

const unavailable = await containersUnavailable();

/** A test that runs with an engine and the local images, is skipped without them, and fails without them under CDC_SIZER_REQUIRE_DOCKER=1. */
export function dockerTest(name: string, fn: (t: TestContext) => Promise<void>): void {
  if (!unavailable) return void test(name, fn);
  if (REQUIRE_DOCKER) return void test(name, () => assert.fail(`CDC_SIZER_REQUIRE_DOCKER=1 and ${unavailable}`));
  test(name, { skip: unavailable }, () => undefined);
}

/** Everything labelled cdc-sizer on the engine (containers and networks), and the number of volumes. */
export async function dockerFootprint(): Promise<{ containers: string[]; networks: string[]; volumes: number }> {
  const docker = client!.container.dockerode;
  const filters = { label: [STACK_LABEL] };
  const containers = (await docker.listContainers({ all: true, filters })).map((c) => c.Names[0] ?? c.Id);
  const networks = (await docker.listNetworks({ filters })).map((n) => n.Name);
  const volumes = (await docker.listVolumes()).Volumes?.length ?? 0;
  return { containers, networks, volumes };
}

export async function imageHere(image: string): Promise<boolean> {
  return client!.image.exists(ImageName.fromString(image));
}
