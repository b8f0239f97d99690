package io.lxkns.discovery.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kernel tests need root; without it they fail and say so rather than skip. */
public final class Root {
    private Root() {}

    public static void require() {
        int uid;
        try {
            uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell whether we are root: " + e.getMessage(), e);
        }
        if (uid != 0) {
            throw new IllegalStateException("this test creates real namespaces and must run as root "
                    + "(hack/test.sh refuses to start otherwise); running as uid " + uid);
        }
    }
}
