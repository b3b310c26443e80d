package vexmem.kernel.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.TestBoards;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.task.Task;
import vexmem.kernel.user.Libc;

/** A host directory mounted into the VFS: lookups, I/O, create/unlink/mkdir/rmdir, no escapes, errno mapping. */
class HostMountTest {
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200,
            O_APPEND = 0x400;

    @TempDir
    Path tmp;
    Path host;
    Kernel k;
    Task t;
    Libc c;

    @BeforeEach
    void boot() throws IOException {
        host = Files.createDirectory(tmp.resolve("share"));
        Files.writeString(host.resolve("hello.txt"), "from the host\n");
        Files.createDirectory(host.resolve("d"));
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        k = TestBoards.boot();
        k.service(Vfs.class).mount("/mnt/share", new HostFs(host).rootInode());
        t = k.tasks().create("t", null);
        c = new Libc(t, null);
    }

    @AfterEach
    void down() {
        t.exit(0);
        k.close();
    }

    private String readFile(String path) {
        int fd = (int) c.open(path, O_RDONLY);
        assertTrue(fd >= 0, path + ": " + fd);
        String s = new String(c.read(fd, 4096), StandardCharsets.UTF_8);
        c.close(fd);
        return s;
    }

    @Test
    void readsAndListsHostFiles() {
        assertEquals("from the host\n", readFile("/mnt/share/hello.txt"));
        assertEquals(List.of(".", "..", "d", "hello.txt"), c.listdir("/mnt/share"));
        Libc.Stat st = c.stat("/mnt/share/hello.txt");
        assertEquals(14, st.size());
        assertEquals(Inode.S_IFREG, st.mode() & Inode.S_IFMT);
        assertEquals(st.ino(), c.stat("/mnt/share/hello.txt").ino(), "stable inode numbers");
        assertEquals(Inode.S_IFDIR, c.stat("/mnt/share/d").mode() & Inode.S_IFMT);
    }

    @Test
    void writesGoToTheHost() throws IOException {
        int fd = (int) c.open("/mnt/share/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
        assertTrue(fd >= 0);
        assertEquals(5, c.write(fd, "guest"));
        assertEquals(2, c.lseek(fd, 2, 0));
        assertEquals(3, c.write(fd, "EST"));
        c.close(fd);
        assertEquals("guEST", Files.readString(host.resolve("new.txt")));
        assertEquals(-Errno.EEXIST, c.open("/mnt/share/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
        fd = (int) c.open("/mnt/share/new.txt", O_WRONLY | O_APPEND);
        c.write(fd, "!");
        c.close(fd);
        assertEquals("guEST!", Files.readString(host.resolve("new.txt")));
        fd = (int) c.open("/mnt/share/new.txt", O_RDWR | O_TRUNC);
        assertEquals(0, c.fstat(fd).size());
        assertEquals(0, c.syscall(Nr.ftruncate, fd, 10));
        c.close(fd);
        assertEquals(10, Files.size(host.resolve("new.txt")));
    }

    @Test
    void mkdirUnlinkRmdir() throws IOException {
        long p = c.strdup("/mnt/share/d/sub");
        assertEquals(0, c.syscall(Nr.mkdir, p, 0755));
        assertTrue(Files.isDirectory(host.resolve("d/sub")));
        assertEquals(-Errno.EEXIST, c.syscall(Nr.mkdir, p, 0755));
        Files.writeString(host.resolve("d/sub/x"), "x");
        assertEquals(-Errno.ENOTEMPTY, c.syscall(Nr.rmdir, p));
        assertEquals(-Errno.EISDIR, c.syscall(Nr.unlink, p));
        assertEquals(0, c.syscall(Nr.unlink, c.strdup("/mnt/share/d/sub/x")));
        assertEquals(-Errno.ENOENT, c.syscall(Nr.unlink, c.strdup("/mnt/share/d/sub/x")));
        assertEquals(0, c.syscall(Nr.rmdir, p));
        assertFalse(Files.exists(host.resolve("d/sub")));
        assertEquals(-Errno.ENOENT, c.open("/mnt/share/d/sub/x", O_RDONLY));
    }

    @Test
    void noEscapeFromTheRoot() throws IOException {
        // ".." at the mount root is the guest's /mnt, never the host's parent directory
        assertEquals(-Errno.ENOENT, c.open("/mnt/share/../secret.txt", O_RDONLY));
        assertEquals(-Errno.ENOENT, c.open("/mnt/share/d/../../secret.txt", O_RDONLY));
        assertEquals(List.of(".", "..", "share"), c.listdir("/mnt/share/.."));
        // host symlinks leading outside the root are invisible; inside ones work
        Files.createSymbolicLink(host.resolve("out"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(host.resolve("in"), host.resolve("hello.txt"));
        assertEquals(-Errno.ENOENT, c.open("/mnt/share/out", O_RDONLY));
        assertEquals("from the host\n", readFile("/mnt/share/in"));
        assertFalse(c.listdir("/mnt/share").contains("out"));
        HostFs fs = new HostFs(host);
        assertNull(fs.child(fs.root(), ".."));
        assertNull(fs.child(fs.root(), "a/../../b"));
    }

    @Test
    void socketsBoundInAMountLiveInMemory() {
        HostDirInode root = (HostDirInode) k.service(Vfs.class).lookup("/mnt/share");
        root.put("sock", new Inode(Inode.S_IFSOCK | 0755, 0, null));
        assertTrue(root.names(null).contains("sock"));
        assertThrows(KernelError.class, () -> root.put("hello.txt", new Inode(Inode.S_IFSOCK, 0, null)));
        assertNotNull(root.remove("sock"));
        assertFalse(Files.exists(host.resolve("sock")));
    }

    @Test
    void mountRules() {
        Vfs vfs = k.service(Vfs.class);
        KernelError e = assertThrows(KernelError.class, () -> vfs.mount("/", new HostFs(host).rootInode()));
        assertEquals(Errno.EBUSY, e.errno());
        e = assertThrows(KernelError.class, () -> vfs.mount("/dev", new HostFs(host).rootInode()));
        assertEquals(Errno.EBUSY, e.errno(), "/dev is not empty");
        e = assertThrows(KernelError.class, () -> new HostFs(tmp.resolve("missing")));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void ioExceptionErrnos() {
        assertEquals(Errno.ENOENT, HostFs.errno(new NoSuchFileException("x")).errno());
        assertEquals(Errno.EACCES, HostFs.errno(new AccessDeniedException("x")).errno());
        assertEquals(Errno.ENOTEMPTY, HostFs.errno(new DirectoryNotEmptyException("x")).errno());
        assertEquals(Errno.EEXIST, HostFs.errno(new FileAlreadyExistsException("x")).errno());
        assertEquals(Errno.EIO, HostFs.errno(new IOException("disk on fire")).errno());
    }
}
