package dev.cdcsizer.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.util.FileUtils;

import java.io.File;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Flink session cluster in one JVM (JobManager, one TaskManager, REST with jar upload),
 * started from the Maven-resolved Flink jars because no Flink distribution is served here. Talk to
 * it only over REST, as to any other Flink.
 *
 * <pre>
 * java $(cat jvm-flags.txt) -Xmx1g -cp local-cluster/target/cdc-sizer-local-cluster.jar:$(cat local-cluster/target/classpath.txt) \
 *   dev.cdcsizer.cluster.LocalCluster --port 8081 --slots 4 --work-dir /tmp/flink [--watch-stdin]
 * </pre>
 *
 * Prints {@code cdc-sizer local cluster ready: rest=http://127.0.0.1:PORT slots=N} on stdout once
 * REST answers; exit code 3 and one line on stderr if it cannot start (e.g. the port is busy).
 * SIGTERM (or, with --watch-stdin, the end of stdin) stops it cleanly.
 */
public final class LocalCluster {

    public static final String READY = "cdc-sizer local cluster ready: rest=";

    private LocalCluster() {}

    public static void main(String[] argv) throws Exception {
        int port = 8081;
        int slots = 2;
        File workDir = null;
        boolean watchStdin = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--port": port = Integer.parseInt(value(argv, ++i, "--port")); break;
                case "--slots": slots = Integer.parseInt(value(argv, ++i, "--slots")); break;
                case "--work-dir": workDir = new File(value(argv, ++i, "--work-dir")); break;
                case "--watch-stdin": watchStdin = true; break;
                default:
                    fail("unknown argument " + argv[i]
                            + "; use --port N (0: any free), --slots N, --work-dir DIR, --watch-stdin");
            }
        }
        // A folder of our own making goes when the cluster does: one is made for every run.
        File ownWorkDir = workDir == null ? Files.createTempDirectory("cdc-sizer-flink-").toFile() : null;
        if (ownWorkDir != null) workDir = ownWorkDir;
        workDir.mkdirs();
        // Before the first logger exists: log4j2.properties in this jar writes to ${sys:log.file},
        // which also lets REST serve the log (/jobmanager/logs, /taskmanagers/:id/log).
        if (System.getProperty("log.file") == null) {
            System.setProperty("log.file", new File(workDir, "flink.log").getAbsolutePath());
        }

        MiniCluster cluster = new MiniCluster(
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(configuration(port, slots, workDir))
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(slots)
                        .build());
        try {
            cluster.start();
        } catch (Exception e) {
            closeQuietly(cluster);
            fail(causeOf(e, port));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(cluster);
            if (ownWorkDir != null) FileUtils.deleteDirectoryQuietly(ownWorkDir);
            System.out.println("cdc-sizer local cluster stopped");
        }, "cdc-sizer-local-cluster-shutdown"));

        URI rest = cluster.getRestAddress().get(60, TimeUnit.SECONDS);
        System.out.println(READY + rest.toString().replaceAll("/$", "") + " slots=" + slots
                + " log=" + System.getProperty("log.file"));
        System.out.flush();

        if (watchStdin) {
            // The harness holds our stdin: if it dies without stopping us, stdin ends and we go too.
            while (System.in.read() != -1) { /* ignore input */ }
            System.exit(0);
        }
        new CountDownLatch(1).await(); // until SIGTERM: the shutdown hook closes the cluster
    }

    private static Configuration configuration(int port, int slots, File workDir) {
        Configuration c = new Configuration();
        // Everything on loopback: nothing of this cluster is reachable from another machine.
        c.set(RestOptions.ADDRESS, "127.0.0.1");
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(RestOptions.BIND_PORT, String.valueOf(port));
        c.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.HOST, "127.0.0.1");
        c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(WebOptions.SUBMIT_ENABLE, true);
        c.set(WebOptions.CANCEL_ENABLE, true);
        c.set(WebOptions.TMP_DIR, new File(workDir, "web").getAbsolutePath());
        c.setString("io.tmp.dirs", new File(workDir, "tmp").getAbsolutePath());
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        // Streaming without RocksDB uses no managed memory; keep the off-heap parts small so the
        // JVM's footprint is -Xmx plus about 100 MB.
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("32m"));
        c.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        c.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        // REST serves metrics from a cache refreshed this often (default 10 s): sample once a second.
        c.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        // Accumulators reach REST with the TaskManager's heartbeats (default every 10 s): a sync's
        // progress and catch-up are followed through them, so once a second.
        c.setString("heartbeat.interval", "1000");
        return c;
    }

    private static String causeOf(Throwable e, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot start Flink: REST port " + port + " on 127.0.0.1 is in use ("
                        + t.getMessage() + "); choose another --port or 0 for any free port";
            }
        }
        return "cannot start Flink: " + e;
    }

    private static String value(String[] argv, int i, String name) {
        if (i >= argv.length) fail(name + " needs a value");
        return argv[i];
    }

    private static void closeQuietly(MiniCluster cluster) {
        try {
            cluster.closeAsync().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }

    private static void fail(String message) {
        System.err.println("cdc-sizer local cluster: " + message);
        System.exit(3);
    }
}
