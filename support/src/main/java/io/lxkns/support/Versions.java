package io.lxkns.support;

/** The version a jar was built as. */
public final class Versions {
    private Versions() {}

    /** The Implementation-Version of {@code type}'s jar; "development" when run from classes. */
    public static String of(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
