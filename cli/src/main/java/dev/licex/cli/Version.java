package dev.licex.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code licex --version}. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Licex.class.getPackage().getImplementationVersion();
        return new String[] {"licex " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"};
    }
}
