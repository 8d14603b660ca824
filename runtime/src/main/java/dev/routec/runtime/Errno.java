package dev.routec.runtime;

import java.util.Map;

/** Linux errno names and texts for the values BPF, netlink and the file system report. */
final class Errno {
    private Errno() {}

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int E2BIG = 7;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int EOPNOTSUPP = 95;
    /** Kernel-internal "not supported", seen by user space for missing map batch ops. */
    static final int ENOTSUPP = 524;

    private record Entry(String name, String text) {}

    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            Map.entry(1, new Entry("EPERM", "operation not permitted")),
            Map.entry(2, new Entry("ENOENT", "no such file, entry or object")),
            Map.entry(3, new Entry("ESRCH", "no such process")),
            Map.entry(4, new Entry("EINTR", "interrupted system call")),
            Map.entry(5, new Entry("EIO", "input/output error")),
            Map.entry(6, new Entry("ENXIO", "no such device or address")),
            Map.entry(7, new Entry("E2BIG", "argument list too long")),
            Map.entry(8, new Entry("ENOEXEC", "exec format error")),
            Map.entry(9, new Entry("EBADF", "bad file descriptor")),
            Map.entry(11, new Entry("EAGAIN", "resource temporarily unavailable")),
            Map.entry(12, new Entry("ENOMEM", "cannot allocate memory")),
            Map.entry(13, new Entry("EACCES", "permission denied")),
            Map.entry(14, new Entry("EFAULT", "bad address")),
            Map.entry(16, new Entry("EBUSY", "device or resource busy")),
            Map.entry(17, new Entry("EEXIST", "already exists")),
            Map.entry(19, new Entry("ENODEV", "no such device")),
            Map.entry(20, new Entry("ENOTDIR", "not a directory")),
            Map.entry(22, new Entry("EINVAL", "invalid argument")),
            Map.entry(24, new Entry("EMFILE", "too many open files")),
            Map.entry(28, new Entry("ENOSPC", "no space left (buffer or map full)")),
            Map.entry(34, new Entry("ERANGE", "result out of range")),
            Map.entry(38, new Entry("ENOSYS", "function not implemented")),
            Map.entry(40, new Entry("ELOOP", "too many levels of symbolic links")),
            Map.entry(61, new Entry("ENODATA", "no data available")),
            Map.entry(71, new Entry("EPROTO", "protocol error")),
            Map.entry(75, new Entry("EOVERFLOW", "value too large for defined data type")),
            Map.entry(84, new Entry("EILSEQ", "invalid or incomplete byte sequence")),
            Map.entry(95, new Entry("EOPNOTSUPP", "operation not supported")),
            Map.entry(524, new Entry("ENOTSUPP", "operation not supported by this kernel object")),
            Map.entry(4001, new Entry("LIBBPF_ERRNO__LIBELF", "libbpf: something wrong in libelf")),
            Map.entry(4002, new Entry("LIBBPF_ERRNO__FORMAT", "libbpf: BPF object format invalid")),
            Map.entry(4003, new Entry("LIBBPF_ERRNO__KVERSION", "libbpf: incorrect or no kernel version section")),
            Map.entry(4004, new Entry("LIBBPF_ERRNO__ENDIAN", "libbpf: endian mismatch")),
            Map.entry(4005, new Entry("LIBBPF_ERRNO__INTERNAL", "libbpf: internal error")),
            Map.entry(4006, new Entry("LIBBPF_ERRNO__RELOC", "libbpf: relocation failed")),
            Map.entry(4007, new Entry("LIBBPF_ERRNO__LOAD", "libbpf: load program failed")),
            Map.entry(4008, new Entry("LIBBPF_ERRNO__VERIFY", "libbpf: kernel verifier blocks program loading")),
            Map.entry(4009, new Entry("LIBBPF_ERRNO__PROG2BIG", "libbpf: program too big")),
            Map.entry(4010, new Entry("LIBBPF_ERRNO__KVER", "libbpf: incorrect kernel version")),
            Map.entry(4011, new Entry("LIBBPF_ERRNO__PROGTYPE", "libbpf: kernel does not support this program type")),
            Map.entry(4012, new Entry("LIBBPF_ERRNO__WRNGPID", "libbpf: wrong pid in netlink message")),
            Map.entry(4013, new Entry("LIBBPF_ERRNO__INVSEQ", "libbpf: invalid netlink sequence")),
            Map.entry(4014, new Entry("LIBBPF_ERRNO__NLPARSE", "libbpf: netlink message parsing error")));

    static String name(int errno) {
        Entry e = TABLE.get(errno);
        return e == null ? "errno " + errno : e.name();
    }

    static String describe(int errno) {
        Entry e = TABLE.get(errno);
        return e == null ? "error " + errno : e.text();
    }
}
