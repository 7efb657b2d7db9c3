package dev.flags.source;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A definitions file watched through the file system's change notifications. Events for the
 * directory are filtered by file name, which also catches editors that save by renaming a new file
 * over the old one; a burst of events within the debounce interval makes one reload.
 */
final class FileFlagSource implements FlagSource {

    private static final Logger log = LoggerFactory.getLogger(FileFlagSource.class);

    private final Path file;
    private final Duration debounce;
    private final DefinitionsFormat format;

    FileFlagSource(Path file, Duration debounce, DefinitionsFormat format) {
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
        this.format = format;
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public Definitions load() {
        try {
            return format.parse(name(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            // As a missing classpath resource: a mistake in the application's configuration, reported with the rest.
            throw new DefinitionsException(List.of(new DefinitionError(name(), "", "file not found: " + file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read flag definitions from " + file, e);
        }
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        WatchService service;
        try {
            service = file.getFileSystem().newWatchService();
            requireNonNull(file.getParent(), "directory of an absolute file")
                    .register(
                            service,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch " + file + " for changes", e);
        }
        Thread thread = new Thread(() -> run(service, onChange), "flags-watch-" + name());
        thread.setDaemon(true);
        thread.start();
        return () -> {
            service.close();
            thread.interrupt();
        };
    }

    private void run(WatchService service, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = drain(key);
                // Collect the rest of a burst (write, truncate, rename) before reloading once.
                WatchKey more;
                while ((more = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    try {
                        onChange.run();
                    } catch (Throwable e) {
                        // The one thread that applies later changes must outlive any failure of one reload.
                        log.error("Reloading flag definitions from {} failed; still watching it", file, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW
                    || file.getFileName().equals(event.context());
        }
        key.reset();
        return relevant;
    }
}
