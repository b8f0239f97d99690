package io.lxkns.discovery.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/** Direct-mapped libc functions. Direct mapping avoids JNA's reflective per-call overhead. */
final class LibC {
    static {
        // Without this property JNA's NativeLibrary runs `ldconfig -p` (a fork and exec) to build a
        // search path. libc is loaded by its soname, which the dynamic loader resolves by itself.
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", "");
        }
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    /** A handle to a path that is not opened: no read, no side effects, and never blocks on a FIFO. */
    static final int O_PATH = 0x200000;

    private LibC() {}

    /** Does nothing; calling it runs the static initializer, which loads the native library. */
    static void load() {}

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** ioctl whose result is the return value (a new fd or a number). */
    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    /** ioctl that writes a 32-bit result through its pointer argument. */
    static native int ioctl(int fd, long request, int[] out) throws LastErrorException;

    static native long syscall(long number, long a1, long a2, long a3) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    /** fstat(2) into a raw {@code struct stat}; on x86_64 and aarch64 st_ino is the 8 bytes at offset 8. */
    static native int fstat(int fd, byte[] statbuf) throws LastErrorException;

    static native int unshare(int flags) throws LastErrorException;
}
