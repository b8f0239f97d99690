package io.lxkns.kubectl.cluster;

/**
 * What came of reading one object: the object, or that it does not exist, or that the user may not
 * read it. Forbidden is an answer, not an error: a namespace-scoped user usually cannot read the
 * cluster-scoped lxkns objects, and the commands then fall back to what that user can read.
 *
 * @param what the object as a user would name it, e.g. {@code NodeNamespaces/n1}
 */
public record Read<T>(T value, Outcome outcome, String what) {
    public enum Outcome { FOUND, NOT_FOUND, FORBIDDEN }

    public static <T> Read<T> found(T value, String what) {
        return new Read<>(value, Outcome.FOUND, what);
    }

    public static <T> Read<T> notFound(String what) {
        return new Read<>(null, Outcome.NOT_FOUND, what);
    }

    public static <T> Read<T> forbidden(String what) {
        return new Read<>(null, Outcome.FORBIDDEN, what);
    }

    public boolean found() {
        return outcome == Outcome.FOUND;
    }

    public boolean forbidden() {
        return outcome == Outcome.FORBIDDEN;
    }
}
