package dev.licex.cli;

import dev.licex.protocol.store.DataDirectories;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store DIR}: the device store, by default in the user's data directory. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "DIR",
            description = "The device store (embedded H2). Default: ${DEFAULT-VALUE}.")
    Path store = DataDirectories.deviceStore();
}
