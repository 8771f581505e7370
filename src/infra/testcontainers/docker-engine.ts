import { getContainerRuntimeClient, ImageName, type ContainerRuntimeClient } from 'testcontainers';
import { InfraError } from '../infra-error.js';

/**
 * The Docker engine, through Testcontainers' client. Ryuk (Testcontainers' reaper) is an image
 * that cannot be pulled where no registry answers, and it would remove our containers behind our
 * back: it is switched off, and container-stack.ts tears down what it started itself.
 */
export async function dockerEngine(): Promise<ContainerRuntimeClient> {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  try {
    return await getContainerRuntimeClient();
  } catch (err) {
    throw new InfraError(`no Docker engine answers (${firstLine((err as Error).message)}): start one (systemctl start docker, or dockerd > /tmp/dockerd.log 2>&1 &; install it with apt-get install docker.io), or run without --infra testcontainers`);
  }
}

export type ImageAvailability = 'present' | 'pulled' | 'missing';

/** Whether an image is here, pulling it when it is not; 'missing' when no registry gives it. */
export async function ensureImage(client: ContainerRuntimeClient, image: string, log: (line: string) => void = () => undefined): Promise<{ state: ImageAvailability; reason?: string }> {
  const name = ImageName.fromString(image);
  if (await client.image.exists(name)) return { state: 'present' };
  try {
    // Said before it starts: an image of several GB (StarRocks') takes minutes.
    log(`pulling ${image}…`);
    await client.image.pull(name);
    return { state: 'pulled' };
  } catch (err) {
    return { state: 'missing', reason: firstLine((err as Error).message) };
  }
}

export const firstLine = (s: string): string => s.split('\n')[0]!.trim();
