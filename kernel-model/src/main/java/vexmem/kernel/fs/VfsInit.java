package vexmem.kernel.fs;

import vexmem.kernel.Kernel;

/**
 * Brings up the file systems after memory: the root tree with /dev (devtmpfs), /tmp (tmpfs),
 * /proc, /sys/kernel/debug, the mem.c devices, and the Vfs/CharDevices/MiscDevices/DebugFs/ProcFs
 * services.
 */
public final class VfsInit {
    private VfsInit() {
    }

    public static Runnable init(Kernel k) {
        Vfs vfs = new Vfs(k.objects());
        vfs.mkdirs("/dev");
        vfs.mkdirs("/tmp");
        vfs.mkdirs("/sys/kernel", false);
        CharDevices chr = new CharDevices(vfs);
        MiscDevices misc = new MiscDevices(chr);
        DebugFs debugfs = new DebugFs(vfs);
        ProcFs proc = new ProcFs(k, vfs);
        MemDevices.Prng prng = new MemDevices.Prng(k.board().model().hashCode() * 0x9e3779b97f4a7c15L);
        chr.register("null", 1, 3, new MemDevices.Null());
        chr.register("zero", 1, 5, new MemDevices.Zero());
        chr.register("urandom", 1, 9, new MemDevices.Urandom(prng));
        k.register(Vfs.class, vfs);
        k.register(CharDevices.class, chr);
        k.register(MiscDevices.class, misc);
        k.register(DebugFs.class, debugfs);
        k.register(ProcFs.class, proc);
        k.register(MemDevices.Prng.class, prng);
        k.log().info("VFS: mounted root (ramfs), devtmpfs, proc, debugfs");
        return null;
    }
}
