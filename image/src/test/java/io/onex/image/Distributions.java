package io.onex.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

/** The distributions {@code make image DISTRIBUTION=...} links: the names image/build-image.sh takes. */
final class Distributions {

    /** A name of the script's {@code case "$distribution" in}: a line {@code "    http-kafka)"}. */
    private static final Pattern NAME = Pattern.compile("(?m)^    ([a-z-]+)\\)$");

    private Distributions() {
    }

    /** Returns every distribution's name once, in the script's order (the default, {@code full}, first). */
    static List<String> names() {
        try {
            return NAME.matcher(Files.readString(Run.HOME.resolve("image/build-image.sh"))).results()
                    .map(name -> name.group(1)).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
