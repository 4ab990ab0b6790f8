package org.simvtp.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines of {@code simvtp index} and {@code simvtp search} shared by the CLI tests (in-process and jar). */
final class IndexArgs {

    private IndexArgs() {}

    /** {@code index --checkpoint C --videos V --index I EXTRA...}. */
    static String[] index(Path checkpoint, Path videos, Path index, String... extra) {
        return args(
                List.of(
                        "index",
                        "--checkpoint",
                        checkpoint.toString(),
                        "--videos",
                        videos.toString(),
                        "--index",
                        index.toString()),
                extra);
    }

    /** {@code search --checkpoint C --index I --query Q EXTRA...}. */
    static String[] search(Path checkpoint, Path index, String query, String... extra) {
        return args(
                List.of("search", "--checkpoint", checkpoint.toString(), "--index", index.toString(), "--query", query),
                extra);
    }

    private static String[] args(List<String> head, String... extra) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(extra));
        return all.toArray(new String[0]);
    }
}
