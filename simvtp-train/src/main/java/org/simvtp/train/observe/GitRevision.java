package org.simvtp.train.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit checked out in a git working tree, read from the files under {@code .git} without running git:
 * {@code HEAD}, loose refs and {@code packed-refs}; linked worktrees ({@code .git} file with {@code gitdir:}) and
 * their {@code commondir} are followed. Best effort: anything unexpected gives an empty result, never an
 * exception.
 *
 * <pre>{@code
 * Optional<GitRevision> rev = GitRevision.find(Path.of("").toAbsolutePath()); // e.g. a4e9831… on refs/heads/main
 * }</pre>
 *
 * @param commit the hexadecimal commit id
 * @param ref the symbolic ref HEAD points to, or null when HEAD is detached
 */
public record GitRevision(String commit, String ref) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /**
     * Finds the repository containing {@code start} (walking up) and reads its HEAD.
     *
     * @param start a directory inside the working tree
     * @return the revision, or empty when there is no readable repository
     */
    public static Optional<GitRevision> find(Path start) {
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return read(dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String line = firstLine(dotGit);
                    if (line == null || !line.startsWith("gitdir:")) {
                        return Optional.empty();
                    }
                    return read(dir.resolve(line.substring("gitdir:".length()).strip())
                            .normalize());
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a manifest without a commit is better than no manifest
        }
        return Optional.empty();
    }

    private static Optional<GitRevision> read(Path gitDir) throws IOException {
        String head = firstLine(gitDir.resolve("HEAD"));
        if (head == null) {
            return Optional.empty();
        }
        if (HEX.matcher(head).matches()) {
            return Optional.of(new GitRevision(head, null));
        }
        if (!head.startsWith("ref:")) {
            return Optional.empty();
        }
        String ref = head.substring("ref:".length()).strip();
        Path common = gitDir;
        String commonDir = firstLine(gitDir.resolve("commondir"));
        if (commonDir != null) {
            common = gitDir.resolve(commonDir).normalize();
        }
        for (Path base : List.of(gitDir, common)) {
            String id = firstLine(base.resolve(ref));
            if (id != null && HEX.matcher(id).matches()) {
                return Optional.of(new GitRevision(id, ref));
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ", -1);
                if (parts.length == 2
                        && parts[1].equals(ref)
                        && HEX.matcher(parts[0]).matches()) {
                    return Optional.of(new GitRevision(parts[0], ref));
                }
            }
        }
        return Optional.empty();
    }

    private static String firstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? null : lines.get(0).strip();
    }
}
