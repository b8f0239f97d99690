package io.lxkns.discovery.model;

import java.util.Optional;

/** The eight Linux namespace types, named as in {@code /proc/PID/ns}. */
public enum NamespaceType {
    CGROUP("cgroup", 0x02000000),
    IPC("ipc", 0x08000000),
    MNT("mnt", 0x00020000),
    NET("net", 0x40000000),
    PID("pid", 0x20000000),
    TIME("time", 0x00000080),
    USER("user", 0x10000000),
    UTS("uts", 0x04000000);

    private final String procName;
    private final int cloneFlag;

    NamespaceType(String procName, int cloneFlag) {
        this.procName = procName;
        this.cloneFlag = cloneFlag;
    }

    /** The name used in {@code /proc/PID/ns/NAME} and in the {@code type:[inode]} text form. */
    public String procName() {
        return procName;
    }

    /** The {@code CLONE_NEW*} flag of this type, as used by setns(2) and unshare(2). */
    public int cloneFlag() {
        return cloneFlag;
    }

    /** Only user and PID namespaces form a parent/child hierarchy. */
    public boolean isHierarchical() {
        return this == USER || this == PID;
    }

    public static Optional<NamespaceType> ofProcName(String name) {
        for (NamespaceType type : values()) {
            if (type.procName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type whose {@code CLONE_NEW*} flag this is, as NS_GET_NSTYPE answers. */
    public static Optional<NamespaceType> ofCloneFlag(int flag) {
        for (NamespaceType type : values()) {
            if (type.cloneFlag == flag) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return procName;
    }
}
