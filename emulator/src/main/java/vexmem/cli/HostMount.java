package vexmem.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.HostFs;
import vexmem.kernel.fs.Vfs;

/** One {@code --mount HOST:GUEST}: validated before boot, mounted into the board's VFS after it. */
record HostMount(Path host, String guest, String spec) {
    /** Splits at the last ':' (the guest path is absolute and has no ':'); bad specs are one-line errors, exit 2. */
    static HostMount parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new UserError(2, "--mount " + spec + ": expected HOST:GUEST (a host directory and an absolute guest path)");
        }
        Path host = Path.of(spec.substring(0, colon));
        String guest = spec.substring(colon + 1);
        if (!guest.startsWith("/")) {
            throw new UserError(2, "--mount " + spec + ": the guest path must be absolute");
        }
        if (Vfs.normalize(guest).equals("/")) {
            throw new UserError(2, "--mount " + spec + ": cannot mount over the guest's root directory");
        }
        if (!Files.isDirectory(host)) {
            throw new UserError(2, "--mount " + spec + ": " + host + ": no such host directory");
        }
        return new HostMount(host, Vfs.normalize(guest), spec);
    }

    static List<HostMount> parseAll(List<String> specs) {
        List<HostMount> out = new ArrayList<>();
        for (String s : specs) {
            out.add(parse(s));
        }
        return out;
    }

    /** Mounts every host directory; a guest path that is taken (e.g. /dev) shuts the board down and exits 2. */
    static void mountAll(Kernel k, List<HostMount> mounts) {
        for (HostMount m : mounts) {
            try {
                k.service(Vfs.class).mount(m.guest(), new HostFs(m.host()).rootInode());
            } catch (KernelError e) {
                k.shutdown();
                k.close();
                throw new UserError(2, "--mount " + m.spec() + ": cannot mount at " + m.guest() + ": "
                        + Errno.name(e.errno()));
            }
        }
    }
}
