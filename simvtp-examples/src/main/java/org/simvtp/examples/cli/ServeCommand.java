package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.simvtp.examples.search.SearchServer;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.facade.VideoIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simvtp serve}: a search page over an index, until interrupted. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a search page over an index built by 'simvtp index': type a caption, see the best matching "
                    + "videos as thumbnails, click one to play it from the matching moment. Only the indexed "
                    + "videos are served. Stop with Ctrl-C.",
            "Runs until stopped (Ctrl-C or SIGTERM: the JVM's status 130/143). Exit codes otherwise: 2 bad usage, "
                    + "3 missing/empty index or port in use, 4 internal error."
        })
final class ServeCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    @Option(
            names = "--port",
            defaultValue = "" + SearchServer.DEFAULT_PORT,
            paramLabel = "PORT",
            description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--host",
            defaultValue = SearchServer.DEFAULT_HOST,
            paramLabel = "ADDR",
            description =
                    "Address to bind (default ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all " + "interfaces).")
    String host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Usage.require(spec, port >= 0 && port <= 65535, "--port must be in [0, 65535], got " + port);
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults());
                VideoIndex idx = StoredIndex.open(simvtp, index)) {
            try (SearchServer server = SearchServer.builder()
                    .setIndex(idx)
                    .optHost(host)
                    .optPort(port)
                    .build()) {
                server.start();
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "simvtp-serve-stop"));
                System.out.println("serving " + idx.size() + " videos of " + idx.folder() + " at " + server.uri());
                System.out.flush();
                stopped.await();
            }
        }
        return 0;
    }
}
