package io.lxkns.kubectl.cli;

import io.lxkns.support.Versions;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest; "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"kubectl-lxkns " + Versions.of(VersionProvider.class)};
    }
}
