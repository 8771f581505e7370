/**
 * How the job gets the PostgreSQL password without it being printed or put on a command line.
 *
 * - `cluster-environment`: the local cluster cdc-sizer starts holds it in an environment variable
 *   of its JVM (readable only by this user, like a 0600 file, and gone when the JVM is); the job is
 *   told the variable's name (`--password-env`), not the password.
 * - `program-argument`: a cluster of the user's (--flink-url) can only be reached through the
 *   jar-run request, so the password travels in the job's program arguments: whoever can read that
 *   cluster's REST API or web UI may see it. cdc-sizer never prints it.
 */
export type PasswordChannel = 'cluster-environment' | 'program-argument';

/** The local cluster's environment variable that holds the password. */
export const PASSWORD_VARIABLE = 'CDC_SIZER_PGPASSWORD';

/** The job's password arguments; none without a password (trust or peer authentication). */
export function passwordArguments(password: string | undefined, channel: PasswordChannel): string[] {
  if (!password) return [];
  return channel === 'cluster-environment' ? ['--password-env', PASSWORD_VARIABLE] : ['--password', password];
}
