import { FLINK_VERSION, LOCAL_IMAGES } from './image-set.js';

/**
 * How `images build` makes each local image: the Debian packages a `debootstrap --variant=minbase`
 * root file system gets, the files written into it, and the image's CMD/ENV/ENTRYPOINT
 * (`docker import --change`). Each entry point speaks the official image's interface
 * (POSTGRES_PASSWORD and `postgres -c …`; MARIADB_ALLOW_EMPTY_ROOT_PASSWORD; FLINK_PROPERTIES and
 * `jobmanager`/`taskmanager`), so container-specs.ts defines one stack for both image sets.
 */
export type BuildableRole = keyof typeof LOCAL_IMAGES;

export interface RootFile {
  /** Path inside the root file system. */
  path: string;
  content: string;
  mode: number;
}

export interface ImageRecipe {
  role: BuildableRole;
  tag: string;
  /** debootstrap --include: what the image is made of. */
  packages: string[];
  files: RootFile[];
  /** Maven-resolved jars copied into this folder of the image (Flink's lib/). */
  jarsInto?: string;
  /** Dockerfile instructions applied by `docker import --change`. */
  changes: string[];
}

const POSTGRES_ENTRYPOINT = `#!/bin/bash
# The official postgres image's interface, from Debian's postgresql-15: on first start initdb with
# POSTGRES_USER/POSTGRES_PASSWORD and create POSTGRES_DB; then run "postgres ARGS" as the postgres user.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
PGDATA=\${PGDATA:-/var/lib/postgresql/data}
[ "\${1:-}" = postgres ] && shift
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s' "\${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pwfile"
  chown postgres "$pwfile"
  as_postgres "$BIN/initdb" -D "$PGDATA" -U "\${POSTGRES_USER:-postgres}" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 > /dev/null
  rm -f "$pwfile"
  db=\${POSTGRES_DB:-postgres}
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \\"$db\\";" | as_postgres "$BIN/postgres" --single -D "$PGDATA" postgres > /dev/null
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$BIN/postgres" -D "$PGDATA" "$@"
`;

const MARIADB_ENTRYPOINT = `#!/bin/bash
# The official mariadb image's interface (MARIADB_ALLOW_EMPTY_ROOT_PASSWORD), from Debian's
# mariadb-server: on first start install the system tables and let root in from the network.
set -euo pipefail
[ "\${1:-}" = mariadbd ] && shift
DATADIR=/var/lib/mysql
mkdir -p "$DATADIR" /run/mysqld
chown mysql:mysql "$DATADIR" /run/mysqld
if [ ! -d "$DATADIR/mysql" ]; then
  mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db --auth-root-authentication-method=normal > /dev/null
  if [ "\${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" = 1 ]; then
    mariadbd --user=mysql --datadir="$DATADIR" --bootstrap --skip-networking <<'SQL'
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS 'root'@'%';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
SQL
  fi
fi
exec mariadbd --user=mysql --datadir="$DATADIR" --bind-address=0.0.0.0 --skip-name-resolve "$@"
`;

/**
 * Flink without its distribution (not served): the jars Maven resolves for the local cluster, and
 * the entry points the scripts would call. Without the scripts nothing derives the TaskManager's
 * memory, so every component is set in config.yaml (they add up to the official image's 1728 MB
 * TaskManager) and the JVM gets the matching -Xmx and limits.
 */
const FLINK_ENTRYPOINT = `#!/bin/bash
# The official flink image's interface: "jobmanager" or "taskmanager", settings in FLINK_PROPERTIES
# (one "key: value" a line), passed on as dynamic properties (-Dkey=value).
set -euo pipefail
role=\${1:-}
shift || true
dynamic=()
while IFS= read -r line; do
  line=\${line#"\${line%%[![:space:]]*}"}
  case "$line" in ''|'#'*) continue ;; esac
  key=\${line%%:*}
  value=\${line#*:}
  value=\${value#"\${value%%[![:space:]]*}"}
  dynamic+=("-D\${key}=\${value}")
done <<< "\${FLINK_PROPERTIES:-}"
mapfile -t flags < /opt/flink/conf/jvm-flags.txt
common=("\${flags[@]}" -Dlog4j.configurationFile=/opt/flink/conf/log4j-console.properties -cp '/opt/flink/lib/*')
mkdir -p /opt/flink/log
case "$role" in
  jobmanager)
    exec java -Xmx1024m -Xms1024m -Dlog.file=/opt/flink/log/jobmanager.log "\${common[@]}" \\
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir /opt/flink/conf "\${dynamic[@]}" "$@" ;;
  taskmanager)
    exec java -Xmx1152m -Xms1152m -XX:MaxDirectMemorySize=201326592 -XX:MaxMetaspaceSize=268435456 -Dlog.file=/opt/flink/log/taskmanager.log "\${common[@]}" \\
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir /opt/flink/conf "\${dynamic[@]}" "$@" ;;
  *) exec "$role" "$@" ;;
esac
`;

const FLINK_CONFIG = `# cdc-sizer's Flink image (images build): no distribution scripts, so the TaskManager's memory is
# given whole; the components add up to 1728m, the official image's taskmanager.memory.process.size.
jobmanager.rpc.port: 6123
blob.server.port: 6124
taskmanager.cpu.cores: 2
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 1024m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.managed.size: 32m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 96m
taskmanager.memory.jvm-overhead.max: 96m
`;

const FLINK_LOG4J = `# To the console (docker logs, and the readiness timeout's last lines) and to log.file (REST serves it).
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = ConsoleAppender
rootLogger.appenderRef.file.ref = FileAppender
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.file.name = FileAppender
appender.file.type = FILE
appender.file.fileName = \${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
# Flink CDC logs its Debezium configuration, password included, at INFO through this logger.
logger.cdcconfig.name = org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext
logger.cdcconfig.level = WARN
`;

const ENV_PATH = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The recipes; the Flink one needs the Java module flags the local cluster's JVM gets (flink-job/jvm-flags.txt). */
export function imageRecipes(jvmFlags: string): Record<BuildableRole, ImageRecipe> {
  return {
    postgres: {
      role: 'postgres',
      tag: LOCAL_IMAGES.postgres,
      packages: ['postgresql-15'],
      files: [{ path: '/usr/local/bin/docker-entrypoint.sh', content: POSTGRES_ENTRYPOINT, mode: 0o755 }],
      changes: [ENV_PATH, 'ENV PGDATA=/var/lib/postgresql/data', 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]', 'CMD ["postgres"]', 'EXPOSE 5432'],
    },
    mariadb: {
      role: 'mariadb',
      tag: LOCAL_IMAGES.mariadb,
      packages: ['mariadb-server'],
      files: [{ path: '/usr/local/bin/docker-entrypoint.sh', content: MARIADB_ENTRYPOINT, mode: 0o755 }],
      changes: [ENV_PATH, 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]', 'CMD ["mariadbd"]', 'EXPOSE 3306'],
    },
    flink: {
      role: 'flink',
      tag: LOCAL_IMAGES.flink,
      packages: ['openjdk-17-jre-headless'],
      files: [
        { path: '/usr/local/bin/docker-entrypoint.sh', content: FLINK_ENTRYPOINT, mode: 0o755 },
        { path: '/opt/flink/conf/config.yaml', content: FLINK_CONFIG, mode: 0o644 },
        { path: '/opt/flink/conf/log4j-console.properties', content: FLINK_LOG4J, mode: 0o644 },
        { path: '/opt/flink/conf/jvm-flags.txt', content: jvmFlagLines(jvmFlags), mode: 0o644 },
      ],
      jarsInto: '/opt/flink/lib',
      changes: [ENV_PATH, 'ENV FLINK_HOME=/opt/flink', `ENV FLINK_VERSION=${FLINK_VERSION}`, 'WORKDIR /opt/flink', 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]', 'CMD ["jobmanager"]', 'EXPOSE 8081 6123 6124'],
    },
  };
}

/** jvm-flags.txt without its comments and blank lines: the entry point reads one flag a line. */
export function jvmFlagLines(text: string): string {
  return `${text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).join('\n')}\n`;
}
