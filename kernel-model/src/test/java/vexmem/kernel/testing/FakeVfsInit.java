package vexmem.kernel.testing;

import vexmem.kernel.Kernel;
import vexmem.kernel.fs.DebugFs;
import vexmem.kernel.fs.MiscDevices;
import vexmem.kernel.fs.Vfs;

/** TEST DOUBLE: registers the fake VFS services (delete after merging the VFS branch). */
public final class FakeVfsInit {
    private FakeVfsInit() {
    }

    public static Runnable init(Kernel k) {
        Vfs vfs = new Vfs(k.objects());
        k.register(Vfs.class, vfs);
        k.register(MiscDevices.class, new MiscDevices(vfs));
        k.register(DebugFs.class, new DebugFs());
        return null;
    }
}
