package dev.flags.docs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds relative links in Markdown files that point at no file, or at no heading of one. */
final class LinkCheck {

    private static final Pattern EXTERNAL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*:|//).*");

    private LinkCheck() {}

    /**
     * The broken links of the files, each as {@code file:line: what is wrong}.
     *
     * @param root the repository root, which links may not leave
     * @param files the Markdown files to check
     */
    static List<String> problems(Path root, List<Path> files) {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            Markdown markdown = Markdown.read(root, file);
            for (Markdown.Link link : markdown.links()) {
                problem(root, file, link.target())
                        .ifPresent(problem -> problems.add(markdown.name() + ":" + link.line() + ": " + problem));
            }
        }
        return problems;
    }

    private static Optional<String> problem(Path root, Path file, String target) {
        if (EXTERNAL.matcher(target).matches()) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return Optional.of("link '" + target + "' leaves the repository");
        }
        if (!Files.exists(resolved)) {
            return Optional.of("link '" + target + "' points at no file (" + root.relativize(resolved) + ")");
        }
        if (anchor.isEmpty() || !resolved.toString().endsWith(".md")) {
            return Optional.empty();
        }
        Markdown linked = Markdown.read(root, resolved);
        if (!linked.anchors().contains(anchor)) {
            return Optional.of("link '" + target + "' points at no heading '#" + anchor + "' in " + linked.name());
        }
        return Optional.empty();
    }
}
