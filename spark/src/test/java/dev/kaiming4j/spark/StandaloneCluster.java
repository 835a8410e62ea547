package dev.kaiming4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import scala.Option;
import scala.Tuple3;

/**
 * A Spark standalone master and workers in this JVM, on the loopback interface only, as
 * {@code local-cluster} starts them, but each worker under its own host name (127.0.0.1,
 * localhost): Spark never starts a speculative copy of a task on a host that already ran it, so
 * with one host name (local-cluster's) no speculative copy could ever start. Executors are
 * separate JVMs started from this JVM's class path (spark.testing).
 */
final class StandaloneCluster implements AutoCloseable {
    private final RpcEnv master;
    private final List<RpcEnv> workers = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();
    private final String url;

    StandaloneCluster(List<String> workerHosts, int memoryMb) throws IOException {
        SparkConf conf = new SparkConf().set("spark.shuffle.service.enabled", "false");
        Tuple3<RpcEnv, Object, Option<Object>> m = Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, conf);
        master = m._1();
        url = "spark://127.0.0.1:" + master.address().port();
        int n = 0;
        for (String host : workerHosts) {
            Path workDir = Files.createTempDirectory("kaiming4j-spark-worker");
            workDirs.add(workDir);
            @SuppressWarnings("unchecked")
            Option<Object> number = (Option<Object>) (Option<?>) Option.apply(++n);
            workers.add(Worker.startRpcEnvAndEndpoint(host, 0, 0, 1, memoryMb, new String[] {url},
                    workDir.toAbsolutePath().toString(), number, conf, Option.empty()));
        }
    }

    /** The master URL. */
    String url() {
        return url;
    }

    /** Stops the workers and the master, then deletes the workers' directories (executor logs, app dirs). */
    @Override
    public void close() throws IOException {
        for (RpcEnv w : workers) {
            w.shutdown();
            w.awaitTermination();
        }
        master.shutdown();
        master.awaitTermination();
        for (Path dir : workDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(f);
                }
            }
        }
    }
}
